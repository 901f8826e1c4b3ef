// The verifier fixture suite run through our engine: every fixture x platform it targets is
// compiled with clang, loaded with loadObject and verified with verifyProgram. The verdict, the
// first error's code and C line, and "one error per root cause" must match the fixture header.
// Fixtures marked `// known-issue:` are expected failures: they pass while the engine disagrees and
// fail once it agrees, so a fix shows up and the marker gets removed; see docs/verifier-known-issues.md.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clangAvailable,
  compileFixture,
  loadFixtures,
  NO_LINE,
  unprivilegedExpectation,
  type Fixture,
  type FixturePlatform,
  type PlatformExpectation,
} from './fixtures';
import { loadObject } from '../../../core/program/loader';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import type { Diagnostic, VerificationResult } from '../../../core/verifier/types';
import type { Program } from '../../../core/program/types';

const fixtures = loadFixtures();
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-fixtures-'));
const profiles = { linux: linuxProfile, windows: windowsProfile } as const;
const compiled = new Map<string, { ok: boolean; bytes?: Uint8Array; stderr: string }>();

interface Outcome {
  readonly id: string;
  readonly platform: FixturePlatform;
  readonly agree: boolean;
  readonly detail: string;
  readonly known: boolean;
  readonly unprivileged?: boolean;
}
const outcomes: Outcome[] = [];

function compileOnce(fixture: Fixture): { ok: boolean; bytes?: Uint8Array; stderr: string } {
  const cached = compiled.get(fixture.id);
  if (cached) return cached;
  const r = compileFixture(fixture, outDir);
  const entry = r.ok
    ? { ok: true, bytes: new Uint8Array(fs.readFileSync(r.objectPath)), stderr: r.stderr }
    : { ok: false, stderr: r.stderr };
  compiled.set(fixture.id, entry);
  return entry;
}

/** The programs a loader would attach: entry functions of SEC() sections, not `.text` helpers. */
function entryPrograms(programs: readonly Program[]): Program[] {
  return programs.filter((p) => p.section !== '.text');
}

function describeDiag(d: Diagnostic | undefined): string {
  if (!d) return 'no error';
  return `${d.code} at line ${d.location?.line ?? '?'} (pc ${d.pc}): ${d.message} [${d.condition}]`;
}

/** Check one verification against its expectation; returns the list of mismatches (empty = agree). */
function compare(
  exp: Pick<PlatformExpectation, 'verdict' | 'code' | 'line'>,
  results: readonly VerificationResult[],
): string[] {
  const problems: string[] = [];
  const verdict = results.some((r) => r.verdict === 'fail') ? 'fail' : 'pass';
  const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'));
  const [first] = errors;
  if (verdict !== exp.verdict)
    problems.push(
      `verdict: expected ${exp.verdict}, got ${verdict}${first ? ` (first error: ${describeDiag(first)})` : ''}`,
    );
  if (verdict === 'fail' && errors.length === 0) problems.push('verdict fail but no error diagnostic');
  if (verdict === 'pass' && first)
    problems.push(`verdict pass but ${errors.length} error diagnostic(s): ${describeDiag(first)}`);
  if (exp.verdict === 'fail' && verdict === 'fail' && first) {
    if (first.code !== exp.code) problems.push(`code: expected ${exp.code}, got ${describeDiag(first)}`);
    if (exp.line !== undefined && (first.location?.line ?? NO_LINE) !== exp.line)
      problems.push(
        `line: expected ${exp.line}, got ${first.location?.line ?? 'no location'} (${describeDiag(first)})`,
      );
    for (const d of errors) {
      // Plain words: non-empty, one line, no control characters.
      if (d.message.trim() === '' || /[\u0000-\u001f]/.test(d.message))
        problems.push(`message is not one line of plain text: ${JSON.stringify(d.message)}`);
      if (d.condition.trim() === '') problems.push(`empty condition for ${d.code}`);
    }
    if (errors.length !== 1)
      problems.push(
        `expected exactly one error (one root cause), got ${errors.length}: ${errors.map(describeDiag).join(' | ')}`,
      );
  }
  return problems;
}

describe('verifier fixture suite', () => {
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    if (outcomes.length === 0) return;
    const agree = outcomes.filter((o) => o.agree).length;
    const known = outcomes.filter((o) => !o.agree && o.known).length;
    const byPlatform = (p: FixturePlatform) => {
      const os_ = outcomes.filter((o) => o.platform === p && !o.unprivileged);
      return `${p} ${os_.filter((o) => o.agree).length}/${os_.length}`;
    };
    const unpriv = outcomes.filter((o) => o.unprivileged);
    console.log(
      `verifier fixtures: ${agree}/${outcomes.length} agree (${byPlatform('linux')}, ${byPlatform('windows')}, linux unprivileged ${unpriv.filter((o) => o.agree).length}/${unpriv.length}; ${known} known issues)`,
    );
    const bad = outcomes.filter((o) => !o.agree);
    if (bad.length > 0)
      console.log(
        `disagreements:\n  ${bad.map((o) => `${o.known ? '[known] ' : ''}${o.id} [${o.platform}]: ${o.detail}`).join('\n  ')}`,
      );
  });

  it('has at least 150 fixtures covering both platforms', () => {
    assert.ok(fixtures.length >= 150, `only ${fixtures.length} fixtures`);
    assert.ok(
      fixtures.some((f) => f.expectations.has('linux')),
      'no Linux fixture',
    );
    assert.ok(
      fixtures.some((f) => f.expectations.has('windows')),
      'no Windows fixture',
    );
  });

  // A Linux loader without capabilities (the `ebpf.linux.unprivileged` setting, `--unprivileged`).
  for (const fixture of fixtures) {
    const exp = unprivilegedExpectation(fixture);
    if (!exp) continue;
    it(`${fixture.id} [linux, unprivileged] ${exp.verdict}${exp.code ? ` ${exp.code}@${exp.line ?? 'SEC'}` : ''}`, (t) => {
      const clang = clangAvailable();
      if (!clang.ok) return t.skip(clang.reason);
      const obj = compileOnce(fixture);
      assert.ok(obj.ok && obj.bytes, `clang failed for ${fixture.id}:\n${obj.stderr}`);
      const loaded = loadObject(obj.bytes, {
        platform: linuxProfile,
        sourceText: fixture.source,
        fileName: fixture.id,
      });
      const programs = entryPrograms(loaded.programs);
      assert.ok(programs.length > 0, `${fixture.id}: the loader found no program`);
      const problems = compare(
        exp,
        programs.map((p) => verifyProgram(p, { privileged: false })),
      );
      outcomes.push({
        id: fixture.id,
        platform: 'linux',
        agree: problems.length === 0,
        detail: problems.join('; '),
        known: false,
        unprivileged: true,
      });
      assert.deepEqual(problems, [], `${fixture.id} [linux, unprivileged]`);
    });
  }

  for (const fixture of fixtures) {
    for (const [platform, exp] of fixture.expectations) {
      const name = `${fixture.id} [${platform}] ${exp.verdict}${exp.code ? ` ${exp.code}@${exp.line}` : ''}`;
      it(exp.knownIssue ? `${name} (expected failure: ${exp.knownIssue})` : name, (t) => {
        const clang = clangAvailable();
        if (!clang.ok) return t.skip(clang.reason);
        const obj = compileOnce(fixture);
        assert.ok(obj.ok && obj.bytes, `clang failed for ${fixture.id}:\n${obj.stderr}`);
        let problems: string[];
        try {
          const loaded = loadObject(obj.bytes, {
            platform: profiles[platform],
            sourceText: fixture.source,
            fileName: fixture.id,
          });
          const programs = entryPrograms(loaded.programs);
          assert.ok(programs.length > 0, `${fixture.id}: the loader found no program`);
          problems = compare(
            exp,
            programs.map((p) => verifyProgram(p)),
          );
        } catch (e) {
          problems = [`threw: ${(e as Error).stack ?? String(e)}`.split('\n').slice(0, 4).join(' ')];
        }
        outcomes.push({
          id: fixture.id,
          platform,
          agree: problems.length === 0,
          detail: problems.join('; '),
          known: exp.knownIssue !== undefined,
        });
        if (exp.knownIssue === undefined) assert.deepEqual(problems, [], `${fixture.id} [${platform}]`);
        else {
          assert.notDeepEqual(
            problems,
            [],
            `${fixture.id} [${platform}] now agrees: remove its known-issue-${platform} line (and the entry in docs/verifier-known-issues.md)`,
          );
          t.diagnostic(`expected failure (known issue): ${problems.join('; ')}`);
        }
      });
    }
  }
});
