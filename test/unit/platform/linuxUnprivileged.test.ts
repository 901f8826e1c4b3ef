// What the Linux profile says a loader without capabilities may load, against the kernel: the
// recorded probe (core/platform/linuxUnprivileged.generated.ts) covers every probe target, the
// profile reads it per program type, and on the kernel it was recorded on a live probe as the user
// nobody (scripts/probe-linux-unprivileged.mjs, root to switch user and sysctl) gives the same.
import { strict as assert } from 'node:assert';
import os from 'node:os';
import { describe, it } from 'node:test';
import { linuxProfile } from '../../../core/platform/index';
import { linuxUnprivilegedLoad } from '../../../core/platform/linuxUnprivileged';
import {
  linuxUnprivilegedAvailability,
  linuxUnprivilegedKernel,
} from '../../../core/platform/linuxUnprivileged.generated';
import { linuxHelperAvailabilityMaxId } from '../../../core/platform/linuxHelperAvailability.generated';
import { TARGETS } from '../../../scripts/probe-linux-helpers.mjs';
import { probeUnprivileged, unprivilegedProbeMissing } from '../../../scripts/probe-linux-unprivileged.mjs';
import { defined } from '../../support/at';
import { externalSkip } from '../../support/skip';

const type = (name: string) =>
  defined(
    linuxProfile.programTypes.find((t) => t.name === name),
    name,
  );

describe('Linux loads without capabilities', () => {
  it('records every probe target, and only socket filters and cgroup_skb programs load', () => {
    assert.deepEqual(
      linuxUnprivilegedAvailability.map((r) => r.key),
      TARGETS.map((t) => t.key),
    );
    const loading = linuxUnprivilegedAvailability.filter((r) => r.available).map((r) => r.type);
    assert.deepEqual([...new Set(loading)].sort(), ['cgroup_skb', 'socket_filter']);
  });

  it('gives each program type of the profile its recorded answer', () => {
    const socket = linuxProfile.unprivilegedLoad?.(type('socket_filter'));
    assert.equal(socket?.kind, 'loads');
    if (socket?.kind === 'loads') {
      assert.ok(socket.available.has(1), 'bpf_map_lookup_elem');
      assert.ok(!socket.available.has(6), 'bpf_trace_printk needs CAP_PERFMON');
    }
    assert.equal(linuxUnprivilegedLoad(type('xdp')).kind, 'refused');
    for (const t of linuxProfile.programTypes) assert.ok(linuxUnprivilegedLoad(t), `${t.name} has an answer`);
  });

  it('equals a live probe as the user nobody', (t) => {
    const missing = unprivilegedProbeMissing();
    if (missing) return t.skip(externalSkip(missing, 'run the tests as root on Linux with util-linux'));
    if (os.release() !== linuxUnprivilegedKernel)
      return t.skip(
        externalSkip(
          `the kernel the table was recorded on (${linuxUnprivilegedKernel}; this is ${os.release()})`,
          'run on that kernel, or record this one with node scripts/probe-linux-unprivileged.mjs and review the diff',
        ),
      );
    const live = probeUnprivileged(linuxHelperAvailabilityMaxId);
    const diffs: string[] = [];
    for (const r of live.results) {
      const recorded = linuxUnprivilegedAvailability.find((x) => x.key === r.key);
      if (!r.loads) {
        if (!recorded?.refusedWith) diffs.push(`${r.key}: refused now (${r.error}), loaded when recorded`);
        continue;
      }
      const now = [...r.available].sort((a, b) => a - b).join(',');
      const then = [...(recorded?.available ?? [])].sort((a, b) => a - b).join(',');
      if (now !== then) diffs.push(`${r.key}: helpers now [${now}], recorded [${then}]`);
    }
    assert.deepEqual(diffs, [], 'the recorded table is stale: node scripts/probe-linux-unprivileged.mjs');
  });
});
