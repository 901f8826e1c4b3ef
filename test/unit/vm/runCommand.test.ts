// `ebpf run` on the examples: the load balancer over the sample capture, and the bind monitor
// from a context description. Compiled with clang at test time (skipped without clang).
import { strict as assert } from 'node:assert';
import { APT, externalSkip } from '../../support/skip';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { at } from '../../support/at';

const root = path.resolve(__dirname, '../../..');
const MAPS = {
  services: [
    { key: '0a00006400500600', value: '0000000002000000' },
    { key: '0a00006400351100', value: '0000000002000000' },
  ],
  backends: [
    { key: '00000000', value: '0a0001010200000001010000' },
    { key: '01000000', value: '0a0001020200000001020000' },
  ],
};

function io(): CliIo & { out: string; err: string } {
  const state = { out: '', err: '' };
  return Object.assign(state, {
    stdout: (t: string) => void (state.out += t),
    stderr: (t: string) => void (state.err += t),
    readFile: (p: string) => new Uint8Array(fs.readFileSync(p)),
    readText: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
  });
}

describe('ebpf run', () => {
  let dir = '';
  let lb = '';
  let bind = '';
  let skip: string | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-run-'));
    lb = path.join(dir, 'lb.o');
    bind = path.join(dir, 'bind.o');
    const sources: [string, string][] = [
      ['xdp_load_balancer.c', lb],
      ['bind_monitor.c', bind],
    ];
    for (const [src, out] of sources) {
      const r = spawnSync(
        'clang',
        [
          '-target',
          'bpf',
          '-O2',
          '-g',
          '-ffreestanding',
          '-I',
          path.join(root, 'include'),
          '-c',
          path.join(root, 'examples', src),
          '-o',
          out,
        ],
        { encoding: 'utf8' },
      );
      // Without clang this suite skips; with clang, a failed build is a failure.
      if (r.error) skip = externalSkip('clang', APT.clang);
      else assert.equal(r.status, 0, `clang could not build examples/${src}: ${r.stderr}`);
    }
    fs.writeFileSync(path.join(dir, 'maps.json'), JSON.stringify(MAPS));
  });

  it('runs the load balancer over every frame of the sample capture', (t) => {
    if (skip) return t.skip(skip);
    const c = io();
    const code = runCli(
      ['run', lb, '--pcap', path.join(root, 'examples/packets/sample.pcap'), '--maps', path.join(dir, 'maps.json')],
      c,
    );
    assert.equal(code, 0, c.err);
    assert.match(c.out, /frame 1: XDP_TX \(3\)/);
    assert.match(c.out, /frame 3: XDP_PASS \(1\)/);
    assert.match(c.out, /printk: lb: no service for a0000c8:80 proto 6 \(xdp_load_balancer.c:\d+\)/);
    assert.match(c.out, /summary: 4 runs: XDP_TX 2, XDP_PASS 2/);
    assert.match(c.out, /map stats:/);
  });

  it('prints JSON with --json and honours --frames', (t) => {
    if (skip) return t.skip(skip);
    const c = io();
    const code = runCli(
      [
        'run',
        lb,
        '--pcap',
        path.join(root, 'examples/packets/sample.pcap'),
        '--frames',
        '1',
        '--maps',
        JSON.stringify(MAPS),
        '--json',
      ],
      c,
    );
    assert.equal(code, 0, c.err);
    const json = JSON.parse(c.out) as { runs: { action: string; packet: string }[]; summary: unknown };
    assert.equal(json.runs.length, 1);
    assert.equal(at(json.runs, 0).action, 'XDP_TX');
    // The destination IP was rewritten to backend 10.0.1.1 or 10.0.1.2.
    assert.match(at(json.runs, 0).packet, /0a00010[12]/);
    assert.deepEqual(json.summary, { XDP_TX: 1 });
  });

  it('prints counts and the first distinct outcomes with --summary, counts only with --quiet', (t) => {
    if (skip) return t.skip(skip);
    const capture = path.join(root, 'examples/packets/sample.pcap');
    const c = io();
    const code = runCli(['run', lb, '--pcap', capture, '--maps', path.join(dir, 'maps.json'), '--summary'], c);
    assert.equal(code, 0, c.err);
    assert.doesNotMatch(c.out, /^frame \d+:/m);
    assert.match(c.out, /summary: 4 runs: XDP_TX 2, XDP_PASS 2/);
    assert.match(c.out, /first \d+ distinct outcomes \(first input, runs with it\):\n {2}frame 1 \(\d\): XDP_TX/);
    assert.match(c.out, /printk: lb: no service for a0000c8:80/);
    const one = io();
    runCli(['run', lb, '--pcap', capture, '--maps', path.join(dir, 'maps.json'), '--summary', '--distinct', '1'], one);
    assert.match(
      one.out,
      /first 1 distinct outcome \(first input, runs with it\):\n {2}frame 1 \(2\): XDP_TX\n {2}\(later outcomes not listed/,
    );
    const q = io();
    assert.equal(runCli(['run', lb, '--pcap', capture, '--maps', path.join(dir, 'maps.json'), '--quiet'], q), 0);
    assert.doesNotMatch(q.out, /frame \d|distinct/);
    assert.match(q.out, /summary: 4 runs: XDP_TX 2, XDP_PASS 2/);
    const both = io();
    assert.equal(runCli(['run', lb, '--pcap', capture, '--quiet', '--json'], both), 2);
    // With --json the error is JSON on stdout, as for every command.
    assert.match(both.out, /"message": "give at most one of --json, --summary and --quiet"/);
  });

  it('runs the bind monitor from a context description', (t) => {
    if (skip) return t.skip(skip);
    const c = io();
    const ctx = {
      process_id: 4242,
      socket_address: [2, 0, 31, 144, 127, 0, 0, 1],
      socket_address_length: 16,
      operation: 'BIND_OPERATION_BIND',
      protocol: 'IPPROTO_TCP',
    };
    const code = runCli(['run', bind, '--ctx', JSON.stringify(ctx)], c);
    assert.equal(code, 0, c.err);
    assert.match(c.out, /ctx: BIND_DENY \(1\)/);
    assert.match(c.out, /map bind_counts:\n {2}\+ 9210000000000000: 0100000000000000/);
  });

  it('reports a file that is not a capture as a CLI error', (t) => {
    if (skip) return t.skip(skip);
    const c = io();
    const code = runCli(['run', lb, '--pcap', path.join(root, 'examples/packets/lb-udp.hex')], c);
    assert.equal(code, 2);
    assert.match(c.err, /not a pcap or pcapng file \(it looks like text/);
  });

  it('requires an input', (t) => {
    if (skip) return t.skip(skip);
    const c = io();
    assert.equal(runCli(['run', lb], c), 2);
    assert.match(c.err, /run needs an input/);
  });
});
