// The server's view of the client-provided settings, validated. Anything malformed falls back to
// the default rather than breaking analysis.

import type { PlatformSetting, ServerSettings } from './protocol';

export interface EffectiveSettings {
  readonly clangPath: string | undefined;
  readonly includePaths: readonly string[];
  readonly extraArgs: readonly string[];
  readonly platform: PlatformSetting;
  readonly debounceMs: number;
  readonly extensionPath: string | undefined;
  readonly debugAdapter: boolean;
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  clangPath: undefined,
  includePaths: [],
  extraArgs: [],
  platform: 'auto',
  debounceMs: 0,
  extensionPath: undefined,
  debugAdapter: false,
};

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : undefined;
}

function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Accepts `ServerSettings`, or `{ ebpf: ServerSettings }` as didChangeConfiguration carries it. */
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
    typeof s.debounceMs === 'number' && Number.isFinite(s.debounceMs) && s.debounceMs >= 0
      ? Math.min(s.debounceMs, 10_000)
      : DEFAULT_SETTINGS.debounceMs;
  return {
    clangPath: nonEmptyString(s.clangPath),
    includePaths: stringList(s.includePaths) ?? [],
    extraArgs: stringList(s.extraArgs) ?? [],
    platform,
    debounceMs: debounce,
    extensionPath: nonEmptyString(s.extensionPath) ?? previous.extensionPath,
    debugAdapter: typeof s.debugAdapter === 'boolean' ? s.debugAdapter : previous.debugAdapter,
  };
}
