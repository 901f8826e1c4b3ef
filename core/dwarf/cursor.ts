// Sequential, bounds-checked reads over one DWARF section (LEB128, fixed sizes, strings). Every
// failure is a DwarfError naming the section and field, never a RangeError.

import { BoundedView } from '../elf/bytes';
import { DwarfError } from './errors';

/** LEB128 values longer than this are malformed (a u64 needs at most 10 bytes). */
const MAX_LEB_BYTES = 10;

export class Cursor {
  constructor(
    readonly view: BoundedView,
    public pos = 0,
  ) {}

  static over(bytes: Uint8Array, what: string, pos = 0): Cursor {
    return new Cursor(new BoundedView(bytes, (m) => new DwarfError(m), what), pos);
  }

  get atEnd(): boolean {
    return this.pos >= this.view.length;
  }

  u8(field: string): number {
    return this.view.u8(this.pos++, field);
  }
  u16(field: string): number {
    const v = this.view.u16(this.pos, field);
    this.pos += 2;
    return v;
  }
  u24(field: string): number {
    const lo = this.view.u16(this.pos, field);
    const hi = this.view.u8(this.pos + 2, field);
    this.pos += 3;
    return lo | (hi << 16);
  }
  u32(field: string): number {
    const v = this.view.u32(this.pos, field);
    this.pos += 4;
    return v;
  }
  u64(field: string): bigint {
    const v = this.view.u64(this.pos, field);
    this.pos += 8;
    return v;
  }
  /** A u64 that must fit a JavaScript number (offsets, sizes, addresses in an object file). */
  u64n(field: string): number {
    const v = this.view.u64n(this.pos, field);
    this.pos += 8;
    return v;
  }
  /** A 4- or 8-byte section offset (DWARF32 / DWARF64). */
  offset(size: 4 | 8, field: string): number {
    return size === 4 ? this.u32(field) : this.u64n(field);
  }
  bytes(size: number, field: string): Uint8Array {
    const b = this.view.slice(this.pos, size, field);
    this.pos += size;
    return b;
  }
  cstring(field: string): string {
    const s = this.view.cstring(this.pos, field);
    // cstring succeeded, so a NUL follows at or after pos.
    this.pos = this.view.bytes.indexOf(0, this.pos) + 1;
    return s;
  }
  ulebBig(field: string): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < MAX_LEB_BYTES; i++) {
      const b = this.u8(field);
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new DwarfError(
      `${field}: LEB128 value in ${this.view.what} at ${this.pos} is longer than ${MAX_LEB_BYTES} bytes`,
    );
  }
  slebBig(field: string): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < MAX_LEB_BYTES; i++) {
      const b = this.u8(field);
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
    throw new DwarfError(
      `${field}: LEB128 value in ${this.view.what} at ${this.pos} is longer than ${MAX_LEB_BYTES} bytes`,
    );
  }
  /** Unsigned LEB128 that must fit a JavaScript number (counts, offsets, codes). */
  uleb(field: string): number {
    // Fast path: most values fit one or two bytes.
    const b0 = this.view.u8(this.pos, field);
    if ((b0 & 0x80) === 0) {
      this.pos++;
      return b0;
    }
    const v = this.ulebBig(field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new DwarfError(`${field}: value 0x${v.toString(16)} in ${this.view.what} is too large`);
    return Number(v);
  }
  sleb(field: string): number {
    const v = this.slebBig(field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
      throw new DwarfError(`${field}: value ${v} in ${this.view.what} is too large`);
    return Number(v);
  }
}
