// The map explorer and the trace panel under load, each against a reference measured in the same run.
//  1. A 100,000-entry hash map (BTF struct keys and values) opens its first page: the adapter's
//     ebpf/mapEntries work (VmMapSource, BTF decoding, JSON over DAP) plus the tree model. Target
//     <= 500 ms; reference: decoding every entry, which a view without paging would do.
//  2. The trace panel's sustained append rate (TraceBuffer holding 100,000 lines, a filter active,
//     the visible window drawn after each batch) against the rate trace_pipe lines are parsed.
// Exits 1 when the first page takes longer than 500 ms; 0 with a reason when clang is missing.
import fs from 'node:fs';
import path from 'node:path';
import type { EntryPage, ListMapsResponse, TraceLine } from '../core/live/views';
import { MapTreeModel, PAGE, type MapNode, type ViewSource } from '../client/maps/mapTreeModel';
import { TraceBuffer } from '../client/trace/traceBuffer';
import { parseTracePipeLine } from '../core/live/tracePipe';
import { VmMapSource } from '../core/live/vmSource';
import { decodeBtf } from '../core/live/decode';
import { loadObject } from '../core/program/loader';
import { RuntimeMap } from '../core/vm/maps';
import { compileFixture } from '../test/support/clang';
import { median } from './stats';

const ENTRIES = Number(process.env.BENCH_MAP_ENTRIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TRACE_LINES = Number(process.env.BENCH_TRACE_LINES ?? 500_000);

async function bigMap(): Promise<number> {
  const probe = path.resolve(__dirname, '../test/fixtures/live/linux/probe.c');
  const c = compileFixture(probe, { platform: 'linux' });
  if ('skip' in c) {
    console.log(`skipping the map benchmark: ${c.skip}`);
    return 0;
  }
  const object = loadObject(c.bytes, { platform: 'linux', sourceText: fs.readFileSync(probe, 'utf8') });
  const def = object.maps.find((m) => m.name === 'flows');
  if (!def) throw new Error('probe.c has no flows map');
  const map = new RuntimeMap({ ...def, maxEntries: ENTRIES }, 1);
  const key = new Uint8Array(16);
  const value = new Uint8Array(24);
  const dv = new DataView(key.buffer);
  for (let i = 0; i < ENTRIES; i++) {
    dv.setUint32(0, 0x0a000000 + i, false);
    dv.setUint16(8, 1024 + (i % 60000), false);
    key[12] = 6;
    new DataView(value.buffer).setBigUint64(0, BigInt(i), true);
    map.set(key, value);
  }
  console.log(`map: ${map.size} entries of struct flow -> struct stats`);
  const vm = { maps: [map], programs: object.programs };

  // What the view does on expanding the map: list, first page over DAP (JSON both ways), tree nodes.
  const firstPage = async (): Promise<number> => {
    const source = new VmMapSource(vm);
    const viaDap: ViewSource = {
      id: 'debug:bench',
      label: 'bench',
      kind: 'debug',
      list: async () => JSON.parse(JSON.stringify(await source.list())) as ListMapsResponse,
      entries: async (id, s, n) => JSON.parse(JSON.stringify(await source.entries(id, s, n))) as EntryPage,
      update: (id, k, v) => source.update(id, k, v),
      remove: (id, k) => source.remove(id, k),
      exportJson: (ids) => source.exportJson(ids),
    };
    const model = new MapTreeModel();
    model.setSources([viaDap]);
    const t0 = performance.now();
    const [root] = await model.children();
    const level = await model.children(root);
    const mapNode = level.find((n) => n.kind === 'map') as MapNode;
    const kids = await model.children(mapNode);
    const ms = performance.now() - t0;
    if (kids.length !== PAGE + 1) throw new Error(`first page has ${kids.length} nodes, expected ${PAGE + 1}`);
    return ms;
  };
  const decodeAll = (): number => {
    const t0 = performance.now();
    const btf = object.programs[0]?.btf;
    if (!btf) throw new Error('the benchmark object has no program with BTF');
    for (const e of map.entries()) {
      decodeBtf(btf, def.keyTypeId, e.key);
      for (const value of e.values) decodeBtf(btf, def.valueTypeId, value);
    }
    return performance.now() - t0;
  };
  await firstPage(); // warm-up
  const page: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    page.push(await firstPage());
    if (r < 3) all.push(decodeAll());
  }
  const p = median(page);
  const a = median(all);
  console.log(
    `first page of ${ENTRIES.toLocaleString()} entries: ${p.toFixed(1)} ms median of ${ROUNDS} (target <= 500 ms)`,
  );
  console.log(
    `reference, decoding every entry: ${a.toFixed(0)} ms (first page = ${((p / a) * 100).toFixed(2)}% of it)`,
  );
  return p;
}

function traceRate(): void {
  const sample = fs
    .readFileSync(path.resolve(__dirname, '../test/fixtures/live/linux/trace_pipe.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const raw: string[] = [];
  for (let i = 0; i < TRACE_LINES; i++) raw.push((sample[i % sample.length] ?? '').replace('64', String(i)));

  // Reference: parsing the lines (the CLI's work per line).
  let t0 = performance.now();
  const parsed: TraceLine[] = [];
  for (const l of raw) {
    const r = parseTracePipeLine(l);
    if (r) parsed.push({ ...r, program: (r.pid ?? 0) % 2 ? 'probe' : 'other' });
  }
  const parseSeconds = (performance.now() - t0) / 1000;

  // The panel: batches of 100 (the CLI flushes every 20 ms), a filter, the window drawn per batch.
  const buffer = new TraceBuffer(100_000);
  buffer.setFilter({ text: 'proto', program: '' });
  let drawn = 0;
  t0 = performance.now();
  for (let i = 0; i < parsed.length; i += 100) {
    buffer.append(parsed.slice(i, i + 100));
    const rows = buffer.visibleCount * 20;
    const { first, last } = buffer.window(Math.max(0, rows - 600), 600, 20);
    for (let j = first; j < last; j++) {
      const l = buffer.visibleAt(j);
      if (l) drawn += l.message.length + l.timeText.length;
    }
  }
  const panelSeconds = (performance.now() - t0) / 1000;
  if (buffer.size > 100_000 || drawn === 0) throw new Error('trace buffer did not keep its bound');
  const panelRate = parsed.length / panelSeconds;
  const parseRate = parsed.length / parseSeconds;
  console.log(
    `trace panel append: ${Math.round(panelRate).toLocaleString()} lines/s sustained over ${parsed.length.toLocaleString()} lines (holding ${buffer.size.toLocaleString()})`,
  );
  console.log(
    `reference, parsing trace_pipe lines: ${Math.round(parseRate).toLocaleString()} lines/s (panel/parser = ${(panelRate / parseRate).toFixed(2)})`,
  );
}

async function main(): Promise<void> {
  const page = await bigMap();
  traceRate();
  if (page > 500) {
    console.error(`FAILED: the first page took ${page.toFixed(0)} ms (> 500 ms)`);
    process.exit(1);
  }
}

void main();
