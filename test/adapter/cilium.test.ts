// Cilium's own datapath under the debugger (issue 14, "done when"): bpf_lxc.c from the corpus
// (test/corpus/cilium), built as Cilium's Makefile builds it, run on a TCP SYN. Cilium inlines
// nearly everything, so the line `if (!validate_ethertype(ctx, &proto))` has no line-table row of
// its own: the breakpoint there must stop where the inlined call starts, with the caller's frame
// on that line and the callee's frames in Cilium's headers (files that exist), C locals, and the
// run's TC verdict at the end. Skips without clang.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { at } from '../support/at';
import {
  clangMissing,
  closeInlineServer,
  collectOutput,
  launchWith,
  lineOf,
  repoRoot,
  startInlineClient,
  stopped,
} from './harness';

const CORPUS = path.join(repoRoot, 'test', 'corpus', 'cilium');
const BPF = path.join(CORPUS, 'bpf');
const LXC = path.join(BPF, 'bpf_lxc.c');
const noClang = clangMissing();
// Ethernet (IPv4), IPv4 192.168.0.1 -> 192.168.0.2, TCP 1234 -> 80 SYN.
const SYN =
  'ffffffffffff001122334455080045000028000100004006' +
  '0000c0a80001c0a8000204d20050000000000000000050022000' +
  '00000000';

function build(dir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'corpus.json'), 'utf8')) as {
    cflags: string[];
    includeDirs: string[];
  };
  const out = path.join(dir, 'bpf_lxc.o');
  const includes = manifest.includeDirs.flatMap((d) => ['-I', path.join(CORPUS, d)]);
  const r = spawnSync('clang', [...manifest.cflags, ...includes, '-c', LXC, '-o', out], { cwd: BPF, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

describe("debug adapter: Cilium's bpf_lxc", { skip: noClang, timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cilium-debug-'));
  after(async () => {
    await closeInlineServer();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops on the line of an inlined call, shows its frames and locals, and runs to the TC verdict', async () => {
    const object = build(dir);
    const line = lineOf(LXC, 'if (!validate_ethertype(ctx, &proto)) {');
    const dc = await startInlineClient();
    try {
      const out = collectOutput(dc);
      const stop = stopped(dc, 'breakpoint');
      const [bps] = await launchWith(
        dc,
        {
          type: 'ebpf',
          request: 'launch',
          name: 'cilium lxc',
          program: object,
          platform: 'linux',
          function: 'cil_from_container',
          packet: SYN,
        },
        [{ path: LXC, lines: [line] }],
      );
      assert.equal(at(bps?.body.breakpoints ?? [], 0).line, line, 'the breakpoint stays on its line');
      await stop;
      const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
      const caller = frames.find((f) => f.name === 'cil_from_container');
      assert.ok(caller, frames.map((f) => f.name).join(', '));
      assert.equal(caller.line, line);
      assert.ok(
        frames.some((f) => f.name === 'validate_ethertype'),
        'the inlined callee has a frame',
      );
      for (const f of frames) {
        const file = f.source?.path;
        assert.ok(file && fs.existsSync(file), `${f.name}: ${file} exists`);
      }
      const scopes = (await dc.scopesRequest({ frameId: caller.id })).body.scopes;
      const locals = (await dc.variablesRequest({ variablesReference: at(scopes, 0).variablesReference })).body
        .variables;
      assert.ok(
        locals.some((v) => v.name === 'ctx'),
        locals.map((v) => v.name).join(', '),
      );
      const done = dc.waitForEvent('terminated');
      await dc.continueRequest({ threadId: 1 });
      await done;
      assert.match(out.map((o) => o.body.output).join(''), /TC_ACT_\w+/);
    } finally {
      await dc.stop();
    }
  });
});
