// The project's one hex codec: packets (launch.json "packet", `ebpf run --packet`, .hex files),
// map keys and values, conformance-suite programs and memory. Written the way people paste bytes,
// read back the same everywhere.

/** Text that is not hex bytes; the message names what is wrong and where. */
export class HexError extends Error {
  override name = 'HexError';
}

export interface ParseHexOptions {
  /** Named at the start of error messages, e.g. "--packet" or "map 'counts' key". */
  readonly what?: string;
  /** Accept text without any byte (an empty map value, empty memory); default false. */
  readonly allowEmpty?: boolean;
}

const DIGIT = /[0-9a-fA-F]/;

/**
 * Bytes as people write them: hex digit pairs, optionally separated by whitespace, newlines, ':'
 * or '-' between bytes, a `0x` prefix on a group, and `#` comments to the end of a line.
 * `02 00 00`, `02:00:00`, `0x020000`, `020000 # eth` all give the same three bytes.
 */
export function parseHex(text: string, options: ParseHexOptions = {}): Uint8Array {
  const what = options.what ?? 'hex bytes';
  // Values from JSON (map contents, launch attributes) may be anything.
  if (typeof text !== 'string')
    throw new HexError(`${what}: expected a string of hex bytes, got ${JSON.stringify(text)}`);
  const digits: number[] = [];
  let line = 1;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    column++;
    if (c === '\n') {
      line++;
      column = 0;
      continue;
    }
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ':' || c === '-' || c === ',') continue;
    // 0x at the start of a group (not in the middle of digits: "100x" is an error, not "10").
    if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && !DIGIT.test(text[i - 1] ?? '')) {
      i++;
      column++;
      continue;
    }
    if (!DIGIT.test(c)) {
      const where = line > 1 ? `line ${line}, column ${column}` : `character ${column}`;
      throw new HexError(`${what}: '${c}' at ${where} is not a hex digit (expected bytes like "02 00 00" or "020000")`);
    }
    digits.push(parseInt(c, 16));
  }
  if (digits.length === 0 && !options.allowEmpty) throw new HexError(`${what}: no bytes given`);
  if (digits.length % 2 !== 0)
    throw new HexError(`${what}: odd number of hex digits (${digits.length}); every byte needs two`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ((digits[2 * i] ?? 0) << 4) | (digits[2 * i + 1] ?? 0);
  return out;
}

/** True when the text parses as hex bytes (a launch attribute that may be hex or a file name). */
export function isHexText(text: string): boolean {
  try {
    parseHex(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lower-case digit pairs, with `separator` between bytes (default none): the inverse of parseHex. */
export function formatHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  bytes.forEach((b, i) => {
    if (i > 0 && separator) s += separator;
    s += (b < 16 ? '0' : '') + b.toString(16);
  });
  return s;
}
