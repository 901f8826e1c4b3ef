// The map explorer's sources as the client reaches them: a running debug session (its adapter's
// ebpf/map* requests), a finished session's final snapshot, and the live system through the
// bundled `ebpf` CLI (`ebpf maps --json`), so no view parses tool output itself.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EntryPage, ListMapsResponse, MapsJson } from '../../common/views';
import { ViewRequests } from '../../common/views';
import type { ViewSource } from './mapTreeModel';

export class DebugSessionSource implements ViewSource {
  readonly kind = 'debug' as const;
  constructor(readonly session: vscode.DebugSession) {}
  get id(): string {
    return `debug:${this.session.id}`;
  }
  get label(): string {
    return `Debug: ${this.session.name}`;
  }
  list(): Promise<ListMapsResponse> {
    return this.session.customRequest(ViewRequests.listMaps) as Promise<ListMapsResponse>;
  }
  entries(mapId: string, start: number, count: number): Promise<EntryPage> {
    return this.session.customRequest(ViewRequests.entries, { mapId, start, count }) as Promise<EntryPage>;
  }
  async update(mapId: string, key: string, value: string | readonly string[]): Promise<void> {
    await this.session.customRequest(
      ViewRequests.update,
      typeof value === 'string' ? { mapId, key, value } : { mapId, key, values: value },
    );
  }
  async remove(mapId: string, key: string): Promise<void> {
    await this.session.customRequest(ViewRequests.remove, { mapId, key });
  }
  exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    return this.session.customRequest(ViewRequests.exportMaps, { mapIds }) as Promise<MapsJson>;
  }
}

/** What a debug session left when it ended: read-only, first page of each map. */
export class EndedSessionSource implements ViewSource {
  readonly kind = 'debug' as const;
  constructor(
    readonly id: string,
    readonly label: string,
    private readonly list0: ListMapsResponse,
    private readonly pages: Record<string, EntryPage>,
  ) {}
  async list(): Promise<ListMapsResponse> {
    return this.list0;
  }
  async entries(mapId: string, start: number): Promise<EntryPage> {
    const p = this.pages[mapId];
    if (!p || start > 0) throw new Error('the debug session has ended; only the first page of each map was kept');
    return p;
  }
  private ended(): never {
    throw new Error('the debug session has ended: its maps can no longer be changed');
  }
  async update(): Promise<void> {
    this.ended();
  }
  async remove(): Promise<void> {
    this.ended();
  }
  async exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    const out: MapsJson = {};
    for (const m of this.list0.maps) {
      if (mapIds && !mapIds.includes(m.id)) continue;
      out[m.name] = (this.pages[m.id]?.entries ?? []).map((e) =>
        e.values
          ? { key: e.key.hex, values: e.values.map((v) => v.hex) }
          : { key: e.key.hex, value: e.value?.hex ?? '' },
      );
    }
    return out;
  }
}

/** Runs the bundled CLI (dist/cli/ebpf.js) with the extension host's Node. */
export function cliPath(extensionUri: vscode.Uri): string {
  return path.join(extensionUri.fsPath, 'dist', 'cli', 'ebpf.js');
}

export function spawnCli(cli: string, args: readonly string[], stdin: 'ignore' | 'pipe' = 'ignore') {
  return spawn(process.execPath, [cli, ...args], {
    stdio: [stdin, 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
}

function runCliJson<T>(cli: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(cli, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`could not start the ebpf CLI: ${e.message}`)));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      let parsed: unknown;
      try {
        parsed = text.trim() ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      const error = (parsed as { error?: string } | undefined)?.error;
      if (code === 0 && parsed !== undefined && error === undefined) resolve(parsed as T);
      else
        reject(
          new Error(
            error ??
              (Buffer.concat(err)
                .toString('utf8')
                .replace(/^ebpf: /, '')
                .trim() ||
                `ebpf exited with ${code}`),
          ),
        );
    });
  });
}

export class LiveSource implements ViewSource {
  constructor(
    readonly kind: 'linux' | 'windows',
    private readonly cli: string,
    private readonly bpftool: string | undefined,
  ) {}
  get id(): string {
    return `live:${this.kind}`;
  }
  get label(): string {
    return this.kind === 'linux' ? 'This system (Linux, bpftool)' : 'This system (eBPF for Windows)';
  }
  private args(...rest: string[]): string[] {
    return ['maps', '--json', '--source', this.kind, ...(this.bpftool ? ['--bpftool', this.bpftool] : []), ...rest];
  }
  list(): Promise<ListMapsResponse> {
    return runCliJson(this.cli, this.args());
  }
  entries(mapId: string, start: number, count: number): Promise<EntryPage> {
    return runCliJson(this.cli, this.args('--map', mapId, '--start', String(start), '--count', String(count)));
  }
  async update(mapId: string, key: string, value: string | readonly string[]): Promise<void> {
    const values = typeof value === 'string' ? [value] : value;
    await runCliJson(this.cli, this.args('--update', mapId, '--key', key, ...values.flatMap((v) => ['--value', v])));
  }
  async remove(mapId: string, key: string): Promise<void> {
    await runCliJson(this.cli, this.args('--delete', mapId, '--key', key));
  }
  exportJson(mapIds?: readonly string[]): Promise<MapsJson> {
    return runCliJson(
      this.cli,
      this.args('--export', ...(mapIds?.length === 1 ? mapIds.flatMap((id) => ['--map', id]) : [])),
    );
  }
}
