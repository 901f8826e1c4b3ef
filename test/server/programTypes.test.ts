// Language server: program types from the ebpf.programTypes setting, the unknown-type error on the
// SEC line, and a program that cannot be linked reported alone (issue 14 §1). Runs the bundled
// server (see lspHarness.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findClang } from '../../core/toolchain/compile';
import { LspSession, uriOf } from './lspHarness';
import { at } from '../support/at';

const noClang = findClang(undefined).kind === 'found' ? false : 'clang is not installed';
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-types-'));
const BROKEN = fs.readFileSync(path.resolve(__dirname, '../fixtures/program-types/linux/static_and_broken.c'), 'utf8');
const NETDEV = `#include <linux/bpf.h>
#define SEC(name) __attribute__((section(name), used))
SEC("from-netdev")
int entry(struct xdp_md *ctx) { return XDP_PASS; }
char LICENSE[] SEC("license") = "GPL";
`;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('language server: program types and programs that cannot be linked', { skip: noClang }, () => {
  let plain: LspSession;
  let typed: LspSession;
  before(async () => {
    const ext = path.resolve(__dirname, '..', '..');
    plain = await LspSession.start({ debounceMs: 50, extensionPath: ext, platform: 'linux' }, ws);
    typed = await LspSession.start(
      { debounceMs: 50, extensionPath: ext, platform: 'linux', programTypes: { 'from-*': 'xdp' } },
      ws,
    );
  });
  after(async () => {
    await plain?.stop();
    await typed?.stop();
  });

  it('an unknown type is an error on the SEC line; the setting types the section', async () => {
    const uri = uriOf(ws, 'netdev.c');
    plain.open(uri, NETDEV);
    const diags = await plain.diagnosticsFor(uri, 1);
    const unknown = diags.find((d) => d.code === 'unknown-program-type');
    assert.ok(unknown, JSON.stringify(diags));
    assert.equal(unknown.range.start.line, lineOf(NETDEV, 'SEC("from-netdev")'));
    assert.match(unknown.message, /ebpf\.programTypes/);
    typed.open(uri, NETDEV);
    const ok = await typed.diagnosticsFor(uri, 1);
    assert.deepEqual(
      ok.filter((d) => d.severity === 1),
      [],
    );
  });

  it('a program that cannot be linked is an error of its own; the others are verified', async () => {
    const uri = uriOf(ws, 'broken.c');
    plain.open(uri, BROKEN);
    const diags = await plain.diagnosticsFor(uri, 1);
    const errors = diags.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1, JSON.stringify(diags));
    assert.match(at(errors, 0).message, /xdp_broken cannot be linked: .*undefined_helper/);
    assert.equal(at(errors, 0).range.start.line, lineOf(BROKEN, 'SEC("xdp/broken")'));
    assert.ok(diags.some((d) => /libbpf refuses it/.test(d.message)));
  });
});
