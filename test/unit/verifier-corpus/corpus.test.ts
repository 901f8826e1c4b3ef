// Real programs nobody here wrote (test/corpus/<project>, see scripts/refresh-corpus.mjs), compiled
// in the test and judged by the target's own verifier: prevail-windows for eBPF for Windows
// projects, the kernel for Linux ones. A Linux project with a `windows` block is judged on both
// platforms: its programs are compiled again against eBPF for Windows' headers (through
// test/support/linux-on-windows and the project's own compatibility folder, never by editing the
// program) and that build, `<project>/windows`, is judged by prevail-windows. Prints the agreement table (docs/verifier-agreement.md keeps the latest) and asserts
//  - soundness: no program the oracle rejects is accepted by us;
//  - a ratchet: agreement never falls below what the engine reached when the figure was set.
// Skips with one printed line when clang or the oracle is missing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadObject, type LoadedObject } from '../../../core/program/loader';
import { profileById } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import { clangMissingReason } from '../../support/clang';
import { kernelAvailable, loadIntoKernel } from '../../support/kernel';
import { kernelEachLoader, loadEachIntoKernel, type KernelProgramVerdict } from '../../support/kernelEach';
import { kernelLegacyLoader, loadEachLegacy } from '../../support/kernelLegacy';
import {
  agreementRow,
  agreementTable,
  compileProject,
  generatedHeadersMissing,
  loadCorpus,
  outcome,
  type AgreementRow,
  type CompiledProgram,
  type CorpusProject,
  type OurVerdict,
  type ProgramComparison,
  windowsBuildOf,
  withoutInliningOf,
} from '../../support/corpus';
import { runPrevailWindows } from '../../support/prevail';
import { missingSharedReason, sharedPath } from '../../support/shared';

/** Agreement reached per project (programs agreeing with the oracle): raise it, never lower it. */
const RATCHET: Record<string, number> = {
  'ebpf-for-windows': 219,
  'libbpf-bootstrap': 13,
  'bcc-libbpf-tools': 22,
  'bpf-developer-tutorial': 6,
  'bpf-developer-tutorial/windows': 4,
  bpfman: 13,
  'bpfman/windows': 16,
  cilium: 146,
  'cilium/no-inline': 147,
  'cilium-ebpf': 1,
  'cilium-ebpf/windows': 1,
  katran: 6,
  'katran/windows': 3,
  'learning-ebpf': 3,
  'learning-ebpf/windows': 2,
  'xdp-tools': 15,
  'xdp-tools/windows': 5,
  'linux-selftests': 75,
};

/** Rejections both agree on whose first error is on the oracle's C line: raise it, never lower it. */
const LINE_RATCHET: Record<string, number> = {
  'ebpf-for-windows': 2,
  'cilium/no-inline': 44,
  'linux-selftests': 58,
};

/**
 * Every project; after each cross-platform one its eBPF for Windows build, and after one whose
 * loader inlines globals the same objects loaded without that (`<project>/no-inline`).
 */
const projects = loadCorpus().flatMap((p) =>
  [p, windowsBuildOf(p), withoutInliningOf(p)].filter((q) => q !== undefined),
);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-corpus-'));
const rows: AgreementRow[] = [];
const compiledCache = new Map<string, CompiledProgram[]>();

function ours(obj: LoadedObject | string, section: string, fn: string): { v: OurVerdict; line?: number; msg: string } {
  if (typeof obj === 'string') return { v: 'error', msg: obj };
  const failed = obj.failedPrograms.find((f) => f.section === section && f.name === fn);
  if (failed) return { v: 'error', msg: failed.error };
  const program = obj.programs.find((p) => p.section === section && p.name === fn);
  if (!program) return { v: 'error', msg: 'the loader found no such program' };
  const r = verifyProgram(program);
  const first = r.diagnostics.find((d) => d.severity === 'error');
  const line = first?.location?.line;
  return { v: r.verdict, ...(line !== undefined ? { line } : {}), msg: first ? `${first.code}: ${first.message}` : '' };
}

/** Every listed source (or build) compiled (the test fails on any that does not), with its object. */
function compiledObjects(p: CorpusProject): (CompiledProgram & { object: string })[] {
  // A project judged twice (`<project>/no-inline`) compiles once: same folder, flags and sources.
  const key = JSON.stringify([p.dir, p.platform, p.cflags, p.includeDirs, p.builds ?? p.programs]);
  const compiled = compiledCache.get(key) ?? compileProject(p, outDir);
  compiledCache.set(key, compiled);
  assert.deepEqual(
    compiled.filter((c) => !c.objectPath).map((c) => `${c.source}: ${c.error}`),
    [],
    'every listed program compiles',
  );
  return compiled.flatMap((c) => (c.objectPath ? [{ ...c, object: c.objectPath }] : []));
}

/** Our loader's view of an object (every program of the given type, if one is), or its load error. */
/**
 * Our engine's load of a corpus object. `inlineLoaderConstants: false` for a view the kernel judges
 * as a generic loader loads it (cilium/no-inline), not as Cilium's loader (which inlines
 * `.rodata.config`, as the Linux profile does by default).
 */
function loadOurs(
  object: string,
  platform: 'linux' | 'windows',
  programType?: string,
  inlineLoaderConstants = true,
): LoadedObject | string {
  try {
    return loadObject(new Uint8Array(fs.readFileSync(object)), {
      platform: profileById(platform),
      fileName: path.basename(object),
      inlineLoaderConstants,
      ...(programType !== undefined
        ? { programTypes: [{ type: programType, origin: 'corpus.json programType' }] }
        : {}),
    });
  } catch (e) {
    return (e as Error).message;
  }
}

/** The object as a whole: a load error, or pass only when every program passes. */
function oursOnObject(obj: LoadedObject | string): { v: OurVerdict; line?: number; msg: string } {
  if (typeof obj === 'string') return { v: 'error', msg: obj };
  const failed = obj.failedPrograms[0];
  if (failed) return { v: 'error', msg: failed.error };
  if (obj.programs.length === 0) return { v: 'error', msg: 'the object has no program' };
  for (const p of obj.programs) {
    const o = ours(obj, p.section, p.name);
    if (o.v !== 'pass') return o;
  }
  return { v: 'pass', msg: '' };
}

function compareWindows(p: CorpusProject, oracle: string): ProgramComparison[] {
  const objects = compiledObjects(p).map((c) => c.object);
  const theirs = runPrevailWindows(oracle, objects);
  const out: ProgramComparison[] = [];
  for (const object of objects) {
    const obj = loadOurs(object, 'windows');
    for (const t of theirs.get(object) ?? []) {
      // PREVAIL refusing the whole object names no program: compare our verdict on the object.
      const o = t.section === '' && t.function === '' ? oursOnObject(obj) : ours(obj, t.section, t.function);
      out.push({
        object: path.basename(object),
        section: t.section,
        function: t.function,
        oracle: t.verdict,
        oracleLine: t.line,
        oracleMessage: t.message,
        ours: o.v,
        ourLine: o.line,
        ourMessage: o.msg,
      });
    }
  }
  return out;
}

/** An object the kernel refused for reasons of this machine, not of the program. */
interface Unjudged {
  readonly source: string;
  /** What libbpf printed. */
  readonly seen: string;
  /** The reason corpus.json records for this source (`kernelRefusals`), if any. */
  readonly recorded: string | undefined;
}

/**
 * Linux: the kernel judges whole objects (bpftool loads every program of one), so a row is an
 * object: ours passes it when every program passes. Loads the kernel refuses for reasons of this
 * machine (EPERM before the verifier runs, missing attach target) judge nothing and are left out;
 * corpus.json's `kernelRefusals` records why, per source.
 */
function compareLinux(p: CorpusProject): { rows: ProgramComparison[]; unjudged: Unjudged[] } {
  const rows: ProgramComparison[] = [];
  const unjudged: Unjudged[] = [];
  for (const { source, object } of compiledObjects(p)) {
    const kernel = loadIntoKernel(object);
    if (!kernel.accepted && /permission error|ulimit|attach target|No such process/i.test(kernel.log)) {
      unjudged.push({
        source,
        seen: kernel.log.split('\n').find((l) => /permission|ulimit|target|process/i.test(l)) ?? '',
        recorded: p.kernelRefusals?.[source],
      });
      continue;
    }
    let v: OurVerdict = 'pass';
    let msg = '';
    let line: number | undefined;
    const obj = loadOurs(object, 'linux');
    if (typeof obj === 'string') {
      v = 'error';
      msg = obj;
    } else {
      for (const program of obj.programs.filter((q) => q.section !== '.text')) {
        const o = ours(obj, program.section, program.name);
        if (o.v !== 'pass' && v === 'pass') {
          v = o.v;
          msg = `${program.section}/${program.name}: ${o.msg}`;
          line = o.line;
        }
      }
      const [failed] = obj.failedPrograms;
      if (failed && v === 'pass') {
        v = 'error';
        msg = failed.error;
      }
    }
    rows.push({
      object: path.basename(object),
      section: '*',
      function: '*',
      oracle: kernel.accepted ? 'pass' : 'fail',
      oracleLine: kernel.error?.line,
      oracleMessage: kernel.accepted ? '' : (kernel.error?.message ?? 'rejected'),
      ours: v,
      ourLine: line,
      ourMessage: msg,
    });
  }
  return { rows, unjudged };
}

/** The program's key in a project's `excluded` and `knownDisagreements`: `source-stem/program`. */
function programKey(source: string, name: string): string {
  return `${path.basename(source).replace(/\.c$/, '')}/${name}`;
}

/**
 * Linux, one row per program: the kernel loads each program of an object alone (as the kernel
 * selftests' loader does), we verify the same program. A program the kernel rejects before its
 * verifier runs (no log: libbpf could not prepare it, or the kernel refuses the program type to
 * this process) judges nothing; each such program must be listed in the project's `excluded`
 * with the reason, so nothing drops out of the table unnoticed.
 */
function compareLinuxPrograms(
  p: CorpusProject,
  judge: (c: CompiledProgram & { object: string }) => KernelProgramVerdict[],
): { rows: ProgramComparison[]; unjudged: Unjudged[] } {
  const rows: ProgramComparison[] = [];
  const unjudged: Unjudged[] = [];
  const unlisted: string[] = [];
  for (const compiled of compiledObjects(p)) {
    const { source, object } = compiled;
    const obj = loadOurs(object, 'linux', compiled.build?.programType, !p.project.endsWith('/no-inline'));
    for (const k of judge(compiled)) {
      const key = programKey(source, k.name);
      const excluded = p.excluded?.[key];
      const noVerdict = !k.accepted && k.log.trim() === '';
      if (excluded !== undefined || noVerdict) {
        const seen = noVerdict
          ? `no verifier log (load returned ${k.errno}${k.notes.length > 0 ? `: ${k.notes.join('; ')}` : ''})`
          : `judged: ${k.accepted ? 'accepted' : (k.error?.message ?? 'rejected')}`;
        unjudged.push({ source: key, seen, recorded: excluded });
        if (excluded === undefined) unlisted.push(`${key} (${seen})`);
        continue;
      }
      const section = typeof obj === 'string' ? '' : (obj.programs.find((q) => q.name === k.name)?.section ?? '');
      const o = ours(obj, section, k.name);
      rows.push({
        object: key,
        section: k.section,
        function: k.name,
        oracle: k.accepted ? 'pass' : 'fail',
        oracleLine: k.error?.line,
        oracleMessage: k.accepted ? '' : (k.error?.message ?? 'rejected'),
        ours: o.v,
        ourLine: o.line,
        ourMessage: o.msg,
      });
    }
  }
  assert.deepEqual(unlisted, [], 'programs the kernel could not judge are listed in corpus.json `excluded`');
  return { rows, unjudged };
}

/** A project with several builds, one row per object (docs/verifier-agreement.md keeps the latest). */
function perObjectTable(p: CorpusProject, cs: readonly ProgramComparison[], unjudged: readonly Unjudged[]): string {
  const objectOf = (key: string) => key.slice(0, key.lastIndexOf('/'));
  const lines = (p.builds ?? []).map((b) => {
    const mine = cs.filter((c) => objectOf(c.object) === b.name);
    const count = (o: string) => mine.filter((c) => outcome(c) === o).length;
    const skipped = unjudged.filter((u) => objectOf(u.source) === b.name).length;
    return `| ${b.name} | ${b.programType ?? 'by section'} | ${mine.length + skipped} | ${count('agree')} | ${count('false-positive')} | ${count('false-negative')} | ${skipped} |`;
  });
  return [
    '| object | program type | programs | agree | false positives | false negatives | not judged |',
    '|---|---|---|---|---|---|---|',
    ...lines,
  ].join('\n');
}

/** Rows a project lists as known disagreements (by `source-stem/program`, the row's object). */
function isKnown(p: CorpusProject, c: ProgramComparison): boolean {
  return p.knownDisagreements?.[c.object] !== undefined;
}

describe('corpus of real programs against the target verifier', () => {
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    if (rows.length > 0) console.log(`verifier corpus agreement:\n${agreementTable(rows)}`);
  });

  it('has corpus projects', () => assert.ok(projects.length > 0));

  for (const project of projects) {
    describe(project.project, () => {
      let comparisons: ProgramComparison[] = [];
      let unjudged: Unjudged[] = [];
      let skip: string | undefined;
      before(() => {
        skip = clangMissingReason();
        if (skip) return;
        skip = generatedHeadersMissing(project, outDir);
        if (skip) return;
        if (project.platform === 'linux') {
          const kernel = kernelAvailable();
          if (!kernel.ok) {
            skip = kernel.reason;
            return;
          }
          let linux: { rows: ProgramComparison[]; unjudged: Unjudged[] };
          if (project.oracleUnit === 'program') {
            const legacy = project.kernelLoader === 'legacy';
            const loader = legacy ? kernelLegacyLoader() : kernelEachLoader();
            if ('skip' in loader) {
              skip = loader.skip;
              return;
            }
            const inline = project.inlineGlobals;
            linux = compareLinuxPrograms(project, (c) =>
              legacy
                ? loadEachLegacy(loader.loader, c.object, {
                    ...(c.build?.programType !== undefined ? { programType: c.build.programType } : {}),
                    ...(inline !== undefined ? { inlineGlobals: inline } : {}),
                  })
                : loadEachIntoKernel(loader.loader, c.object),
            );
          } else linux = compareLinux(project);
          comparisons = linux.rows;
          unjudged = linux.unjudged;
          if (unjudged.length > 0)
            console.log(
              `${project.project}: not judged by the kernel here:\n  ${unjudged.map((u) => `${u.source}: ${u.recorded ?? u.seen}`).join('\n  ')}`,
            );
        } else {
          const oracle = sharedPath('oracles/prevail-windows');
          if (!oracle) {
            skip = missingSharedReason('oracles/prevail-windows');
            return;
          }
          comparisons = compareWindows(project, oracle);
        }
        const row = agreementRow(project.project, comparisons);
        rows.push(row);
        if (project.builds)
          console.log(`${project.project} per object:\n${perObjectTable(project, comparisons, unjudged)}`);
        // Disagreements, and rejections both agree on whose first error sits on another C line.
        const bad = comparisons.filter(
          (c) =>
            outcome(c) !== 'agree' ||
            (c.oracle === 'fail' && c.ours === 'fail' && c.oracleLine !== undefined && c.oracleLine !== c.ourLine),
        );
        if (bad.length > 0)
          console.log(
            `${project.project} disagreements:\n  ${bad
              .map(
                (c) =>
                  `${outcome(c) === 'agree' ? 'other-line' : outcome(c)} ${c.object} ${c.section}/${c.function}: oracle ${c.oracle}${c.oracleLine ? `@${c.oracleLine}` : ''} ${c.oracleMessage} | ours ${c.ours}${c.ourLine ? `@${c.ourLine}` : ''} ${c.ourMessage.slice(0, 160)}`,
              )
              .join('\n  ')}`,
          );
      });

      it('the oracle judged its programs', (t) => {
        if (skip) return t.skip(skip);
        // Windows rows are programs (at least one per source); Linux rows are the objects the kernel judged.
        const least = project.platform === 'windows' ? project.programs.length : 1;
        assert.ok(comparisons.length >= least, `${comparisons.length} judged`);
      });

      it('every object the kernel refuses for reasons of this machine has its reason recorded', (t) => {
        if (skip) return t.skip(skip);
        assert.deepEqual(
          unjudged.filter((u) => u.recorded === undefined).map((u) => `${u.source}: ${u.seen}`),
          [],
          'record the errno and verifier log line in corpus.json kernelRefusals',
        );
      });

      it('soundness: nothing the oracle rejects is accepted by us', (t) => {
        if (skip) return t.skip(skip);
        // Known disagreements (corpus.json, each with its reason) stay in the table but not here.
        const missed = comparisons.filter((c) => outcome(c) === 'false-negative' && !isKnown(project, c));
        assert.deepEqual(
          missed.map((c) => `${c.object} ${c.section}/${c.function}: oracle ${c.oracle}: ${c.oracleMessage}`),
          [],
        );
      });

      it('every known disagreement still disagrees (else remove it from corpus.json)', (t) => {
        if (skip) return t.skip(skip);
        const known = Object.keys(project.knownDisagreements ?? {});
        const stale = known.filter((key) => {
          const c = comparisons.find((r) => r.object === key);
          return c === undefined || outcome(c) === 'agree';
        });
        assert.deepEqual(stale, []);
      });

      it(`first-error lines stay at or above ${LINE_RATCHET[project.project] ?? 0}`, (t) => {
        if (skip) return t.skip(skip);
        const row = agreementRow(project.project, comparisons);
        assert.ok(
          row.sameLine >= (LINE_RATCHET[project.project] ?? 0),
          `${row.sameLine}/${row.rejectedByBoth} on the oracle's line, below the ratchet ${LINE_RATCHET[project.project]}`,
        );
      });

      it(`agreement stays at or above ${RATCHET[project.project] ?? 0} programs`, (t) => {
        if (skip) return t.skip(skip);
        const agree = comparisons.filter((c) => outcome(c) === 'agree').length;
        assert.ok(
          agree >= (RATCHET[project.project] ?? 0),
          `${agree}/${comparisons.length} agree, below the ratchet ${RATCHET[project.project]}`,
        );
      });
    });
  }
});
