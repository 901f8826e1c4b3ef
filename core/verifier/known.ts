// Reads at indices the verifier produced itself (block bounds, node ids, call-site pcs): a miss is a
// bug in the verifier, never a fault of the program, so it fails loudly, naming what was missing.

/** items[index], which the verifier's own bookkeeping guarantees is there. */
export function known<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`verifier: internal error: no ${what} at index ${index} of ${items.length}`);
  return item;
}
