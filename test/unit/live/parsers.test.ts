// Every live-output parser against recorded (Linux) and reconstructed (Windows) output; see
// test/fixtures/live/README.md for which is which.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  entryView,
  mapInfo,
  parseMapDump,
  parseMapShow,
  parseProgShow,
  programInfo,
  BpftoolOutputError,
} from '../../../core/live/bpftool';
import { parseNetshMaps, parseNetshPrograms, NetshOutputError } from '../../../core/live/netsh';
import { LineSplitter, parseTracePipeLine } from '../../../core/live/tracePipe';
import { isPrintkRecord, parseTracefmtLine } from '../../../core/live/tracefmt';
import { at, defined } from '../../support/at';

const FIX = path.resolve(__dirname, '../../fixtures/live');
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'utf8');

describe('bpftool JSON (Linux, recorded)', () => {
  it('prog show: id, type, name, map ids, tag', () => {
    const p = at(parseProgShow(read('linux/prog-show.json')), 0, 'program');
    assert.equal(p.type, 'xdp');
    assert.equal(p.name, 'probe');
    assert.deepEqual(p.map_ids, [27, 30]);
    const info = programInfo(p);
    assert.deepEqual(info.mapIds, ['27', '30']);
    assert.equal(info.details?.tag, 'c7a363a11d15ba78');
  });

  it('map show: sizes, per-CPU, frozen maps are read-only', () => {
    const maps = parseMapShow(read('linux/map-show.json')).map((m) => mapInfo(m, true));
    assert.deepEqual(
      maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries, m.perCpu, m.writable]),
      [
        ['counts', 'percpu_array', 4, 8, 2, true, true],
        ['flows', 'hash', 16, 24, 64, false, true],
        ['prog.rodata', 'array', 4, 22, 1, false, false],
      ],
    );
  });

  it('map dump with BTF: raw bytes and formatted fields, addresses decoded by name', () => {
    const e = at(parseMapDump(read('linux/map-dump-hash-btf.json')), 0, 'entry');
    assert.equal(e.key.length, 16);
    const map = mapInfo(at(parseMapShow(read('linux/map-show.json')), 1, 'map 1'), true);
    const v = entryView(map, e);
    const saddr = v.key.fields?.find((f) => f.name === 'saddr');
    assert.equal(saddr?.format, 'ipv4');
    assert.match(saddr?.value ?? '', /^10\.0\.0\.1 /);
    assert.equal(saddr?.raw, '0a000001');
    const sport = v.key.fields?.find((f) => f.name === 'sport');
    assert.equal(sport?.format, 'port');
    assert.match(sport?.value ?? '', /^8080 /);
    const mac = v.value?.fields?.find((f) => f.name === 'mac');
    assert.equal(mac?.value, '00:11:22:33:44:55');
    assert.equal(v.value?.fields?.find((f) => f.name === 'packets')?.value, '5');
    assert.match(v.value?.text ?? '', /packets=5, bytes=1500/);
  });

  it('map dump of a per-CPU map: one value per CPU', () => {
    const entries = parseMapDump(read('linux/map-dump-percpu.json'));
    assert.equal(entries.length, 2);
    assert.equal(at(entries, 0, 'entries[0]').values?.length, 2);
    const map = mapInfo(at(parseMapShow(read('linux/map-show.json')), 0, 'map 0'), true);
    const v = entryView(map, at(entries, 0, 'entries[0]'));
    assert.equal(v.values?.length, 2);
    assert.equal(v.values?.[0]?.text, '0');
  });

  it('frozen .rodata dump and the {"error"} answer', () => {
    const e = at(parseMapDump(read('linux/map-dump-rodata.json')), 0, 'entry');
    assert.equal(new TextDecoder().decode(defined(e.value, 'the value')).replace(/\0+$/, ''), 'probe len %d proto %u');
    assert.throws(() => parseMapDump(read('linux/error-delete.json')), BpftoolOutputError);
    assert.throws(() => parseProgShow('not json'), /not JSON/);
  });
});

describe('bpftool JSON (eBPF for Windows fork, reconstructed)', () => {
  it('prog and map show', () => {
    const progs = parseProgShow(read('windows/bpftool-prog-show.json')).map(programInfo);
    assert.deepEqual(
      progs.map((p) => [p.id, p.type, p.name]),
      [
        ['196609', 'xdp', 'caller'],
        ['327681', 'bind', 'BindMonitor'],
      ],
    );
    const maps = parseMapShow(read('windows/bpftool-map-show.json')).map((m) => mapInfo(m, true));
    assert.equal(at(maps, 0, 'maps[0]').valueLink, 'program');
    assert.equal(at(maps, 1, 'maps[1]').perCpu, true);
  });

  it('prog_array values link to programs by id, per-CPU values per CPU, hex fallback', () => {
    const maps = parseMapShow(read('windows/bpftool-map-show.json')).map((m) => mapInfo(m, true));
    const pa = at(parseMapDump(read('windows/bpftool-map-dump-prog-array.json')), 0, 'entry');
    const v = entryView(at(maps, 0, 'maps[0]'), pa, (kind, id) =>
      kind === 'program' && id === '262145' ? 'callee' : undefined,
    );
    assert.deepEqual(v.link, { kind: 'program', id: '262145', name: 'callee' });
    const per = parseMapDump(read('windows/bpftool-map-dump-percpu.json'));
    const pv = entryView(at(maps, 1, 'maps[1]'), at(per, 0, 'per[0]'));
    assert.deepEqual(
      pv.values?.map((x) => x.hex),
      ['0500000000000000', '2a00000000000000'],
    );
    assert.match(pv.values?.[1]?.text ?? '', /\(42\)$/);
    const h = at(parseMapDump(read('windows/bpftool-map-dump-hash.json')), 0, 'entry');
    const hv = entryView(at(maps, 2, 'maps[2]'), h);
    assert.equal(hv.key.text, '70 17 00 00 00 00 00 00 (6000)');
    assert.equal(hv.value?.fields, undefined);
  });
});

describe('netsh ebpf show (reconstructed)', () => {
  it('show programs', () => {
    const p = parseNetshPrograms(read('windows/netsh-show-programs.txt'));
    assert.deepEqual(
      p.map((x) => [x.id, x.type, x.name, x.details?.mode, x.details?.pins]),
      [
        ['196609', 'xdp', 'caller', 'JIT', '1'],
        ['262145', 'xdp', 'callee', 'JIT', '0'],
        ['327681', 'bind', 'BindMonitor', 'NATIVE', '1'],
      ],
    );
  });

  it('show maps: ids, types, sizes, inner ids', () => {
    const m = parseNetshMaps(read('windows/netsh-show-maps.txt'));
    assert.deepEqual(
      m.map((x) => [x.id, x.type, x.keySize, x.valueSize, x.maxEntries, x.name, x.perCpu, x.valueLink]),
      [
        ['65537', 'hash', 4, 4, 1, 'inner_map', false, undefined],
        ['131073', 'array_of_maps', 4, 4, 1, 'outer_map', false, 'map'],
        ['131074', 'lru_percpu_hash', 16, 8, 1024, 'flow_stats', true, undefined],
      ],
    );
  });

  it('older layout: display names with spaces, no ID column', () => {
    const m = parseNetshMaps(read('windows/netsh-show-maps-legacy.txt'));
    assert.deepEqual(
      m.map((x) => [x.id, x.type, x.keySize, x.maxEntries]),
      [
        ['#1', 'hash_of_maps', 4, 2],
        ['#2', 'array', 4, 1],
      ],
    );
  });

  it('an empty table has no rows; other text is an error', () => {
    assert.deepEqual(
      parseNetshPrograms(
        '\n    ID  Pins  Links  Mode       Type           Name\n======  ====  =====  =========  =============  ====================\n',
      ),
      [],
    );
    assert.throws(() => parseNetshMaps('The following command was not found: ebpf show maps.'), NetshOutputError);
  });
});

describe('trace_pipe (Linux)', () => {
  it('recorded lines: comm, pid, cpu, time, message', () => {
    const lines = read('linux/trace_pipe.txt').trim().split('\n').map(parseTracePipeLine);
    assert.equal(lines.length, 3);
    const [first] = lines;
    assert.equal(first?.comm, 'bpftool');
    assert.equal(first?.pid, 11024);
    assert.equal(first?.cpu, 1);
    assert.equal(first?.flags, 'b..11');
    assert.equal(first?.time, 411.178034);
    assert.equal(first?.event, 'bpf_trace_printk');
    assert.equal(first?.message, 'probe len 64 proto 7');
  });

  it('variants: idle task, dashes and spaces in comm, tgid column, no flags, other events, lost events', () => {
    const r = read('linux/trace_pipe-variants.txt').split('\n').map(parseTracePipeLine);
    assert.equal(r[0]?.comm, '<idle>');
    assert.equal(r[0]?.pid, 0);
    assert.equal(r[1]?.comm, 'kworker/u4:2-mm');
    assert.equal(r[1]?.pid, 4821);
    assert.equal(r[1]?.message, 'probe len -1 proto 0');
    assert.equal(r[2]?.pid, 31337);
    assert.equal(r[2]?.cpu, 3);
    assert.equal(r[3]?.flags, undefined);
    assert.equal(r[3]?.message, 'old kernel line without flags');
    assert.equal(r[4]?.comm, 'my app-server');
    assert.equal(r[4]?.event, 'sched_switch');
    assert.equal(r[5], undefined);
  });

  it('line splitter keeps partial lines for the next chunk', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.push('c\r\nd'), ['bc']);
    assert.deepEqual(s.flush(), ['d']);
  });
});

describe('tracefmt (eBPF for Windows ETW, reconstructed)', () => {
  it('documented line: cpu, hex pid/tid, time, provider, Message', () => {
    const lines = read('windows/tracefmt.txt').split('\n').filter(Boolean);
    const r = parseTracefmtLine(at(lines, 0, 'lines[0]'));
    assert.ok(r);
    assert.equal(r.cpu, 3);
    assert.equal(r.pid, 0x1760);
    assert.equal(r.tid, 0x1910);
    assert.equal(r.timeText, '03/10/2022-13:56:14.226');
    assert.equal(new Date(r.time * 1000).getMinutes(), 56);
    assert.equal(r.provider, 'EbpfForWindowsProvider');
    assert.equal(r.message, 'Hello, world');
    assert.ok(isPrintkRecord(r));
    const other = parseTracefmtLine(at(lines, 2, 'lines[2]'));
    assert.ok(other && !isPrintkRecord(other));
    assert.equal(parseTracefmtLine(at(lines, 3, 'lines[3]')), undefined);
  });

  it('-jsonMeta 1 lines', () => {
    const r = parseTracefmtLine(
      '{"meta":{"provider":"EbpfForWindowsProvider","event":"EbpfGenericMessage","time":"2022-03-10T13:56:14.2260000Z","cpu":2,"pid":6000,"tid":6416,"channel":11,"level":4,"keywords":"0x200"},"Message":"x=5"}',
    );
    assert.equal(r?.message, 'x=5');
    assert.equal(r?.cpu, 2);
    assert.equal(r?.pid, 6000);
    assert.ok(r && isPrintkRecord(r));
  });
});
