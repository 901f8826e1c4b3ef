import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cExpressionAt } from '../../../client/debug/cExpressionAt';

describe('the C expression under the cursor (debug hover)', () => {
  const line = '    if (ip->daddr != key.vip && svc->backend_count) // ip->saddr';
  const at = (text: string, offset = 0): string | undefined => cExpressionAt(line, line.indexOf(text) + offset)?.text;

  it('takes the field chain up to the hovered identifier', () => {
    assert.equal(at('daddr'), 'ip->daddr');
    assert.equal(at('ip->'), 'ip');
    assert.equal(at('vip', 1), 'key.vip');
    assert.equal(at('key'), 'key');
    assert.equal(at('backend_count', 3), 'svc->backend_count');
    assert.deepEqual(cExpressionAt(line, line.indexOf('daddr')), {
      text: 'ip->daddr',
      start: line.indexOf('ip->'),
      end: line.indexOf('daddr') + 5,
    });
  });

  it('gives nothing on keywords, macros, comments and strings', () => {
    assert.equal(at('if'), undefined);
    assert.equal(at('saddr'), undefined, 'inside a comment');
    assert.equal(cExpressionAt('    return XDP_PASS;', 12), undefined);
    assert.equal(cExpressionAt('bpf_printk("count %d", count);', 14), undefined);
    assert.equal(cExpressionAt('bpf_printk("count %d", count);', 24)?.text, 'count');
  });
});
