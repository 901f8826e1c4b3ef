// Checked element access for tests: an index the test expects to exist fails with a message
// naming what is missing, instead of a TypeError on `undefined` a few lines later.

import assert from 'node:assert/strict';

/** items[index] (a negative index counts from the end); fails the test when there is none. */
export function at<T>(items: ArrayLike<T>, index: number, what = `item ${index}`): T {
  const item = items[index < 0 ? items.length + index : index];
  if (item === undefined) assert.fail(`${what} is missing (${items.length} present)`);
  return item;
}

/** value, when the test expects one (a lookup that must succeed); fails the test naming `what`. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) assert.fail(`${what} is missing`);
  return value;
}
