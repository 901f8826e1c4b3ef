// `ebpf addr2line IMAGE ADDR... [--object FILE.o] [--base ADDR] [--stack FILE|-] [--json]`: from
// native addresses in a runner or driver image back to the eBPF program, the C line and the
// instructions (core/native/addr, through llvm-symbolizer). Exit 0 when every address was looked
// up (each result says whether it was placed); 2 for usage, input and tool errors.
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../args';
import {
  AddressSyntaxError,
  formatResolution,
  parseHexNumber,
  resolveNativeAddresses,
  SymbolizerError,
  type NativeAddressRequest,
} from '../../core/native/addr/index';
import { CliError, type CliIo } from '../io';
import { loadFile, platformOption } from '../load';

export const ADDR2LINE_USAGE = `  addr2line IMAGE [ADDR...] [--object FILE.o] [--base ADDR] [--stack FILE|-] [--json]
                                  native address (0x2811, MODULE+0xOFF, MODULE!SYMBOL+0xOFF) or a
                                  WinDbg k / gdb / lldb stack -> eBPF program, C line, instructions`;

const OPTIONS = {
  object: { type: 'string' },
  base: { type: 'string' },
  stack: { type: 'string' },
  json: { type: 'boolean' },
  platform: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

function readStack(io: CliIo, where: string): string {
  if (where === '-') {
    try {
      return fs.readFileSync(0, 'utf8');
    } catch (e) {
      throw new CliError(`cannot read the stack from stdin: ${(e as Error).message}`);
    }
  }
  const text = io.readText(where);
  if (text === undefined) throw new CliError(`${where}: cannot read file`);
  return text;
}

export function addr2lineCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, 'addr2line');
  const [image, ...addresses] = positionals;
  if (image === undefined) throw new CliError('addr2line needs the native image (see ebpf addr2line --help)', 'usage');
  if (addresses.length === 0 && values.stack === undefined)
    throw new CliError('give addresses after the image, or --stack FILE (- for stdin)', 'usage');
  if (addresses.length > 0 && values.stack !== undefined)
    throw new CliError('give addresses or --stack, not both', 'usage');
  if (!fs.existsSync(image) || !fs.statSync(image).isFile()) throw new CliError(`${image}: no such image file`);
  let base: bigint | undefined;
  if (values.base !== undefined) {
    base = parseHexNumber(values.base);
    if (base === undefined) throw new CliError(`--base: '${values.base}' is not a hexadecimal address`, 'usage');
  }
  const obj = values.object !== undefined ? loadFile(io, values.object, platformOption(values.platform)) : undefined;
  const request: NativeAddressRequest = {
    image,
    addresses:
      values.stack !== undefined
        ? { kind: 'text', text: readStack(io, values.stack) }
        : { kind: 'arguments', values: addresses },
    ...(base !== undefined ? { base } : {}),
    ...(obj && values.object !== undefined ? { programs: obj.programs, objectName: path.basename(values.object) } : {}),
  };
  let answer;
  try {
    answer = resolveNativeAddresses(request);
  } catch (e) {
    if (e instanceof AddressSyntaxError) throw new CliError(e.message, 'usage');
    if (e instanceof SymbolizerError) throw new CliError(e.message);
    throw e;
  }
  if (values.json) {
    io.stdout(JSON.stringify(answer, null, 2) + '\n');
    return 0;
  }
  if (answer.warning) io.stderr(`ebpf: ${answer.warning}\n`);
  io.stdout(answer.results.map(formatResolution).join('\n') + '\n');
  return 0;
}
