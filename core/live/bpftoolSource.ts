// Maps and programs loaded in the running system, read and written through bpftool's JSON output:
// the Linux bpftool, or the eBPF for Windows fork (bpftool.exe, same JSON, no BTF rendering).

import type { EntryPage, ListMapsResponse, MapEntryView, MapInfo, MapsJson } from './views';
import {
  BpftoolOutputError,
  entryView,
  errorOf,
  mapInfo,
  parseMapDump,
  parseMapShow,
  parseProgShow,
  programInfo,
  type DumpEntry,
} from './bpftool';
import { formatHex } from '../hex/index';
import { hexToBytes, InputError } from './bytes';
import { LiveSourceError, pageOf, runCommand, type CommandRunner, type MapSource, type RunResult } from './source';

export interface BpftoolSourceOptions {
  readonly platform: 'linux' | 'windows';
  /** The bpftool executable (default `bpftool`). */
  readonly bpftool?: string;
  readonly run?: CommandRunner;
}

/** A sentence for a failed bpftool run: not installed, no privileges, or bpftool's own message. */
export function explainBpftoolFailure(platform: 'linux' | 'windows', tool: string, r: RunResult): string {
  if (r.spawnError?.code === 'ENOENT')
    return platform === 'linux'
      ? `${tool} was not found. Install it (Debian/Ubuntu: apt install bpftool, or linux-tools-$(uname -r)) or set ebpf.live.bpftoolPath.`
      : `${tool} was not found. The eBPF for Windows bpftool fork (bpftool.exe) comes with the eBPF for Windows install; put it on PATH or set ebpf.live.bpftoolPath.`;
  if (r.spawnError) return `${tool} could not be started: ${r.spawnError.message}`;
  let message = r.stderr.trim();
  try {
    message = errorOf(JSON.parse(r.stdout)) ?? message;
  } catch {
    // not JSON: keep stderr
  }
  if (/not permitted|EPERM|permission denied|EACCES|access is denied/i.test(message))
    return platform === 'linux'
      ? `Reading BPF objects needs root (or CAP_SYS_ADMIN/CAP_BPF): ${tool} said "${message}". Run VS Code or the ebpf CLI as root to see loaded programs and maps.`
      : `Reading eBPF objects needs an administrator: ${tool} said "${message}". Start VS Code as administrator.`;
  return `${tool} failed (exit ${r.code ?? '?'}): ${message || r.stdout.trim().slice(0, 300)}`;
}

export class BpftoolMapSource implements MapSource {
  readonly kind: 'linux' | 'windows';
  private readonly tool: string;
  private readonly run: CommandRunner;
  private maps = new Map<string, MapInfo>();
  private names = new Map<string, string>();
  /** The last full dump per map: pages after the first come from it (bpftool dumps a map whole). */
  private dumps = new Map<string, DumpEntry[]>();

  constructor(options: BpftoolSourceOptions) {
    this.kind = options.platform;
    this.tool = options.bpftool ?? 'bpftool';
    this.run = options.run ?? runCommand;
  }

  private async json(args: readonly string[]): Promise<string> {
    const r = await this.run(this.tool, ['-j', ...args]);
    if (r.code !== 0 || r.spawnError) throw new LiveSourceError(explainBpftoolFailure(this.kind, this.tool, r));
    return r.stdout;
  }

  async list(): Promise<ListMapsResponse> {
    try {
      const programs = parseProgShow((await this.json(['prog', 'show'])) || '[]').map(programInfo);
      const maps = parseMapShow((await this.json(['map', 'show'])) || '[]').map((m) => mapInfo(m, true));
      this.maps = new Map(maps.map((m) => [m.id, m]));
      this.names = new Map([
        ...programs.map((p): [string, string] => [`program:${p.id}`, p.name]),
        ...maps.map((m): [string, string] => [`map:${m.id}`, m.name]),
      ]);
      return { programs, maps };
    } catch (e) {
      if (e instanceof BpftoolOutputError) throw new LiveSourceError(e.message);
      throw e;
    }
  }

  private async info(mapId: string): Promise<MapInfo> {
    if (!this.maps.has(mapId)) await this.list();
    const m = this.maps.get(mapId);
    if (!m) throw new LiveSourceError(`no map with id ${mapId} is loaded`);
    return m;
  }

  private async dump(mapId: string, fresh: boolean): Promise<DumpEntry[]> {
    const cached = this.dumps.get(mapId);
    if (cached && !fresh) return cached;
    if (!/^\d+$/.test(mapId)) throw new LiveSourceError(`map id '${mapId}' is not a number`);
    try {
      const entries = parseMapDump((await this.json(['map', 'dump', 'id', mapId])) || '[]');
      this.dumps.set(mapId, entries);
      return entries;
    } catch (e) {
      if (e instanceof BpftoolOutputError) throw new LiveSourceError(e.message);
      throw e;
    }
  }

  async entries(mapId: string, start: number, count: number): Promise<EntryPage> {
    const map = await this.info(mapId);
    // The first page reads the map again; "Load more" continues the same snapshot.
    const all = await this.dump(mapId, start === 0);
    const page = pageOf(all, start, count);
    const names = (kind: 'program' | 'map', id: string): string | undefined => this.names.get(`${kind}:${id}`);
    const entries: MapEntryView[] = page.items.map((e) => entryView(map, e, names));
    return { mapId, entries, ...(page.next !== undefined ? { next: page.next } : {}), total: all.length };
  }

  private checked(map: MapInfo, key: string, values: readonly string[]): { key: Uint8Array; value: Uint8Array } {
    const k = hexToBytes(key, 'key');
    if (k.length !== map.keySize)
      throw new InputError(`key: ${k.length} bytes given, map '${map.name}' needs ${map.keySize}`);
    const vs = values.map((v) => hexToBytes(v, 'value'));
    for (const v of vs)
      if (v.length !== map.valueSize)
        throw new InputError(`value: ${v.length} bytes given, map '${map.name}' needs ${map.valueSize}`);
    const [first] = vs;
    if (first === undefined) throw new InputError('value: missing');
    // bpftool writes one value to every CPU of a per-CPU map.
    if (vs.some((v) => formatHex(v) !== formatHex(first)))
      throw new InputError(
        `bpftool writes the same value to every CPU; per-CPU values that differ cannot be written live`,
      );
    return { key: k, value: first };
  }

  async update(mapId: string, key: string, value: string | readonly string[], flags = 0): Promise<void> {
    const map = await this.info(mapId);
    if (!map.writable) throw new LiveSourceError(`map '${map.name}' is read-only (frozen)`);
    const { key: k, value: v } = this.checked(map, key, typeof value === 'string' ? [value] : value);
    const flag = flags === 1 ? ['noexist'] : flags === 2 ? ['exist'] : ['any'];
    await this.json([
      'map',
      'update',
      'id',
      mapId,
      'key',
      'hex',
      ...hexList(k),
      'value',
      'hex',
      ...hexList(v),
      ...flag,
    ]);
    this.dumps.delete(mapId);
  }

  async remove(mapId: string, key: string): Promise<void> {
    const map = await this.info(mapId);
    const k = hexToBytes(key, 'key');
    if (k.length !== map.keySize)
      throw new InputError(`key: ${k.length} bytes given, map '${map.name}' needs ${map.keySize}`);
    await this.json(['map', 'delete', 'id', mapId, 'key', 'hex', ...hexList(k)]);
    this.dumps.delete(mapId);
  }

  async exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    const { maps } = await this.list();
    const out: MapsJson = {};
    for (const m of maps) {
      if (mapIds && !mapIds.includes(m.id)) continue;
      const all = await this.dump(m.id, true);
      out[m.name] = all.map((e) =>
        e.values
          ? { key: formatHex(e.key), values: e.values.map((v) => formatHex(v)) }
          : { key: formatHex(e.key), value: formatHex(e.value as Uint8Array) },
      );
    }
    return out;
  }
}

function hexList(b: Uint8Array): string[] {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0'));
}
