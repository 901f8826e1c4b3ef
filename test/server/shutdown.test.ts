// The language server leaves nothing behind: however it ends (shutdown + exit, stdin closed,
// SIGTERM) a running clang is killed and its temp folder (a copy of the buffer) removed; a clang
// killed by a signal is reported with the signal's name; hover and completion at absurd positions
// answer at once. A stand-in "clang" (a shell script) makes this independent of a real compiler.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LspSession, uriOf } from './lspHarness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-shutdown-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const PROGRAM =
  '#include <linux/bpf.h>\n#define SEC(n) __attribute__((section(n), used))\nSEC("xdp") int f(void *ctx) { return 2; }\n';

/** A "clang" that records its pid and arguments in `marker`, then runs `then`. */
function fakeClang(name: string, then: string): { clang: string; marker: string } {
  const marker = path.join(dir, `${name}.marker`);
  const clang = path.join(dir, name);
  fs.writeFileSync(clang, `#!/bin/sh\necho "$$ $*" > "${marker}.tmp" && mv "${marker}.tmp" "${marker}"\n${then}\n`, {
    mode: 0o755,
  });
  return { clang, marker };
}

async function until<T>(what: string, f: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid and temp folder of the running fake clang (its input file is the argument before -o ... or any .c). */
function clangRun(marker: string): { pid: number; tempDir: string } | undefined {
  if (!fs.existsSync(marker)) return undefined;
  const [pid, ...args] = fs.readFileSync(marker, 'utf8').trim().split(' ');
  const input = args.find((a) => a.endsWith('.c'));
  assert.ok(input, `no .c input in ${args.join(' ')}`);
  return { pid: Number(pid), tempDir: path.dirname(input) };
}

describe('language server: nothing left behind', { timeout: 60_000 }, () => {
  const endings: [string, (s: LspSession) => Promise<void> | void][] = [
    [
      'shutdown and exit',
      async (s) => {
        await s.conn.sendRequest('shutdown');
        await s.conn.sendNotification('exit');
      },
    ],
    ['stdin closed', (s) => void s.proc.stdin?.end()],
    ['SIGTERM', (s) => void s.proc.kill('SIGTERM')],
  ];
  for (const [how, end] of endings) {
    it(`${how}: the running clang is killed and its temp folder removed`, async () => {
      const { clang, marker } = fakeClang(`slow-${how.replace(/\W+/g, '-')}`, 'exec sleep 60');
      const s = await LspSession.start({ clangPath: clang, debounceMs: 0 }, dir);
      try {
        s.open(uriOf(dir, 'slow.c'), PROGRAM);
        const run = await until('the fake clang to start', () => clangRun(marker));
        assert.ok(alive(run.pid) && fs.existsSync(run.tempDir));
        const exited = new Promise<void>((resolve) => s.proc.once('exit', () => resolve()));
        await end(s);
        await exited;
        await until('clang to be gone', () => (alive(run.pid) ? undefined : true), 5_000);
        assert.equal(fs.existsSync(run.tempDir), false, `${run.tempDir} is left behind`);
      } finally {
        s.proc.kill('SIGKILL');
      }
    });
  }

  it('a clang killed by a signal is reported with the signal, and its temp folder removed', async () => {
    const { clang, marker } = fakeClang('crash', 'kill -SEGV $$');
    const s = await LspSession.start({ clangPath: clang, debounceMs: 0 }, dir);
    try {
      const uri = uriOf(dir, 'crash.c');
      s.open(uri, PROGRAM);
      const diags = await s.diagnosticsFor(uri, 1);
      assert.ok(
        diags.some((d) => d.message === 'clang failed (killed by signal SIGSEGV)'),
        JSON.stringify(diags),
      );
      const run = clangRun(marker);
      assert.ok(run);
      await until('the temp folder to go', () => (fs.existsSync(run.tempDir) ? undefined : true), 5_000);
    } finally {
      await s.stop();
    }
  });

  it('hover and completion at character 100,000,000 (and other absurd positions) are answered', async () => {
    const { clang } = fakeClang('quick', 'exit 1');
    const s = await LspSession.start({ clangPath: clang, debounceMs: 0 }, dir);
    try {
      const uri = uriOf(dir, 'positions.c');
      s.open(uri, PROGRAM);
      await s.diagnosticsFor(uri, 1);
      for (const position of [
        { line: 2, character: 100_000_000 },
        { line: 100_000_000, character: 100_000_000 },
        { line: -1, character: -5 },
        { line: 2.5, character: 1e300 },
      ]) {
        // Answered (the clamping itself is checked exactly in test/unit/server/settingsAndText.test.ts).
        await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        const items = await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        assert.ok(Array.isArray(items), JSON.stringify(position));
      }
    } finally {
      await s.stop();
    }
  });
});
