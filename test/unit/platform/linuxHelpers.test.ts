import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { linuxProfile } from '../../../core/platform/index';
import { generatedLinuxHelpers } from '../../../core/platform/linuxHelpers.generated';
import { DEFAULT_HEADER, helperRows } from '../../../scripts/gen-linux-helpers.mjs';
import { externalSkip } from '../../support/skip';

describe('Linux helper table generated from <linux/bpf.h>', () => {
  it('is the header list: same ids, names and documented prototypes', (t) => {
    if (!fs.existsSync(DEFAULT_HEADER)) {
      t.skip(externalSkip(DEFAULT_HEADER, 'apt-get install linux-libc-dev'));
      return;
    }
    const rows: unknown = helperRows(fs.readFileSync(DEFAULT_HEADER, 'utf8'));
    // Round-trip through JSON: the committed module is that JSON, formatted.
    assert.deepEqual(
      JSON.parse(JSON.stringify(generatedLinuxHelpers)),
      rows,
      'core/platform/linuxHelpers.generated.ts is stale: run node scripts/gen-linux-helpers.mjs',
    );
  });

  it('puts every generated helper, with its effects, in the Linux profile', () => {
    for (const g of generatedLinuxHelpers) {
      const h = linuxProfile.helpers.get(g.id);
      assert.equal(h?.name, g.name);
      assert.ok(h?.effects, `${g.name} has effects data`);
    }
    const names = new Map([...linuxProfile.helpers.values()].map((h) => [h.name, h]));
    assert.equal(names.get('bpf_xdp_adjust_head')?.effects?.changesPacket, true);
    assert.equal(names.get('bpf_skb_change_type')?.effects?.changesPacket, undefined);
    assert.equal(names.get('bpf_sk_lookup_tcp')?.effects?.acquires, true);
    assert.equal(names.get('bpf_sk_release')?.effects?.releases, true);
    assert.equal(names.get('bpf_ringbuf_submit')?.effects?.releases, true);
    assert.deepEqual(names.get('bpf_redirect_map')?.effects?.mapTypes, ['devmap', 'devmap_hash', 'cpumap', 'xskmap']);
    assert.equal(names.get('bpf_map_pop_elem')?.effects?.writesMapValue, true);
    // Ids beyond the curated prototypes come with kinds derived from the C prototype.
    assert.deepEqual(names.get('bpf_redirect_neigh')?.args, ['anything', 'anything', 'anything', 'anything']);
  });

  it('names every effect map type after a Linux map type', () => {
    const known = new Set([...linuxProfile.mapTypes.values()].map((m) => m.name));
    for (const g of generatedLinuxHelpers)
      for (const m of [...(g.effects?.mapTypes ?? []), ...(g.effects?.mapTypesRefused ?? [])])
        assert.ok(known.has(m), `${g.name}: ${m}`);
  });
});
