import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseClangDiagnostics } from '../../../core/toolchain/diagnosticsParser';
import { at } from '../../support/at';

describe('parseClangDiagnostics', () => {
  it('parses an error with range, a warning flag and a fix-it, skipping caret lines and summaries', () => {
    const stderr = [
      "/w/e.c:2:29:{2:28-2:29}: error: member reference type 'struct s *' is a pointer; did you mean to use '->'?",
      ' int f(struct s *p){ return p.a; }',
      '                            ~^',
      'fix-it:"/w/e.c":{2:29-2:30}:"->"',
      "/w/e.c:3:17: warning: implicit declaration of function 'h' is invalid in C99 [-Wimplicit-function-declaration]",
      '1 warning and 1 error generated.',
    ].join('\n');
    const d = parseClangDiagnostics(stderr);
    assert.equal(d.length, 2);
    const [error, warning] = [at(d, 0), at(d, 1)];
    assert.deepEqual(
      { file: error.file, line: error.line, column: error.column, severity: error.severity, range: error.range },
      {
        file: '/w/e.c',
        line: 2,
        column: 29,
        severity: 'error',
        range: { start: { line: 2, column: 28 }, end: { line: 2, column: 29 } },
      },
    );
    assert.deepEqual(error.fixIts, [
      { file: '/w/e.c', start: { line: 2, column: 29 }, end: { line: 2, column: 30 }, text: '->' },
    ]);
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.flag, '-Wimplicit-function-declaration');
    assert.equal(warning.message, "implicit declaration of function 'h' is invalid in C99");
  });

  it('attaches notes to the previous finding and records the include stack outermost first', () => {
    const stderr = [
      'In file included from /w/d.c:1:',
      'In file included from /w/inc/b.h:1:',
      '/w/inc/c.h:1:9: fatal error: expected expression',
      '/w/inc/c.h:1:5: note: previous definition is here',
    ].join('\n');
    const d = at(parseClangDiagnostics(stderr), 0);
    assert.equal(d.severity, 'fatal');
    assert.deepEqual(d.includedFrom, [
      { file: '/w/d.c', line: 1 },
      { file: '/w/inc/b.h', line: 1 },
    ]);
    assert.equal(d.notes.length, 1);
    assert.equal(at(d.notes, 0).message, 'previous definition is here');
  });

  it('keeps Windows drive letters in file names and unescapes fix-it text', () => {
    const d = at(
      parseClangDiagnostics('C:\\src\\x.c:4:1: error: expected \';\'\nfix-it:"C:\\\\src\\\\x.c":{4:1-4:1}:";\\n"'),
      0,
    );
    assert.equal(d.file, 'C:\\src\\x.c');
    assert.equal(at(d.fixIts, 0).text, ';\n');
    assert.equal(at(d.fixIts, 0).file, 'C:\\src\\x.c');
  });

  it('returns nothing for text that holds no diagnostics', () => {
    assert.deepEqual(parseClangDiagnostics('clang: warning: argument unused\n\x00\x01garbage'), []);
  });
});
