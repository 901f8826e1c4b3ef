// The map explorer's and trace panel's DAP messages on the load balancer (inline adapter):
// ebpf/maps, ebpf/mapEntries (BTF-decoded, addresses by name), ebpf/mapUpdate changing the run's
// result, validation errors, ebpf/printk with the C line, and the final ebpf/mapsSnapshot.
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { EntryPage, ListMapsResponse, TraceLine } from '../../core/live/views';
import {
  clangMissing,
  closeInlineServer,
  collectOutput,
  exampleConfig,
  launchWith,
  LB,
  lineOf,
  startInlineClient,
  stopped,
} from './harness';
import { at, defined } from '../support/at';

const noClang = clangMissing();

describe('debug adapter: map explorer and trace requests (inline)', { skip: noClang, timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startInlineClient();
  });
  after(async () => {
    await closeInlineServer();
  });
  afterEach(async () => {
    await dc.stop();
  });

  it('lists maps, decodes entries, and an edit changes the next result', async () => {
    const entry = stopped(dc, 'entry');
    await launchWith(dc, exampleConfig('Load balancer: TCP SYN to the VIP'));
    await entry;
    const list = (await dc.customRequest('ebpf/maps')).body as ListMapsResponse;
    assert.deepEqual(list.maps.map((m) => [m.name, m.type, m.perCpu]).slice(0, 3), [
      ['services', 'hash', false],
      ['backends', 'array', false],
      ['stats', 'percpu_array', true],
    ]);
    assert.equal(at(list.maps, 0).declaration?.line, lineOf(LB, '} services SEC(".maps");'));
    assert.deepEqual(at(list.programs, 0).mapIds.slice(0, 3), ['services', 'backends', 'stats']);
    const page = (await dc.customRequest('ebpf/mapEntries', { mapId: 'services', start: 0, count: 200 }))
      .body as EntryPage;
    assert.equal(page.total, 2);
    const tcp = page.entries.find((e) => e.key.fields?.find((f) => f.name === 'proto')?.value === '6');
    assert.ok(tcp, JSON.stringify(page.entries.map((e) => e.key.text)));
    const vip = tcp.key.fields?.find((f) => f.name === 'vip');
    assert.equal(vip?.format, 'ipv4');
    assert.match(vip?.value ?? '', /^10\.0\.0\.\d+ \(\d+\)$/);
    assert.match(tcp.value?.text ?? '', /backend_first=0, backend_count=2/);
    const backends = (await dc.customRequest('ebpf/mapEntries', { mapId: 'backends', start: 0, count: 2 }))
      .body as EntryPage;
    assert.equal(backends.next, 2);
    assert.equal(at(backends.entries, 0).value?.fields?.find((f) => f.name === 'mac')?.format, 'mac');

    await assert.rejects(
      dc.customRequest('ebpf/mapUpdate', { mapId: 'services', key: tcp.key.hex, value: '00' }),
      /value: 1 bytes given, map 'services' needs 8/,
    );
    await assert.rejects(dc.customRequest('ebpf/mapEntries', { mapId: 'nope' }), /no map named 'nope'/);
    // backend_count = 0: the service has no backend, so the program drops the frame.
    const invalidated = dc.waitForEvent('invalidated');
    await dc.customRequest('ebpf/mapUpdate', { mapId: 'services', key: tcp.key.hex, value: '0000000000000000' });
    await invalidated;
    const out = collectOutput(dc);
    const snapshot = dc.waitForEvent('ebpf/mapsSnapshot');
    const t = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    const snap = (await snapshot).body as ListMapsResponse & { pages: Record<string, EntryPage> };
    await t;
    assert.ok(
      out.some((o) => /returned XDP_DROP \(2\)/.test(o.body.output)),
      out.map((o) => o.body.output).join(''),
    );
    // The final state shows the run's per-CPU error counter.
    const stats = at(defined(snap.pages.stats, 'the stats page').entries, 0).values?.[0]?.fields?.find(
      (f) => f.name === 'errors',
    );
    assert.equal(stats?.value, '1');
  });

  it('sends each printk with its program and C line', async () => {
    const entry = stopped(dc, 'entry');
    await launchWith(dc, exampleConfig('Load balancer: packet to a non-service address (printk)'));
    await entry;
    const printk = dc.waitForEvent('ebpf/printk');
    await dc.continueRequest({ threadId: 1 });
    const line = (await printk).body as TraceLine;
    assert.match(line.message, /^lb: no service for a0000c8:80 proto 6$/);
    assert.equal(line.source, 'debug');
    assert.equal(line.callSite?.line, lineOf(LB, 'bpf_printk("lb: no service'));
    assert.equal(line.callSite?.file.replace(/\\/g, '/'), LB.replace(/\\/g, '/'));
    assert.ok(line.program);
    assert.ok(typeof line.pc === 'number' && line.pc > 0);
  });
});
