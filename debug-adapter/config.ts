// The launch attributes of an "ebpf" debug configuration, free of DAP types so the runtime and
// its tests can use them. The one definition is the JSON schema in package.json
// (contributes.debuggers[type=ebpf].configurationAttributes.launch), which VS Code uses for
// launch.json; the adapter validates against the same schema with ajv, and the compiler checks
// that LaunchConfig names exactly the schema's attributes.
import Ajv, { type ErrorObject } from 'ajv';
import manifest from '../package.json';
import { launchSchema } from '../common/manifest';

export type PlatformChoice = 'auto' | 'windows' | 'linux';

export interface LaunchConfig {
  /** A .c file (compiled with clang on launch) or a BPF object (.o). */
  readonly program: string;
  /** ELF section of the program to run (xdp, bind, ...). */
  readonly section?: string;
  /** Entry function name, when a section holds several programs. */
  readonly function?: string;
  readonly platform?: PlatformChoice;
  /** Program type as a loader sets it: `xdp` for every program, or `SECTION=TYPE` (glob allowed). */
  readonly programType?: string;
  /** Linux: verify as the kernel does for a loader without root (pointer leaks are errors). */
  readonly unprivileged?: boolean;
  /** One packet as hex (spaces allowed), or the path of a .hex file. */
  readonly packet?: string;
  /** A pcap/pcapng file; every selected frame is one run. */
  readonly pcap?: string;
  /** Frame selection for pcap: "1-3,7,10-" (1-based). */
  readonly frames?: string;
  /** Context field values by name (non-packet program types, or extra fields of packet ones). */
  readonly ctx?: Readonly<Record<string, unknown>>;
  /** Initial map contents: { mapName: [{ key: hex, value: hex }] }, or the path of such a JSON file. */
  readonly maps?: Readonly<Record<string, unknown>> | string;
  readonly stopOnEntry?: boolean;
  /** Stop when a run returns, before moving on to the next frame or ending (default false). */
  readonly stopOnExit?: boolean;
  /** Instructions per run before the run is stopped as "too long" (default 1,000,000). */
  readonly budget?: number;
  /** Run even when the verifier rejects the program (default false: the launch fails). */
  readonly runAnyway?: boolean;
  /** Skip the verifier entirely. */
  readonly noVerify?: boolean;
  /** clang executable (default: found on PATH). */
  readonly clangPath?: string;
  /** Extra -I folders for compiling a .c program. */
  readonly includePaths?: readonly string[];
  /** Extra clang arguments (e.g. -DDEBUG). */
  readonly clangArgs?: readonly string[];
  /** Seed of bpf_get_prandom_u32 (default 1, so runs repeat). */
  readonly seed?: number;
  /** Steps that can be undone by step back (default 100,000). */
  readonly historyLimit?: number;
  /** Folder relative paths are resolved against (default: the program's folder). */
  readonly cwd?: string;
  /** Where VS Code runs the adapter: its own process (default) or inline in the extension host (read by the client). */
  readonly adapter?: 'process' | 'inline';
  /** Windows kernel debugging of the native driver through kd.exe (debug-adapter/kd). */
  readonly kernelDebug?: {
    readonly driver: string;
    readonly connection: string;
    readonly sourcePaths?: readonly string[];
  };
  /** What runs the program: the interpreter (default) or the native runner under lldb-dap (debug-adapter/native). */
  readonly engine?: 'interpreter' | 'native';
}

/** A launch configuration that cannot be used; the message is shown to the user as it is. */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

type SchemaAttributes =
  keyof (typeof manifest)['contributes']['debuggers'][number]['configurationAttributes']['launch']['properties'];
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when LaunchConfig and the schema in package.json name different attributes. */
const launchConfigMatchesSchema: SameKeys<keyof LaunchConfig, SchemaAttributes> = true;
void launchConfigMatchesSchema;

const schema = launchSchema();
/** Every launch attribute, as package.json declares them. */
export const LAUNCH_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {}),
);

// strict: false because VS Code's schema dialect adds keywords ajv does not know (enumDescriptions,
// markdownDescription); allErrors so the first message is about the first attribute that is wrong.
const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

function orList(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** One ajv error as a sentence naming the attribute and what it must be. */
function describeError(e: ErrorObject, raw: Record<string, unknown>): string {
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty: string }).missingProperty);
    return missing === 'program'
      ? `launch attribute 'program' is missing: give the path of a .c file or a BPF object (.o)`
      : `launch attribute '${missing}' is missing`;
  }
  const pathParts = e.instancePath.split('/').filter(Boolean);
  const name = pathParts.join('.');
  let value: unknown = raw;
  for (const part of pathParts) value = (value as Record<string, unknown> | undefined)?.[part];
  const got = `got ${JSON.stringify(value)}`;
  const p = e.params as { allowedValues?: unknown[]; type?: string | string[]; limit?: number };
  switch (e.keyword) {
    case 'enum':
      return `launch attribute '${name}' must be ${orList(p.allowedValues ?? [])}, ${got}`;
    case 'type': {
      const types = ([] as string[]).concat(p.type ?? []);
      const words = types.map((t) =>
        t === 'boolean' ? 'true or false' : t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`,
      );
      return `launch attribute '${name}' must be ${words.join(' or ')}, ${got}`;
    }
    case 'minimum':
      return `launch attribute '${name}' must be at least ${p.limit}, ${got}`;
    default:
      return `launch attribute '${name}' ${e.message ?? 'is not valid'}, ${got}`;
  }
}

/**
 * Check raw launch arguments (from launch.json or a test) against the schema and type them. Empty
 * strings and nulls count as absent, as VS Code's snippets leave them.
 */
export function parseLaunchConfig(raw: Record<string, unknown>): LaunchConfig {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== ''));
  if (!validate(present)) {
    const errors = validate.errors ?? [];
    // The schema's own order: a missing program first, then attributes as they appear.
    const first = errors.find((e) => e.keyword === 'required') ?? errors[0];
    throw new LaunchError(first ? describeError(first, present) : 'the launch configuration is not valid');
  }
  const config = present as unknown as LaunchConfig;
  if (config.packet !== undefined && config.pcap !== undefined)
    throw new LaunchError(`give either 'packet' or 'pcap', not both`);
  if (config.frames !== undefined && config.pcap === undefined)
    throw new LaunchError(`'frames' selects frames of a 'pcap'; there is no 'pcap' attribute`);
  return config;
}

/** Attributes VS Code adds or that belong to other tools; everything else unknown is worth a warning. */
export function unknownAttributes(raw: Record<string, unknown>): string[] {
  const vscodeOwn = new Set([
    'type',
    'request',
    'name',
    '__sessionId',
    '__configurationTarget',
    'presentation',
    'internalConsoleOptions',
    'preLaunchTask',
    'postDebugTask',
    'debugServer',
    'noDebug',
    '__restart',
    'suppressMultipleSessionWarning',
  ]);
  return Object.keys(raw).filter((k) => !LAUNCH_ATTRIBUTES.has(k) && !vscodeOwn.has(k) && !k.startsWith('__'));
}
