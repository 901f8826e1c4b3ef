// Order statistics for the benchmarks. A run without samples is a bug in the benchmark, so it
// fails loudly instead of printing NaN.

/** The sample at `index` of already sorted samples. */
export function sampleAt(sorted: readonly number[], index: number): number {
  const sample = sorted[index];
  if (sample === undefined) throw new Error(`no sample at ${index} of ${sorted.length}`);
  return sample;
}

/** The median of unsorted samples (the upper one of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sampleAt(sorted, Math.floor(sorted.length / 2));
}
