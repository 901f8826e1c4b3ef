// A bounds-checked little-endian view over untrusted bytes. Every read names what it reads, so a
// truncated or hostile file fails with a sentence ("symbol 12 name offset 9000 is past the end of
// .strtab (400 bytes)") instead of a RangeError from DataView.

export type ErrorFactory = (message: string) => Error;

export class BoundedView {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: ErrorFactory,
    /** What these bytes are, for messages ("the ELF file", ".BTF"). */
    readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset + size) lies inside the bytes. */
  check(offset: number, size: number, field: string): void {
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(size) ||
      offset < 0 ||
      size < 0 ||
      offset + size > this.bytes.length
    ) {
      throw this.fail(
        `${field}: ${size} byte(s) at offset ${offset} are outside ${this.what} (${this.bytes.length} bytes)`,
      );
    }
  }

  u8(offset: number, field: string): number {
    this.check(offset, 1, field);
    return this.view.getUint8(offset);
  }

  u16(offset: number, field: string): number {
    this.check(offset, 2, field);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, field: string): number {
    this.check(offset, 4, field);
    return this.view.getUint32(offset, true);
  }

  i32(offset: number, field: string): number {
    this.check(offset, 4, field);
    return this.view.getInt32(offset, true);
  }

  u64(offset: number, field: string): bigint {
    this.check(offset, 8, field);
    return this.view.getBigUint64(offset, true);
  }

  i64(offset: number, field: string): bigint {
    this.check(offset, 8, field);
    return this.view.getBigInt64(offset, true);
  }

  /** A u64 that must fit in a JavaScript number (offsets, sizes, symbol values). */
  u64n(offset: number, field: string): number {
    const value = this.u64(offset, field);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw this.fail(`${field}: value 0x${value.toString(16)} is too large`);
    }
    return Number(value);
  }

  /** A sub-range (no copy), bounds-checked. */
  slice(offset: number, size: number, field: string): Uint8Array {
    this.check(offset, size, field);
    return this.bytes.subarray(offset, offset + size);
  }

  /**
   * A NUL-terminated string starting at offset; the terminator must lie inside the bytes.
   * The terminator positions are indexed once, so a hostile table whose many names point into
   * one long unterminated run costs linear, not quadratic, time.
   */
  cstring(offset: number, field: string): string {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.bytes.length) {
      throw this.fail(`${field}: string offset ${offset} is outside ${this.what} (${this.bytes.length} bytes)`);
    }
    const end = this.nulAfter(offset);
    if (end < 0) throw this.fail(`${field}: string at offset ${offset} in ${this.what} is not NUL-terminated`);
    return decodeLatin1OrUtf8(this.bytes.subarray(offset, end));
  }

  private nextNul: Int32Array | undefined;
  private cstringCalls = 0;

  private nulAfter(offset: number): number {
    // Small tables and the first few lookups scan directly; busy tables get an index.
    if (!this.nextNul && (this.bytes.length < 256 || ++this.cstringCalls < 64)) return this.bytes.indexOf(0, offset);
    if (!this.nextNul) {
      const next = new Int32Array(this.bytes.length);
      let nul = -1;
      for (let i = this.bytes.length - 1; i >= 0; i--) {
        if (this.bytes[i] === 0) nul = i;
        next[i] = nul;
      }
      this.nextNul = next;
    }
    const end = this.nextNul[offset];
    if (end === undefined) throw this.fail(`string offset ${offset} is outside ${this.what}`);
    return end;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Strings in ELF/BTF are bytes; decode as UTF-8 (source text in line info may hold any bytes). */
export function decodeLatin1OrUtf8(bytes: Uint8Array): string {
  // Short ASCII names (most symbols and types) are cheaper by hand than through TextDecoder.
  if (bytes.length <= 24) {
    let s = '';
    for (const b of bytes) {
      if (b >= 0x80) return utf8.decode(bytes);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8.decode(bytes);
}
