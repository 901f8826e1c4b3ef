// The checked-in BPF objects (test/fixtures/objects/*.o) and an ELF builder for malformed-input
// tests. The objects let ELF/BTF/loader tests run where clang is not installed.
import fs from 'node:fs';
import path from 'node:path';

export const OBJECTS_DIR = path.resolve(__dirname, '..', 'fixtures', 'objects');

export function checkedInObjects(): { name: string; path: string; bytes: Uint8Array }[] {
  return fs
    .readdirSync(OBJECTS_DIR)
    .filter((n) => n.endsWith('.o'))
    .sort()
    .map((name) => {
      const p = path.join(OBJECTS_DIR, name);
      return { name, path: p, bytes: new Uint8Array(fs.readFileSync(p)) };
    });
}

export function checkedInObject(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(OBJECTS_DIR, name)));
}

/** Little-endian writers over a copy, for crafting hostile variants of a real object. */
export class Patch {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(source: Uint8Array) {
    this.bytes = source.slice();
    this.view = new DataView(this.bytes.buffer);
  }
  u8(at: number, v: number): this {
    this.view.setUint8(at, v);
    return this;
  }
  u16(at: number, v: number): this {
    this.view.setUint16(at, v, true);
    return this;
  }
  u32(at: number, v: number): this {
    this.view.setUint32(at, v, true);
    return this;
  }
  u64(at: number, v: bigint): this {
    this.view.setBigUint64(at, v, true);
    return this;
  }
  readU16(at: number): number {
    return this.view.getUint16(at, true);
  }
  readU32(at: number): number {
    return this.view.getUint32(at, true);
  }
  readU64(at: number): number {
    return Number(this.view.getBigUint64(at, true));
  }
}

/** Offsets of the section header table fields of section `index` in an ELF64 file. */
export function sectionHeaderAt(bytes: Uint8Array, index: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Number(view.getBigUint64(40, true)) + index * 64;
}
