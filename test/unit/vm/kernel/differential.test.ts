// Differential tests against the Linux kernel: each C fixture in test/fixtures/vm is compiled with
// clang, loaded with bpftool and run with BPF_PROG_TEST_RUN (`bpftool prog run`) on the same
// packets as our VM; return values, output packets and map contents must agree. Skipped with the
// reason where the kernel cannot be used (not root, no bpftool/clang, load refused).
import { strict as assert } from 'node:assert';
import { APT, externalSkip } from '../../../support/skip';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { linuxProfile } from '../../../../core/platform/index';
import { loadObject } from '../../../../core/program/loader';
import { Vm } from '../../../../core/vm/vm';
import { defined } from '../../../support/at';

const fixtures = path.resolve(__dirname, '../../../fixtures/vm');

function run(cmd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: (r.error?.message ?? '') + (r.stderr ?? '') };
}

function unavailable(): string | undefined {
  const how = 'run the tests as root on Linux with bpftool installed';
  if (process.platform !== 'linux') return externalSkip('a Linux kernel', how);
  if (process.getuid?.() !== 0) return externalSkip('root (to load BPF programs)', how);
  if (!run('bpftool', ['version']).ok) return externalSkip('bpftool', APT.bpftool);
  if (!run('clang', ['--version']).ok) return externalSkip('clang', APT.clang);
  if (!fs.existsSync('/sys/fs/bpf')) return externalSkip('bpffs at /sys/fs/bpf', 'mount -t bpf bpf /sys/fs/bpf');
  return undefined;
}

// ---- packets ----
function frame(proto: number, l4: number[], opts: { ethType?: number; payload?: number[] } = {}): Uint8Array {
  const eth = [
    0x02,
    0,
    0,
    0,
    0,
    0x01,
    0x02,
    0,
    0,
    0,
    0,
    0x02,
    (opts.ethType ?? 0x0800) >> 8,
    (opts.ethType ?? 0x0800) & 0xff,
  ];
  if ((opts.ethType ?? 0x0800) !== 0x0800) return Uint8Array.from([...eth, ...(opts.payload ?? [])]);
  const body = [...l4, ...(opts.payload ?? [])];
  const total = 20 + body.length;
  const ip = [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    0x12,
    0x34,
    0x40,
    0,
    64,
    proto,
    0xab,
    0xcd,
    192,
    168,
    1,
    10,
    10,
    0,
    0,
    100,
  ];
  return Uint8Array.from([...eth, ...ip, ...body]);
}
const udp = (sport: number, dport: number, check: number, payload: number[]) =>
  frame(17, [sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, 0, 8 + payload.length, check >> 8, check & 0xff], {
    payload,
  });
const tcp = (sport: number, dport: number) =>
  frame(6, [
    sport >> 8,
    sport & 0xff,
    dport >> 8,
    dport & 0xff,
    1,
    2,
    3,
    4,
    0,
    0,
    0,
    0,
    0x50,
    0x02,
    0xfa,
    0xf0,
    0x12,
    0x34,
    0,
    0,
  ]);

const PACKETS: Uint8Array[] = [
  udp(40000, 53, 0, [1, 2, 3, 4, 5]),
  udp(40001, 7, 0xbeef, [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0x21, 0x00]),
  tcp(50000, 9),
  tcp(50000, 80),
  frame(0, [], { ethType: 0x0806, payload: Array.from({ length: 28 }, (_, i) => i) }),
  frame(1, [8, 0, 0xf7, 0xff, 0, 0, 0, 0]),
  udp(
    1,
    2,
    0xffff,
    Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff),
  ),
  tcp(65535, 443),
];

interface Fixture {
  readonly file: string;
  readonly cflags?: string[];
  /** Socket filters see the packet from the network header on in BPF_PROG_TEST_RUN. */
  readonly l3?: boolean;
}

const FIXTURES: Fixture[] = [
  { file: 'xdp_parse.c' },
  { file: 'xdp_arith.c' },
  { file: 'xdp_atomics.c', cflags: ['-mcpu=v3'] },
  { file: 'socket_filter.c', l3: true },
  { file: 'xdp_callbacks.c' },
  { file: 'xdp_maps.c' },
];

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface DumpEntry {
  key: string[];
  value?: string[];
  values?: { cpu: number; value: string[] }[];
}

describe('kernel differential (BPF_PROG_TEST_RUN)', () => {
  const reason = unavailable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-kdiff-'));
  const pins: string[] = [];
  after(() => {
    for (const p of pins) fs.rmSync(p, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const fx of FIXTURES) {
    it(fx.file, (t) => {
      if (reason) return t.skip(reason);
      const name = path.basename(fx.file, '.c');
      const obj = path.join(dir, `${name}.o`);
      const cc = run('clang', [
        '-target',
        'bpf',
        '-O2',
        '-g',
        ...(fx.cflags ?? []),
        '-I/usr/include/x86_64-linux-gnu',
        '-c',
        path.join(fixtures, fx.file),
        '-o',
        obj,
      ]);
      assert.ok(cc.ok, `clang failed: ${cc.err}`);
      const pin = `/sys/fs/bpf/ebpf_vm_${name}_${process.pid}`;
      const mapPin = `${pin}_maps`;
      pins.push(pin, mapPin);
      const load = run('bpftool', ['prog', 'load', obj, pin, 'pinmaps', mapPin]);
      if (!load.ok)
        return t.skip(
          externalSkip(
            `a kernel that loads ${fx.file} (${load.err.trim().split('\n').slice(-2).join(' ')})`,
            'run on a recent Linux kernel as root',
          ),
        );

      const loaded = loadObject(new Uint8Array(fs.readFileSync(obj)), { fileName: obj, platform: linuxProfile });
      const vm = new Vm(loaded.programs, { seed: 1 });
      PACKETS.forEach((packet, i) => {
        const input = path.join(dir, `${name}-${i}.in`);
        const output = path.join(dir, `${name}-${i}.out`);
        fs.writeFileSync(input, packet);
        const k = run('bpftool', ['prog', 'run', 'pinned', pin, 'data_in', input, 'data_out', output, 'repeat', '1']);
        assert.ok(k.ok, `bpftool prog run failed: ${k.err}`);
        const m = /Return value: (\d+)/.exec(k.out);
        assert.ok(m, `unexpected bpftool output: ${k.out}`);
        const ours = vm.run({ packet: fx.l3 ? packet.subarray(14) : packet });
        assert.equal(ours.error, undefined, `packet ${i}: ${ours.error?.message}`);
        assert.equal(
          ours.returnValue,
          BigInt(defined(m[1], 'bpftool return value')) & 0xffffffffn,
          `packet ${i}: return value`,
        );
        if (!fx.l3)
          assert.equal(
            hex(ours.packet ?? new Uint8Array()),
            hex(new Uint8Array(fs.readFileSync(output))),
            `packet ${i}: output packet`,
          );
      });

      for (const map of vm.maps) {
        if (map.def.origin === 'global-data') continue;
        // bpftool cannot dump keyless maps; the fixtures record their results in an array instead.
        if (map.kind === 'queue' || map.kind === 'stack' || map.kind === 'ringbuf' || map.kind === 'perf_event_array')
          continue;
        const dump = run('bpftool', ['-j', 'map', 'dump', 'pinned', path.join(mapPin, map.name)]);
        assert.ok(dump.ok, `bpftool map dump ${map.name}: ${dump.err}`);
        const kernel = new Map<string, string>();
        for (const e of JSON.parse(dump.out) as DumpEntry[]) {
          const key = e.key.map((b) => b.replace(/^0x/, '')).join('');
          if (e.value) kernel.set(key, e.value.map((b) => b.replace(/^0x/, '')).join(''));
        }
        const ours = new Map(map.entries().map((e) => [hex(e.key), hex(e.values[0])]));
        assert.deepEqual(
          Object.fromEntries([...ours].sort()),
          Object.fromEntries([...kernel].sort()),
          `map ${map.name}`,
        );
      }
      t.diagnostic(`${fx.file}: ${PACKETS.length} packets and ${vm.maps.length} maps agree with the kernel`);
    });
  }
});
