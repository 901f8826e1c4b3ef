// The Windows fixtures judged by the real target: prevail-windows (PREVAIL as eBPF for Windows
// configures it, see shared/oracles/README.md) runs on every Windows fixture. Two things must hold:
// the fixture's hand-written expectation says what PREVAIL says (verdict, and the C line of the
// first error where PREVAIL names one), and our Windows profile says it too. Skips with one line
// when the oracle or clang is missing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clangAvailable, compileFixture, loadFixtures, NO_LINE, type Fixture } from './fixtures';
import { loadObject } from '../../../core/program/loader';
import { windowsProfile } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import { defined } from '../../support/at';
import { missingSharedReason, sharedPath } from '../../support/shared';
import { runPrevailWindows, type PrevailVerdict } from '../../support/prevail';

const fixtures = loadFixtures().filter((f) => f.family === 'windows' && f.expectations.has('windows'));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prevail-agreement-'));
const oracle = sharedPath('oracles/prevail-windows');
const clang = clangAvailable();
const skipReason = !oracle ? missingSharedReason('oracles/prevail-windows') : !clang.ok ? clang.reason : undefined;

/** Rejected = PREVAIL failed the program or eBPF for Windows could not load it. */
interface Judgement {
  readonly rejected: boolean;
  readonly line: number | undefined;
  readonly text: string;
}

const theirs = new Map<string, Judgement>();
const objects = new Map<string, string>();
const rows: string[] = [];
let agreeExpectation = 0;
let agreeEngine = 0;

function fromPrevail(programs: readonly PrevailVerdict[]): Judgement {
  const bad = programs.find((p) => p.verdict !== 'pass');
  if (!bad) return { rejected: false, line: undefined, text: 'pass' };
  return { rejected: true, line: bad.line, text: `${bad.verdict} at line ${bad.line ?? '-'}: ${bad.message}` };
}

function ours(fixture: Fixture): Judgement {
  const bytes = new Uint8Array(fs.readFileSync(defined(objects.get(fixture.id), `the object of ${fixture.id}`)));
  const loaded = loadObject(bytes, { platform: windowsProfile, sourceText: fixture.source, fileName: fixture.id });
  const errors = loaded.programs
    .filter((p) => p.section !== '.text')
    .flatMap((p) => verifyProgram(p).diagnostics.filter((d) => d.severity === 'error'));
  const first = errors[0];
  if (!first && loaded.failedPrograms.length === 0) return { rejected: false, line: undefined, text: 'pass' };
  if (!first) return { rejected: true, line: undefined, text: `load error: ${loaded.failedPrograms[0]?.error}` };
  return {
    rejected: true,
    line: first.location?.line,
    text: `${first.code} at line ${first.location?.line ?? '-'}: ${first.message}`,
  };
}

describe('Windows fixtures agree with prevail-windows', () => {
  before(() => {
    if (skipReason || !oracle) return;
    for (const f of fixtures) {
      const r = compileFixture(f, outDir);
      if (r.ok) objects.set(f.id, r.objectPath);
    }
    // One oracle process for every object: it prints one line per program.
    const results = runPrevailWindows(oracle, [...objects.values()]);
    for (const [id, object] of objects) theirs.set(id, fromPrevail(results.get(object) ?? []));
  });
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    if (theirs.size === 0) return;
    console.log(
      `prevail-windows agreement on ${theirs.size} Windows fixtures: expectations ${agreeExpectation}/${theirs.size}, engine ${agreeEngine}/${theirs.size} (verdict, and first-error line where PREVAIL names one)`,
    );
    if (rows.length > 0) console.log(`disagreements:\n  ${rows.join('\n  ')}`);
  });

  it('has Windows fixtures', () => assert.ok(fixtures.length > 50));

  for (const fixture of fixtures) {
    const known = fixture.expectations.get('windows')?.knownIssue;
    // A known issue runs as an expected failure: it passes while the engine disagrees with PREVAIL
    // and fails once it agrees, so the fix shows up (the fixture's expectation must agree either way).
    it(known ? `${fixture.id} (expected failure: ${known})` : fixture.id, (t) => {
      if (skipReason) return t.skip(skipReason);
      assert.ok(objects.has(fixture.id), `clang failed for ${fixture.id}`);
      const prevail = defined(theirs.get(fixture.id), `prevail's verdict on ${fixture.id}`);
      const exp = defined(fixture.expectations.get('windows'), `the windows expectation of ${fixture.id}`);
      const sameAs = (j: { rejected: boolean; line: number | undefined }): boolean =>
        j.rejected === prevail.rejected && (prevail.line === undefined || j.line === prevail.line);
      const expectation = { rejected: exp.verdict === 'fail', line: exp.line === NO_LINE ? undefined : exp.line };
      const engine = ours(fixture);
      const problems: string[] = [];
      if (sameAs(expectation)) agreeExpectation++;
      else
        problems.push(
          `the fixture expects ${exp.verdict}${exp.line ? ` at line ${exp.line}` : ''}, PREVAIL says ${prevail.text}`,
        );
      // Where PREVAIL names no line (load errors, line-0 pcs), the expectation's line stands in.
      const engineLine = prevail.line === undefined && exp.line !== undefined && exp.line !== NO_LINE;
      const engineAgrees = sameAs(engine) && (!engineLine || !engine.rejected || engine.line === exp.line);
      if (engineAgrees) agreeEngine++;
      const engineProblem = engineAgrees ? [] : [`we say ${engine.text}; PREVAIL says ${prevail.text}`];
      if (problems.length + engineProblem.length > 0)
        rows.push(`${fixture.id}: ${[...problems, ...engineProblem].join('; ')}`);
      assert.deepEqual(problems, []);
      if (known === undefined) assert.deepEqual(engineProblem, []);
      else
        assert.ok(
          !engineAgrees,
          `${fixture.id} now agrees with PREVAIL: remove its known-issue-windows line (and the entry in docs/verifier-known-issues.md)`,
        );
    });
  }
});
