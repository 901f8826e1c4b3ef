// bpftool's JSON output (`bpftool -j ...`), the same shape from the Linux tool and the eBPF for
// Windows fork: prog show, map show, map dump (plain and per-CPU; Linux adds BTF `formatted`),
// and the `{"error": "..."}` object it prints on failure.

import type { DecodedBytes, MapEntryView, MapInfo, ProgramInfo } from './views';
import { decodeFormatted, decodeHex } from './decode';
import { bpftoolBytes } from './bytes';

export class BpftoolOutputError extends Error {}

/** A program line of `bpftool -j prog show`. */
export interface BpftoolProgram {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly tag?: string;
  readonly map_ids?: number[];
  readonly btf_id?: number;
  readonly loaded_at?: number;
  readonly jited?: boolean;
}

export interface BpftoolMap {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly flags?: number;
  readonly bytes_key: number;
  readonly bytes_value: number;
  readonly max_entries: number;
  readonly frozen?: number;
  readonly btf_id?: number;
}

function parseJson(text: string, what: string): unknown {
  const t = text.trim();
  if (t === '') throw new BpftoolOutputError(`bpftool printed nothing for ${what}`);
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    throw new BpftoolOutputError(`bpftool's output for ${what} is not JSON: ${t.slice(0, 200)}`);
  }
  const error = errorOf(v);
  if (error !== undefined) throw new BpftoolOutputError(`bpftool ${what}: ${error}`);
  return v;
}

/** The message of bpftool's `{"error": "..."}` answer, if that is what `v` is. */
export function errorOf(v: unknown): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { error?: unknown }).error === 'string')
    return (v as { error: string }).error;
  return undefined;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function num(o: Record<string, unknown>, key: string, what: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BpftoolOutputError(`${what}: '${key}' is not a number`);
  return v;
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}

export function parseProgShow(text: string): BpftoolProgram[] {
  return asList(parseJson(text, 'prog show')).map((raw, i) => {
    const o = raw as Record<string, unknown>;
    const what = `prog show entry ${i}`;
    return {
      id: num(o, 'id', what),
      type: str(o, 'type'),
      name: str(o, 'name'),
      ...(typeof o.tag === 'string' ? { tag: o.tag } : {}),
      map_ids: Array.isArray(o.map_ids) ? o.map_ids.filter((x): x is number => typeof x === 'number') : [],
      ...(typeof o.btf_id === 'number' ? { btf_id: o.btf_id } : {}),
      ...(typeof o.loaded_at === 'number' ? { loaded_at: o.loaded_at } : {}),
      ...(typeof o.jited === 'boolean' ? { jited: o.jited } : {}),
    };
  });
}

export function parseMapShow(text: string): BpftoolMap[] {
  return asList(parseJson(text, 'map show')).map((raw, i) => {
    const o = raw as Record<string, unknown>;
    const what = `map show entry ${i}`;
    return {
      id: num(o, 'id', what),
      // The Windows fork prints the type name; an unknown type number comes through as a number.
      type: str(o, 'type'),
      name: str(o, 'name'),
      ...(typeof o.flags === 'number' ? { flags: o.flags } : {}),
      bytes_key: num(o, 'bytes_key', what),
      bytes_value: num(o, 'bytes_value', what),
      max_entries: num(o, 'max_entries', what),
      ...(typeof o.frozen === 'number' ? { frozen: o.frozen } : {}),
      ...(typeof o.btf_id === 'number' ? { btf_id: o.btf_id } : {}),
    };
  });
}

export function isPerCpuType(type: string): boolean {
  return /percpu/.test(type);
}

export function linkKind(type: string): 'program' | 'map' | undefined {
  if (type === 'prog_array') return 'program';
  if (type === 'hash_of_maps' || type === 'array_of_maps') return 'map';
  return undefined;
}

export function programInfo(p: BpftoolProgram): ProgramInfo {
  const details: Record<string, string> = {};
  if (p.tag) details.tag = p.tag;
  if (p.jited !== undefined) details.jited = String(p.jited);
  if (p.loaded_at !== undefined) details.loaded = new Date(p.loaded_at * 1000).toISOString();
  return { id: String(p.id), name: p.name, type: p.type, mapIds: (p.map_ids ?? []).map(String), details };
}

export function mapInfo(m: BpftoolMap, writable: boolean): MapInfo {
  const valueLink = linkKind(m.type);
  return {
    id: String(m.id),
    name: m.name,
    type: m.type,
    keySize: m.bytes_key,
    valueSize: m.bytes_value,
    maxEntries: m.max_entries,
    perCpu: isPerCpuType(m.type),
    ...(valueLink ? { valueLink } : {}),
    // Frozen maps (.rodata) refuse user-space writes.
    writable: writable && !m.frozen,
  };
}

/** One entry of `bpftool -j map dump` as raw bytes (and bpftool's BTF rendering when present). */
export interface DumpEntry {
  readonly key: Uint8Array;
  readonly value?: Uint8Array;
  readonly values?: Uint8Array[];
  readonly formatted?: { key?: unknown; value?: unknown; values?: { cpu: number; value: unknown }[] };
}

export function parseMapDump(text: string): DumpEntry[] {
  const list = asList(parseJson(text, 'map dump'));
  return list.map((raw, i) => {
    const o = raw as Record<string, unknown>;
    const what = `map dump entry ${i}`;
    const key = bpftoolBytes(o.key ?? [], `${what} key`);
    const formatted = o.formatted as DumpEntry['formatted'];
    if (Array.isArray(o.values)) {
      const values = (o.values as { cpu?: number; value?: unknown }[])
        .slice()
        .sort((a, b) => (a.cpu ?? 0) - (b.cpu ?? 0))
        .map((v) => bpftoolBytes(v.value, `${what} cpu ${v.cpu}`));
      return { key, values, ...(formatted ? { formatted } : {}) };
    }
    if (o.value === undefined) throw new BpftoolOutputError(`${what}: no value`);
    return { key, value: bpftoolBytes(o.value, `${what} value`), ...(formatted ? { formatted } : {}) };
  });
}

function decoded(bytes: Uint8Array, formatted: unknown): DecodedBytes {
  return formatted === undefined ? decodeHex(bytes) : decodeFormatted(bytes, formatted);
}

/** A dump entry for the explorer; link names come from `names` (id -> name) when given. */
export function entryView(
  map: MapInfo,
  e: DumpEntry,
  names: (kind: 'program' | 'map', id: string) => string | undefined = () => undefined,
): MapEntryView {
  const key = decoded(e.key, e.formatted?.key);
  if (e.values) {
    const perCpu = e.formatted?.values;
    return { key, values: e.values.map((v, cpu) => decoded(v, perCpu?.find((p) => p.cpu === cpu)?.value)) };
  }
  const value = e.value as Uint8Array;
  if (map.valueLink && value.length >= 4) {
    const id = String(new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true));
    const name = names(map.valueLink, id);
    return {
      key,
      value: { hex: decodeHex(value).hex, text: `${map.valueLink} ${id}${name ? ` (${name})` : ''}` },
      link: { kind: map.valueLink, id, ...(name !== undefined ? { name } : {}) },
    };
  }
  return { key, value: decoded(value, e.formatted?.value) };
}
