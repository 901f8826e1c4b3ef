// Pure pieces of the code lens's Debug / Run on packet… (no vscode import, unit-tested): the
// launch.json configuration offered for a program that has none, and where an untitled buffer is
// written so the adapter, which compiles from a file, can run it without a Save As.
import path from 'node:path';

/** A program's input as launch.json spells it. */
export type LaunchInput = { readonly packet: string } | { readonly pcap: string } | Record<string, never>;

/**
 * The launch.json entry for one program of a file: the program relative to the folder
 * (`${workspaceFolder}/…`), its section and function, and the input chosen for it.
 */
export function newLaunchConfiguration(
  folderPath: string | undefined,
  sourcePath: string,
  functionName: string,
  section: string,
  input: LaunchInput,
): Record<string, unknown> {
  const relative = folderPath ? path.relative(folderPath, sourcePath) : undefined;
  const inFolder = relative !== undefined && !relative.startsWith('..') && !path.isAbsolute(relative);
  const program = inFolder ? `\${workspaceFolder}/${relative.split(path.sep).join('/')}` : sourcePath;
  // A packet file inside the folder is written the same way, so the configuration travels with it.
  const within = (file: string): string => {
    const r = folderPath ? path.relative(folderPath, file) : '..';
    return !r.startsWith('..') && !path.isAbsolute(r) ? `\${workspaceFolder}/${r.split(path.sep).join('/')}` : file;
  };
  const spelled: Record<string, string> = {};
  if ('packet' in input && typeof input.packet === 'string')
    spelled.packet = /^[\s0-9a-fA-F]+$/.test(input.packet) ? input.packet : within(input.packet);
  if ('pcap' in input && typeof input.pcap === 'string') spelled.pcap = within(input.pcap);
  return {
    type: 'ebpf',
    request: 'launch',
    name: `${functionName} (${section})`,
    program,
    section,
    function: functionName,
    ...spelled,
    stopOnEntry: true,
  };
}

/** `Untitled-1` → `<dir>/Untitled-1.c`: the file an untitled buffer is run from. */
export function untitledProgramPath(dir: string, untitledPath: string): string {
  const base = path.basename(untitledPath).replace(/[^\w.-]/g, '_') || 'untitled';
  return path.join(dir, base.endsWith('.c') ? base : `${base}.c`);
}
