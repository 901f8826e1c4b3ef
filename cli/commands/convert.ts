// `ebpf convert FILE.o [--raw|--dll|--sys] [-o OUT.c] [--section S] [--type T] [--hash none|sha256]`:
// verifies every selected program on its platform profile, then writes C in bpf2c's shape (stdout
// without -o). With -o, the source map (v3) is written beside it as OUT.c.map. Exit codes: 0
// converted, 1 a program failed verification (its diagnostics are printed, no C), 2 usage/load error.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { oneFile, parseCommandLine } from '../args';
import { convertObject } from '../../core/native/convert';
import { NativeError } from '../../core/native/generate';
import { knownWindowsTypes } from '../../core/native/guids';
import { nativeSourceMap } from '../../core/native/sourceMap';
import type { NativeFlavour } from '../../core/native/types';
import { CliError, type CliIo } from '../io';
import { loadFile, platformOption } from '../load';
import { formatDiagnostic } from './verify';

export const CONVERT_USAGE = `  convert FILE.o [--raw|--dll|--sys] [-o OUT.c] [--section S] [--type T] [--hash none|sha256]
                                  verify, then translate to C the way bpf2c does (#line from BTF,
                                  source map OUT.c.map beside -o); exit 1 when verification fails`;

const OPTIONS = {
  raw: { type: 'boolean' },
  dll: { type: 'boolean' },
  sys: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  section: { type: 'string' },
  type: { type: 'string' },
  hash: { type: 'string' },
  platform: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

function flavourOf(values: { raw?: boolean; dll?: boolean; sys?: boolean }): NativeFlavour {
  const chosen = (['raw', 'dll', 'sys'] as const).filter((f) => values[f]);
  if (chosen.length > 1)
    throw new CliError(`give one of --raw, --dll, --sys (got ${chosen.map((c) => `--${c}`).join(', ')})`);
  return chosen[0] ?? 'raw';
}

export function convertCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  const file = oneFile('convert', positionals);
  const flavour = flavourOf(values);
  const hash = (values.hash ?? 'sha256').toLowerCase();
  if (hash !== 'none' && hash !== 'sha256')
    throw new CliError(`unknown hash '${values.hash}' (expected none or sha256)`);
  const obj = loadFile(io, file, platformOption(values.platform));
  const type = values.type;
  if (type !== undefined && obj.platform.id === 'windows' && !knownWindowsTypes().some((t) => type.startsWith(t)))
    throw new CliError(`unknown program type '${type}' (known: ${knownWindowsTypes().join(', ')})`);
  const elfHash =
    hash === 'sha256' ? new Uint8Array(createHash('sha256').update(io.readFile(file)).digest()) : undefined;
  let result;
  try {
    result = convertObject(obj.programs, {
      fileName: file,
      flavour,
      ...(elfHash && { elfHash }),
      ...(values.section !== undefined && { section: values.section }),
      ...(type !== undefined && { type }),
    });
  } catch (e) {
    if (e instanceof NativeError) throw new CliError(e.message);
    throw e;
  }
  if (!result.ok) {
    for (const f of result.failures) {
      for (const d of f.diagnostics) io.stderr(formatDiagnostic(file, d, false) + '\n');
      io.stderr(`ebpf: verification failed for ${f.program.section}/${f.program.name}; no C generated\n`);
    }
    return 1;
  }
  const output = result.output;
  if (values.output === undefined) {
    io.stdout(output.code);
    return 0;
  }
  const out = values.output;
  const mapFile = `${out}.map`;
  try {
    fs.writeFileSync(out, output.code + `// sourceMappingURL=${path.basename(mapFile)}\n`);
    fs.writeFileSync(mapFile, nativeSourceMap(output, path.basename(out)));
  } catch (e) {
    throw new CliError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  io.stdout(`${out}: ${result.programs.length} program(s), ${output.lines.length} lines; source map ${mapFile}\n`);
  return 0;
}
