// `ebpf maps` and `ebpf trace` in-process, over the recorded bpftool output and a scripted trace
// source: text and JSON output, validation errors as exit 2 + {"error"}, and the trace source is
// always closed (an ETW session must not outlive the command).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runLiveCommand, traceText, type LiveDeps } from '../../../cli/commands/live';
import { processIo, type CliIo } from '../../../cli/io';
import type { TraceLine } from '../../../core/live/views';
import { BpftoolMapSource } from '../../../core/live/bpftoolSource';
import type { CommandRunner, TraceSource } from '../../../core/live/source';

const FIX = path.resolve(__dirname, '../../fixtures/live');
const read = (p: string): string => fs.readFileSync(path.join(FIX, p), 'utf8');

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { ...processIo, stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

const recorded: CommandRunner = async (_command, args) => {
  const key = args.join(' ');
  const answers: Record<string, string> = {
    '-j prog show': read('linux/prog-show.json'),
    '-j map show': read('linux/map-show.json'),
    '-j map dump id 28': read('linux/map-dump-hash-btf.json'),
    '-j map dump id 27': read('linux/map-dump-percpu.json'),
  };
  const stdout = answers[key];
  return stdout !== undefined
    ? { code: 0, stdout, stderr: '' }
    : { code: 255, stdout: '{"error":"can\'t get next map: Operation not permitted"}', stderr: '' };
};

const deps: LiveDeps = { mapSource: () => new BpftoolMapSource({ platform: 'linux', run: recorded }) };

describe('ebpf maps', () => {
  it('lists programs and maps as text and JSON', async () => {
    const a = capture();
    assert.equal(await runLiveCommand(['maps'], a.io, deps), 0);
    assert.match(a.out.join(''), /103\s+xdp\s+probe\s+maps: 27, 30/);
    assert.match(a.out.join(''), /28\s+hash\s+flows\s+key 16B\s+value 24B\s+max 64/);
    const b = capture();
    assert.equal(await runLiveCommand(['maps', '--json'], b.io, deps), 0);
    const list = JSON.parse(b.out.join('')) as { maps: { name: string }[] };
    assert.deepEqual(
      list.maps.map((m) => m.name),
      ['counts', 'flows', 'prog.rodata'],
    );
  });

  it('shows entries decoded, per CPU, and exports the ebpf run --maps format', async () => {
    const a = capture();
    assert.equal(await runLiveCommand(['maps', '--map', '28'], a.io, deps), 0);
    assert.match(a.out.join(''), /saddr=10\.0\.0\.1.*=> \{packets=5, bytes=1500, mac=00:11:22:33:44:55/);
    const b = capture();
    assert.equal(await runLiveCommand(['maps', '--map', '27'], b.io, deps), 0);
    assert.match(b.out.join(''), /^0 => cpu0: 0; cpu1: 3$/m);
    const c = capture();
    assert.equal(await runLiveCommand(['maps', '--export', '--map', '28'], c.io, deps), 0);
    assert.deepEqual(JSON.parse(c.out.join('')), {
      flows: [{ key: '0a000001c0a801021f90005006000000', value: '0500000000000000dc050000000000000011223344550b00' }],
    });
  });

  it('refuses bad input before writing: exit 2, one line, JSON error with --json', async () => {
    const a = capture();
    assert.equal(
      await runLiveCommand(['maps', '--update', '28', '--key', '00', '--value', '00', '--json'], a.io, deps),
      2,
    );
    assert.deepEqual(JSON.parse(a.out.join('')), { error: "key: 1 bytes given, map 'flows' needs 16" });
    assert.equal(a.err.length, 1);
    const b = capture();
    assert.equal(await runLiveCommand(['maps', '--map', 'x', '--start', 'two'], b.io, deps), 2);
    assert.match(b.err.join(''), /--start takes a whole number/);
    const c = capture();
    assert.equal(await runLiveCommand(['maps', '--source', 'bsd'], c.io, deps), 2);
    assert.match(c.err.join(''), /unknown source 'bsd'/);
  });
});

describe('ebpf trace', () => {
  const line = (message: string): TraceLine => ({
    time: 411.178034,
    timeText: '411.178034',
    cpu: 1,
    pid: 11024,
    comm: 'bpftool',
    program: 'probe',
    message,
    callSite: { file: 'probe.c', line: 9 },
    source: 'linux',
  });

  it('prints lines until --count, then closes the source', async () => {
    let closed = 0;
    const source: TraceSource = {
      kind: 'linux',
      async start(onLines) {
        setTimeout(() => onLines([line('a'), line('b'), line('c')]), 5);
        return { close: async () => void closed++ };
      },
    };
    const a = capture();
    const code = await runLiveCommand(['trace', '--count', '2', '--json'], a.io, {
      traceSource: () => source,
      interrupted: () => new Promise(() => undefined),
    });
    assert.equal(code, 0);
    assert.deepEqual(
      a.out.map((o) => (JSON.parse(o) as TraceLine).message),
      ['a', 'b'],
    );
    assert.equal(closed, 1);
    assert.equal(traceText(line('hi')), '411.178034 [001] bpftool-11024 probe: hi (probe.c:9)');
  });

  it('a failing source: exit 2 with its sentence, and still closed', async () => {
    let closed = 0;
    const source: TraceSource = {
      kind: 'windows',
      async start(_onLines, onError) {
        setTimeout(() => onError('tracefmt stopped (exit 1)'), 5);
        return { close: async () => void closed++ };
      },
    };
    const a = capture();
    const code = await runLiveCommand(['trace'], a.io, {
      traceSource: () => source,
      interrupted: () => new Promise(() => undefined),
    });
    assert.equal(code, 2);
    assert.match(a.err.join(''), /tracefmt stopped/);
    assert.equal(closed, 1);
  });
});
