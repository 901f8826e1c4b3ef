// Seeded property-based fuzz of the two request streams, beside the loader's mutation fuzz
// (test/unit/program/mutation.test.ts): random valid and invalid LSP messages to the language
// server and DAP requests to the debug adapter. The property: every request is answered (a result
// or an error of one line that is no stack trace) and the server survives to answer a last valid
// request. FUZZ_SEED and FUZZ_REQUESTS reproduce or lengthen a run.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { LspSession, uriOf } from '../../server/lspHarness';
import { closeInlineServer, launchStopped, startInlineClient } from '../../adapter/harness';
import { at } from '../../support/at';
import { OBJECTS_DIR } from '../../support/objects';

const SEED = Number(process.env.FUZZ_SEED ?? 0xf22);
const COUNT = Number(process.env.FUZZ_REQUESTS ?? 250);

/** xorshift32: the same seed gives the same stream. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    // Not at(): undefined is one of the values junk() picks.
    pick: <T>(xs: readonly T[]): T => {
      const i = Math.floor(next() * xs.length);
      for (const [j, x] of xs.entries()) if (j === i) return x;
      throw new Error('pick from an empty list');
    },
  };
}
type Rng = ReturnType<typeof rng>;

/** Values of every JSON type, including the ones handlers do not expect. */
function junk(r: Rng): unknown {
  return r.pick<unknown>([
    null,
    undefined,
    0,
    -1,
    1e300,
    100_000_000,
    1.5,
    '',
    'zz',
    '0x10',
    '${workspaceFolder}',
    '\u0000',
    true,
    [],
    [1, 'a'],
    {},
    { line: 'x' },
    { uri: 42 },
  ]);
}

/** One line, and no JS stack frame in it. */
function assertOneLine(message: string, what: string): void {
  assert.equal(message.split('\n').length, 1, `${what}: ${message}`);
  assert.doesNotMatch(message, /\bat .*:\d+:\d+\)?$|\{_stack\}/m, `${what}: ${message}`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-fuzz-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('request fuzz', { timeout: 300_000 }, () => {
  it(`language server: ${COUNT} random messages (seed ${SEED}) are each answered; the server survives`, async (t) => {
    // A stand-in clang that "compiles" every buffer to a checked-in object: full analysis, no compiler needed.
    const clang = path.join(dir, 'clang');
    const object = path.join(OBJECTS_DIR, 'linux-xdp_count.o');
    fs.writeFileSync(
      clang,
      `#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && cp "${object}" "$2"; shift; done\nexit 0\n`,
      { mode: 0o755 },
    );
    const s = await LspSession.start({ clangPath: clang, debounceMs: 0 }, dir);
    const r = rng(SEED);
    const source =
      '#include <linux/bpf.h>\n#define SEC(n) __attribute__((section(n), used))\nSEC("xdp") int count_protocols(struct xdp_md *ctx) {\n  return XDP_PASS;\n}\n';
    const docs = [uriOf(dir, 'a.c'), uriOf(dir, 'b.c')];
    const answered = { results: 0, errors: 0 };
    const versions = new Map<string, number>();
    try {
      for (const uri of docs) {
        s.open(uri, source);
        versions.set(uri, 1);
      }
      const methods = [
        'textDocument/hover',
        'textDocument/completion',
        'textDocument/codeLens',
        'textDocument/codeAction',
        'ebpf/programInfo',
        'ebpf/disassembly',
        'ebpf/verificationReport',
        'ebpf/platform',
        'ebpf/nope',
        'textDocument/definition',
      ];
      for (let i = 0; i < COUNT; i++) {
        const uri =
          r.next() < 0.8 ? r.pick(docs) : r.pick<unknown>([uriOf(dir, 'never-opened.c'), 'not a uri', 42, junk(r)]);
        const kind = r.next();
        if (kind < 0.15) {
          // An edit: sometimes the program, sometimes text that is no eBPF (or no C) at all.
          const u = r.pick(docs);
          const v = (versions.get(u) ?? 1) + 1;
          versions.set(u, v);
          const text = r.pick([
            source,
            source.replace('XDP_PASS', 'XDP_DROP'),
            '',
            '}}}{{',
            'SEC("xdp") int f(',
            '\u0000'.repeat(10),
          ]);
          await s.conn.sendNotification('textDocument/didChange', {
            textDocument: { uri: u, version: v },
            contentChanges: [{ text }],
          });
          continue;
        }
        if (kind < 0.2) {
          await s.conn.sendNotification(
            r.pick(['workspace/didChangeConfiguration', 'textDocument/didClose', 'ebpf/unknown']),
            r.pick([
              { settings: { ebpf: { platform: r.pick(['windows', 'linux', 'mars', junk(r)]), debounceMs: junk(r) } } },
              { textDocument: { uri: junk(r) } },
              junk(r),
            ]),
          );
          continue;
        }
        const method = r.pick(methods);
        const position =
          r.next() < 0.7 ? { line: r.int(6), character: r.int(40) } : { line: junk(r), character: junk(r) };
        const params = r.pick<unknown>([
          { textDocument: { uri }, position },
          { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } },
          { textDocument: { uri }, program: r.pick(['count_protocols', 'nope', junk(r)]) },
          { textDocument: junk(r), position },
          junk(r),
        ]);
        const what = `message ${i} (seed ${SEED}): ${method} ${JSON.stringify(params)}`;
        await s.conn.sendRequest(method, params).then(
          () => answered.results++,
          (e: Error) => {
            assertOneLine(e.message, what);
            answered.errors++;
          },
        );
      }
      // Still serving: a valid request on a known document is answered with a result.
      const last = at(docs, 0, 'document a.c');
      const v = (versions.get(last) ?? 1) + 1;
      await s.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: last, version: v },
        contentChanges: [{ text: source }],
      });
      const info = await s.conn.sendRequest<{ programs?: unknown[] } | null>('ebpf/programInfo', {
        textDocument: { uri: last },
      });
      assert.ok(info && Array.isArray(info.programs), JSON.stringify(info));
      assert.equal(s.proc.exitCode, null, 'the server is still running');
      assert.doesNotMatch(s.stderr.join(''), /uncaught|unhandled rejection/i);
      // Both kinds of answer occurred, so the stream really mixed valid and invalid requests.
      t.diagnostic(`LSP: ${answered.results} results, ${answered.errors} errors`);
      assert.ok(answered.results > COUNT / 10 && answered.errors > COUNT / 20, JSON.stringify(answered));
    } finally {
      await s.stop();
    }
  });

  it(`debug adapter: ${COUNT} random requests (seed ${SEED}) are each answered with success or one line`, async (t) => {
    const dc: DebugClient = await startInlineClient();
    const r = rng(SEED ^ 0x5a5a);
    const answered = { results: 0, errors: 0 };
    try {
      await launchStopped(dc);
      const commands = [
        'threads',
        'stackTrace',
        'scopes',
        'variables',
        'evaluate',
        'setBreakpoints',
        'setFunctionBreakpoints',
        'setInstructionBreakpoints',
        'breakpointLocations',
        'readMemory',
        'writeMemory',
        'disassemble',
        'setVariable',
        'exceptionInfo',
        'next',
        'stepIn',
        'stepOut',
        'stepBack',
        'pause',
        'noSuchCommand',
      ];
      const expressions = [
        'r1',
        'ctx->data',
        '*(u32 *)(r10 - 4)',
        'protocol_counts[0]',
        '(1 + ',
        'r99',
        '"a"',
        '((r0))',
        '-~!r2',
        'x ? 1 : 2',
        ')',
      ];
      for (let i = 0; i < COUNT; i++) {
        const command = r.pick(commands);
        const args = r.pick<unknown>([
          {
            threadId: 1,
            frameId: r.pick([0, 1, 1_000_001, junk(r)]),
            variablesReference: r.pick([1, 2, 3, 99, junk(r)]),
            expression: r.pick([...expressions, junk(r)]),
            context: r.pick(['watch', 'repl', 'hover']),
            source: r.pick([{ path: path.join(dir, 'x.c') }, undefined, junk(r)]),
            breakpoints: r.pick([
              [{ line: r.int(40) }],
              [{ name: 'count_protocols' }],
              [{ instructionReference: r.pick(['0x0', 'zz', '0x100000000']) }],
              junk(r),
            ]),
            memoryReference: r.pick(['0x0', '0x100000000', 'zz', junk(r)]),
            instructionReference: r.pick(['0x0', 'zz', junk(r)]),
            count: r.pick([0, 4, 64, -1, junk(r)]),
            instructionCount: r.pick([1, 8, -3, junk(r)]),
            offset: r.pick([0, -4, junk(r)]),
            data: r.pick(['AAAA', '!!', junk(r)]),
            name: r.pick(['r0', 'r1', 'nope', junk(r)]),
            value: r.pick(['1', 'zz', junk(r)]),
            line: r.int(40),
          },
          junk(r),
        ]);
        const what = `request ${i} (seed ${SEED}): ${command} ${JSON.stringify(args)}`;
        await dc.customRequest(command, args as never).then(
          () => answered.results++,
          (e: Error) => {
            assertOneLine(e.message, what);
            answered.errors++;
          },
        );
      }
      // Still answering.
      const threads = await dc.threadsRequest();
      assert.equal(threads.body.threads.length, 1);
      t.diagnostic(`DAP: ${answered.results} successes, ${answered.errors} errors`);
      assert.ok(answered.results > COUNT / 10 && answered.errors > COUNT / 10, JSON.stringify(answered));
    } finally {
      await dc.stop();
      await closeInlineServer();
    }
  });
});
