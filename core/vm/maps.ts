// Runtime maps with the semantics of each map kind: array, hash, per-CPU variants, LRU hash,
// LPM trie, program array, map-in-map, ring buffer, perf event array, queue and stack.
// Operations return symbolic errors (MapErrno); helpers translate them into the platform's numbers
// (errno on Linux, negated ebpf_result_t on Windows — see errnoValue).

import { formatHex, parseHex } from '../hex/index';
import type { MapKind, PlatformId } from '../platform/types';
import type { MapDefinition } from '../program/types';

export type MapErrno = 'ENOENT' | 'EEXIST' | 'E2BIG' | 'EINVAL' | 'ENOSPC' | 'ENOTSUP';

/** Update flags (the same values on both platforms). */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;

const LINUX_ERRNO: Record<MapErrno, number> = {
  ENOENT: -2,
  EEXIST: -17,
  E2BIG: -7,
  EINVAL: -22,
  ENOSPC: -28,
  ENOTSUP: -95,
};
// eBPF for Windows helpers return the negated ebpf_result_t (include/ebpf_result.h): INVALID_ARGUMENT 6,
// NO_MEMORY 12, OPERATION_NOT_SUPPORTED 18, KEY_NOT_FOUND 19, KEY_ALREADY_EXISTS 26, OUT_OF_SPACE 29.
// A full hash map reports OUT_OF_SPACE there (Linux: E2BIG).
const WINDOWS_RESULT: Record<MapErrno, number> = {
  ENOENT: -19,
  EEXIST: -26,
  E2BIG: -29,
  EINVAL: -6,
  ENOSPC: -29,
  ENOTSUP: -18,
};

export function errnoValue(platform: PlatformId, e: MapErrno): number {
  return platform === 'windows' ? WINDOWS_RESULT[e] : LINUX_ERRNO[e];
}

/** An entry's values: at least one (values[0] is the value of a map that is not per-CPU). */
export type EntryValues = [Uint8Array, ...Uint8Array[]];

/** The little-endian u32 at `at` (bytes past the end read as 0). */
export function u32le(b: Uint8Array, at = 0): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
}

export interface MapEntry {
  readonly key: Uint8Array;
  /** One value per CPU for per-CPU maps, else a single value. The VM maps these into regions. */
  readonly values: EntryValues;
  /** The VM's memory regions for the values (per CPU), created on first lookup. (Always present, so
   * every entry has one shape.) */
  regions: unknown[] | undefined;
  /** The upper address half of the region of values[0] in a map that is not per-CPU, 0 until the
   * VM makes it (a lookup then needs no region search). */
  valueHi: number;
}

/**
 * The table's lookup key for the `n` key bytes at `at`: a number while the little-endian value is
 * exact as a double (every key up to 6 bytes, and 7–8 byte keys below 2^53), else a string of
 * 16-bit units. One key always gets the same form, so both forms can share one Map.
 */
export function keyOf(b: Uint8Array, n: number, at = 0): number | string {
  // Callers pass n within b; a byte past the end would read as 0.
  if (n === 4) return u32le(b, at);
  if (n < 4) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
    return v;
  }
  if (n <= 8) {
    let hi = 0;
    for (let i = n - 1; i >= 4; i--) hi = hi * 256 + (b[at + i] ?? 0);
    if (hi < 0x200000) return hi * 4294967296 + u32le(b, at);
  }
  let s = '';
  let i = 0;
  for (; i + 1 < n; i += 2) s += String.fromCharCode((b[at + i] ?? 0) | ((b[at + i + 1] ?? 0) << 8));
  if (i < n) s += String.fromCharCode((b[at + i] ?? 0) | 0x10000 /* odd tail: keeps lengths distinct */);
  return s;
}

/** Slots of EntryTable's cache (a power of two). */
const CACHE_SLOTS = 256;

/**
 * The entries of a keyed map by table key (see keyOf): a Map, which keeps insertion order (LRU
 * eviction and iteration rely on it), with a direct-mapped cache of number keys in front, since a
 * Map lookup is most of a map helper call. Every change goes through here, so the cache never holds
 * an entry the Map does not.
 */
class EntryTable {
  private readonly map = new Map<number | string, MapEntry>();
  /** The key cached in each slot; NaN (equal to nothing) when the slot is empty. */
  private readonly cachedKeys = new Float64Array(CACHE_SLOTS).fill(NaN);
  private readonly cachedEntries: (MapEntry | undefined)[] = new Array<MapEntry | undefined>(CACHE_SLOTS).fill(
    undefined,
  );

  get size(): number {
    return this.map.size;
  }

  get(k: number | string): MapEntry | undefined {
    if (typeof k !== 'number') return this.map.get(k);
    const slot = cacheSlot(k);
    if (this.cachedKeys[slot] === k) return this.cachedEntries[slot];
    const e = this.map.get(k);
    if (e !== undefined) {
      this.cachedKeys[slot] = k;
      this.cachedEntries[slot] = e;
    }
    return e;
  }

  set(k: number | string, e: MapEntry): void {
    this.map.set(k, e);
    if (typeof k === 'number') {
      const slot = cacheSlot(k);
      if (this.cachedKeys[slot] === k) this.cachedEntries[slot] = e;
    }
  }

  delete(k: number | string): void {
    this.map.delete(k);
    if (typeof k === 'number') {
      const slot = cacheSlot(k);
      if (this.cachedKeys[slot] === k) {
        this.cachedKeys[slot] = NaN;
        this.cachedEntries[slot] = undefined;
      }
    }
  }

  keys(): IterableIterator<number | string> {
    return this.map.keys();
  }

  values(): IterableIterator<MapEntry> {
    return this.map.values();
  }

  entries(): IterableIterator<[number | string, MapEntry]> {
    return this.map.entries();
  }
}

function cacheSlot(k: number): number {
  return Math.imul(k | 0, 0x9e3779b1) >>> 24;
}

/** A record produced by ringbuf / perf event output. */
export interface MapRecord {
  readonly data: Uint8Array;
  readonly cpu: number;
}

const hex = (b: Uint8Array): string => formatHex(b);

function fromHex(text: string, what: string): Uint8Array {
  return parseHex(text, { what, allowEmpty: true });
}

export interface MapJson {
  readonly name: string;
  readonly type: string;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  /** Keyed maps: entries; per-CPU maps carry `values` (one hex string per CPU). */
  readonly entries?: { key: string; value?: string; values?: string[] }[];
  /** Queue / stack contents (oldest first), ring buffer and perf records. */
  readonly items?: string[];
}

/** Base class: storage shared by every kind, plus JSON (de)serialisation. */
export class RuntimeMap {
  readonly kind: MapKind;
  readonly perCpu: boolean;
  /** def.keySize and def.valueSize, read on every helper call. */
  readonly keySize: number;
  readonly valueSize: number;
  /** Called when an entry leaves the map, so the VM can release the value's memory regions. */
  onRemove: ((e: MapEntry) => void) | undefined;
  protected readonly table = new EntryTable();
  /** Array and per-CPU array maps: the entries by index (a lookup needs no key conversion). */
  private readonly slots: MapEntry[] | undefined;
  /** Queue/stack items, ring buffer and perf records. */
  readonly items: MapRecord[] = [];
  /** Bytes used in a ring buffer. */
  ringUsed = 0;

  constructor(
    readonly def: MapDefinition,
    readonly cpus: number,
  ) {
    this.kind = def.typeInfo?.kind ?? (def.origin === 'global-data' ? 'array' : 'hash');
    this.perCpu = def.typeInfo?.perCpu ?? false;
    this.keySize = def.keySize;
    this.valueSize = def.valueSize;
    if (this.kind === 'array' || this.kind === 'percpu_array') {
      // Arrays exist in full from the start, zero-filled (global data: its initial bytes).
      this.slots = [];
      for (let i = 0; i < def.maxEntries; i++) {
        const key = u32(i);
        const init = i === 0 && def.initialValue ? def.initialValue : undefined;
        const e: MapEntry = { key, values: this.freshValues(init), regions: undefined, valueHi: 0 };
        this.slots.push(e);
        this.table.set(i, e);
      }
    }
  }

  get name(): string {
    return this.def.name;
  }

  private freshValues(init?: Uint8Array): EntryValues {
    const n = this.perCpu ? this.cpus : 1;
    const fresh = (): Uint8Array => {
      const v = new Uint8Array(this.def.valueSize);
      if (init) v.set(init.subarray(0, v.length));
      return v;
    };
    const out: EntryValues = [fresh()];
    for (let c = 1; c < n; c++) out.push(fresh());
    return out;
  }

  private isArrayLike(): boolean {
    return (
      this.kind === 'array' ||
      this.kind === 'percpu_array' ||
      this.kind === 'prog_array' ||
      this.kind === 'array_of_maps'
    );
  }

  private arrayIndex(key: Uint8Array, at = 0): number {
    return u32le(key, at);
  }

  /**
   * The entry a program lookup finds (LPM: longest prefix match), or undefined. Touches LRU order.
   * The key is the keySize bytes at `at` in `key` (helpers pass the program's memory, no copy).
   */
  lookup(key: Uint8Array, at = 0): MapEntry | undefined {
    const slots = this.slots;
    if (slots !== undefined) return slots[u32le(key, at)];
    if (this.kind === 'lpm_trie') return this.lpmMatch(at === 0 ? key : key.subarray(at));
    const k = keyOf(key, this.keySize, at);
    const e = this.table.get(k);
    if (e && (this.kind === 'lru_hash' || this.kind === 'lru_percpu_hash')) {
      this.table.delete(k);
      this.table.set(k, e);
    }
    return e;
  }

  /**
   * Update or insert; the value is the valueSize bytes at `valueAt` in `value` (per-CPU maps: the
   * same value on every CPU), the key the keySize bytes at `keyAt`. Neither is kept: both are copied.
   */
  update(key: Uint8Array, value: Uint8Array, flags: number, cpu = -1, keyAt = 0, valueAt = 0): MapErrno | undefined {
    if ((flags & 0xff) > BPF_EXIST) return 'EINVAL';
    if (this.isArrayLike()) {
      const index = this.arrayIndex(key, keyAt);
      if (index >= this.def.maxEntries) return 'E2BIG';
      if (flags === BPF_NOEXIST) return 'EEXIST';
      let e = this.slots !== undefined ? this.slots[index] : this.table.get(index);
      if (!e) {
        e = { key: u32(index), values: this.freshValues(), regions: undefined, valueHi: 0 };
        this.table.set(index, e);
      }
      this.store(e, value, valueAt, cpu);
      return undefined;
    }
    if (this.kind !== 'lpm_trie') {
      const k = keyOf(key, this.keySize, keyAt);
      const existing = this.table.get(k);
      if (existing && this.kind === 'hash' && flags !== BPF_NOEXIST) {
        // The common case first: overwrite an entry of a plain hash map in place.
        this.store(existing, value, valueAt, cpu);
        return undefined;
      }
    }
    key = key.slice(keyAt, keyAt + this.def.keySize);
    if (this.kind === 'lpm_trie') {
      const bits = u32le(key);
      if (bits > (this.def.keySize - 4) * 8) return 'EINVAL';
      key = lpmCanonical(key, bits);
    }
    if (this.kind === 'queue' || this.kind === 'stack' || this.kind === 'ringbuf' || this.kind === 'perf_event_array')
      return 'EINVAL';
    const k = keyOf(key, key.length);
    const existing = this.table.get(k);
    if (existing) {
      if (flags === BPF_NOEXIST) return 'EEXIST';
      if (this.kind === 'lru_hash' || this.kind === 'lru_percpu_hash') {
        this.table.delete(k);
        this.table.set(k, existing);
      }
      this.store(existing, value, valueAt, cpu);
      return undefined;
    }
    if (flags === BPF_EXIST) return 'ENOENT';
    if (this.table.size >= this.def.maxEntries) {
      if (this.kind === 'lru_hash' || this.kind === 'lru_percpu_hash') {
        // Evict the least recently used entry (the first in insertion order).
        for (const [oldest, victim] of this.table.entries()) {
          this.table.delete(oldest);
          this.onRemove?.(victim);
          break;
        }
      } else {
        return 'E2BIG';
      }
    }
    const e: MapEntry = { key, values: this.freshValues(), regions: undefined, valueHi: 0 };
    this.store(e, value, valueAt, cpu);
    this.table.set(k, e);
    return undefined;
  }

  /** Copy the value in (it may overlap the entry's own bytes: a program passing a looked-up value). */
  private store(e: MapEntry, value: Uint8Array, at: number, cpu: number): void {
    const n = this.def.valueSize;
    const values = e.values;
    if (cpu >= 0 && this.perCpu) {
      const v = values[cpu];
      if (v === undefined) throw new Error(`map '${this.name}': no value for CPU ${cpu} (${values.length} CPUs)`);
      copyInto(v, value, at, n);
      return;
    }
    for (const v of values) copyInto(v, value, at, n);
  }

  delete(key: Uint8Array): MapErrno | undefined {
    if (this.isArrayLike()) {
      if (this.kind === 'prog_array' || this.kind === 'array_of_maps') {
        const k = keyOf(key, 4);
        const e = this.table.get(k);
        if (!e) return 'ENOENT';
        this.table.delete(k);
        this.onRemove?.(e);
        return undefined;
      }
      return 'EINVAL';
    }
    let k: number | string;
    if (this.kind === 'lpm_trie') {
      const bits = u32le(key);
      if (bits > (this.def.keySize - 4) * 8) return 'EINVAL';
      k = keyOf(lpmCanonical(key.slice(0, this.def.keySize), bits), this.def.keySize);
    } else {
      k = keyOf(key, this.def.keySize);
    }
    const e = this.table.get(k);
    if (!e) return 'ENOENT';
    this.table.delete(k);
    this.onRemove?.(e);
    return undefined;
  }

  private lpmMatch(key: Uint8Array): MapEntry | undefined {
    const dataBytes = this.def.keySize - 4;
    const want = Math.min(u32le(key), dataBytes * 8);
    let best: MapEntry | undefined;
    let bestBits = -1;
    for (const e of this.table.values()) {
      const bits = u32le(e.key);
      if (bits > want || bits <= bestBits) continue;
      if (prefixEqual(e.key, key, bits)) {
        best = e;
        bestBits = bits;
      }
    }
    return best;
  }

  // ---- queue / stack ----
  push(value: Uint8Array, flags: number): MapErrno | undefined {
    if (this.items.length >= this.def.maxEntries) {
      if ((flags & BPF_EXIST) === 0) return 'E2BIG';
      // BPF_EXIST: make room by dropping the oldest element.
      this.items.shift();
    }
    this.items.push({ data: value.slice(0, this.def.valueSize), cpu: 0 });
    return undefined;
  }

  /** Pop (or peek) the next element: oldest for a queue, newest for a stack. */
  pop(remove: boolean): Uint8Array | undefined {
    if (this.items.length === 0) return undefined;
    const index = this.kind === 'stack' ? this.items.length - 1 : 0;
    const item = this.items[index];
    if (remove) this.items.splice(index, 1);
    return item?.data;
  }

  // ---- ring buffer / perf event array ----
  output(data: Uint8Array, cpu: number): MapErrno | undefined {
    if (this.kind === 'ringbuf') {
      // Records take an 8-byte header and are rounded up to 8 bytes, as in the kernel.
      const need = 8 + ((data.length + 7) & ~7);
      if (this.ringUsed + need > this.def.maxEntries) return 'ENOSPC';
      this.ringUsed += need;
    }
    this.items.push({ data: data.slice(), cpu });
    return undefined;
  }

  /** Consume the ring buffer / perf records (as a user-space reader would). */
  drain(): MapRecord[] {
    const out = this.items.splice(0, this.items.length);
    this.ringUsed = 0;
    return out;
  }

  // ---- outside access (debugger, map explorer, CLI) ----
  entries(): MapEntry[] {
    return [...this.table.values()];
  }

  get size(): number {
    return this.table.size;
  }

  /** Exact-key read (no LPM matching, no LRU touch). */
  get(key: Uint8Array): MapEntry | undefined {
    return this.table.get(keyOf(key, this.def.keySize));
  }

  set(key: Uint8Array, value: Uint8Array | Uint8Array[]): void {
    if (key.length !== this.def.keySize)
      throw new Error(`map '${this.name}': key must be ${this.def.keySize} bytes, got ${key.length}`);
    const values = Array.isArray(value) ? value : [value];
    const first = values[0];
    if (first === undefined) throw new Error(`map '${this.name}': no value given`);
    for (const v of values) {
      if (v.length !== this.def.valueSize)
        throw new Error(`map '${this.name}': value must be ${this.def.valueSize} bytes, got ${v.length}`);
    }
    if (Array.isArray(value) && this.perCpu) {
      const err = this.update(key, first, BPF_ANY);
      if (err) throw new Error(`map '${this.name}': update failed (${err})`);
      const e = this.get(key);
      if (e === undefined) throw new Error(`map '${this.name}': the entry just updated is missing`);
      values.forEach((v, cpu) => e.values[cpu]?.set(v));
      return;
    }
    const err = this.update(key, first, BPF_ANY);
    if (err) throw new Error(`map '${this.name}': update failed (${err})`);
  }

  remove(key: Uint8Array): boolean {
    return this.delete(key) === undefined;
  }

  toJSON(): MapJson {
    const base = {
      name: this.name,
      type: this.def.typeInfo?.name ?? this.kind,
      keySize: this.def.keySize,
      valueSize: this.def.valueSize,
      maxEntries: this.def.maxEntries,
    };
    if (this.kind === 'queue' || this.kind === 'stack' || this.kind === 'ringbuf' || this.kind === 'perf_event_array') {
      return { ...base, items: this.items.map((i) => hex(i.data)) };
    }
    return {
      ...base,
      entries: this.entries().map((e) =>
        this.perCpu ? { key: hex(e.key), values: e.values.map(hex) } : { key: hex(e.key), value: hex(e.values[0]) },
      ),
    };
  }

  /** Replace the contents with a JSON description (entries with hex keys/values, or items). */
  load(json: Pick<MapJson, 'entries' | 'items'>): void {
    if (json.items) {
      this.items.splice(
        0,
        this.items.length,
        ...json.items.map((h) => ({ data: fromHex(h, `map '${this.name}' item`), cpu: 0 })),
      );
    }
    if (json.entries) {
      if (!this.isArrayLike()) {
        for (const [k, e] of [...this.table.entries()]) {
          this.table.delete(k);
          this.onRemove?.(e);
        }
      }
      for (const e of json.entries) {
        const key = fromHex(e.key, `map '${this.name}' key`);
        if (e.values)
          this.set(
            key,
            e.values.map((v) => fromHex(v, `map '${this.name}' value`)),
          );
        else if (e.value !== undefined) this.set(key, fromHex(e.value, `map '${this.name}' value`));
        else throw new Error(`map '${this.name}': entry ${e.key} has no value`);
      }
    }
  }
}

/** dst[0..n) = src[at..at+n), bytes beyond src's end left as they are; safe when both share memory. */
function copyInto(dst: Uint8Array, src: Uint8Array, at: number, n: number): void {
  if (n <= 16 && dst.buffer !== src.buffer) {
    const end = Math.min(n, src.length - at);
    for (let i = 0; i < end; i++) dst[i] = src[at + i] ?? 0;
    return;
  }
  dst.set(src.subarray(at, Math.min(src.length, at + n)));
}

export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  let i = 4;
  let left = bits;
  while (left >= 8) {
    if (a[i] !== b[i]) return false;
    i++;
    left -= 8;
  }
  if (left === 0) return true;
  const mask = (0xff << (8 - left)) & 0xff;
  return ((a[i] ?? 0) & mask) === ((b[i] ?? 0) & mask);
}

function lpmCanonical(key: Uint8Array, bits: number): Uint8Array {
  const out = key.slice();
  for (let i = 4; i < out.length; i++) {
    const bitStart = (i - 4) * 8;
    if (bitStart >= bits) out[i] = 0;
    else if (bitStart + 8 > bits) out[i] = (out[i] ?? 0) & (0xff << (8 - (bits - bitStart))) & 0xff;
  }
  return out;
}

export { hex as bytesToHex, fromHex as hexToBytesStrict };

export interface MapChange {
  readonly name: string;
  /** One line per difference: `+ key: value`, `- key: value`, `~ key: old -> new`, or an item count. */
  readonly lines: string[];
}

/** What changed between two saves of the same maps (Vm.saveMaps before and after runs). */
export function diffMaps(before: readonly MapJson[], after: readonly MapJson[]): MapChange[] {
  const out: MapChange[] = [];
  const show = (e: { value?: string; values?: string[] } | undefined): string =>
    e ? (e.values ? `[${e.values.join(', ')}]` : (e.value ?? '')) : '';
  after.forEach((a, i) => {
    const b = before.find((x) => x.name === a.name) ?? before[i];
    const lines: string[] = [];
    if (a.entries) {
      const old = new Map((b?.entries ?? []).map((e) => [e.key, e]));
      for (const e of a.entries) {
        const prev = old.get(e.key);
        old.delete(e.key);
        if (!prev) lines.push(`+ ${e.key}: ${show(e)}`);
        else if (show(prev) !== show(e)) lines.push(`~ ${e.key}: ${show(prev)} -> ${show(e)}`);
      }
      for (const [k, e] of old) lines.push(`- ${k}: ${show(e)}`);
    }
    if (a.items && JSON.stringify(a.items) !== JSON.stringify(b?.items))
      lines.push(`items: ${a.items.length} (was ${b?.items?.length ?? 0})`);
    if (lines.length) out.push({ name: a.name, lines });
  });
  return out;
}
