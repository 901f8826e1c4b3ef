// The "Maps" tree in the eBPF container (the map explorer): every debug session's maps (refreshed
// on each stop, the final state kept when it ends) and, per the ebpf.maps.sources setting, the
// maps loaded in this system. Entries decoded, paged 200 at a time; edit, add, delete, export,
// import, copy, reveal the declaration. The tree model is maps/mapTreeModel.ts.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { encodeField, encodeInput } from '../common/bytes';
import type { EntryPage, ListMapsResponse, MapsJson } from '../common/views';
import { MapsSnapshotEventName } from '../common/views';
import type { EbpfContext } from './ebpf-context';
import { describeNode, MapTreeModel, type MapNode, type ViewSource } from './maps/mapTreeModel';
import { cliPath, DebugSessionSource, EndedSessionSource, LiveSource } from './maps/sources';

const VIEW = 'ebpf.maps';

class MapsProvider implements vscode.TreeDataProvider<MapNode> {
  private readonly changed = new vscode.EventEmitter<MapNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model = new MapTreeModel();

  refresh(node?: MapNode): void {
    this.changed.fire(node);
  }

  /** Parents as handed out, so reveal() can find its way to a node. */
  private readonly parents = new WeakMap<MapNode, MapNode | undefined>();

  async getChildren(node?: MapNode): Promise<MapNode[]> {
    const kids = await this.model.children(node);
    for (const k of kids) this.parents.set(k, node);
    return kids;
  }

  getParent(node: MapNode): MapNode | undefined {
    return this.parents.get(node);
  }

  getTreeItem(node: MapNode): vscode.TreeItem {
    const d = describeNode(node);
    const expandable =
      node.kind === 'source' ||
      node.kind === 'program' ||
      node.kind === 'map' ||
      node.kind === 'entry' ||
      (node.kind === 'part' && (node.bytes.fields?.length ?? 0) > 0) ||
      (node.kind === 'field' && (node.field.children?.length ?? 0) > 0);
    const state =
      node.kind === 'source' || node.kind === 'program'
        ? vscode.TreeItemCollapsibleState.Expanded
        : expandable
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(d.label, state);
    if (d.description !== undefined) item.description = d.description;
    item.tooltip = d.tooltip;
    item.contextValue = contextOf(node);
    switch (node.kind) {
      case 'source':
        item.iconPath = new vscode.ThemeIcon(node.source.kind === 'debug' ? 'debug' : 'server-process');
        break;
      case 'error':
        item.iconPath = new vscode.ThemeIcon('warning');
        break;
      case 'program':
        item.iconPath = new vscode.ThemeIcon('symbol-function');
        break;
      case 'map':
        item.iconPath = new vscode.ThemeIcon('symbol-structure');
        break;
      case 'entry':
        item.iconPath = new vscode.ThemeIcon(node.entry.link ? 'link' : 'symbol-field');
        if (node.entry.link)
          item.command = {
            command: 'ebpf.maps.followLink',
            title: 'Go to the linked map or program',
            arguments: [node],
          };
        break;
      case 'more':
        item.command = { command: 'ebpf.maps.loadMore', title: 'Load more', arguments: [node] };
        break;
    }
    return item;
  }
}

function contextOf(node: MapNode): string {
  switch (node.kind) {
    case 'map':
      return `ebpfMap${node.map.writable ? '.writable' : ''}${node.map.declaration ? '.declared' : ''}`;
    case 'entry':
      return `ebpfMapEntry${node.map.writable ? '.writable' : ''}${node.entry.link ? '.link' : ''}`;
    case 'part':
      return node.role === 'key' ? 'ebpfMapKey' : `ebpfMapValue${node.map.writable ? '.writable' : ''}`;
    case 'field':
      return node.role !== 'key' &&
        node.field.offset !== undefined &&
        node.field.size !== undefined &&
        node.map.writable
        ? 'ebpfMapField.writable'
        : 'ebpfMapField';
    case 'source':
      return 'ebpfMapSource';
    default:
      return `ebpfMap.${node.kind}`;
  }
}

function liveKinds(): ('linux' | 'windows')[] {
  const list = vscode.workspace.getConfiguration('ebpf').get<string[]>('maps.sources', ['debug']);
  return list.filter((k): k is 'linux' | 'windows' => k === 'linux' || k === 'windows');
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}
function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** A map update's value: one hex string, or one per CPU. */
function oneOrMany(values: string[]): string | string[] {
  const [only, ...rest] = values;
  return only !== undefined && rest.length === 0 ? only : values;
}

export function activate(ctx: EbpfContext): void {
  const provider = new MapsProvider();
  const model = provider.model;
  const cli = cliPath(ctx.extension.extensionUri);
  const sessions = new Map<string, DebugSessionSource>();
  const ended: EndedSessionSource[] = [];
  const attached = new Set<'linux' | 'windows'>();

  const rebuild = (): void => {
    const bpftool = vscode.workspace.getConfiguration('ebpf').get<string>('live.bpftoolPath') || undefined;
    const live = [...new Set([...liveKinds(), ...attached])].map((k) => new LiveSource(k, cli, bpftool));
    const debugOn = vscode.workspace
      .getConfiguration('ebpf')
      .get<string[]>('maps.sources', ['debug'])
      .includes('debug');
    const all: ViewSource[] = [...(debugOn ? [...sessions.values(), ...ended.slice(-3)] : []), ...live];
    model.setSources(all);
    provider.refresh();
  };

  const view = vscode.window.createTreeView(VIEW, { treeDataProvider: provider, showCollapseAll: true });

  const refreshAll = (): void => {
    model.invalidate();
    provider.refresh();
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = vscode.workspace.getConfiguration('ebpf').get<number>('maps.autoRefreshSeconds', 0);
    if (seconds > 0)
      timer = setInterval(() => {
        if (!view.visible) return;
        refreshAll();
      }, seconds * 1000);
  };

  const failed = (what: string, e: unknown): void => {
    void vscode.window.showErrorMessage(`${what}: ${(e as Error).message ?? String(e)}`);
  };

  /** The value bytes an edit starts from: the whole value or one CPU's. */
  const valuesOf = (node: Extract<MapNode, { entry: unknown }>): string[] =>
    node.entry.values ? node.entry.values.map((v) => v.hex) : [node.entry.value?.hex ?? ''];

  const write = async (node: Extract<MapNode, { entry: unknown }>, values: string[]): Promise<void> => {
    await node.source.update(node.map.id, node.entry.key.hex, oneOrMany(values));
    model.invalidateMap(node.source.id, node.map.id);
    provider.refresh();
  };

  ctx.push(
    view,
    vscode.debug.registerDebugAdapterTrackerFactory('ebpf', {
      createDebugAdapterTracker(session) {
        return {
          onDidSendMessage(m: { type?: string; event?: string; body?: unknown }) {
            if (m.type !== 'event') return;
            if (m.event === 'stopped') {
              model.invalidate(`debug:${session.id}`);
              provider.refresh();
            } else if (m.event === MapsSnapshotEventName) {
              const body = m.body as ListMapsResponse & { pages: Record<string, EntryPage> };
              ended.push(new EndedSessionSource(`ended:${session.id}`, `Ended: ${session.name}`, body, body.pages));
              model.seed(`ended:${session.id}`, body, body.pages);
            }
          },
        };
      },
    }),
    vscode.debug.onDidStartDebugSession((s) => {
      if (s.type !== 'ebpf') return;
      sessions.set(s.id, new DebugSessionSource(s));
      rebuild();
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (!sessions.delete(s.id)) return;
      rebuild();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ebpf.maps') || e.affectsConfiguration('ebpf.live')) {
        rebuild();
        schedule();
      }
    }),
    { dispose: () => timer && clearInterval(timer) },
    vscode.commands.registerCommand('ebpf.showMaps', async () => {
      await vscode.commands.executeCommand(`${VIEW}.focus`);
      refreshAll();
    }),
    vscode.commands.registerCommand('ebpf.maps.refresh', refreshAll),
    vscode.commands.registerCommand('ebpf.maps.loadMore', async (node: Extract<MapNode, { kind: 'more' }>) => {
      try {
        await model.loadMore(node.source, node.map);
      } catch (e) {
        failed('Load more', e);
      }
      provider.refresh();
    }),
    // prog_array / map-of-maps entries: select the program or inner map they name.
    vscode.commands.registerCommand('ebpf.maps.followLink', async (node: Extract<MapNode, { kind: 'entry' }>) => {
      const link = node.entry.link;
      if (!link) return;
      const roots = await provider.getChildren();
      const root = roots.find((r) => r.source.id === node.source.id);
      const search = async (n: MapNode | undefined, depth: number): Promise<MapNode | undefined> => {
        for (const k of await provider.getChildren(n)) {
          if (
            link.kind === 'program' &&
            k.kind === 'program' &&
            (k.program.id === link.id || k.program.name === link.name)
          )
            return k;
          if (link.kind === 'map' && k.kind === 'map' && (k.map.id === link.id || k.map.name === link.name)) return k;
          if (depth < 2 && (k.kind === 'source' || k.kind === 'program')) {
            const found = await search(k, depth + 1);
            if (found) return found;
          }
        }
        return undefined;
      };
      const target = root ? await search(root, 1) : undefined;
      if (target) await view.reveal(target, { select: true, focus: true, expand: true });
      else
        void vscode.window.showInformationMessage(
          `${link.kind} ${link.name ?? link.id} is not shown by ${node.source.label}`,
        );
    }),
    vscode.commands.registerCommand('ebpf.maps.copyKey', (node: Extract<MapNode, { kind: 'entry' }>) =>
      vscode.env.clipboard.writeText(node.entry.key.hex),
    ),
    vscode.commands.registerCommand('ebpf.maps.copyValue', (node: MapNode) => {
      if (node.kind === 'part') return vscode.env.clipboard.writeText(node.bytes.hex);
      if (node.kind === 'field') return vscode.env.clipboard.writeText(node.field.raw ?? node.field.value);
      if (node.kind === 'entry') return vscode.env.clipboard.writeText(valuesOf(node).join('\n'));
    }),
    vscode.commands.registerCommand('ebpf.maps.revealDeclaration', async (node: Extract<MapNode, { kind: 'map' }>) => {
      const d = node.map.declaration;
      if (!d) return;
      const pos = new vscode.Position(d.line - 1, 0);
      await vscode.window.showTextDocument(vscode.Uri.file(d.file), { selection: new vscode.Range(pos, pos) });
    }),
    // `given`: the new text without asking (keybindings, tests); it is validated the same way.
    vscode.commands.registerCommand('ebpf.maps.editValue', async (node: MapNode, given?: string) => {
      try {
        if (node.kind === 'field') {
          const f = node.field;
          if (f.offset === undefined || f.size === undefined) return;
          const shown = f.value.replace(/ \(.*\)$/, '');
          const text =
            given ??
            (await vscode.window.showInputBox({
              title: `${node.map.name}: ${f.name} (${f.type || `${f.size} bytes`})`,
              value: shown,
              prompt: f.format ? `A ${f.format} value, or hex bytes` : 'A number (decimal or 0x…), or hex bytes',
              validateInput: (t) => {
                try {
                  encodeField(t, f.size as number, f.format, f.name);
                  return undefined;
                } catch (e) {
                  return (e as Error).message;
                }
              },
            }));
          if (text === undefined) return;
          const bytes = encodeField(text, f.size, f.format, f.name);
          const values = valuesOf(node);
          const targets = typeof node.role === 'number' ? [node.role] : values.map((_, i) => i);
          for (const i of targets) {
            const value = values[i];
            if (value === undefined) throw new Error(`${node.map.name} has no value for CPU ${i}`);
            const v = hexToBytes(value);
            v.set(bytes, f.offset);
            values[i] = toHex(v);
          }
          await write(node, values);
        } else if (node.kind === 'part' || node.kind === 'entry') {
          const size = node.map.valueSize;
          const values = valuesOf(node);
          const index = node.kind === 'part' && typeof node.role === 'number' ? node.role : 0;
          const text =
            given ??
            (await vscode.window.showInputBox({
              title: `${node.map.name}: value (${size} bytes)`,
              value: values[index] ?? '',
              prompt: 'Hex bytes in memory order, or a number (decimal or 0x…) for 1/2/4/8-byte values',
              validateInput: (t) => {
                try {
                  encodeInput(t, size);
                  return undefined;
                } catch (e) {
                  return (e as Error).message;
                }
              },
            }));
          if (text === undefined) return;
          const hex = toHex(encodeInput(text, size));
          if (node.kind === 'part' && typeof node.role === 'number') values[index] = hex;
          else values.fill(hex);
          await write(node, values);
        }
      } catch (e) {
        failed('Edit value', e);
      }
    }),
    vscode.commands.registerCommand('ebpf.maps.addEntry', async (node: Extract<MapNode, { kind: 'map' }>) => {
      const m = node.map;
      const ask = (what: string, size: number) =>
        vscode.window.showInputBox({
          title: `${m.name}: new entry ${what} (${size} bytes)`,
          prompt: 'Hex bytes in memory order, or a number (decimal or 0x…) for 1/2/4/8 bytes',
          validateInput: (t) => {
            try {
              encodeInput(t, size, what);
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
      const key = await ask('key', m.keySize);
      if (key === undefined) return;
      const value = await ask('value', m.valueSize);
      if (value === undefined) return;
      try {
        await node.source.update(
          m.id,
          toHex(encodeInput(key, m.keySize, 'key')),
          toHex(encodeInput(value, m.valueSize)),
        );
        model.invalidateMap(node.source.id, m.id);
        provider.refresh();
      } catch (e) {
        failed('Add entry', e);
      }
    }),
    vscode.commands.registerCommand('ebpf.maps.deleteEntry', async (node: Extract<MapNode, { kind: 'entry' }>) => {
      const ok = await vscode.window.showWarningMessage(
        `Delete the entry ${node.entry.key.text} from ${node.map.name}?`,
        { modal: true },
        'Delete',
      );
      if (ok !== 'Delete') return;
      try {
        await node.source.remove(node.map.id, node.entry.key.hex);
        model.invalidateMap(node.source.id, node.map.id);
        provider.refresh();
      } catch (e) {
        failed('Delete entry', e);
      }
    }),
    vscode.commands.registerCommand('ebpf.maps.export', async (node: MapNode) => {
      try {
        const json = await node.source.exportJson(node.kind === 'map' ? [node.map.id] : undefined);
        const folder = vscode.workspace.workspaceFolders?.[0];
        const uri = await vscode.window.showSaveDialog({
          filters: { JSON: ['json'] },
          saveLabel: 'Export maps',
          ...(folder && {
            defaultUri: vscode.Uri.joinPath(folder.uri, `${node.kind === 'map' ? node.map.name : 'maps'}.json`),
          }),
        });
        if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(json, null, 2) + '\n'));
      } catch (e) {
        failed('Export', e);
      }
    }),
    vscode.commands.registerCommand('ebpf.maps.import', async (node: MapNode) => {
      const [uri] = (await vscode.window.showOpenDialog({ filters: { JSON: ['json'] }, canSelectMany: false })) ?? [];
      if (!uri) return;
      try {
        const json = JSON.parse(fs.readFileSync(uri.fsPath, 'utf8')) as MapsJson;
        await importMaps(node.source, json);
        model.invalidate(node.source.id);
        provider.refresh();
      } catch (e) {
        failed('Import', e);
      }
    }),
    // Not contributed: lets the e2e suite read what the view shows (expanded to entries and fields).
    vscode.commands.registerCommand('_ebpf.maps.snapshot', async () => snapshot(model)),
    // Not contributed: the e2e suite edits a field the way the context menu does.
    vscode.commands.registerCommand(
      '_ebpf.maps.editField',
      async (mapName: string, keyPattern: string, fieldName: string, text: string) => {
        const node = await findField(model, mapName, new RegExp(keyPattern), fieldName);
        if (!node) throw new Error(`no field ${fieldName} in an entry of ${mapName} matching ${keyPattern}`);
        await vscode.commands.executeCommand('ebpf.maps.editValue', node, text);
      },
    ),
    vscode.commands.registerCommand('_ebpf.maps.reveal', async () => {
      const [first] = await provider.getChildren();
      if (first) await view.reveal(first, { expand: 3, focus: false });
    }),
    vscode.commands.registerCommand('_ebpf.maps.attach', (kind: 'linux' | 'windows', mapIds: string[] | undefined) => {
      attached.add(kind);
      rebuild();
      model.focusOn(`live:${kind}`, mapIds);
      provider.refresh();
    }),
  );
  for (const s of vscode.debug.activeDebugSession?.type === 'ebpf' ? [vscode.debug.activeDebugSession] : [])
    sessions.set(s.id, new DebugSessionSource(s));
  rebuild();
  schedule();
}

/** Validates every entry of an `ebpf run --maps` file against the maps before writing any. */
async function importMaps(source: ViewSource, json: MapsJson): Promise<void> {
  const { maps } = await source.list();
  const writes: { mapId: string; key: string; value: string | string[] }[] = [];
  for (const [name, entries] of Object.entries(json)) {
    const m = maps.find((x) => x.name === name);
    if (!m) throw new Error(`the file names map '${name}', which ${source.label} does not have`);
    if (!Array.isArray(entries)) throw new Error(`'${name}': expected an array of { key, value } entries`);
    for (const e of entries) {
      const key = toHex(encodeInput(String(e.key), m.keySize, `${name} key`));
      const values = (e.values ?? [e.value ?? '']).map((v) =>
        toHex(encodeInput(String(v), m.valueSize, `${name} value`)),
      );
      writes.push({ mapId: m.id, key, value: oneOrMany(values) });
    }
  }
  for (const w of writes) await source.update(w.mapId, w.key, w.value);
}

async function findField(
  model: MapTreeModel,
  mapName: string,
  key: RegExp,
  fieldName: string,
): Promise<MapNode | undefined> {
  const visit = async (node: MapNode | undefined): Promise<MapNode | undefined> => {
    for (const k of await model.children(node)) {
      if (
        k.kind === 'field' &&
        k.role !== 'key' &&
        k.field.name === fieldName &&
        k.map.name === mapName &&
        key.test(k.entry.key.text)
      )
        return k;
      const descend =
        k.kind === 'source' ||
        k.kind === 'program' ||
        (k.kind === 'map' && k.map.name === mapName) ||
        (k.kind === 'entry' && key.test(k.entry.key.text)) ||
        (k.kind === 'part' && k.role !== 'key');
      if (descend) {
        const found = await visit(k);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(undefined);
}

/** The tree as plain data, two levels into each entry. */
async function snapshot(model: MapTreeModel): Promise<unknown> {
  const walk = async (node: MapNode | undefined, depth: number): Promise<unknown[]> => {
    const kids = await model.children(node);
    return Promise.all(
      kids.map(async (k) => {
        const d = describeNode(k);
        const expand = k.kind !== 'more' && k.kind !== 'error' && depth < 6;
        return {
          kind: k.kind,
          label: d.label,
          description: d.description,
          children: expand ? await walk(k, depth + 1) : [],
        };
      }),
    );
  };
  return walk(undefined, 0);
}
