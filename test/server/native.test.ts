// ebpf/convertToNative over stdio: C with #line for a verified program, a line map that points
// at the document, and no C (the verifier's errors instead) for a rejected one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findClang } from '../../core/toolchain/compile';
import { convertToNative } from '../../common/protocol';
import { LspSession, repoRoot, uriOf } from './lspHarness';
import { LINUX_SAFE, LINUX_UNSAFE } from './fixtures';
import { at } from '../support/at';

const noClang = findClang(undefined).kind === 'found' ? false : 'clang is not installed';
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-native-'));

describe('ebpf/convertToNative', { skip: noClang }, () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start({ debounceMs: 0, extensionPath: repoRoot }, ws);
  });
  after(async () => s?.stop());

  it('returns C with #line directives and a line map into the document', async () => {
    const uri = uriOf(ws, 'native-safe.c');
    s.open(uri, LINUX_SAFE);
    await s.diagnosticsFor(uri, 1);
    const r = await s.request(convertToNative, { textDocument: { uri } });
    assert.ok(r && !r.error, r?.error);
    const lines = r.text.split('\n');
    assert.ok(lines.includes('#include "bpf2c.h"'));
    assert.equal(r.sourceLineOf.length, lines.length - 1);
    const mapped = r.sourceLineOf.map((l, i) => ({ l, i })).filter((x) => x.l >= 0);
    assert.ok(mapped.length > 5);
    for (const { l, i } of mapped) assert.match(at(lines, i - 1), new RegExp(`^#line ${l + 1} ".*native-safe\\.c"$`));
    assert.ok(r.pcOf.some((pc) => pc > 0));
    assert.equal((JSON.parse(r.sourceMap ?? '{}') as { version?: number }).version, 3);
  });

  it('explains instead of generating C when the verifier rejects a program', async () => {
    const uri = uriOf(ws, 'native-unsafe.c');
    s.open(uri, LINUX_UNSAFE);
    await s.diagnosticsFor(uri, 1);
    const r = await s.request(convertToNative, { textDocument: { uri } });
    assert.ok(r?.error);
    assert.match(r.text, /^\/\/ No C generated: verification failed/);
    assert.doesNotMatch(r.text, /metadata_table/);
  });
});
