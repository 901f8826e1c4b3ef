// `ebpf conformance-plugin [MEMORY_HEX] [options]`: the bpf_conformance plugin protocol. The program
// arrives as hex on stdin; the memory (if any) is the first argument. Prints r0 in hex and exits 0,
// or prints the error on stderr and exits 1. Options after the memory (the runner's plugin
// options) are accepted and ignored, except --program HEX (instead of stdin).
import fs from 'node:fs';
import { runConformance } from '../../core/vm/conformance';
import type { CliIo } from '../io';

export function conformancePluginCommand(
  args: readonly string[],
  io: CliIo,
  readStdin: () => string = () => fs.readFileSync(0, 'utf8'),
): number {
  let memory = '';
  let program: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) break;
    if (a === '--program') program = args[++i];
    else if (a === '--elf') {
      io.stderr('ebpf conformance-plugin: ELF mode is not supported; pass the program as hex\n');
      return 1;
    } else if (!a.startsWith('--') && i === 0) memory = a;
  }
  try {
    const text = program ?? readStdin();
    const r = runConformance(text, memory);
    io.stdout(r.r0.toString(16) + '\n');
    return 0;
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return 1;
  }
}
