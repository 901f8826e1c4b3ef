// The map explorer's tree, free of VS Code: sources -> programs -> maps -> entries (paged, with a
// "Load more" node) -> key / value (or one value per CPU) -> decoded fields. The view turns these
// nodes into TreeItems; the unit tests drive this model with a scripted source.
import type {
  DecodedBytes,
  EntryPage,
  ListMapsResponse,
  MapEntryView,
  MapInfo,
  MapsJson,
  ProgramInfo,
  SourceKind,
  ValueField,
} from '../../common/views';

export const PAGE = 200;

/** What the view needs from a source (debug session, live Linux, live Windows). */
export interface ViewSource {
  readonly id: string;
  readonly label: string;
  readonly kind: SourceKind;
  list(): Promise<ListMapsResponse>;
  entries(mapId: string, start: number, count: number): Promise<EntryPage>;
  update(mapId: string, key: string, value: string | readonly string[]): Promise<void>;
  remove(mapId: string, key: string): Promise<void>;
  exportJson(mapIds?: readonly string[]): Promise<MapsJson>;
}

export type MapNode =
  | { readonly kind: 'source'; readonly source: ViewSource }
  | { readonly kind: 'error'; readonly source: ViewSource; readonly message: string }
  | { readonly kind: 'program'; readonly source: ViewSource; readonly program: ProgramInfo }
  | { readonly kind: 'map'; readonly source: ViewSource; readonly map: MapInfo }
  | { readonly kind: 'entry'; readonly source: ViewSource; readonly map: MapInfo; readonly entry: MapEntryView }
  | {
      readonly kind: 'part';
      readonly source: ViewSource;
      readonly map: MapInfo;
      readonly entry: MapEntryView;
      /** 'key', 'value', or the CPU number of a per-CPU value. */
      readonly role: 'key' | 'value' | number;
      readonly bytes: DecodedBytes;
    }
  | {
      readonly kind: 'field';
      readonly source: ViewSource;
      readonly map: MapInfo;
      readonly entry: MapEntryView;
      readonly role: 'key' | 'value' | number;
      readonly field: ValueField;
    }
  | {
      readonly kind: 'more';
      readonly source: ViewSource;
      readonly map: MapInfo;
      readonly next: number;
      readonly total: number;
    };

interface SourceState {
  list?: ListMapsResponse;
  error?: string;
  // next: the offset of the page after the last one shown; undefined once the map is shown whole.
  pages: Map<string, { entries: MapEntryView[]; next?: number | undefined; total: number; error?: string }>;
}

export class MapTreeModel {
  private sources: ViewSource[] = [];
  private readonly state = new Map<string, SourceState>();
  /** Limit the tree to these map ids of a source (Attach to Loaded Program). */
  private focus = new Map<string, ReadonlySet<string>>();

  setSources(sources: readonly ViewSource[]): void {
    this.sources = [...sources];
    for (const id of [...this.state.keys()]) if (!sources.some((s) => s.id === id)) this.state.delete(id);
  }

  get sourceList(): readonly ViewSource[] {
    return this.sources;
  }

  focusOn(sourceId: string, mapIds: readonly string[] | undefined): void {
    if (mapIds) this.focus.set(sourceId, new Set(mapIds));
    else this.focus.delete(sourceId);
  }

  /** Forget everything read from a source (or all): the next expansion reads again. */
  invalidate(sourceId?: string): void {
    if (sourceId === undefined) this.state.clear();
    else this.state.delete(sourceId);
  }

  /** Forget one map's pages. */
  invalidateMap(sourceId: string, mapId: string): void {
    this.state.get(sourceId)?.pages.delete(mapId);
  }

  /** Seed a source with data it can no longer serve (a debug session's final snapshot). */
  seed(sourceId: string, list: ListMapsResponse, pages: Record<string, EntryPage>): void {
    const st: SourceState = { list, pages: new Map() };
    for (const [id, p] of Object.entries(pages))
      st.pages.set(id, { entries: [...p.entries], next: p.next, total: p.total });
    this.state.set(sourceId, st);
  }

  private stateOf(source: ViewSource): SourceState {
    let st = this.state.get(source.id);
    if (!st) {
      st = { pages: new Map() };
      this.state.set(source.id, st);
    }
    return st;
  }

  private async listOf(source: ViewSource): Promise<SourceState> {
    const st = this.stateOf(source);
    if (!st.list && st.error === undefined) {
      try {
        st.list = await source.list();
      } catch (e) {
        st.error = (e as Error).message;
      }
    }
    return st;
  }

  async children(node?: MapNode): Promise<MapNode[]> {
    if (!node) return this.sources.map((source) => ({ kind: 'source', source }));
    const source = node.source;
    switch (node.kind) {
      case 'source': {
        const st = await this.listOf(source);
        if (st.error !== undefined) return [{ kind: 'error', source, message: st.error }];
        const list = st.list as ListMapsResponse;
        const focus = this.focus.get(source.id);
        const maps = focus ? list.maps.filter((m) => focus.has(m.id)) : list.maps;
        const programs = list.programs.filter((p) => !focus || p.mapIds.some((id) => focus.has(id)));
        const used = new Set(programs.flatMap((p) => p.mapIds));
        // Maps no listed program uses (or that the source cannot attribute) sit beside the programs.
        const loose = maps.filter((m) => !used.has(m.id));
        return [
          ...programs.map((program): MapNode => ({ kind: 'program', source, program })),
          ...loose.map((map): MapNode => ({ kind: 'map', source, map })),
        ];
      }
      case 'program': {
        const st = await this.listOf(source);
        const byId = new Map((st.list?.maps ?? []).map((m) => [m.id, m]));
        return node.program.mapIds
          .map((id) => byId.get(id))
          .filter((m): m is MapInfo => m !== undefined)
          .map((map) => ({ kind: 'map', source, map }));
      }
      case 'map': {
        const st = this.stateOf(source);
        let page = st.pages.get(node.map.id);
        if (!page) {
          try {
            const first = await source.entries(node.map.id, 0, PAGE);
            page = { entries: [...first.entries], next: first.next, total: first.total };
          } catch (e) {
            page = { entries: [], total: 0, error: (e as Error).message };
          }
          st.pages.set(node.map.id, page);
        }
        if (page.error !== undefined) return [{ kind: 'error', source, message: page.error }];
        const out: MapNode[] = page.entries.map((entry) => ({ kind: 'entry', source, map: node.map, entry }));
        if (page.next !== undefined)
          out.push({ kind: 'more', source, map: node.map, next: page.next, total: page.total });
        return out;
      }
      case 'entry': {
        const { map, entry } = node;
        const parts: MapNode[] = [{ kind: 'part', source, map, entry, role: 'key', bytes: entry.key }];
        if (entry.values)
          entry.values.forEach((bytes, cpu) => parts.push({ kind: 'part', source, map, entry, role: cpu, bytes }));
        else if (entry.value) parts.push({ kind: 'part', source, map, entry, role: 'value', bytes: entry.value });
        return parts;
      }
      case 'part':
        return (node.bytes.fields ?? []).map((field) => ({
          kind: 'field',
          source,
          map: node.map,
          entry: node.entry,
          role: node.role,
          field,
        }));
      case 'field':
        return (node.field.children ?? []).map((field) => ({ ...node, field }));
      default:
        return [];
    }
  }

  /** "Load more": the next page appended to what the map shows. */
  async loadMore(source: ViewSource, map: MapInfo): Promise<void> {
    const page = this.stateOf(source).pages.get(map.id);
    if (!page || page.next === undefined) return;
    const more = await source.entries(map.id, page.next, PAGE);
    page.entries.push(...more.entries);
    page.next = more.next;
    page.total = more.total;
  }

  /** The maps of a source, as last listed. */
  mapsOf(sourceId: string): readonly MapInfo[] {
    return this.state.get(sourceId)?.list?.maps ?? [];
  }
}

/** Label and description a tree row shows for a node. */
export function describeNode(node: MapNode): { label: string; description?: string; tooltip?: string } {
  switch (node.kind) {
    case 'source':
      return { label: node.source.label };
    case 'error':
      return { label: node.message };
    case 'program':
      return {
        label: node.program.name || `program ${node.program.id}`,
        description: `${node.program.type} · id ${node.program.id}`,
      };
    case 'map': {
      const m = node.map;
      const count = m.count !== undefined ? ` · ${m.count} entries` : '';
      return {
        label: m.name || `map ${m.id}`,
        description: `${m.type} · key ${m.keySize}B · value ${m.valueSize}B · max ${m.maxEntries}${count}`,
      };
    }
    case 'entry': {
      const e = node.entry;
      const value = e.values
        ? `${e.values.length} CPUs: ${e.values.map((v) => v.text).join(' | ')}`
        : (e.value?.text ?? '');
      return {
        label: e.key.text,
        description: value,
        tooltip: `key ${e.key.hex}\nvalue ${e.value?.hex ?? e.values?.map((v) => v.hex).join(' | ')}`,
      };
    }
    case 'part': {
      const label = node.role === 'key' ? 'key' : node.role === 'value' ? 'value' : `cpu ${node.role}`;
      return { label, description: node.bytes.text, tooltip: node.bytes.hex };
    }
    case 'field': {
      const f = node.field;
      const raw = f.raw !== undefined ? ` · raw ${f.raw}` : '';
      return {
        label: f.name,
        description: `${f.value}${raw}`,
        ...(f.type && { tooltip: `${f.type}${f.offset !== undefined ? ` at offset ${f.offset}` : ''}` }),
      };
    }
    case 'more':
      return { label: 'Load more…', description: `${node.next} of ${node.total} shown` };
  }
}
