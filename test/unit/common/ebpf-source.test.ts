import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findSections, looksLikeEbpfSource, SCAN_LIMIT } from '../../../common/ebpf-source';

describe('looksLikeEbpfSource', () => {
  it('accepts a libbpf program', () => {
    assert.ok(looksLikeEbpfSource('#include <linux/bpf.h>\nSEC("xdp") int f(struct xdp_md *c) { return 2; }'));
  });
  it('accepts a header-only marker (eBPF for Windows helpers)', () => {
    assert.ok(looksLikeEbpfSource('#include "bpf_helpers.h"\nint x;'));
  });
  it('rejects ordinary C', () => {
    assert.ok(!looksLikeEbpfSource('#include <stdio.h>\nint main(void) { puts("SEC"); return 0; }'));
  });
  it('looks only at the first SCAN_LIMIT characters', () => {
    assert.ok(!looksLikeEbpfSource(' '.repeat(SCAN_LIMIT) + 'SEC("xdp")'));
  });
});

describe('findSections', () => {
  it('lists program sections with 0-based lines, skipping maps and license', () => {
    const text = [
      'struct { int x; } m SEC(".maps");',
      'SEC("xdp")',
      'int a(void *c) { return 1; }',
      '',
      'SEC( "cgroup/connect4" )',
      'int b(void *c) { return 1; }',
      'char LICENSE[] SEC("license") = "GPL";',
    ].join('\n');
    assert.deepEqual(findSections(text), [
      { name: 'xdp', line: 1 },
      { name: 'cgroup/connect4', line: 4 },
    ]);
  });
  it('finds two sections on one line', () => {
    assert.deepEqual(
      findSections('SEC("a") SEC("b")').map((s) => s.line),
      [0, 0],
    );
  });
});
