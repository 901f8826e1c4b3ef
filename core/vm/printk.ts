// bpf_printk formatting with each platform's rules.
// Windows (ebpf_core's trace_printk): only %d %i %u %x, each with optional l / ll, and %%; no
//   width, precision, %s or %p; the number of conversions must equal the number of value
//   arguments (the helper id fixes it: printk2..5 = 0..3); otherwise the helper returns -1. A
//   trailing newline is stripped. `long` is 32 bits on Windows, so only `ll` prints 64 bits.
// Linux (bpf_bprintf_prepare + bstr_printf): %d %i %u %x %X %c %s %p (%pK %px %pI4 %pi4 %pI6 %pi6)
//   with flags/width/precision, l/ll/h/hh modifiers (long is 64 bits), at most 3 arguments for
//   trace_printk; fmt must be NUL-terminated within fmt_size; errors return -EINVAL.

export type PrintkResult = { ok: true; text: string } | { ok: false; reason: string };

/** Arguments as unsigned 64-bit values; `readString` dereferences %s / %pI4 pointers. */
export interface PrintkArgs {
  readonly values: readonly bigint[];
  readString(address: bigint, max: number): string | undefined;
  readBytes(address: bigint, length: number): Uint8Array | undefined;
}

function signed(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

function unsigned(v: bigint, bits: number): bigint {
  return BigInt.asUintN(bits, v);
}

/** Cut the format at its NUL (the buffer usually includes it). */
export function formatFromBytes(bytes: Uint8Array): { fmt: string; terminated: boolean } {
  const nul = bytes.indexOf(0);
  const end = nul < 0 ? bytes.length : nul;
  let fmt = '';
  for (const b of bytes.subarray(0, end)) fmt += String.fromCharCode(b);
  return { fmt, terminated: nul >= 0 };
}

export function formatWindows(fmt: string, args: readonly bigint[]): PrintkResult {
  let out = '';
  let used = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      out += '%';
      continue;
    }
    let longs = 0;
    while (fmt[i] === 'l' && longs < 2) {
      longs++;
      i++;
    }
    const conv = fmt[i];
    if (conv === undefined || !'diux'.includes(conv)) {
      return {
        ok: false,
        reason: `unsupported conversion '%${'l'.repeat(longs)}${conv ?? ''}' (Windows allows only %d %i %u %x with l/ll, and %%)`,
      };
    }
    const v = args[used++];
    if (v === undefined)
      return { ok: false, reason: `format has more conversions than the ${args.length} value argument(s)` };
    const bits = longs === 2 ? 64 : 32;
    out +=
      conv === 'x'
        ? unsigned(v, bits).toString(16)
        : conv === 'u'
          ? unsigned(v, bits).toString()
          : signed(v, bits).toString();
  }
  if (used !== args.length)
    return { ok: false, reason: `format has ${used} conversion(s) but ${args.length} value argument(s) were passed` };
  if (out.endsWith('\n')) out = out.slice(0, -1);
  return { ok: true, text: out };
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes('-')) return body + ' '.repeat(width - body.length);
  if (flags.includes('0') && numeric) {
    const neg = body.startsWith('-') ? '-' : '';
    const digits = neg ? body.slice(1) : body;
    return neg + '0'.repeat(width - body.length) + digits;
  }
  return ' '.repeat(width - body.length) + body;
}

export function formatLinux(fmt: string, args: PrintkArgs, maxArgs = 3): PrintkResult {
  let out = '';
  let used = 0;
  const next = (): bigint | undefined =>
    used < args.values.length && used < maxArgs ? args.values[used++] : undefined;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      out += '%';
      continue;
    }
    let flags = '';
    for (let f = fmt[i]; f !== undefined && '-+ #0'.includes(f); f = fmt[++i]) flags += f;
    let width = 0;
    for (let d = fmt[i]; d !== undefined && d >= '0' && d <= '9'; d = fmt[++i]) width = width * 10 + Number(d);
    let precision = -1;
    if (fmt[i] === '.') {
      i++;
      precision = 0;
      for (let d = fmt[i]; d !== undefined && d >= '0' && d <= '9'; d = fmt[++i])
        precision = precision * 10 + Number(d);
    }
    let bits = 32;
    if (fmt[i] === 'l') {
      bits = 64;
      i++;
      if (fmt[i] === 'l') i++;
    } else if (fmt[i] === 'h') {
      bits = 16;
      i++;
      if (fmt[i] === 'h') {
        bits = 8;
        i++;
      }
    } else if (fmt[i] === 'z') {
      bits = 64;
      i++;
    }
    const conv = fmt[i];
    if (conv === undefined) return { ok: false, reason: 'format ends inside a conversion' };
    const v = next();
    if (v === undefined) return { ok: false, reason: `more conversions than arguments (at most ${maxArgs})` };
    switch (conv) {
      case 'd':
      case 'i': {
        let s = signed(v, bits).toString();
        if (flags.includes('+') && !s.startsWith('-')) s = '+' + s;
        out += pad(s, flags, width, true);
        break;
      }
      case 'u':
        out += pad(unsigned(v, bits).toString(), flags, width, true);
        break;
      case 'x':
      case 'X': {
        let s = unsigned(v, bits).toString(16);
        if (conv === 'X') s = s.toUpperCase();
        if (flags.includes('#') && v !== 0n) s = (conv === 'X' ? '0X' : '0x') + s;
        out += pad(s, flags, width, true);
        break;
      }
      case 'c':
        out += pad(String.fromCharCode(Number(v & 0xffn)), flags, width, false);
        break;
      case 's': {
        const s = args.readString(v, precision >= 0 ? precision : 4096);
        out += pad(s ?? '(efault)', flags, width, false);
        break;
      }
      case 'p': {
        const ext = fmt[i + 1];
        if ((ext === 'I' || ext === 'i') && (fmt[i + 2] === '4' || fmt[i + 2] === '6')) {
          const is4 = fmt[i + 2] === '4';
          i += 2;
          const b = args.readBytes(v, is4 ? 4 : 16);
          if (!b) out += '(efault)';
          else if (is4) out += [...b].join('.');
          else {
            const groups: string[] = [];
            for (let g = 0; g < 16; g += 2) {
              const word = ((b[g] ?? 0) << 8) | (b[g + 1] ?? 0);
              groups.push(ext === 'I' ? word.toString(16) : word.toString(16).padStart(4, '0'));
            }
            out += groups.join(':');
          }
          break;
        }
        if (ext === 'K' || ext === 'x' || ext === 'B' || ext === 's') i++;
        out += pad('0x' + unsigned(v, 64).toString(16).padStart(16, '0'), flags, width, false);
        break;
      }
      default:
        return { ok: false, reason: `unsupported conversion '%${conv}'` };
    }
  }
  return { ok: true, text: out };
}
