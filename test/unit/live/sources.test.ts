// The map sources and printk call-site matching: a VM session's maps (BTF-decoded, paged, edited),
// bpftool through a recorded runner (explanations for missing tool / privileges, validation before
// writing), and typed input for keys and values.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { BpftoolMapSource } from '../../../core/live/bpftoolSource';
import { PrintkMatcher, formatRegex, printkCallSites } from '../../../core/live/callSites';
import { addressFormat, decodeBtf, formatAddress } from '../../../core/live/decode';
import { encodeField, encodeInput, hexToBytes, InputError } from '../../../core/live/bytes';
import type { CommandRunner, RunResult } from '../../../core/live/source';
import { LiveSourceError } from '../../../core/live/source';
import { VmMapSource, findMapDeclaration } from '../../../core/live/vmSource';
import { WindowsMapSource } from '../../../core/live/windowsSource';
import { loadObject, type LoadedObject } from '../../../core/program/loader';
import { Vm } from '../../../core/vm/vm';
import { compileFixture } from '../../support/clang';
import { at } from '../../support/at';

const FIX = path.resolve(__dirname, '../../fixtures/live');
const PROBE = path.join(FIX, 'linux/probe.c');

describe('typed input for keys and values', () => {
  it('integers little-endian, hex bytes exact, out of range refused', () => {
    assert.deepEqual([...encodeInput('5', 4)], [5, 0, 0, 0]);
    assert.deepEqual([...encodeInput('-1', 2)], [0xff, 0xff]);
    assert.deepEqual([...encodeInput('0x0102', 2)], [2, 1]);
    assert.deepEqual([...encodeInput('0a 00 00 01', 4)], [10, 0, 0, 1]);
    assert.deepEqual([...encodeInput('deadbeef', 4)], [0xde, 0xad, 0xbe, 0xef]);
    assert.throws(() => encodeInput('256', 1), InputError);
    assert.throws(() => encodeInput('0a 00', 4), /2 bytes given, the map needs exactly 4/);
    assert.throws(() => encodeInput('zz', 1), /'z' at character 1 is not a hex digit/);
    assert.throws(() => hexToBytes('abc'), InputError);
  });

  it('addresses and ports by format', () => {
    assert.deepEqual([...encodeField('10.0.0.1', 4, 'ipv4')], [10, 0, 0, 1]);
    assert.deepEqual([...encodeField('8080', 2, 'port')], [0x1f, 0x90]);
    assert.deepEqual([...encodeField('00:11:22:33:44:55', 6, 'mac')], [0, 0x11, 0x22, 0x33, 0x44, 0x55]);
    assert.equal(formatAddress('ipv6', encodeField('2001:db8::1', 16, 'ipv6')), '2001:db8::1');
    assert.throws(() => encodeField('300.0.0.1', 4, 'ipv4'), /not an IPv4/);
    assert.throws(() => encodeField('70000', 2, 'port'), /above 65535/);
  });

  it('recognises address fields by name and size only', () => {
    assert.equal(addressFormat('saddr', 4), 'ipv4');
    assert.equal(addressFormat('dst_ip6', 16), 'ipv6');
    assert.equal(addressFormat('dport', 2), 'port');
    assert.equal(addressFormat('h_source', 6), 'mac');
    assert.equal(addressFormat('saddr', 8), undefined);
    assert.equal(addressFormat('packets', 4), undefined);
  });
});

describe("a debug session's maps (VmMapSource) and printk call sites", () => {
  let object: LoadedObject | undefined;
  let skip: string | undefined;
  let sourceText = '';
  before(() => {
    const c = compileFixture(PROBE, { platform: 'linux' });
    if ('skip' in c) {
      skip = c.skip;
      console.log(`skipping VM source tests: ${c.skip}`);
      return;
    }
    sourceText = fs.readFileSync(PROBE, 'utf8');
    object = loadObject(c.bytes, { platform: 'linux', sourceText, fileName: 'probe.o' });
  });

  it('lists programs with their maps, and maps with declarations', async (t) => {
    if (!object) return t.skip(skip);
    const vm = new Vm(object.programs, { cpus: 2 });
    const src = new VmMapSource(vm, { sourceText, sourceFile: PROBE });
    const { programs, maps } = await src.list();
    assert.equal(at(programs, 0, 'programs[0]').name, 'probe');
    assert.ok(at(programs, 0, 'programs[0]').mapIds.includes('counts'));
    const flows = maps.find((m) => m.name === 'flows');
    assert.deepEqual(flows?.declaration, {
      file: PROBE,
      line: sourceText.split('\n').findIndex((l) => l.includes('} flows SEC')) + 1,
    });
    assert.equal(maps.find((m) => m.name === 'counts')?.perCpu, true);
  });

  it('decodes struct keys and values through BTF, addresses decoded and raw', async (t) => {
    if (!object) return t.skip(skip);
    const vm = new Vm(object.programs, { cpus: 2 });
    const src = new VmMapSource(vm, { sourceText, sourceFile: PROBE });
    await src.update('flows', '0a000001c0a802011f900050060000', '05'.padEnd(48, '0')).then(
      () => assert.fail('a short key must be refused'),
      (e: Error) => assert.match(e.message, /key: 15 bytes given, map 'flows' needs 16/),
    );
    const key = '0a000001c0a801021f90005006000000';
    const value = '0500000000000000dc050000000000000011223344550b00';
    await src.update('flows', key, value);
    const page = await src.entries('flows', 0, 200);
    assert.equal(page.total, 1);
    const e = at(page.entries, 0, 'entry');
    const f = (name: string) => e.key.fields?.find((x) => x.name === name);
    assert.equal(f('saddr')?.value, '10.0.0.1 (16777226)');
    assert.equal(f('saddr')?.raw, '0a000001');
    assert.equal(f('daddr')?.value.split(' ')[0], '192.168.1.2');
    assert.equal(f('sport')?.value.split(' ')[0], '8080');
    assert.equal(f('dport')?.format, 'port');
    assert.equal(f('proto')?.value, '6');
    const v = (name: string) => e.value?.fields?.find((x) => x.name === name);
    assert.equal(v('packets')?.value, '5');
    assert.equal(v('packets')?.offset, 0);
    assert.equal(v('packets')?.size, 8);
    assert.equal(v('mac')?.value, '00:11:22:33:44:55');
    assert.equal(v('flags')?.value, '3');
    assert.equal(v('kind')?.value, '1');
    assert.match(e.key.text, /^\{saddr=10\.0\.0\.1, daddr=192\.168\.1\.2, sport=8080, dport=80, proto=6/);
    assert.deepEqual(await src.exportJson(['flows']), { flows: [{ key, value }] });
    await src.remove('flows', key);
    assert.equal((await src.entries('flows', 0, 10)).total, 0);
    await assert.rejects(src.remove('flows', key), /delete refused \(ENOENT\)/);
  });

  it('per-CPU values per CPU, after a run; arrays cannot lose entries; .rodata is read-only', async (t) => {
    if (!object) return t.skip(skip);
    const vm = new Vm(object.programs, { cpus: 2 });
    vm.run({ packet: new Uint8Array(64) });
    const src = new VmMapSource(vm);
    const page = await src.entries('counts', 0, 200);
    assert.equal(page.total, 2);
    assert.equal(at(page.entries, 0, 'page.entries[0]').values?.length, 2);
    assert.deepEqual(
      at(page.entries, 0, 'page.entries[0]').values?.map((v) => v.text),
      vm
        .map('counts')
        ?.get(new Uint8Array(4))
        ?.values.map((b) => String(b[0])),
    );
    await src.update('counts', '00000000', ['0700000000000000', '0900000000000000']);
    assert.deepEqual(
      at((await src.entries('counts', 0, 1)).entries, 0, 'entry').values?.map((v) => v.text),
      ['7', '9'],
    );
    await assert.rejects(src.remove('counts', '00000000'), /array entries cannot be deleted/);
    const rodata = (await src.list()).maps.find((m) => m.name.includes('rodata'));
    assert.ok(rodata && !rodata.writable);
    await assert.rejects(src.update(rodata.id, '00000000', '00'.repeat(rodata.valueSize)), /read-only/);
  });

  it('pages a large map 200 at a time', async (t) => {
    if (!object) return t.skip(skip);
    const vm = new Vm(object.programs, { cpus: 1 });
    const map = vm.map('flows');
    assert.ok(map);
    for (let i = 0; i < 64; i++) {
      const k = new Uint8Array(16);
      k[0] = i;
      map.set(k, new Uint8Array(24));
    }
    const src = new VmMapSource(vm);
    const first = await src.entries('flows', 0, 50);
    assert.equal(first.entries.length, 50);
    assert.equal(first.next, 50);
    const rest = await src.entries('flows', 50, 50);
    assert.equal(rest.entries.length, 14);
    assert.equal(rest.next, undefined);
  });

  it('finds the printk format in .rodata and maps a printed line to its C line', (t) => {
    if (!object) return t.skip(skip);
    const sites = printkCallSites(at(object.programs, 0, 'object.programs[0]'));
    assert.equal(sites.length, 1);
    assert.equal(at(sites, 0, 'sites[0]').format, 'probe len %d proto %u');
    const line = sourceText.split('\n').findIndex((l) => l.includes('bpf_printk')) + 1;
    assert.equal(at(sites, 0, 'sites[0]').source?.line, line);
    const matcher = new PrintkMatcher(sites);
    assert.equal(matcher.match('probe len 64 proto 7')?.program, 'probe');
    assert.equal(matcher.match('probe len 64 proto 7\n')?.pc, at(sites, 0, 'sites[0]').pc);
    assert.equal(matcher.match('probe len x proto 7'), undefined);
    // The VM's own printk of the same call agrees.
    const vm = new Vm(object.programs, { cpus: 1 });
    const r = vm.run({ packet: new Uint8Array(64) });
    assert.equal(at(r.printk, 0, 'r.printk[0]').text?.replace(/\n$/, ''), 'probe len 64 proto 7');
    assert.equal(
      matcher.match(at(r.printk, 0, 'r.printk[0]').text ?? '')?.source?.line,
      at(r.printk, 0, 'r.printk[0]').source?.line,
    );
  });

  it('format strings on the stack (legacy char fmt[] = "...") are found too', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackfmt-'));
    const file = path.join(dir, 'stackfmt.c');
    fs.writeFileSync(
      file,
      '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("xdp") int f(struct xdp_md *ctx) {\n  char fmt[] = "len=%d!";\n  bpf_trace_printk(fmt, sizeof(fmt), ctx->data_end - ctx->data);\n  return XDP_PASS;\n}\nchar LICENSE[] SEC("license") = "GPL";\n',
    );
    const c = compileFixture(file, { platform: 'linux' });
    if ('skip' in c) return t.skip(c.skip);
    const o = loadObject(c.bytes, { platform: 'linux', fileName: 'stackfmt.o' });
    const sites = printkCallSites(at(o.programs, 0, 'o.programs[0]'));
    assert.deepEqual(
      sites.map((s) => [s.format, s.source?.line]),
      [['len=%d!', 5]],
    );
  });

  it('the most specific format wins; conversions become patterns', () => {
    const m = new PrintkMatcher([
      { program: 'a', pc: 1, format: 'value %d' },
      { program: 'b', pc: 2, format: 'value %d of map %s' },
      { program: 'c', pc: 3, format: '100%% at %x, ip %pI4\n' },
    ]);
    assert.equal(m.match('value 5')?.program, 'a');
    assert.equal(m.match('value 5 of map flows')?.program, 'b');
    assert.equal(m.match('100% at 1f, ip 10.0.0.1')?.program, 'c');
    assert.equal(formatRegex('a.b%lld').literal, 3);
  });
});

function fakeRunner(answers: Record<string, Partial<RunResult>>, calls: string[][] = []): CommandRunner {
  return async (command, args) => {
    calls.push([command, ...args]);
    const key = [command, ...args].join(' ');
    const match = Object.keys(answers).find((k) => key.startsWith(k));
    const a = match ? answers[match] : { code: 1, stderr: `unexpected: ${key}` };
    return { code: 0, stdout: '', stderr: '', ...a };
  };
}

const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'utf8');
const enoent = Object.assign(new Error('spawn bpftool ENOENT'), { code: 'ENOENT' });

describe('bpftool source (recorded output)', () => {
  it('lists, pages and decodes; writes with bpftool map update after validating sizes', async () => {
    const calls: string[][] = [];
    const src = new BpftoolMapSource({
      platform: 'linux',
      run: fakeRunner(
        {
          'bpftool -j prog show': { stdout: read('linux/prog-show.json') },
          'bpftool -j map show': { stdout: read('linux/map-show.json') },
          'bpftool -j map dump id 28': { stdout: read('linux/map-dump-hash-btf.json') },
          'bpftool -j map update': { stdout: '' },
        },
        calls,
      ),
    });
    const { programs, maps } = await src.list();
    assert.equal(at(programs, 0, 'programs[0]').name, 'probe');
    assert.equal(maps.length, 3);
    const page = await src.entries('28', 0, 200);
    assert.equal(page.total, 1);
    assert.match(at(page.entries, 0, 'page.entries[0]').key.text, /saddr=10\.0\.0\.1/);
    await assert.rejects(src.update('28', '00', '00'), /key: 1 bytes given, map 'flows' needs 16/);
    await assert.rejects(src.update('30', '00000000', '00'.repeat(22)), /read-only/);
    await src.update('28', '00'.repeat(16), '01'.padEnd(48, '0'));
    const upd = calls.find((c) => c[2] === 'map' && c[3] === 'update');
    assert.deepEqual(upd?.slice(0, 8), ['bpftool', '-j', 'map', 'update', 'id', '28', 'key', 'hex']);
    assert.equal(upd?.at(-1), 'any');
    assert.equal(upd?.length, 6 + 2 + 16 + 2 + 24 + 1);
  });

  it('explains a missing bpftool and missing privileges plainly', async () => {
    const missing = new BpftoolMapSource({
      platform: 'linux',
      run: fakeRunner({ bpftool: { code: null, spawnError: enoent } }),
    });
    await assert.rejects(
      missing.list(),
      (e: Error) => e instanceof LiveSourceError && /bpftool was not found. Install it/.test(e.message),
    );
    const denied = new BpftoolMapSource({
      platform: 'linux',
      run: fakeRunner({
        bpftool: { code: 255, stdout: '{"error":"can\'t get next program: Operation not permitted"}' },
      }),
    });
    await assert.rejects(denied.list(), /needs root .*Operation not permitted/);
  });

  it('Windows: netsh lists when bpftool is missing, and says why entries cannot be read', async () => {
    const src = new WindowsMapSource({
      run: fakeRunner({
        bpftool: { code: null, spawnError: enoent },
        'netsh ebpf show programs': { stdout: read('windows/netsh-show-programs.txt') },
        'netsh ebpf show maps': { stdout: read('windows/netsh-show-maps.txt') },
      }),
    });
    const { programs, maps } = await src.list();
    assert.equal(programs.length, 3);
    assert.equal(at(maps, 1, 'maps[1]').name, 'outer_map');
    await assert.rejects(src.entries(at(maps, 0, 'maps[0]').id, 0, 10), /netsh lists maps but cannot read/);
  });

  it('Windows: the bpftool fork when present', async () => {
    const src = new WindowsMapSource({
      run: fakeRunner({
        'bpftool -j prog show': { stdout: read('windows/bpftool-prog-show.json') },
        'bpftool -j map show': { stdout: read('windows/bpftool-map-show.json') },
        'bpftool -j map dump id 131073': { stdout: read('windows/bpftool-map-dump-percpu.json') },
      }),
    });
    await src.list();
    const page = await src.entries('131073', 0, 10);
    assert.equal(at(page.entries, 0, 'page.entries[0]').values?.length, 2);
  });
});

describe('map declarations and BTF decoding edge cases', () => {
  it('finds BTF and legacy map declarations', () => {
    const text =
      'struct {\n  __uint(type, 1);\n} flows SEC(".maps");\nstruct bpf_map_def SEC("maps") legacy = {};\nint flows_seen;\n';
    assert.equal(findMapDeclaration(text, 'flows'), 3);
    assert.equal(findMapDeclaration(text, 'legacy'), 4);
    assert.equal(findMapDeclaration(text, 'missing'), undefined);
  });

  it('hex fallback without BTF', () => {
    const d = decodeBtf(undefined, 0, Uint8Array.of(1, 0, 0, 0));
    assert.equal(d.text, '01 00 00 00 (1)');
    assert.equal(d.fields, undefined);
  });
});
