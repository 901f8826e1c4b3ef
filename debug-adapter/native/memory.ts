// The runner's memory at one stop, for code that reads memory synchronously (DWARF locations and
// C values, debug-adapter/locals.ts and cvalue.ts). lldb-dap 19 has no readMemory, and each read
// through its expression evaluator is a round trip, so reads are served from a per-stop cache of
// 64-byte blocks: `resolve` runs the synchronous code, records the blocks it missed, fetches them
// (contiguous blocks in one request, all requests at once) and runs it again, until nothing is
// missing. Aligned 64-byte blocks never cross a page, so an unmapped page fails only its blocks.

const BLOCK = 64;
/** Rounds of fetching for one piece of code (each round follows one more level of pointers). */
const MAX_ROUNDS = 8;
/** A read larger than this is refused rather than fetched (a C value is far smaller). */
const MAX_READ = 64 * 1024;

/** Reads bytes of the runner; undefined when the range cannot be read. */
export type FetchBytes = (address: bigint, length: number) => Promise<Uint8Array | undefined>;

export class StopMemory {
  private readonly blocks = new Map<bigint, Uint8Array | 'unreadable'>();
  private missing = new Set<bigint>();
  /** Requests sent to the debugger (for tests and the console's timing line). */
  fetches = 0;

  constructor(private readonly fetch: FetchBytes) {}

  /** Synchronous read from the cache; records what is missing and throws. */
  readonly read = (address: bigint, size: number): Uint8Array => {
    if (size < 0 || size > MAX_READ) throw new Error(`cannot read ${size} bytes at once`);
    const out = new Uint8Array(size);
    if (size === 0) return out;
    const first = address - (address % BigInt(BLOCK));
    let lacking = false;
    for (let b = first; b < address + BigInt(size); b += BigInt(BLOCK)) {
      const block = this.blocks.get(b);
      if (block === 'unreadable') throw new Error('not readable in the native runner');
      if (!block) {
        this.missing.add(b);
        lacking = true;
        continue;
      }
      if (lacking) continue;
      const from = address > b ? Number(address - b) : 0;
      const to = Math.min(BLOCK, Number(address + BigInt(size) - b));
      out.set(block.subarray(from, to), Number(b + BigInt(from) - address));
    }
    if (lacking) throw new Error('not read from the native runner yet');
    return out;
  };

  /**
   * Runs `compute` until every read it made is served from the cache (bounded rounds). A throw
   * caused by a miss is retried once the memory is there; any other throw is the result.
   */
  async resolve<T>(compute: () => T): Promise<T> {
    for (let round = 0; ; round++) {
      this.missing = new Set();
      let outcome: { value: T } | { error: unknown };
      try {
        outcome = { value: compute() };
      } catch (error) {
        outcome = { error };
      }
      if (this.missing.size === 0 || round >= MAX_ROUNDS) {
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      }
      await this.fetchMissing([...this.missing].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  }

  private async fetchMissing(blocks: bigint[]): Promise<void> {
    const runs: { start: bigint; count: number }[] = [];
    for (const b of blocks) {
      const last = runs.at(-1);
      if (last && last.start + BigInt(last.count * BLOCK) === b) last.count++;
      else runs.push({ start: b, count: 1 });
    }
    await Promise.all(runs.map((r) => this.fetchRun(r.start, r.count)));
  }

  private async fetchRun(start: bigint, count: number): Promise<void> {
    this.fetches++;
    const bytes = await this.fetch(start, count * BLOCK).catch(() => undefined);
    if (bytes && bytes.length === count * BLOCK) {
      for (let i = 0; i < count; i++)
        this.blocks.set(start + BigInt(i * BLOCK), bytes.slice(i * BLOCK, (i + 1) * BLOCK));
      return;
    }
    if (count === 1) {
      this.blocks.set(start, 'unreadable');
      return;
    }
    // One unreadable block fails the whole request: fetch the blocks one by one.
    await Promise.all(Array.from({ length: count }, (_, i) => this.fetchRun(start + BigInt(i * BLOCK), 1)));
  }
}
