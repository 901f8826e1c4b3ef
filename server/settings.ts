// The server's view of the client-provided settings, validated. Anything malformed falls back to
// the default rather than breaking analysis.

import { DEBOUNCE_MS } from '../common/manifest';
import type { PlatformSetting, ServerSettings } from '../common/protocol';

export interface EffectiveSettings {
  /** False only when the client said so; absent means the launching editor owns trust. */
  readonly workspaceTrusted: boolean;
  readonly clangPath: string | undefined;
  /** ebpf.windows.includePath (trusted workspaces only). */
  readonly windowsIncludePath: string | undefined;
  readonly includePaths: readonly string[];
  readonly extraArgs: readonly string[];
  readonly platform: PlatformSetting;
  readonly debounceMs: number;
  readonly extensionPath: string | undefined;
  readonly debugAdapter: boolean;
  /** Section glob → program type (`ebpf.programTypes`). */
  readonly programTypes: Readonly<Record<string, string>>;
  /** `ebpf.linux.unprivileged`: verify Linux programs for a loader without root. */
  readonly linuxUnprivileged: boolean;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  workspaceTrusted: true,
  clangPath: undefined,
  windowsIncludePath: undefined,
  includePaths: [],
  extraArgs: [],
  platform: 'auto',
  debounceMs: DEBOUNCE_MS.default,
  extensionPath: undefined,
  debugAdapter: false,
  programTypes: {},
  linuxUnprivileged: false,
};

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : undefined;
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '' && e[1] !== ''),
  );
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Accepts `ServerSettings`, or `{ ebpf: ServerSettings }` as didChangeConfiguration carries it.
 * When the client says the workspace is not trusted, the settings that reach clang's command line
 * (clang path, extra arguments, include folders) are dropped, whatever their value: the client
 * already leaves them out, and this keeps a client that forgets from handing them on.
 */
export function parseSettings(raw: unknown, previous: EffectiveSettings = DEFAULT_SETTINGS): EffectiveSettings {
  if (typeof raw !== 'object' || raw === null) return previous;
  const maybeWrapped = raw as { ebpf?: unknown };
  const s = (typeof maybeWrapped.ebpf === 'object' && maybeWrapped.ebpf !== null ? maybeWrapped.ebpf : raw) as Partial<
    Record<keyof ServerSettings, unknown>
  >;
  const platform =
    s.platform === 'windows' || s.platform === 'linux' || s.platform === 'auto'
      ? s.platform
      : DEFAULT_SETTINGS.platform;
  const debounce =
    typeof s.debounceMs === 'number' && Number.isFinite(s.debounceMs) && s.debounceMs >= DEBOUNCE_MS.minimum
      ? Math.min(s.debounceMs, DEBOUNCE_MS.maximum)
      : DEFAULT_SETTINGS.debounceMs;
  const trusted = s.workspaceTrusted !== false;
  return {
    workspaceTrusted: trusted,
    clangPath: trusted ? nonEmptyString(s.clangPath) : undefined,
    windowsIncludePath: trusted ? nonEmptyString(s.windowsIncludePath) : undefined,
    includePaths: trusted ? (stringList(s.includePaths) ?? []) : [],
    extraArgs: trusted ? (stringList(s.extraArgs) ?? []) : [],
    platform,
    debounceMs: debounce,
    extensionPath: nonEmptyString(s.extensionPath) ?? previous.extensionPath,
    debugAdapter: typeof s.debugAdapter === 'boolean' ? s.debugAdapter : previous.debugAdapter,
    programTypes: stringRecord(s.programTypes) ?? {},
    linuxUnprivileged: s.linuxUnprivileged === true,
  };
}
