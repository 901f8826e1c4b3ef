// Parsing what users give `ebpf addr2line` and "eBPF: Resolve Native Address…": address arguments
// and pasted stack traces in WinDbg, gdb, lldb, glibc and Linux oops formats (core/native/addr/query.ts).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  AddressSyntaxError,
  moduleNameOf,
  parseAddressArgument,
  parseAddressText,
  parseHexNumber,
  parseStackLine,
} from '../../../core/native/addr/query';
import { REPO_ROOT } from '../../support/clang';
import { at, defined } from '../../support/at';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'native-addr');

describe('address arguments', () => {
  it('reads hexadecimal with or without 0x and with WinDbg backticks', () => {
    assert.equal(parseHexNumber('0x2811'), 0x2811n);
    assert.equal(parseHexNumber('2811'), 0x2811n);
    assert.equal(parseHexNumber('fffff806`3e4b1a2c'), 0xfffff8063e4b1a2cn);
    assert.equal(parseHexNumber('0xzz'), undefined);
    assert.equal(parseHexNumber(''), undefined);
  });

  it('tells image addresses, module offsets and symbols apart', () => {
    assert.deepEqual(parseAddressArgument('0x2811', 'runner').queries, [{ kind: 'address', address: 0x2811n }]);
    assert.deepEqual(parseAddressArgument('runner+0x2860', 'runner').queries, [{ kind: 'offset', offset: 0x2860n }]);
    // The module name is compared without case, as WinDbg's are.
    assert.deepEqual(parseAddressArgument('XDP_LB+1a4f', 'xdp_lb').queries, [{ kind: 'offset', offset: 0x1a4fn }]);
    assert.deepEqual(parseAddressArgument('xdp_load_balancer+0x11', 'runner').queries, [
      { kind: 'symbol', symbol: 'xdp_load_balancer', offset: 0x11n },
    ]);
    const qualified = parseAddressArgument('xdp_lb!xdp_load_balancer+0x4f', 'xdp_lb');
    assert.equal(qualified.module, 'xdp_lb');
    assert.deepEqual(qualified.queries, [{ kind: 'symbol', symbol: 'xdp_load_balancer', offset: 0x4fn }]);
    assert.deepEqual(parseAddressArgument('main', 'runner').queries, [{ kind: 'symbol', symbol: 'main', offset: 0n }]);
    assert.deepEqual(parseAddressArgument('first+0x22/0x39', 'runner').queries, [
      { kind: 'symbol', symbol: 'first', offset: 0x22n },
    ]);
  });

  it('subtracts the load base from run-time addresses', () => {
    assert.deepEqual(parseAddressArgument('0x555555556811', 'runner', { base: 0x555555554000n }).queries, [
      { kind: 'offset', offset: 0x2811n },
    ]);
    assert.deepEqual(parseAddressArgument('fffff806`3e4b1060', 'xdp_lb', { base: 0xfffff8063e4b0000n }).queries, [
      { kind: 'offset', offset: 0x1060n },
    ]);
    assert.throws(
      () => parseAddressArgument('0x1000', 'runner', { base: 0x2000n }),
      (e: unknown) => e instanceof AddressSyntaxError && /below the image base 0x2000/.test(e.message),
    );
  });

  it('refuses what is not an address with one sentence naming the accepted forms', () => {
    for (const bad of ['', 'zz+', 'a b', '+0x10', 'x!']) {
      assert.throws(
        () => parseAddressArgument(bad, 'runner'),
        (e: unknown) => e instanceof AddressSyntaxError && !e.message.includes('\n'),
        bad,
      );
    }
  });

  it('names modules as debuggers do', () => {
    assert.equal(moduleNameOf('C:\\build\\xdp_lb.sys'), 'xdp_lb');
    assert.equal(moduleNameOf('/home/u/.cache/vscode-ebpf/native/abc/runner'), 'runner');
    assert.equal(moduleNameOf('/lib/x86_64-linux-gnu/libc.so.6'), 'libc');
  });
});

describe('stack traces', () => {
  it('reads WinDbg k: symbol with source, module offset, bare address, other modules; skips the header', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'windbg-k.txt'), 'utf8');
    const frames = parseAddressText(text, 'xdp_load_balancer');
    assert.equal(frames.length, 5);
    const f0 = at(frames, 0);
    assert.equal(f0.format, 'windbg');
    assert.equal(f0.frame, 0);
    assert.equal(f0.module, 'xdp_load_balancer');
    assert.deepEqual(f0.queries, [
      {
        kind: 'located',
        function: 'xdp_load_balancer',
        file: 'C:\\src\\ebpf\\examples\\xdp_load_balancer.c',
        line: 109,
      },
      { kind: 'symbol', symbol: 'xdp_load_balancer', offset: 0x60n },
    ]);
    assert.equal(at(frames, 1).module, 'ebpfcore');
    assert.deepEqual(at(frames, 2).queries, [{ kind: 'offset', offset: 0x1a4fn }]);
    // A bare address cannot be placed without the base...
    assert.deepEqual(at(frames, 3).queries, []);
    assert.match(defined(at(frames, 3).problem, 'problem'), /give the image base/);
    // ...and can with it.
    const based = parseAddressText(text, 'xdp_load_balancer', { base: 0xfffff8063e6c0000n });
    assert.deepEqual(at(based, 3).queries, [{ kind: 'offset', offset: 0x3b7an }]);
    assert.equal(at(frames, 4).frame, 4);
    assert.equal(at(frames, 4).module, 'nt');
  });

  it('reads WinDbg kv with its argument columns and inline frames', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'windbg-kv-inline.txt'), 'utf8');
    const frames = parseAddressText(text, 'calls_globals');
    assert.equal(frames.length, 2);
    assert.deepEqual(at(at(frames, 0).queries, 0), {
      kind: 'located',
      function: 'first__clamp',
      file: 'C:\\src\\calls_globals.c',
      line: 13,
    });
    assert.deepEqual(at(at(frames, 1).queries, 1), { kind: 'symbol', symbol: 'first', offset: 0x22n });
  });

  it('reads gdb bt: the printed line without a base, the address with one; libraries are other modules', () => {
    const f = defined(
      parseStackLine(
        '#0  0x0000555555556811 in xdp_load_balancer (context=0x7ffe, runtime_context=0x0) at /x/lb.c:94',
        'runner',
      ),
      'frame',
    );
    assert.equal(f.format, 'gdb');
    assert.deepEqual(f.queries, [{ kind: 'located', function: 'xdp_load_balancer', file: '/x/lb.c', line: 94 }]);
    const based = defined(
      parseStackLine('#0  0x0000555555556811 in xdp_load_balancer () at /x/lb.c:94', 'runner', {
        base: 0x555555554000n,
      }),
      'frame',
    );
    assert.deepEqual(at(based.queries, 0), { kind: 'offset', offset: 0x2811n });
    const noAddress = defined(parseStackLine('#1  first (ctx=0x1) at calls.c:25', 'runner'), 'frame');
    assert.deepEqual(noAddress.queries, [{ kind: 'located', function: 'first', file: 'calls.c', line: 25 }]);
    const lib = defined(
      parseStackLine(
        '#2  0x00007ffff7829d90 in __libc_start_call_main () from /lib/x86_64-linux-gnu/libc.so.6',
        'runner',
      ),
      'frame',
    );
    assert.equal(lib.module, '/lib/x86_64-linux-gnu/libc.so.6');
  });

  it('reads lldb bt: symbol + decimal offset when lldb has no line, the line when it has one', () => {
    const withLine = defined(
      parseStackLine(
        '  * frame #0: 0x0000555555556811 runner`xdp_load_balancer(context=0x00007fffffffe010, runtime_context=0x0) at lb.c:94:5',
        'runner',
      ),
      'frame',
    );
    assert.equal(withLine.format, 'lldb');
    assert.equal(withLine.frame, 0);
    assert.deepEqual(withLine.queries, [{ kind: 'located', function: 'xdp_load_balancer', file: 'lb.c', line: 94 }]);
    const offset = defined(parseStackLine('    frame #1: 0x00005555555571e3 runner`main + 419', 'runner'), 'frame');
    assert.deepEqual(offset.queries, [{ kind: 'symbol', symbol: 'main', offset: 419n }]);
    const libc = defined(
      parseStackLine('    frame #2: 0x00007ffff7829d90 libc.so.6`__libc_start_call_main + 128', 'runner'),
      'frame',
    );
    assert.equal(libc.module, 'libc.so.6');
  });

  it('reads glibc backtrace_symbols and Linux oops lines', () => {
    assert.deepEqual(
      defined(parseStackLine('./runner(xdp_load_balancer+0x60) [0x555555556860]', 'runner'), 'f').queries,
      [{ kind: 'symbol', symbol: 'xdp_load_balancer', offset: 0x60n }],
    );
    assert.deepEqual(defined(parseStackLine('./runner(+0x2860) [0x555555556860]', 'runner'), 'f').queries, [
      { kind: 'offset', offset: 0x2860n },
    ]);
    const oops = defined(parseStackLine(' ? first+0x22/0x39 [xdp_mod]', 'runner'), 'f');
    assert.equal(oops.format, 'oops');
    assert.equal(oops.module, 'xdp_mod');
    assert.deepEqual(oops.queries, [{ kind: 'symbol', symbol: 'first', offset: 0x22n }]);
  });

  it('takes one bare address per line as arguments, and refuses text with no frame', () => {
    const frames = parseAddressText('0x2811\nrunner+0x2860\n\n', 'runner');
    assert.deepEqual(
      frames.map((f) => f.queries),
      [[{ kind: 'address', address: 0x2811n }], [{ kind: 'offset', offset: 0x2860n }]],
    );
    assert.throws(
      () => parseAddressText('Breakpoint 1 hit\nnothing here', 'runner'),
      (e: unknown) => e instanceof AddressSyntaxError && /no address or stack frame recognised/.test(e.message),
    );
  });
});
