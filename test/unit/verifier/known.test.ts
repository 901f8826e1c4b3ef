// The verifier's checked reads: an index or payload its own bookkeeping guarantees, failing with an
// internal error that names what is missing instead of a TypeError further on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { known } from '../../../core/verifier/known';
import { T, constValue, payload } from '../../../core/verifier/value';
import { constNum } from '../../../core/verifier/num';

describe('verifier checked reads', () => {
  it('known() returns the element, or fails naming what and where', () => {
    assert.equal(known(['a', 'b'], 1, 'node'), 'b');
    assert.throws(() => known(['a', 'b'], 2, 'node'), /internal error: no node at index 2 of 2/);
  });

  it('payload() returns the part a type guarantees, or fails naming the type and the part', () => {
    assert.deepEqual(payload(constValue(7n), 'num'), constNum(7n));
    assert.throws(() => payload({ t: T.stack }, 'stack'), /internal error: a stack value has no stack payload/);
  });
});
