// Our helper docs must be our own words. This compares every Linux helper doc against the prose in
// libbpf's <bpf/bpf_helper_defs.h> and fails when a doc shares a run of RUN_LENGTH consecutive
// words with it (after lower-casing and dropping punctuation), which catches copied sentences
// while allowing the short technical phrases any two descriptions of a helper will share.
import { strict as assert } from 'node:assert';
import { APT, externalSkip } from '../../support/skip';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { linuxProfile } from '../../../core/platform/index';
import type { HelperPrototype } from '../../../core/platform/types';

const HEADER = '/usr/include/bpf/bpf_helper_defs.h';
const RUN_LENGTH = 8;

/** Lower-case words with punctuation removed ("skb->hash," -> ["skb", "hash"]). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

/** Every run of RUN_LENGTH consecutive words, joined by single spaces. */
function runs(ws: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + RUN_LENGTH <= ws.length; i++) out.push(ws.slice(i, i + RUN_LENGTH).join(' '));
  return out;
}

/** The text of each `/* ... *\/` comment block (descriptions, return values), leading stars stripped. */
function commentBlocks(source: string): string[] {
  const blocks: string[] = [];
  for (const [, body = ''] of source.matchAll(/\/\*([\s\S]*?)\*\//g)) {
    blocks.push(
      body
        .split('\n')
        .map((line) => line.replace(/^\s*\*\s?/, ''))
        .join('\n'),
    );
  }
  return blocks;
}

/** All word runs of the header's prose; runs never span two comment blocks. */
function headerRuns(source: string): Set<string> {
  const set = new Set<string>();
  for (const block of commentBlocks(source)) for (const run of runs(words(block))) set.add(run);
  return set;
}

function allLinuxHelpers(): HelperPrototype[] {
  const all = [...linuxProfile.helpers.values()];
  for (const t of linuxProfile.programTypes) all.push(...t.helpers.values());
  return all;
}

/** The first run of a doc that also appears in the header, or undefined. */
function sharedRun(doc: string, header: ReadonlySet<string>): string | undefined {
  return runs(words(doc)).find((run) => header.has(run));
}

describe('Linux helper docs are written in our own words', () => {
  it(`share no run of ${RUN_LENGTH} words with ${HEADER}`, (t) => {
    if (!fs.existsSync(HEADER)) {
      t.skip(externalSkip(HEADER, APT.libbpf));
      return;
    }
    const source = fs.readFileSync(HEADER, 'utf8');
    const header = headerRuns(source);
    // Guard against a parser that silently finds nothing, which would make the check vacuous.
    assert.ok(
      commentBlocks(source).length > 100,
      `found only ${commentBlocks(source).length} comment blocks in ${HEADER}`,
    );
    const lookupBlock = commentBlocks(source).find((b) => /^\s*bpf_map_lookup_elem\s*$/m.test(b));
    assert.ok(lookupBlock, `${HEADER} documents bpf_map_lookup_elem`);
    assert.ok(sharedRun(lookupBlock, header), 'the detector flags text copied from the header');

    const copied = allLinuxHelpers()
      .map((h) => ({ h, run: sharedRun(h.doc, header) }))
      .filter((x) => x.run !== undefined)
      .map(({ h, run }) => `${h.id} ${h.name}: "${run}"`);
    assert.deepEqual(
      copied,
      [],
      `helper docs sharing ${RUN_LENGTH}+ consecutive words with ${HEADER}:\n${copied.join('\n')}`,
    );
  });

  it('gives every Linux helper a non-empty doc', () => {
    for (const h of allLinuxHelpers()) assert.ok(h.doc.trim().length > 0, `${h.id} ${h.name} has a doc`);
  });
});
