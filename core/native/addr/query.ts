// What a user gives to find a native address: an address argument (`0x2811`, `runner+0x2811`,
// `xdp_lb!xdp_load_balancer+0x4f`, a WinDbg `fffff801`2345678a`) or a pasted stack trace (WinDbg
// `k`, gdb `bt`, lldb `bt`, glibc backtrace_symbols, Linux oops lines). Pure: text in, queries out.
//
// Numbers are hexadecimal with or without 0x, as WinDbg (radix 16) and addr2line read them; lldb's
// `+ N` offsets are decimal, as lldb prints them.

/** Where in the image: the image's own address, an offset from its load base, or symbol + offset. */
export type AddressQuery =
  /** An address as the image numbers it (llvm-objdump / nm addresses). */
  | { readonly kind: 'address'; readonly address: bigint }
  /** An offset from the module's load base (PE: an RVA; a PIE ELF: its own address). */
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'symbol'; readonly symbol: string; readonly offset: bigint }
  /**
   * A frame the debugger already placed at file:line (gdb/lldb `at f.c:12`, WinDbg `[f.c @ 12]`);
   * used when its address cannot be (a run-time address without the load base).
   */
  | { readonly kind: 'located'; readonly function: string; readonly file: string; readonly line: number };

export type FrameFormat = 'argument' | 'windbg' | 'gdb' | 'lldb' | 'glibc' | 'oops';

/** One address to resolve, with where it came from. */
export interface AddressFrame {
  /** The argument or the stack line, trimmed. */
  readonly text: string;
  readonly format: FrameFormat;
  /** The frame number the trace gave (WinDbg's are hexadecimal, gdb's and lldb's decimal). */
  readonly frame?: number;
  /** The module the frame names, when it names one (compared with the image's name). */
  readonly module?: string;
  /** Best first: the resolver uses the first it can. Empty when the frame holds nothing usable. */
  readonly queries: readonly AddressQuery[];
  /** Why the frame cannot be resolved, when queries is empty. */
  readonly problem?: string;
}

export class AddressSyntaxError extends Error {
  override readonly name = 'AddressSyntaxError';
}

export interface ParseOptions {
  /** The image's load base, for run-time addresses (a debugger's absolute addresses). */
  readonly base?: bigint;
}

const HEX = String.raw`(?:0x)?[0-9a-fA-F]+(?:\x60[0-9a-fA-F]+)?`;

/** A hexadecimal number as WinDbg and addr2line print it: 0x optional, one ` between halves. */
export function parseHexNumber(text: string): bigint | undefined {
  const m = /^(?:0x)?([0-9a-fA-F]+(?:`[0-9a-fA-F]+)?)$/i.exec(text.trim());
  if (!m?.[1]) return undefined;
  return BigInt('0x' + m[1].replace('`', ''));
}

function hex(text: string): bigint {
  const n = parseHexNumber(text);
  if (n === undefined) throw new AddressSyntaxError(`'${text}' is not a hexadecimal number`);
  return n;
}

/** A run-time address: relative to the base when one is known, else taken as the image's own. */
function runtimeAddress(address: bigint, options: ParseOptions): AddressQuery {
  if (options.base === undefined) return { kind: 'address', address };
  if (address < options.base)
    throw new AddressSyntaxError(
      `address 0x${address.toString(16)} is below the image base 0x${options.base.toString(16)}`,
    );
  return { kind: 'offset', offset: address - options.base };
}

/** The module name WinDbg and lldb use: the file name without folders and extension. */
export function moduleNameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(sys|dll|exe|so(\.\d+)*|o|elf)$/i, '');
}

const NAME = String.raw`[A-Za-z_.$?@][\w.$?@<>:~-]*`;

/**
 * One address argument: `0xADDR` / WinDbg hex, `module+0xOFF`, `module!symbol[+0xOFF]`,
 * `symbol+0xOFF[/0xSIZE]`. `NAME+0xOFF` is an offset when NAME is the image's module name (as
 * WinDbg prints addresses in modules without symbols), else a symbol.
 */
export function parseAddressArgument(text: string, imageModule: string, options: ParseOptions = {}): AddressFrame {
  const t = text.trim();
  if (t === '') throw new AddressSyntaxError('an empty address');
  const number = parseHexNumber(t);
  if (number !== undefined && /^(0x|[0-9])|`/i.test(t))
    return { text: t, format: 'argument', queries: [runtimeAddress(number, options)] };
  const qualified = new RegExp(String.raw`^(${NAME})!(${NAME})(?:\+(${HEX}))?$`).exec(t);
  if (qualified?.[1] && qualified[2])
    return {
      text: t,
      format: 'argument',
      module: qualified[1],
      queries: [{ kind: 'symbol', symbol: qualified[2], offset: qualified[3] ? hex(qualified[3]) : 0n }],
    };
  const plus = new RegExp(String.raw`^(${NAME})\+(${HEX})(?:/${HEX})?$`).exec(t);
  if (plus?.[1] && plus[2]) {
    const offset = hex(plus[2]);
    if (plus[1].toLowerCase() === imageModule.toLowerCase())
      return { text: t, format: 'argument', module: plus[1], queries: [{ kind: 'offset', offset }] };
    return { text: t, format: 'argument', queries: [{ kind: 'symbol', symbol: plus[1], offset }] };
  }
  if (new RegExp(String.raw`^${NAME}$`).test(t))
    return { text: t, format: 'argument', queries: [{ kind: 'symbol', symbol: t, offset: 0n }] };
  throw new AddressSyntaxError(
    `'${t}' is not an address (expected 0xADDR, MODULE+0xOFFSET, MODULE!SYMBOL+0xOFFSET or SYMBOL+0xOFFSET)`,
  );
}

/** WinDbg's call site column: `mod!sym+0x4f [c:\src\f.c @ 115]`, `mod+0x1a4f`, `0xfffff801`1234`. */
function windbgCallSite(site: string, options: ParseOptions): Omit<AddressFrame, 'text' | 'format'> {
  const m = /^(\S+?)(?:\s+\[(.+) @ (\d+)\])?$/.exec(site.trim());
  const where = m?.[1] ?? site.trim();
  const queries: AddressQuery[] = [];
  let module: string | undefined;
  const qualified = new RegExp(String.raw`^(${NAME})!(${NAME})(?:\+(${HEX}))?$`).exec(where);
  if (qualified?.[1] && qualified[2]) {
    module = qualified[1];
    queries.push({ kind: 'symbol', symbol: qualified[2], offset: qualified[3] ? hex(qualified[3]) : 0n });
    if (m?.[2] && m[3]) queries.unshift({ kind: 'located', function: qualified[2], file: m[2], line: Number(m[3]) });
    return { module, queries };
  }
  const moduleOffset = new RegExp(String.raw`^(${NAME})\+(${HEX})$`).exec(where);
  if (moduleOffset?.[1] && moduleOffset[2])
    return { module: moduleOffset[1], queries: [{ kind: 'offset', offset: hex(moduleOffset[2]) }] };
  const number = parseHexNumber(where);
  if (number !== undefined) {
    if (options.base === undefined)
      return { queries: [], problem: 'an address outside any module WinDbg knew; give the image base to place it' };
    return { queries: [runtimeAddress(number, options)] };
  }
  return { queries: [], problem: `call site '${where}' not understood` };
}

const WINDBG_ADDR = String.raw`[0-9a-fA-F]{8}(?:\x60?[0-9a-fA-F]{8})?`;
// `00 ffffa08b`1c9e6f58 fffff801`5c2a1b27 xdp_lb!xdp_load_balancer+0x4f [c:\x\lb.c @ 115]`
// `kv` adds `: Args to Child : ` before the call site; inline frames have no addresses.
const WINDBG_FRAME = new RegExp(
  String.raw`^(?:([0-9a-fA-F]{2,4})\s+)?(?:(${WINDBG_ADDR})\s+(${WINDBG_ADDR})|\(Inline(?: Function)?\)\s+\S+)(?:\s+:.*?\s:)?\s+(\S.*)$`,
);
// `#0  0x0000555555556811 in xdp_load_balancer (context=0x..., ...) at /x/lb.c:94`
// `#1  xdp_load_balancer (...) at lb.c:94`, `#2  0x00007ffff7829d90 in __libc_start_call_main () from /lib/...`
const GDB_FRAME =
  /^#(\d+)\s+(?:(0x[0-9a-fA-F]+)\s+in\s+)?([^\s(]+)\s*(?:\(.*?\))?(?:\s+at\s+(.+):(\d+)|\s+from\s+(\S+))?\s*$/;
// `* frame #0: 0x0000555555556811 runner`xdp_load_balancer(context=...) + 17 at lb.c:94:5`
const LLDB_FRAME =
  /^\*?\s*frame #(\d+):\s+(0x[0-9a-fA-F]+)\s+([^`\s]+)`([^\s(]+)(?:\(.*?\))?(?:\s+\+\s+(\d+))?(?:\s+at\s+(.+?):(\d+)(?::\d+)?)?\s*$/;
// `./runner(xdp_load_balancer+0x11) [0x555555556811]`, `./runner(+0x2811) [0x555555556811]`
const GLIBC_FRAME = /^(\S+?)\(([^()+]*)\+(0x[0-9a-fA-F]+)\)\s+\[(0x[0-9a-fA-F]+)\]\s*$/;
// Linux oops: `xdp_load_balancer+0x11/0x2e0 [module]` (optionally after `RIP: 0010:` or `? `)
const OOPS_FRAME = new RegExp(String.raw`(?:^|\s)(${NAME})\+(0x[0-9a-fA-F]+)/0x[0-9a-fA-F]+(?:\s+\[(\S+)\])?\s*$`);

/** One line of a pasted stack trace; undefined for headers and lines that are not frames. */
export function parseStackLine(
  line: string,
  imageModule: string,
  options: ParseOptions = {},
): AddressFrame | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  const lldb = LLDB_FRAME.exec(text);
  if (lldb?.[2] && lldb[3] && lldb[4]) {
    // lldb prints `+ N` only when it has no line for the address; with a line, the line is exact.
    const queries: AddressQuery[] = [];
    const sameModule = moduleNameOf(lldb[3]).toLowerCase() === imageModule.toLowerCase();
    if (sameModule && lldb[5]) queries.push({ kind: 'symbol', symbol: lldb[4], offset: BigInt(lldb[5]) });
    if (lldb[6] && lldb[7]) queries.push({ kind: 'located', function: lldb[4], file: lldb[6], line: Number(lldb[7]) });
    if (options.base !== undefined || queries.length === 0) queries.push(runtimeAddress(hex(lldb[2]), options));
    return { text, format: 'lldb', frame: Number(lldb[1]), module: lldb[3], queries };
  }
  const gdb = GDB_FRAME.exec(text);
  if (gdb?.[1] && gdb[3]) {
    // A run-time address needs the load base; without it, the line gdb printed is the answer.
    const queries: AddressQuery[] = [];
    if (gdb[2] && options.base !== undefined) queries.push(runtimeAddress(hex(gdb[2]), options));
    if (gdb[4] && gdb[5]) queries.push({ kind: 'located', function: gdb[3], file: gdb[4], line: Number(gdb[5]) });
    if (gdb[2] && queries.length === 0) queries.push(runtimeAddress(hex(gdb[2]), options));
    const frame: AddressFrame = { text, format: 'gdb', frame: Number(gdb[1]), queries };
    return gdb[6] ? { ...frame, module: gdb[6] } : frame;
  }
  const glibc = GLIBC_FRAME.exec(text);
  if (glibc?.[1] && glibc[3]) {
    const offset = hex(glibc[3]);
    const queries: AddressQuery[] = glibc[2]
      ? [{ kind: 'symbol', symbol: glibc[2], offset }]
      : [{ kind: 'offset', offset }];
    return { text, format: 'glibc', module: glibc[1], queries };
  }
  const windbg = WINDBG_FRAME.exec(text);
  if (windbg?.[4]) {
    const site = windbgCallSite(windbg[4], options);
    const frame = windbg[1] !== undefined ? { frame: parseInt(windbg[1], 16) } : {};
    return { text, format: 'windbg', ...frame, ...site };
  }
  const oops = OOPS_FRAME.exec(text);
  if (oops?.[1] && oops[2]) {
    const frame: AddressFrame = {
      text,
      format: 'oops',
      queries: [{ kind: 'symbol', symbol: oops[1], offset: hex(oops[2]) }],
    };
    return oops[3] ? { ...frame, module: oops[3] } : frame;
  }
  return undefined;
}

/**
 * Every frame of a pasted trace, in order. A text that is one bare address per line (no trace
 * format) is read as address arguments. Throws AddressSyntaxError when nothing is recognised.
 */
export function parseAddressText(text: string, imageModule: string, options: ParseOptions = {}): AddressFrame[] {
  const frames: AddressFrame[] = [];
  const lines = text.split(/\r?\n/);
  for (const line of lines) {
    const frame = parseStackLine(line, imageModule, options);
    if (frame) {
      frames.push(frame);
      continue;
    }
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 1 && words[0] !== undefined) {
      try {
        frames.push(parseAddressArgument(words[0], imageModule, options));
      } catch (e) {
        if (!(e instanceof AddressSyntaxError)) throw e;
      }
    }
  }
  if (frames.length === 0)
    throw new AddressSyntaxError(
      'no address or stack frame recognised (expected addresses such as 0x2811 or MODULE+0xOFFSET, or a WinDbg k, gdb, lldb or glibc backtrace)',
    );
  return frames;
}

/**
 * What a user typed or pasted: several lines are a trace (parseAddressText); one line is a stack
 * frame when it reads as one, else addresses separated by spaces or commas (an input box joins a
 * pasted trace into one line, so a frame's own words are tried first).
 */
export function parseAddressInput(text: string, imageModule: string, options: ParseOptions = {}): AddressFrame[] {
  if (/\r?\n/.test(text.trim())) return parseAddressText(text, imageModule, options);
  const frame = parseStackLine(text, imageModule, options);
  if (frame) return [frame];
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) throw new AddressSyntaxError('no address given');
  return words.map((w) => parseAddressArgument(w, imageModule, options));
}
