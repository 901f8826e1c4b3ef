// Language server over stdio: hover, code lens, completion, quick fixes, disassembly and the
// ebpf/* requests, on Linux programs and on the Windows example in examples/.

import { after, before, describe, it } from 'node:test';
import { APT, externalSkip } from '../support/skip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { findClang } from '../../core/toolchain/compile';
import { disassembly, programInfo, verificationReport } from '../../common/protocol';
import { LspSession, repoRoot, uriOf } from './lspHarness';
import {
  LINUX_PACKET_OOB,
  LINUX_SAFE,
  LINUX_UNINIT_STACK,
  LINUX_UNSAFE,
  OOB_ACCESS_LINE,
  UNSAFE_DEREF_LINE,
} from './fixtures';
import { at, defined } from '../support/at';

const noClang = findClang(undefined).kind === 'found' ? false : externalSkip('clang', APT.clang);
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-feat-'));

/** Applies non-overlapping LSP edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function hoverText(h: Hover | null): string {
  return h ? (h.contents as MarkupContent).value : '';
}

/** An internal error means the verifier crashed: a failure, never a reason to skip. */
function assertVerifierRan(diags: readonly Diagnostic[]): void {
  const internal = diags.find((d) => d.code === 'internal-error');
  assert.equal(internal, undefined, `the verifier failed: ${internal?.message}`);
}

describe('language server features (stdio)', { skip: noClang }, () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start({ debounceMs: 0, extensionPath: repoRoot }, ws);
  });
  after(async () => s?.stop());

  async function openAndWait(name: string, text: string): Promise<{ uri: string; diags: Diagnostic[] }> {
    const uri = uriOf(ws, name);
    s.open(uri, text);
    return { uri, diags: await s.diagnosticsFor(uri, 1) };
  }

  async function fixAndRecheck(
    name: string,
    text: string,
    code: string,
  ): Promise<{ fixed: string; before: Diagnostic[]; after: Diagnostic[] }> {
    const { uri, diags } = await openAndWait(name, text);
    assertVerifierRan(diags);
    const target = diags.find((d) => d.code === code);
    assert.ok(target, `expected a ${code} diagnostic, got ${JSON.stringify(diags, null, 1)}`);
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
    assert.ok(fix, `no quick fix for ${code}: ${JSON.stringify(actions)}`);
    const fixed = applyEdits(text, defined(fix.edit?.changes?.[uri], `the edits of the fix for ${code}`));
    const v = s.change(uri, fixed);
    return { fixed, before: diags, after: await s.diagnosticsFor(uri, v) };
  }

  it('completes helpers with signatures, SEC names, context fields and map types', async () => {
    const { uri } = await openAndWait('complete.c', LINUX_SAFE);
    const lines = LINUX_SAFE.split('\n');
    const body = lines.findIndex((l) => l.includes('__u32 key'));
    const items = await s.conn.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: { line: body, character: 4 },
    });
    const list = Array.isArray(items) ? items : items.items;
    const lookup = list.find((i) => i.label === 'bpf_map_lookup_elem');
    assert.ok(lookup, 'bpf_map_lookup_elem offered');
    assert.match(lookup.detail ?? '', /bpf_map_lookup_elem\s*\(/);

    const sec = LINUX_SAFE.split('\n').findIndex((l) => l.startsWith('SEC("xdp")'));
    const secItems = await s.conn.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: sec, character: 5 },
    });
    assert.ok(
      secItems.some((i) => i.label === 'xdp'),
      'xdp section offered',
    );

    const v = s.change(uri, LINUX_SAFE.replace('__u32 key = ctx->ingress_ifindex;', '__u32 key = ctx->'));
    await s.diagnosticsFor(uri, v);
    const ctxItems = await s.conn.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: body, character: '    __u32 key = ctx->'.length },
    });
    assert.ok(
      ctxItems.some((i) => i.label === 'data_end'),
      `ctx fields: ${ctxItems.map((i) => i.label).join(',')}`,
    );

    const typeLine = LINUX_SAFE.split('\n').findIndex((l) => l.includes('__uint(type,'));
    const typeItems = await s.conn.sendRequest<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: typeLine, character: '    __uint(type, '.length },
    });
    assert.ok(typeItems.some((i) => i.label === 'BPF_MAP_TYPE_HASH'));
  });

  it('hovers a helper with its prototype and id, and a map with its shape', async () => {
    const { uri } = await openAndWait('hover-names.c', LINUX_SAFE);
    const lines = LINUX_SAFE.split('\n');
    const l = lines.findIndex((x) => x.includes('bpf_map_lookup_elem'));
    const helper = hoverText(
      await s.conn.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: { line: l, character: at(lines, l).indexOf('bpf_map_lookup_elem') + 3 },
      }),
    );
    assert.match(helper, /bpf_map_lookup_elem/);
    assert.match(helper, /helper id \*\*1\*\*/);
    const m = hoverText(
      await s.conn.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: { line: l, character: at(lines, l).indexOf('&counts') + 2 },
      }),
    );
    assert.match(m, /map `counts`/);
    assert.match(m, /max entries \| 64/);
    assert.match(m, /key \| 4 bytes/);
  });

  it('hovers an analysed line with the verifier state table', async () => {
    const { uri, diags } = await openAndWait('hover-state.c', LINUX_SAFE);
    assertVerifierRan(diags);
    const line = LINUX_SAFE.split('\n').findIndex((x) => x.includes('*value += 1'));
    const text = hoverText(
      await s.conn.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: { line, character: 0 },
      }),
    );
    assert.match(text, /verifier state/);
    assert.match(text, /\| `r\d+` \|/);
  });

  it('shows code lenses with type, instruction count and verdict', async () => {
    const { uri: safe, diags } = await openAndWait('lens-safe.c', LINUX_SAFE);
    assertVerifierRan(diags);
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: safe } });
    assert.equal(lenses.length, 2);
    assert.equal(
      at(lenses, 0).range.start.line,
      LINUX_SAFE.split('\n').findIndex((x) => x.startsWith('SEC("xdp")')),
    );
    assert.match(defined(at(lenses, 0).command, 'lens command').title, /^xdp · \d+ instructions · ✓ verified$/);
    assert.equal(defined(at(lenses, 1).command, 'lens command').title, 'Show disassembly');
    const { uri: unsafe } = await openAndWait('lens-unsafe.c', LINUX_UNSAFE);
    const bad = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: unsafe } });
    assert.match(defined(at(bad, 0).command, 'lens command').title, /✗ rejected: 1 error$/);
    const info = await s.request(programInfo, { textDocument: { uri: unsafe } });
    assert.equal(info?.programs[0]?.verdict, 'fail');
    assert.equal(info?.platform.id, 'linux');
  });

  it('offers Debug and Run lenses only when the client has the debugger', async () => {
    const { uri } = await openAndWait('lens-debug.c', LINUX_SAFE);
    const without = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(without.map((l) => l.command?.title).slice(1), ['Show disassembly']);
    await s.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { ebpf: { debounceMs: 0, extensionPath: repoRoot, debugAdapter: true } },
    });
    const withDebugger = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(withDebugger.map((l) => l.command?.title).slice(1), [
      'Debug',
      'Run on packet...',
      'Show disassembly',
    ]);
    assert.deepEqual(at(withDebugger, 1).command?.arguments, [uri, 'count_packets', 'xdp']);
    await s.conn.sendNotification('workspace/didChangeConfiguration', {
      settings: { ebpf: { debounceMs: 0, extensionPath: repoRoot, debugAdapter: false } },
    });
  });

  it('disassembles with source lines interleaved and helper names', async () => {
    const { uri } = await openAndWait('disasm.c', LINUX_SAFE);
    const d = await s.request(disassembly, { textDocument: { uri } });
    assert.ok(d);
    assert.match(d.text, /call 1\t; bpf_map_lookup_elem/);
    assert.match(d.text, /; disasm\.c:\d+: __u64 \*value = bpf_map_lookup_elem\(&counts, &key\);/);
    assert.equal(d.sourceLineOf.length, d.text.split('\n').length - 1);
    const lookupLine = LINUX_SAFE.split('\n').findIndex((x) => x.includes('bpf_map_lookup_elem'));
    assert.ok(d.sourceLineOf.includes(lookupLine));
    const report = await s.request(verificationReport, { textDocument: { uri } });
    assert.match(report?.text ?? '', /count_packets: section "xdp"/);
  });

  it('quick fix: a NULL check after the lookup makes the program verify', async () => {
    const r = await fixAndRecheck('fix-null.c', LINUX_UNSAFE, 'null-dereference');
    assert.match(at(r.fixed.split('\n'), UNSAFE_DEREF_LINE), /^\s+if \(!value\) return XDP_PASS;$/);
    assert.deepEqual(
      r.after.filter((d) => d.severity === 1),
      [],
    );
  });

  it('quick fix: a packet bounds check before the access makes the program verify', async () => {
    const r = await fixAndRecheck('fix-oob.c', LINUX_PACKET_OOB, 'packet-out-of-bounds');
    assert.match(at(r.fixed.split('\n'), OOB_ACCESS_LINE), /if \(\(void \*\)\(ip \+ 1\) > data_end\) return XDP_PASS;/);
    assert.deepEqual(
      r.after.filter((d) => d.severity === 1),
      [],
    );
  });

  it('quick fix: initialising the stack variable makes the program verify', async () => {
    const r = await fixAndRecheck('fix-uninit.c', LINUX_UNINIT_STACK, 'uninitialized-stack');
    assert.match(r.fixed, /__builtin_memset\(&key, 0, sizeof\(key\)\);/);
    assert.deepEqual(
      r.after.filter((d) => d.severity === 1),
      [],
    );
  });

  it('Windows example: the unsafe demo is flagged on the NULL-dereference line and the fix compiles and verifies', async () => {
    const file = path.join(repoRoot, 'examples', 'unsafe.c');
    assert.ok(fs.existsSync(file), `${file} is part of the repository`);
    const text = fs.readFileSync(file, 'utf8');
    const uri = uriOf(path.dirname(file), 'unsafe.c');
    s.open(uri, text);
    const diags = await s.diagnosticsFor(uri, 1);
    assertVerifierRan(diags);
    assert.equal(diags.filter((d) => d.source === 'clang' && d.severity === 1).length, 0, JSON.stringify(diags));
    const derefLine = text.split('\n').findIndex((l) => l.includes('*count += 1'));
    const nullDeref = diags.find((d) => d.code === 'null-dereference');
    assert.ok(nullDeref, JSON.stringify(diags, null, 1));
    assert.equal(nullDeref.range.start.line, derefLine);
    const info = await s.request(programInfo, { textDocument: { uri } });
    assert.equal(info?.platform.id, 'windows');
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: nullDeref.range,
      context: { diagnostics: [nullDeref] },
    });
    const fixed = applyEdits(text, defined(at(actions, 0).edit?.changes?.[uri], 'the edits of the first action'));
    const v = s.change(uri, fixed);
    const after = await s.diagnosticsFor(uri, v);
    assert.equal(after.filter((d) => d.code === 'null-dereference').length, 0, JSON.stringify(after));
    assert.equal(after.filter((d) => d.source === 'clang' && d.severity === 1).length, 0);
    s.close(uri);
  });
});
