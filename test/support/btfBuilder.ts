// Builds .BTF / .BTF.ext bytes by hand, for tests of kinds clang 14 cannot emit (ENUM64) and of
// malformed input. Layout per the kernel's BTF documentation.

export class BtfBuilder {
  private readonly strings: number[] = [0];
  private readonly stringOffsets = new Map<string, number>();
  private readonly types: number[] = [];
  private count = 0;

  str(s: string): number {
    if (s === '') return 0;
    const known = this.stringOffsets.get(s);
    if (known !== undefined) return known;
    const offset = this.strings.length;
    for (const c of Buffer.from(s, 'utf8')) this.strings.push(c);
    this.strings.push(0);
    this.stringOffsets.set(s, offset);
    return offset;
  }

  /** Appends a raw type record: name, kind, vlen, kind_flag, size/type, then extra u32 words. Returns its id. */
  type(name: string, kind: number, vlen: number, sizeOrType: number, extra: number[] = [], kindFlag = false): number {
    this.types.push(this.str(name), ((kindFlag ? 1 : 0) << 31) | (kind << 24) | vlen, sizeOrType, ...extra);
    return ++this.count;
  }

  int(name: string, size: number, signed = false, bits = size * 8): number {
    return this.type(name, 1, 0, size, [((signed ? 1 : 0) << 24) | bits]);
  }

  build(): Uint8Array {
    const typeBytes = u32s(this.types);
    const strBytes = new Uint8Array(this.strings);
    const header = u32s([]);
    const out = new Uint8Array(24 + typeBytes.length + strBytes.length);
    const view = new DataView(out.buffer);
    view.setUint16(0, 0xeb9f, true);
    view.setUint8(2, 1);
    view.setUint32(4, 24, true);
    view.setUint32(8, 0, true);
    view.setUint32(12, typeBytes.length, true);
    view.setUint32(16, typeBytes.length, true);
    view.setUint32(20, strBytes.length, true);
    out.set(header, 24);
    out.set(typeBytes, 24);
    out.set(strBytes, 24 + typeBytes.length);
    return out;
  }
}

export function u32s(words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
}
