// Where an expression typed in a native session goes (debug-adapter/native/evaluate.ts): the
// program's C by default, lldb over the generated C with an `lldb ` prefix or a backtick command.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { routeExpression } from '../../debug-adapter/native/evaluate';

describe('native session expression routing', () => {
  it('evaluates plain text as the program’s C', () => {
    assert.deepEqual(routeExpression('ip->daddr'), { kind: 'c', expression: 'ip->daddr' });
    // A C name that merely starts with "lldb" is still C.
    assert.deepEqual(routeExpression('lldb_count'), { kind: 'c', expression: 'lldb_count' });
  });

  it('sends `lldb EXPR` to lldb as an expression over the generated C', () => {
    assert.deepEqual(routeExpression('lldb r1 + 1'), { kind: 'lldb', expression: 'r1 + 1', context: 'watch' });
    assert.deepEqual(routeExpression('  lldb\tstack[63]'), { kind: 'lldb', expression: 'stack[63]', context: 'watch' });
  });

  it('sends a backtick line to lldb as a command, backtick kept (lldb-dap’s command escape)', () => {
    assert.deepEqual(routeExpression('`bt'), { kind: 'lldb', expression: '`bt', context: 'repl' });
  });
});
