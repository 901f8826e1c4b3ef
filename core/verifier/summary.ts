// Abstract states rendered for people (hover, --state, diagnostics).

import type { Semantics } from './transfer';
import type { State } from './state';
import { known } from './known';
import type { StateSummary, ValueSummary } from './types';
import { T, describeValue } from './value';

function fp(rel: number): string {
  return rel < 0 ? `fp${rel}` : `fp+${rel}`;
}

export function summarise(
  s: State,
  sem: Semantics,
  regs: readonly number[] | 'all',
  stack: readonly number[] | 'all',
): StateSummary {
  const naming = { mapName: (i: number): string => sem.mapName(i) };
  const top = s.frameTop;
  const registers: ValueSummary[] = [];
  const wanted =
    regs === 'all'
      ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
      : [...new Set(regs)].filter((r) => r >= 0 && r <= 10).sort((a, b) => a - b);
  for (const r of wanted) {
    const v = known(s.regs, r, 'register');
    if (regs === 'all' && v.t === T.uninit) continue;
    const d = describeValue(v, naming);
    // Stack pointers read better relative to the frame pointer.
    const value =
      v.t === T.stack && v.stack
        ? v.stack.lo === v.stack.hi
          ? fp(v.stack.lo - top)
          : `[${fp(v.stack.lo - top)}, ${fp(v.stack.hi - top)}]`
        : d.value;
    registers.push({ name: `r${r}`, type: d.type, value });
  }
  const slots: ValueSummary[] = [];
  const cells = [...s.stack].sort(([a], [b]) => a - b);
  const want = stack === 'all' ? undefined : new Set(stack);
  for (const [off, cell] of cells) {
    if (off < top - 512 || off >= top) continue;
    if (want && ![...want].some((w) => w >= off && w < off + cell.size) && regs !== 'all') {
      // Only slots a register points at, or the ones named, matter for a finding.
      const pointed = wanted.some((r) => {
        const v = known(s.regs, r, 'register');
        return v.t & T.stack && v.stack && v.stack.lo <= off + cell.size && v.stack.hi + 8 >= off;
      });
      if (!pointed) continue;
    }
    const d = describeValue(cell.v, naming);
    slots.push({ name: `${fp(off - top)}${cell.size !== 8 ? `:${cell.size}` : ''}`, type: d.type, value: d.value });
  }
  const facts: string[] = [];
  if (s.pktSize > 0) facts.push(`packet_size >= ${s.pktSize}`);
  for (const [sym, k] of s.ranges) facts.push(`packet base@${sym - 1} + ${k} <= packet_size`);
  if (s.metaRange > 0) facts.push(`data_meta + ${s.metaRange} <= data`);
  if (s.frames.length > 0) facts.push(`call depth ${s.frames.length + 1}`);
  if (s.refs.length > 0) facts.push(`unreleased references from pc ${s.refs.join(', ')}`);
  return { registers, stack: slots, facts };
}
