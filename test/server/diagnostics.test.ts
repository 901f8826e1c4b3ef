// Language server over stdio: clang and verifier diagnostics, edits, version races, missing clang,
// garbage input. Runs the bundled server (see lspHarness.ts).

import { after, before, describe, it } from 'node:test';
import { APT, externalSkip } from '../support/skip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findClang } from '../../core/toolchain/compile';
import { LspSession, uriOf } from './lspHarness';
import {
  LINUX_SAFE,
  LINUX_SYNTAX_ERROR,
  LINUX_UNSAFE,
  SYNTAX_ERROR_LINE,
  UNSAFE_DEREF_LINE,
  UNSAFE_LOOKUP_LINE,
} from './fixtures';
import { at } from '../support/at';

const noClang = findClang(undefined).kind === 'found' ? false : externalSkip('clang', APT.clang);
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-ws-'));

describe('language server diagnostics (stdio)', { skip: noClang }, () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start({ debounceMs: 50, extensionPath: path.resolve(__dirname, '..', '..') }, ws);
  });
  after(async () => s?.stop());

  it('publishes a clang syntax error at its line with source "clang"', async () => {
    const uri = uriOf(ws, 'syntax.c');
    s.open(uri, LINUX_SYNTAX_ERROR);
    const diags = await s.diagnosticsFor(uri, 1);
    const errors = diags.filter((d) => d.source === 'clang' && d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(diags));
    assert.equal(at(errors, 0).range.start.line, SYNTAX_ERROR_LINE);
    assert.match(at(errors, 0).message, /expected expression/);
  });

  it('publishes nothing for a correct program, and updates after an edit introduces an error', async () => {
    const uri = uriOf(ws, 'edit.c');
    s.open(uri, LINUX_SAFE);
    assert.deepEqual(await s.diagnosticsFor(uri, 1), []);
    const v = s.change(uri, LINUX_SYNTAX_ERROR);
    const after = await s.diagnosticsFor(uri, v);
    assert.equal(after.filter((d) => d.severity === 1)[0]?.range.start.line, SYNTAX_ERROR_LINE);
    const v3 = s.change(uri, LINUX_SAFE);
    assert.deepEqual(await s.diagnosticsFor(uri, v3), []);
  });

  it('never publishes a stale version after a newer edit (two quick edits)', async () => {
    const uri = uriOf(ws, 'race.c');
    s.open(uri, LINUX_SAFE);
    await s.diagnosticsFor(uri, 1);
    const mark = s.published.length;
    const v2 = s.change(uri, LINUX_SYNTAX_ERROR);
    // Let v2's clang start (debounce is 50 ms), then supersede it.
    await new Promise((r) => setTimeout(r, 70));
    const v3 = s.change(uri, LINUX_SAFE.replace('counts', 'counters').replace('&counts', '&counters'));
    await s.diagnosticsFor(uri, v3);
    await new Promise((r) => setTimeout(r, 300));
    const versions = s.published
      .slice(mark)
      .filter((p) => p.uri === uri)
      .map((p) => p.version);
    assert.ok(versions.includes(v3));
    const v3At = versions.indexOf(v3);
    assert.ok(
      versions.slice(v3At).every((v) => v === v3),
      `published after v${v3}: ${versions.join(',')}`,
    );
    assert.ok(versions.every((v) => v === v2 || v === v3));
  });

  it("reports the verifier's NULL dereference on the C line with code, docs link, condition and related lookup", async () => {
    const uri = uriOf(ws, 'unsafe.c');
    s.open(uri, LINUX_UNSAFE);
    const diags = await s.diagnosticsFor(uri, 1);
    const verifier = diags.filter((d) => d.source === 'ebpf-verifier');
    assert.equal(
      verifier.find((d) => d.code === 'internal-error'),
      undefined,
      'the verifier ran',
    );
    const nullDeref = verifier.find((d) => d.code === 'null-dereference');
    assert.ok(nullDeref, JSON.stringify(diags, null, 1));
    assert.equal(nullDeref.severity, 1);
    assert.equal(nullDeref.range.start.line, UNSAFE_DEREF_LINE);
    // The code link opens docs/verifier-codes.md at the line of its `## null-dereference` heading.
    const href = /verifier-codes\.md#L(\d+)$/.exec(nullDeref.codeDescription?.href ?? '');
    assert.ok(href?.[1], nullDeref.codeDescription?.href);
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'verifier-codes.md'), 'utf8');
    assert.equal(doc.split('\n')[Number(href[1]) - 1], '## null-dereference');
    // The squiggle covers the C variable DWARF names (`*value += 1;`: `value`), not the rest of the line.
    const derefLine = LINUX_UNSAFE.split('\n')[UNSAFE_DEREF_LINE] ?? '';
    assert.equal(
      derefLine.slice(nullDeref.range.start.character, nullDeref.range.end.character),
      'value',
      JSON.stringify(nullDeref.range),
    );
    assert.ok(nullDeref.message.split('\n').length >= 2, 'message carries the condition on a second line');
    assert.ok(
      nullDeref.relatedInformation?.some((r) => r.location.range.start.line === UNSAFE_LOOKUP_LINE),
      JSON.stringify(nullDeref.relatedInformation),
    );
    assert.equal(diags.filter((d) => d.source === 'clang').length, 0);
  });

  it('publishes no verifier errors for the safe program', async () => {
    const uri = uriOf(ws, 'safe.c');
    s.open(uri, LINUX_SAFE);
    const diags = await s.diagnosticsFor(uri, 1);
    assert.equal(
      diags.find((d) => d.code === 'internal-error'),
      undefined,
      'the verifier ran',
    );
    assert.deepEqual(diags, []);
  });

  it('ignores C files without eBPF programs', async () => {
    const plain = uriOf(ws, 'plain.c');
    s.open(plain, 'int main(void) { return 0 }\n');
    const probe = uriOf(ws, 'probe.c');
    s.open(probe, LINUX_SYNTAX_ERROR);
    await s.diagnosticsFor(probe, 1);
    assert.equal(s.published.filter((p) => p.uri === plain).length, 0);
    const items = await s.conn.sendRequest<unknown[]>('textDocument/completion', {
      textDocument: { uri: plain },
      position: { line: 0, character: 17 },
    });
    assert.deepEqual(items, [], 'no eBPF helpers offered in ordinary C');
    assert.equal(
      await s.conn.sendRequest('textDocument/hover', {
        textDocument: { uri: plain },
        position: { line: 0, character: 5 },
      }),
      null,
    );
  });

  it('survives garbage: a binary buffer and a 1 MB file, then keeps serving', async () => {
    const bin = uriOf(ws, 'binary.c');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    s.open(bin, 'SEC("xdp")\n' + bytes.toString('latin1'));
    const binDiags = await s.diagnosticsFor(bin, 1);
    assert.ok(binDiags.length > 0);
    const big = uriOf(ws, 'big.c');
    s.open(
      big,
      'SEC("xdp") int f(void *ctx) { return 0; }\n' +
        '/* padding */ int x_;'.repeat(50_000).replace(/x_;/g, () => `x${Math.random().toString(36).slice(2, 8)};`) +
        '\n',
    );
    await s.diagnosticsFor(big, 1);
    const after = uriOf(ws, 'after.c');
    s.open(after, LINUX_SYNTAX_ERROR);
    const d = await s.diagnosticsFor(after, 1);
    assert.equal(d.filter((x) => x.severity === 1)[0]?.range.start.line, SYNTAX_ERROR_LINE);
    assert.equal(s.proc.exitCode, null, 'server still running');
  });

  it('reports an object the loader cannot read as one error and keeps serving', async () => {
    const t = await LspSession.start({ debounceMs: 0, extraArgs: ['-emit-llvm'] }, ws);
    try {
      const uri = uriOf(ws, 'bitcode.c');
      t.open(uri, LINUX_SAFE);
      const diags = await t.diagnosticsFor(uri, 1);
      const loader = diags.filter((d) => d.source === 'ebpf-loader' && d.severity === 1);
      assert.equal(loader.length, 1, JSON.stringify(diags));
      assert.match(at(loader, 0).message, /could not be loaded/);
      const v = t.change(uri, LINUX_SYNTAX_ERROR);
      assert.ok((await t.diagnosticsFor(uri, v)).some((d) => d.source === 'clang'));
    } finally {
      await t.stop();
    }
  });
});

describe('language server without clang (stdio)', () => {
  it('publishes one clear diagnostic on line 1 and shows one message, without crashing', async () => {
    const s = await LspSession.start({ debounceMs: 0, clangPath: path.join(ws, 'no-such-dir', 'clang') }, ws);
    try {
      const a = uriOf(ws, 'a.c');
      const b = uriOf(ws, 'b.c');
      s.open(a, LINUX_SAFE);
      s.open(b, LINUX_UNSAFE);
      const da = await s.diagnosticsFor(a, 1);
      await s.diagnosticsFor(b, 1);
      assert.equal(da.length, 1);
      assert.equal(at(da, 0).range.start.line, 0);
      assert.equal(at(da, 0).code, 'clang-not-found');
      assert.match(at(da, 0).message, /ebpf\.clang\.path/);
      assert.match(at(da, 0).message, /apt-get install clang|winget install LLVM\.LLVM|brew install llvm/);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(s.messages.length, 1, `the notification is shown once: ${JSON.stringify(s.messages)}`);
      assert.equal(s.proc.exitCode, null);
    } finally {
      await s.stop();
    }
  });
});
