import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisScheduler } from '../../../server/scheduler';
import type { Analysis, DocumentSnapshot } from '../../../server/analysis';
import { at } from '../../support/at';

/** A fake document store and pipeline whose runs finish when the test says so. */
function harness(debounceMs: number) {
  const docs = new Map<string, DocumentSnapshot>();
  const runs: { doc: DocumentSnapshot; signal: AbortSignal; finish: () => void }[] = [];
  const published: number[] = [];
  const scheduler = new AnalysisScheduler({
    current: (uri) => docs.get(uri),
    run: (doc, signal) =>
      new Promise<Analysis | undefined>((resolve) => {
        runs.push({
          doc,
          signal,
          finish: () => resolve(signal.aborted ? undefined : ({ uri: doc.uri, version: doc.version } as Analysis)),
        });
      }),
    publish: (a) => published.push(a.version),
    debounceMs: () => debounceMs,
    onError: (_u, e) => {
      throw e;
    },
  });
  const edit = (version: number) => {
    docs.set('u', { uri: 'u', version, text: `v${version}` });
    scheduler.changed('u');
  };
  /** The i-th run the scheduler started; fails the test when it has not started that many. */
  const run = (i: number) => at(runs, i, `analysis run ${i}`);
  return { docs, runs, run, published, scheduler, edit };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AnalysisScheduler', () => {
  it('debounces quick edits into one run of the newest version', async () => {
    const h = harness(20);
    h.edit(1);
    h.edit(2);
    h.edit(3);
    await tick(40);
    assert.deepEqual(
      h.runs.map((r) => r.doc.version),
      [3],
    );
    h.run(0).finish();
    await tick(0);
    assert.deepEqual(h.published, [3]);
  });

  it('aborts a run superseded by an edit and never publishes its result', async () => {
    const h = harness(0);
    h.edit(1);
    await tick(5);
    assert.equal(h.runs.length, 1);
    h.edit(2);
    assert.equal(h.run(0).signal.aborted, true, 'the stale run is aborted at once');
    await tick(5);
    h.run(0).finish();
    h.run(1).finish();
    await tick(0);
    assert.deepEqual(h.published, [2]);
  });

  it('drops a result whose version stopped being current while it ran, even if not aborted', async () => {
    const h = harness(1000);
    h.docs.set('u', { uri: 'u', version: 1, text: '' });
    const pending = h.scheduler.forCurrentVersion('u');
    await tick(0);
    h.docs.set('u', { uri: 'u', version: 2, text: '' }); // changed without notifying the scheduler yet
    h.run(0).finish();
    await tick(0);
    assert.deepEqual(h.published, []);
    // forCurrentVersion retries for the new version.
    await tick(0);
    h.run(1).finish();
    assert.equal((await pending)?.version, 2);
    assert.deepEqual(h.published, [2]);
  });

  it('serves requests from the cache for the current version without running again', async () => {
    const h = harness(0);
    h.edit(1);
    await tick(5);
    h.run(0).finish();
    await tick(0);
    assert.equal((await h.scheduler.forCurrentVersion('u'))?.version, 1);
    assert.equal(h.runs.length, 1);
    h.scheduler.closed('u');
    assert.equal(h.scheduler.lastPublished('u'), undefined);
  });
});
