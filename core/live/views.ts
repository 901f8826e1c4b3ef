// The shapes the map explorer and the trace panel exchange with their sources: the debug adapter's
// custom requests (ebpf/maps*, the ebpf/printk event), `ebpf maps --json` and `ebpf trace --json`.
// Types only, no imports: the client, the adapter, the CLI and core/live all speak them.

/** Where map and trace data come from. */
export type SourceKind = 'debug' | 'linux' | 'windows';

/** A C source position (1-based line). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

export interface ProgramInfo {
  /** The source's id for the program: the kernel id live, the program name in a debug session. */
  readonly id: string;
  readonly name: string;
  /** Program type as the source names it (xdp, bind, sock_addr...). */
  readonly type: string;
  readonly mapIds: readonly string[];
  /** Extra facts worth a tooltip (tag, JIT mode, pins...). */
  readonly details?: Readonly<Record<string, string>>;
}

export interface MapInfo {
  readonly id: string;
  readonly name: string;
  /** Map type name (hash, array, percpu_hash, prog_array...). */
  readonly type: string;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly perCpu: boolean;
  /** Values of prog_array / map-of-maps entries are ids of programs / maps. */
  readonly valueLink?: 'program' | 'map';
  /** Where the map is declared, when the source knows (debug sessions). */
  readonly declaration?: SourcePosition;
  /** False when the source cannot write this map (read-only data, netsh). */
  readonly writable: boolean;
  /** Number of entries when known without reading them all. */
  readonly count?: number;
}

/** How an address-like field was recognised (by its name and size). */
export type AddressFormat = 'ipv4' | 'ipv6' | 'port' | 'mac';

/** One decoded field of a key or value. */
export interface ValueField {
  readonly name: string;
  readonly type: string;
  readonly value: string;
  /** The bytes as they are in memory, hex, for decoded addresses and ports. */
  readonly raw?: string;
  readonly format?: AddressFormat;
  /** Byte offset and size within the key/value: lets an editor write one field. */
  readonly offset?: number;
  readonly size?: number;
  readonly children?: readonly ValueField[];
}

/** A key or a value: its bytes, a one-line summary and, with type information, its fields. */
export interface DecodedBytes {
  readonly hex: string;
  readonly text: string;
  readonly fields?: readonly ValueField[];
}

export interface MapEntryView {
  readonly key: DecodedBytes;
  /** Per-CPU maps have `values` (one per CPU); the others `value`. */
  readonly value?: DecodedBytes;
  readonly values?: readonly DecodedBytes[];
  /** prog_array / map-of-maps: the program or map the value names. */
  readonly link?: { readonly kind: 'program' | 'map'; readonly id: string; readonly name?: string };
}

export interface EntryPage {
  readonly mapId: string;
  readonly entries: readonly MapEntryView[];
  /** Index of the first entry of the next page; absent on the last page. */
  readonly next?: number;
  readonly total: number;
}

/** One entry in the `ebpf run --maps` JSON: bytes in memory order, hex. */
export interface MapsJsonEntry {
  readonly key: string;
  readonly value?: string;
  readonly values?: readonly string[];
}
export type MapsJson = Record<string, MapsJsonEntry[]>;

/** One printk line, whatever the source. */
export interface TraceLine {
  /** Seconds: since boot (Linux trace_pipe), since the session began (debug), or epoch (ETW). */
  readonly time: number;
  /** The time as the source printed it. */
  readonly timeText: string;
  readonly cpu?: number;
  readonly pid?: number;
  readonly tid?: number;
  /** Process name (Linux comm). */
  readonly comm?: string;
  readonly program?: string;
  readonly message: string;
  /** Debug sessions: the pc of the printk helper call in its program. */
  readonly pc?: number;
  /** The bpf_printk call that printed it, when known (debug: the pc; live: the format matched). */
  readonly callSite?: SourcePosition;
  readonly source: SourceKind;
}

/** Debug adapter custom requests and the event feeding the views. */
export const ViewRequests = {
  listMaps: 'ebpf/maps',
  entries: 'ebpf/mapEntries',
  update: 'ebpf/mapUpdate',
  remove: 'ebpf/mapDelete',
  exportMaps: 'ebpf/mapsExport',
} as const;
export const PrintkEventName = 'ebpf/printk';

export interface ListMapsResponse {
  readonly programs: readonly ProgramInfo[];
  readonly maps: readonly MapInfo[];
}
export interface EntriesArgs {
  readonly mapId: string;
  readonly start: number;
  readonly count: number;
}
/** Write an entry: the whole value as hex (per CPU for per-CPU maps), or one field of it from text. */
export interface UpdateArgs {
  readonly mapId: string;
  readonly key: string;
  readonly value?: string;
  readonly values?: readonly string[];
  /** BPF_ANY (0), BPF_NOEXIST (1), BPF_EXIST (2). */
  readonly flags?: number;
}
export interface DeleteArgs {
  readonly mapId: string;
  readonly key: string;
}
/** Sent just before `terminated`: the list and each map's first page, so the explorer keeps the final state. */
export const MapsSnapshotEventName = 'ebpf/mapsSnapshot';
