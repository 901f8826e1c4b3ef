// Facts the apps read from the extension manifest (package.json) instead of keeping copies: the
// bounds of ebpf.verify.debounceMs and the launch.json schema of the `ebpf` debugger. VS Code
// enforces the same declarations in the editor, so the server and the adapter agree with it.
import manifest from '../package.json';

type JsonSchema = Readonly<Record<string, unknown>>;

interface ConfigurationSection {
  readonly properties: Readonly<
    Record<string, { readonly default?: unknown; readonly minimum?: number; readonly maximum?: number }>
  >;
}

function setting(name: string) {
  const sections = manifest.contributes.configuration as unknown as readonly ConfigurationSection[];
  for (const section of sections) {
    const p = section.properties[name];
    if (p) return p;
  }
  throw new Error(`package.json declares no setting ${name}`);
}

const debounce = setting('ebpf.verify.debounceMs');

/** ebpf.verify.debounceMs: its default and the range the manifest allows. */
export const DEBOUNCE_MS = {
  default: Number(debounce.default),
  minimum: Number(debounce.minimum),
  maximum: Number(debounce.maximum),
} as const;

/** The JSON schema of an `ebpf` launch configuration (contributes.debuggers[type=ebpf]...launch). */
export function launchSchema(): JsonSchema {
  const debuggers = manifest.contributes.debuggers as unknown as readonly {
    readonly type: string;
    readonly configurationAttributes: { readonly launch: JsonSchema };
  }[];
  const ebpf = debuggers.find((d) => d.type === 'ebpf');
  if (!ebpf) throw new Error('package.json contributes no ebpf debugger');
  return ebpf.configurationAttributes.launch;
}
