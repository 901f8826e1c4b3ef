// eBPF for Windows: maps and programs from the bpftool fork when it is installed (entries, edits),
// else from `netsh ebpf show programs` / `show maps` (the list only: netsh cannot dump a map).

import type { EntryPage, ListMapsResponse, MapsJson } from './views';
import { BpftoolMapSource } from './bpftoolSource';
import { NetshOutputError, parseNetshMaps, parseNetshPrograms } from './netsh';
import { LiveSourceError, runCommand, type CommandRunner, type MapSource } from './source';

export interface WindowsSourceOptions {
  readonly bpftool?: string;
  readonly netsh?: string;
  readonly run?: CommandRunner;
}

export class WindowsMapSource implements MapSource {
  readonly kind = 'windows' as const;
  private readonly bpftool: BpftoolMapSource;
  private readonly run: CommandRunner;
  private readonly netsh: string;
  private bpftoolMissing = false;

  constructor(options: WindowsSourceOptions = {}) {
    this.run = options.run ?? runCommand;
    this.netsh = options.netsh ?? 'netsh';
    this.bpftool = new BpftoolMapSource({ platform: 'windows', bpftool: options.bpftool ?? 'bpftool', run: this.run });
  }

  async list(): Promise<ListMapsResponse> {
    try {
      const r = await this.bpftool.list();
      this.bpftoolMissing = false;
      return r;
    } catch (e) {
      if (!(e instanceof LiveSourceError) || !/was not found/.test(e.message)) throw e;
      this.bpftoolMissing = true;
    }
    const programs = await this.netshTable(['ebpf', 'show', 'programs']);
    const maps = await this.netshTable(['ebpf', 'show', 'maps']);
    try {
      return { programs: parseNetshPrograms(programs), maps: parseNetshMaps(maps) };
    } catch (e) {
      if (e instanceof NetshOutputError) throw new LiveSourceError(`netsh ebpf: ${e.message}`);
      throw e;
    }
  }

  private async netshTable(args: string[]): Promise<string> {
    const r = await this.run(this.netsh, args);
    if (r.spawnError?.code === 'ENOENT') throw new LiveSourceError('netsh was not found (this source needs Windows).');
    if (r.code !== 0 || !r.stdout.includes('='))
      throw new LiveSourceError(
        `netsh ${args.join(' ')} failed: ${(r.stdout + r.stderr).trim().slice(0, 300)}. ` +
          `Is eBPF for Windows installed (netsh add helper ebpfnetsh.dll)?`,
      );
    return r.stdout;
  }

  private needBpftool(): void {
    if (this.bpftoolMissing)
      throw new LiveSourceError(
        'netsh lists maps but cannot read or write their entries; install the eBPF for Windows bpftool (bpftool.exe) for that.',
      );
  }

  async entries(mapId: string, start: number, count: number): Promise<EntryPage> {
    this.needBpftool();
    return this.bpftool.entries(mapId, start, count);
  }
  async update(mapId: string, key: string, value: string | readonly string[], flags?: number): Promise<void> {
    this.needBpftool();
    return this.bpftool.update(mapId, key, value, flags);
  }
  async remove(mapId: string, key: string): Promise<void> {
    this.needBpftool();
    return this.bpftool.remove(mapId, key);
  }
  async exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    this.needBpftool();
    return this.bpftool.exportJson(mapIds);
  }
}
