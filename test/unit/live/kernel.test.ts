// Live Linux: load a program that prints into the kernel, read and edit its maps through the
// explorer's bpftool source, run it with BPF_PROG_TEST_RUN and see its printk arrive through the
// trace_pipe source, mapped back to its C line. Skips with one printed reason where not permitted.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TraceLine } from '../../../core/live/views';
import { BpftoolMapSource } from '../../../core/live/bpftoolSource';
import { PrintkMatcher, printkCallSites } from '../../../core/live/callSites';
import { TracePipeSource } from '../../../core/live/traceSources';
import { loadObject } from '../../../core/program/loader';
import { compileFixture } from '../../support/clang';
import { kernelAvailable, runInKernel } from '../../support/kernel';
import { at } from '../../support/at';

const PROBE = path.resolve(__dirname, '../../fixtures/live/linux/probe.c');

function skipReason(): string | undefined {
  const k = kernelAvailable();
  if (!k.ok) return k.reason;
  return undefined;
}

describe('live Linux sources (kernel)', () => {
  it("reads and edits a loaded program's maps and sees its printk on trace_pipe", async (t) => {
    const reason = skipReason();
    if (reason) {
      console.log(`skipping live kernel test: ${reason}`);
      return t.skip(reason);
    }
    const c = compileFixture(PROBE, { platform: 'linux' });
    if ('skip' in c) {
      console.log(`skipping live kernel test: ${c.skip}`);
      return t.skip(c.skip);
    }
    const object = loadObject(c.bytes, { platform: 'linux', sourceText: fs.readFileSync(PROBE, 'utf8') });
    const matcher = new PrintkMatcher(object.programs.flatMap(printkCallSites));
    const printkLine =
      fs
        .readFileSync(PROBE, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('bpf_printk')) + 1;

    // Loaded and pinned here (not through withLoadedObject, which unpins when its callback returns
    // and so cannot hold the program across the awaits below); unpinned in `finally`.
    const pinDir = `/sys/fs/bpf/vscode-ebpf-live-${process.pid}-${Date.now()}`;
    const load = spawnSync('bpftool', ['prog', 'loadall', c.objectPath, pinDir], { encoding: 'utf8' });
    assert.equal(load.status, 0, load.stderr + load.stdout);
    const pin = path.join(pinDir, 'probe');
    try {
      const show = spawnSync('bpftool', ['-j', 'prog', 'show', 'pinned', pin], { encoding: 'utf8' });
      const prog = JSON.parse(show.stdout) as { id: number; map_ids: number[] };
      {
        const src = new BpftoolMapSource({ platform: 'linux' });
        const { programs, maps } = await src.list();
        const p = programs.find((x) => x.id === String(prog.id));
        assert.ok(p, `program ${prog.id} listed`);
        const counts = maps.find((m) => p.mapIds.includes(m.id) && m.name === 'counts');
        assert.ok(counts, 'the counts map of the program');
        assert.equal(counts.perCpu, true);

        // Edit through the source (bpftool map update), read back decoded.
        await src.update(counts.id, '01000000', '2a00000000000000');
        let page = await src.entries(counts.id, 0, 200);
        assert.equal(page.total, 2);
        assert.ok(at(page.entries, 1, 'page.entries[1]').values?.every((v) => v.text === '42'));
        await assert.rejects(src.update(counts.id, '01', '00'), /key: 1 bytes given/);
        await assert.rejects(src.remove(counts.id, '00000000'), /bpftool failed/);

        const lines: TraceLine[] = [];
        const errors: string[] = [];
        const trace = new TracePipeSource(matcher);
        const sub = await trace.start(
          (l) => lines.push(...l),
          (e) => errors.push(e),
        );
        try {
          const run = runInKernel(pin, new Uint8Array(64));
          assert.equal(run.retval, 2);
          const deadline = Date.now() + 5000;
          while (!lines.some((l) => l.message === 'probe len 64 proto 7') && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 50));
        } finally {
          await sub.close();
        }
        const mine = lines.find((l) => l.message === 'probe len 64 proto 7');
        assert.ok(mine, `printk line arrived (got ${JSON.stringify(lines.slice(0, 3))}; errors ${errors.join('; ')})`);
        // trace_pipe prints <...> for a pid whose name the kernel's comm cache no longer holds.
        assert.ok(mine.comm === 'bpftool' || mine.comm === '<...>', `process name ${mine.comm}`);
        assert.equal(mine.program, 'probe');
        assert.equal(mine.callSite?.line, printkLine);

        // The run counted into key 0 of some CPU.
        page = await src.entries(counts.id, 0, 200);
        assert.ok(at(page.entries, 0, 'page.entries[0]').values?.some((v) => v.text !== '0'));
      }
    } finally {
      fs.rmSync(pinDir, { recursive: true, force: true });
    }
  });
});
