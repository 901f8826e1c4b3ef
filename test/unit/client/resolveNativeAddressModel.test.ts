// "eBPF: Resolve Native Address…" without VS Code: the quick-pick items and where a C file is looked for.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { pickItems, sourceCandidates } from '../../../client/commands/resolveNativeAddressModel';
import type { AddressResolution } from '../../../common/protocol';

const resolved: AddressResolution = {
  input: '#0  0x55 in first__clamp () at /s/calls.c:13',
  format: 'gdb',
  frame: 0,
  status: 'resolved',
  via: 'trace',
  native: [{ function: 'first__clamp', file: '/s/calls.c', line: 13, column: 0 }],
  program: { name: 'first', section: 'xdp', function: 'clamp', cFunction: 'first__clamp' },
  source: { file: '/s/calls.c', line: 13, column: 0 },
  instructions: [
    { pc: 27, text: 'if r3 s>= r2 goto +1' },
    { pc: 28, text: 'r0 = *(u32 *)(r1 + 0)' },
  ],
};

describe('resolve native address: quick pick', () => {
  it('names program, callee, file:line and the instructions; native-only and unplaced results', () => {
    const notEbpf: AddressResolution = {
      input: '0x2b60',
      format: 'argument',
      status: 'not-ebpf',
      native: [{ function: 'ebpf_rt_bind_helper', file: '/c/bindings.c', line: 9, column: 16 }],
      source: { file: '/c/bindings.c', line: 9, column: 16 },
      instructions: [],
      message: 'in ebpf_rt_bind_helper, which is not a generated eBPF program function',
    };
    const other: AddressResolution = {
      input: 'nt!KiExecuteAllDpcs+0x2d3',
      format: 'windbg',
      status: 'other-module',
      native: [],
      instructions: [],
      message: 'a frame of nt',
    };
    assert.deepEqual(pickItems([other, resolved, notEbpf]), [
      {
        label: '$(symbol-function) #0 xdp/first › clamp',
        description: 'calls.c:13',
        detail: '27: if r3 s>= r2 goto +1  ·  28: r0 = *(u32 *)(r1 + 0)',
        index: 1,
      },
      {
        label: '$(symbol-misc) ebpf_rt_bind_helper',
        description: 'bindings.c:9',
        detail: 'in ebpf_rt_bind_helper, which is not a generated eBPF program function',
        index: 2,
      },
    ]);
  });

  it("tries the recorded path, then the active document of the same name (a PDB names the build machine's path)", () => {
    assert.deepEqual(sourceCandidates('C:\\src\\lb.c', '/home/u/proj/LB.c'), ['C:\\src\\lb.c', '/home/u/proj/LB.c']);
    assert.deepEqual(sourceCandidates('/s/calls.c', '/home/u/other.c'), ['/s/calls.c']);
    assert.deepEqual(sourceCandidates('/s/calls.c', undefined), ['/s/calls.c']);
  });
});
