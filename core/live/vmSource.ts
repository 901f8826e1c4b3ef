// The map explorer's view of a VM (the debug session's maps): programs, maps, BTF-decoded entries
// in pages, validated edits. The debug adapter answers its ebpf/map* requests with this.

import type {
  EntryPage,
  ListMapsResponse,
  MapEntryView,
  MapInfo,
  MapsJson,
  ProgramInfo,
  SourcePosition,
} from './views';
import type { Btf } from '../btf/parse';
import type { Program } from '../program/types';
import { BPF_ANY, type RuntimeMap } from '../vm/maps';
import { linkKind } from './bpftool';
import { decodeBtf, decodeHex } from './decode';
import { formatHex } from '../hex/index';
import { hexToBytes, InputError } from './bytes';
import { LiveSourceError, pageOf, type MapSource } from './source';

export interface VmView {
  readonly maps: readonly RuntimeMap[];
  readonly programs: readonly Program[];
}

export interface VmSourceOptions {
  /** The C source, to find where each map is declared. */
  readonly sourceText?: string;
  readonly sourceFile?: string;
}

/** The line declaring map `name` (`} name SEC(".maps")`, `struct bpf_map_def name`), 1-based. */
export function findMapDeclaration(sourceText: string, name: string): number | undefined {
  const lines = sourceText.split('\n');
  const word = new RegExp(
    `(^|[^\\w])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(SEC\\s*\\(|__attribute__|=|;|\\[)`,
  );
  const i = lines.findIndex((l) => word.test(l) && /SEC\s*\(|bpf_map_def|ebpf_map_definition|__section/.test(l));
  return i < 0 ? undefined : i + 1;
}

/** An entry's value (per-CPU maps: CPU 0's); a stored entry holds one per CPU. */
function firstValue(m: RuntimeMap, values: readonly Uint8Array[]): Uint8Array {
  const [value] = values;
  if (value === undefined) throw new LiveSourceError(`map '${m.name}': an entry without a value`);
  return value;
}

/** Maps an lddw map reference in a program to the map indexes it uses. */
function mapIndexes(p: Program): number[] {
  const used = new Set<number>();
  for (const i of p.instructions) if (i.opcode === 0x18 && (i.src === 1 || i.src === 2)) used.add(i.imm);
  return [...used].sort((a, b) => a - b);
}

export class VmMapSource implements MapSource {
  readonly kind = 'debug' as const;

  constructor(
    private readonly vm: VmView,
    private readonly options: VmSourceOptions = {},
  ) {}

  private get btf(): Btf | undefined {
    return this.vm.programs[0]?.btf;
  }

  private map(mapId: string): RuntimeMap {
    const m = this.vm.maps.find((x) => x.name === mapId);
    if (!m) throw new LiveSourceError(`no map named '${mapId}' in this session`);
    return m;
  }

  private info(m: RuntimeMap): MapInfo {
    const line = this.options.sourceText ? findMapDeclaration(this.options.sourceText, m.name) : undefined;
    const declaration: SourcePosition | undefined =
      line !== undefined && this.options.sourceFile ? { file: this.options.sourceFile, line } : undefined;
    const valueLink = linkKind(m.kind);
    return {
      id: m.name,
      name: m.name,
      type: m.kind,
      keySize: m.def.keySize,
      valueSize: m.def.valueSize,
      maxEntries: m.def.maxEntries,
      perCpu: m.perCpu,
      ...(valueLink ? { valueLink } : {}),
      ...(declaration ? { declaration } : {}),
      writable: !m.def.readOnly,
      count: m.size,
    };
  }

  async list(): Promise<ListMapsResponse> {
    const programs: ProgramInfo[] = this.vm.programs.map((p) => ({
      id: p.name,
      name: p.name,
      type: p.programType?.name ?? p.section,
      mapIds: mapIndexes(p)
        .map((i) => p.maps[i]?.name)
        .filter((n): n is string => n !== undefined),
      details: { section: p.section, platform: p.platform.id },
    }));
    return { programs, maps: this.vm.maps.map((m) => this.info(m)) };
  }

  private entryView(m: RuntimeMap, key: Uint8Array, values: readonly Uint8Array[]): MapEntryView {
    const btf = this.btf;
    const k = decodeBtf(btf, m.def.keyTypeId, key);
    const link = linkKind(m.kind);
    const value = firstValue(m, values);
    if (link && value.length >= 4) {
      const index = new DataView(value.buffer, value.byteOffset, 4).getUint32(0, true);
      const name = link === 'program' ? this.vm.programs[index]?.name : this.vm.maps[index]?.name;
      return {
        key: k,
        value: { hex: formatHex(value), text: `${link} ${name ?? `#${index}`}` },
        link: { kind: link, id: name ?? String(index), ...(name !== undefined ? { name } : {}) },
      };
    }
    if (m.perCpu) return { key: k, values: values.map((v) => decodeBtf(btf, m.def.valueTypeId, v)) };
    return { key: k, value: decodeBtf(btf, m.def.valueTypeId, value) };
  }

  async entries(mapId: string, start: number, count: number): Promise<EntryPage> {
    const m = this.map(mapId);
    if (m.def.keySize === 0 || m.kind === 'ringbuf' || m.kind === 'perf_event_array') {
      // Queues, stacks, ring buffers: items without keys.
      const page = pageOf(m.items, start, count);
      return {
        mapId,
        entries: page.items.map((r, i) => ({ key: decodeHex(new Uint8Array([start + i])), value: decodeHex(r.data) })),
        ...(page.next !== undefined ? { next: page.next } : {}),
        total: m.items.length,
      };
    }
    const all = m.entries();
    const page = pageOf(all, start, count);
    return {
      mapId,
      entries: page.items.map((e) => this.entryView(m, e.key, e.values)),
      ...(page.next !== undefined ? { next: page.next } : {}),
      total: all.length,
    };
  }

  async update(mapId: string, key: string, value: string | readonly string[], flags = BPF_ANY): Promise<void> {
    const m = this.map(mapId);
    if (m.def.readOnly) throw new InputError(`map '${m.name}' is read-only data (.rodata)`);
    const k = hexToBytes(key, 'key');
    if (k.length !== m.def.keySize)
      throw new InputError(`key: ${k.length} bytes given, map '${m.name}' needs ${m.def.keySize}`);
    const list = typeof value === 'string' ? [value] : [...value];
    const vs = list.map((v, i) => hexToBytes(v, list.length > 1 ? `value (cpu ${i})` : 'value'));
    for (const v of vs)
      if (v.length !== m.def.valueSize)
        throw new InputError(`value: ${v.length} bytes given, map '${m.name}' needs ${m.def.valueSize}`);
    const [first] = vs;
    if (first === undefined) throw new InputError('value: missing');
    if (m.perCpu && vs.length > 1) {
      if (vs.length !== m.cpus)
        throw new InputError(`per-CPU map '${m.name}' has ${m.cpus} CPUs; ${vs.length} values given`);
      m.set(k, vs);
      return;
    }
    const err = m.update(k, first, flags);
    if (err) throw new InputError(`map '${m.name}': update refused (${err})`);
  }

  async remove(mapId: string, key: string): Promise<void> {
    const m = this.map(mapId);
    const k = hexToBytes(key, 'key');
    if (k.length !== m.def.keySize)
      throw new InputError(`key: ${k.length} bytes given, map '${m.name}' needs ${m.def.keySize}`);
    const err = m.delete(k);
    if (err)
      throw new InputError(
        `map '${m.name}': delete refused (${err === 'EINVAL' ? 'array entries cannot be deleted' : err})`,
      );
  }

  async exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    const out: MapsJson = {};
    for (const m of this.vm.maps) {
      if (mapIds && !mapIds.includes(m.name)) continue;
      if (m.def.keySize === 0) continue;
      out[m.name] = m
        .entries()
        .map((e) =>
          m.perCpu
            ? { key: formatHex(e.key), values: e.values.map((v) => formatHex(v)) }
            : { key: formatHex(e.key), value: formatHex(firstValue(m, e.values)) },
        );
    }
    return out;
  }
}
