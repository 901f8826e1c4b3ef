// The map explorer's tree model and the trace panel's line store, without VS Code.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeNode, MapTreeModel, PAGE, type MapNode, type ViewSource } from '../../../client/maps/mapTreeModel';
import { compileFilter, lineText, TraceBuffer } from '../../../client/trace/traceBuffer';
import type { EntryPage, ListMapsResponse, MapEntryView, TraceLine } from '../../../common/views';
import { at } from '../../support/at';

function entry(i: number): MapEntryView {
  const hex = i.toString(16).padStart(8, '0');
  return {
    key: { hex, text: String(i) },
    value: {
      hex: '0a000001',
      text: '{ip=10.0.0.1}',
      fields: [
        {
          name: 'ip',
          type: '__be32',
          value: '10.0.0.1 (16777226)',
          raw: '0a000001',
          format: 'ipv4',
          offset: 0,
          size: 4,
        },
      ],
    },
  };
}

function scripted(total: number, fail?: string): ViewSource & { calls: string[] } {
  const calls: string[] = [];
  const list: ListMapsResponse = {
    programs: [{ id: 'p', name: 'xdp_lb', type: 'xdp', mapIds: ['big', 'stats'] }],
    maps: [
      {
        id: 'big',
        name: 'big',
        type: 'hash',
        keySize: 4,
        valueSize: 4,
        maxEntries: total,
        perCpu: false,
        writable: true,
      },
      {
        id: 'stats',
        name: 'stats',
        type: 'percpu_array',
        keySize: 4,
        valueSize: 8,
        maxEntries: 1,
        perCpu: true,
        writable: true,
      },
      {
        id: 'jmp',
        name: 'jmp',
        type: 'prog_array',
        keySize: 4,
        valueSize: 4,
        maxEntries: 4,
        perCpu: false,
        writable: true,
        valueLink: 'program',
      },
    ],
  };
  return {
    id: 'debug:1',
    label: 'Debug: lb',
    kind: 'debug',
    calls,
    async list() {
      calls.push('list');
      if (fail) throw new Error(fail);
      return list;
    },
    async entries(mapId: string, start: number, count: number): Promise<EntryPage> {
      calls.push(`entries ${mapId} ${start} ${count}`);
      if (mapId === 'stats')
        return {
          mapId,
          total: 1,
          entries: [
            {
              key: { hex: '00000000', text: '0' },
              values: [
                { hex: '01', text: '1' },
                { hex: '02', text: '2' },
              ],
            },
          ],
        };
      const end = Math.min(total, start + count);
      const entries = [];
      for (let i = start; i < end; i++) entries.push(entry(i));
      return { mapId, entries, total, ...(end < total && { next: end }) };
    },
    async update() {},
    async remove() {},
    async exportJson() {
      return {};
    },
  };
}

describe('map explorer tree model', () => {
  it('source -> program -> maps, with maps no program uses beside the programs', async () => {
    const src = scripted(10);
    const model = new MapTreeModel();
    model.setSources([src]);
    const root = at(await model.children(), 0, 'root');
    assert.equal(describeNode(root).label, 'Debug: lb');
    const level1 = await model.children(root);
    assert.deepEqual(
      level1.map((n) => [n.kind, describeNode(n).label]),
      [
        ['program', 'xdp_lb'],
        ['map', 'jmp'],
      ],
    );
    const maps = await model.children(at(level1, 0));
    assert.deepEqual(
      maps.map((n) => describeNode(n).label),
      ['big', 'stats'],
    );
    assert.match(describeNode(at(maps, 0)).description ?? '', /hash · key 4B · value 4B · max 10/);
  });

  it('pages 200 at a time with "Load more", then the last page has none', async () => {
    const src = scripted(450);
    const model = new MapTreeModel();
    model.setSources([src]);
    const map = (await model.children(at(await model.children(at(await model.children(), 0)), 0)))[0] as Extract<
      MapNode,
      { kind: 'map' }
    >;
    let kids = await model.children(map);
    assert.equal(kids.length, PAGE + 1);
    const more = at(kids, PAGE);
    assert.equal(more.kind, 'more');
    assert.deepEqual(describeNode(more), { label: 'Load more…', description: '200 of 450 shown' });
    await model.loadMore(src, map.map);
    await model.loadMore(src, map.map);
    kids = await model.children(map);
    assert.equal(kids.length, 450);
    assert.ok(kids.every((k) => k.kind === 'entry'));
    assert.deepEqual(
      src.calls.filter((c) => c.startsWith('entries')),
      ['entries big 0 200', 'entries big 200 200', 'entries big 400 200'],
    );
    // Cached until invalidated.
    await model.children(map);
    assert.equal(src.calls.filter((c) => c.startsWith('entries')).length, 3);
    model.invalidateMap(src.id, 'big');
    assert.equal((await model.children(map)).length, PAGE + 1);
  });

  it('entries: key and value parts, per-CPU values per CPU, fields with raw bytes', async () => {
    const src = scripted(3);
    const model = new MapTreeModel();
    model.setSources([src]);
    const prog = at(await model.children(at(await model.children(), 0)), 0);
    const progMaps = await model.children(prog);
    const big = at(progMaps, 0, 'big');
    const stats = at(progMaps, 1, 'stats');
    const e0 = at(await model.children(big), 0, 'e0');
    assert.deepEqual(describeNode(e0), {
      label: '0',
      description: '{ip=10.0.0.1}',
      tooltip: 'key 00000000\nvalue 0a000001',
    });
    const parts = await model.children(e0);
    assert.deepEqual(
      parts.map((p) => describeNode(p).label),
      ['key', 'value'],
    );
    const ip = at(await model.children(at(parts, 1)), 0, 'ip');
    assert.equal(describeNode(ip).description, '10.0.0.1 (16777226) · raw 0a000001');
    const s0 = at(await model.children(stats), 0, 's0');
    assert.equal(describeNode(s0).description, '2 CPUs: 1 | 2');
    assert.deepEqual(
      (await model.children(s0)).map((p) => describeNode(p).label),
      ['key', 'cpu 0', 'cpu 1'],
    );
  });

  it('a failing source shows its sentence; focus limits the tree to chosen maps; seeded data serves after the end', async () => {
    const model = new MapTreeModel();
    const bad = scripted(1, 'bpftool was not found');
    model.setSources([bad]);
    const root = at(await model.children(), 0, 'root');
    assert.deepEqual(
      (await model.children(root)).map((n) => [n.kind, describeNode(n).label]),
      [['error', 'bpftool was not found']],
    );
    const good = scripted(5);
    model.setSources([good]);
    model.invalidate(); // what Refresh does: the same source is asked again
    model.focusOn(good.id, ['jmp']);
    assert.deepEqual(
      (await model.children(at(await model.children(), 0))).map((n) => describeNode(n).label),
      ['jmp'],
    );
    model.focusOn(good.id, undefined);
    model.seed(good.id, await good.list(), { big: { mapId: 'big', entries: [entry(7)], total: 1 } });
    const calls = good.calls.length;
    const prog = at(await model.children(at(await model.children(), 0)), 0);
    const big = at(await model.children(prog), 0, 'big');
    assert.equal(describeNode(at(await model.children(big), 0)).label, '7');
    assert.equal(good.calls.length, calls);
  });
});

describe('trace line store', () => {
  const line = (i: number, program = 'xdp_lb'): TraceLine => ({
    time: i,
    timeText: String(i),
    cpu: i % 2,
    comm: 'bpftool',
    pid: 1,
    program,
    message: `line ${i}`,
    source: 'linux',
  });

  it('keeps at most the limit, dropping the oldest, and filters incrementally', () => {
    const b = new TraceBuffer(1000);
    for (let i = 0; i < 2500; i++) b.append([line(i, i % 3 === 0 ? 'a' : 'b')]);
    assert.ok(b.size <= 1000 && b.size >= 900, String(b.size));
    assert.equal(b.visibleAt(b.visibleCount - 1)?.message, 'line 2499');
    b.setFilter({ text: '', program: 'a' });
    assert.ok(Array.from({ length: b.visibleCount }, (_, i) => b.visibleAt(i)).every((l) => l?.program === 'a'));
    b.append([line(3000, 'a'), line(3001, 'b')]);
    assert.equal(b.visibleAt(b.visibleCount - 1)?.message, 'line 3000');
    assert.ok(b.setFilter({ text: '/^line 24\\d\\d /', program: '' }).ok);
    assert.equal(b.visibleCount, 100);
    assert.deepEqual(b.programs, new Set(['a', 'b']));
  });

  it('bad regexes are reported, text is case-insensitive, the window covers the viewport', () => {
    const c = compileFilter({ text: '/(/', program: '' });
    assert.equal(c.ok, false);
    const t = compileFilter({ text: 'LINE 5', program: '' });
    assert.ok(t.ok && t.test(line(5)));
    const b = new TraceBuffer();
    for (let i = 0; i < 1000; i++) b.append([line(i)]);
    assert.deepEqual(b.window(2000, 400, 20, 10), { first: 90, last: 130 });
    assert.equal(
      lineText({ ...line(1), callSite: { file: 'lb.c', line: 9 } }),
      '1\t[001]\tbpftool-1\txdp_lb\tline 1\tlb.c:9',
    );
    b.clear();
    assert.equal(b.visibleCount, 0);
  });
});
