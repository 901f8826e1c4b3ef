// The launch attributes of an "ebpf" debug configuration, free of DAP types so the runtime and
// its tests can use them. Keep in step with contributes.debuggers[0].configurationAttributes.launch
// in package.json (the JSON schema VS Code validates launch.json against).

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
}

/** A launch configuration that cannot be used; the message is shown to the user as it is. */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** Every launch attribute (package.json's launch.json schema lists the same). */
export const LAUNCH_ATTRIBUTES: ReadonlySet<string> = new Set([
  'program',
  'section',
  'function',
  'platform',
  'programType',
  'packet',
  'pcap',
  'frames',
  'ctx',
  'maps',
  'stopOnEntry',
  'stopOnExit',
  'budget',
  'runAnyway',
  'noVerify',
  'clangPath',
  'includePaths',
  'clangArgs',
  'seed',
  'historyLimit',
  'cwd',
  'adapter',
]);

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string')
    throw new LaunchError(`launch attribute '${key}' must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function optionalBool(raw: Record<string, unknown>, key: string): boolean | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw new LaunchError(`launch attribute '${key}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function optionalPositiveInt(raw: Record<string, unknown>, key: string, allowZero = false): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new LaunchError(
      `launch attribute '${key}' must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function optionalStrings(raw: Record<string, unknown>, key: string): string[] | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new LaunchError(`launch attribute '${key}' must be an array of strings`);
  return v as string[];
}

/** Check the shape of raw launch arguments (from launch.json or a test) and type them. */
export function parseLaunchConfig(raw: Record<string, unknown>): LaunchConfig {
  const program = optionalString(raw, 'program');
  if (!program)
    throw new LaunchError(`launch attribute 'program' is missing: give the path of a .c file or a BPF object (.o)`);
  const platform = optionalString(raw, 'platform') ?? 'auto';
  if (platform !== 'auto' && platform !== 'windows' && platform !== 'linux') {
    throw new LaunchError(`launch attribute 'platform' must be "auto", "windows" or "linux", got "${platform}"`);
  }
  const ctx = raw.ctx;
  if (ctx !== undefined && ctx !== null && (typeof ctx !== 'object' || Array.isArray(ctx))) {
    throw new LaunchError(
      `launch attribute 'ctx' must be an object of context field values, e.g. { "process_id": 4242 }`,
    );
  }
  const maps = raw.maps;
  if (
    maps !== undefined &&
    maps !== null &&
    typeof maps !== 'string' &&
    (typeof maps !== 'object' || Array.isArray(maps))
  ) {
    throw new LaunchError(
      `launch attribute 'maps' must be an object { mapName: [{ "key": hex, "value": hex }] } or a JSON file path`,
    );
  }
  const adapter = optionalString(raw, 'adapter');
  if (adapter !== undefined && adapter !== 'process' && adapter !== 'inline') {
    throw new LaunchError(`launch attribute 'adapter' must be "process" or "inline", got "${adapter}"`);
  }
  const config: LaunchConfig = {
    program,
    section: optionalString(raw, 'section'),
    function: optionalString(raw, 'function'),
    platform,
    programType: optionalString(raw, 'programType'),
    packet: optionalString(raw, 'packet'),
    pcap: optionalString(raw, 'pcap'),
    frames: optionalString(raw, 'frames'),
    ctx: (ctx ?? undefined) as LaunchConfig['ctx'],
    maps: (maps ?? undefined) as LaunchConfig['maps'],
    stopOnEntry: optionalBool(raw, 'stopOnEntry'),
    stopOnExit: optionalBool(raw, 'stopOnExit'),
    budget: optionalPositiveInt(raw, 'budget'),
    runAnyway: optionalBool(raw, 'runAnyway'),
    noVerify: optionalBool(raw, 'noVerify'),
    clangPath: optionalString(raw, 'clangPath'),
    includePaths: optionalStrings(raw, 'includePaths'),
    clangArgs: optionalStrings(raw, 'clangArgs'),
    seed: optionalPositiveInt(raw, 'seed', true),
    historyLimit: optionalPositiveInt(raw, 'historyLimit', true),
    cwd: optionalString(raw, 'cwd'),
    adapter,
  };
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
