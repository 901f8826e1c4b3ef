// Where a verifier finding's squiggle goes on its line: the C expression DWARF named, near the
// line info's column, else the postfix expression at that column; never just the next token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expressionExtent } from '../../../server/sourceText';

function squiggled(line: string, column: number | undefined, expression?: string): string | undefined {
  const e = expressionExtent(line, column, expression);
  return e ? line.slice(e.start, e.end) : undefined;
}

describe('expressionExtent', () => {
  it('covers the named expression, spaces between its tokens allowed, nearest the column', () => {
    assert.equal(squiggled('    if (ip->protocol != IPPROTO_TCP)', 12, 'ip->protocol'), 'ip->protocol');
    assert.equal(
      squiggled('  n = svc -> backend_count + svc->backend_count;', 40, 'svc->backend_count'),
      'svc->backend_count',
    );
    assert.equal(squiggled('  n = svc -> backend_count + x;', 12, 'svc->backend_count'), 'svc -> backend_count');
    assert.equal(squiggled('    *value += 1;', 5, 'value'), 'value');
    // `value` inside `old_value` is not it.
    assert.equal(squiggled('    old_value = *value;', 4, 'value'), 'value');
    assert.equal(squiggled('    old_value = *value;', 4, 'value')?.length, 5);
  });

  it("falls back to the expression's variable when the line spells it otherwise (`&k` for `k.pad`)", () => {
    const line = '  v = bpf_map_lookup_elem(&m, &k);';
    const e = expressionExtent(line, 6, 'k.pad');
    assert.ok(e);
    assert.equal(line.slice(e.start, e.end), 'k');
    assert.equal(e.start, line.indexOf('&k') + 1);
  });

  it('without a name: the postfix expression at the column, not the token there alone', () => {
    assert.equal(squiggled('  x = eth->h_proto;', 12), 'eth->h_proto');
    assert.equal(squiggled('  x = eth->h_proto;', 6), 'eth->h_proto');
    assert.equal(squiggled('  be = &svc->backends[i].mac[2];', 15), 'svc->backends[i].mac[2]');
    assert.equal(squiggled('  v = bpf_map_lookup_elem(&m, &k);', 6), 'bpf_map_lookup_elem');
  });

  it('nothing for a keyword, punctuation or a column off the line (the caller squiggles the statement)', () => {
    assert.equal(squiggled('  return ctx;', 2), undefined);
    assert.equal(squiggled('  x += 1;', 4), undefined);
    assert.equal(squiggled('  x;', 40), undefined);
    assert.equal(squiggled('  x;', undefined), undefined);
  });
});
