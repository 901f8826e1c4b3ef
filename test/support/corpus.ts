// The corpus of real programs under test/corpus/<project>/ (tests and benchmarks only): each
// project's corpus.json names the public repository and commit, the license, the compile flags
// and the program sources. This module compiles them and compares our verdicts with an oracle's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { PlatformId } from '../../core/platform/types';
import type { PrevailVerdict } from './prevail';

export const CORPUS_ROOT = path.resolve(__dirname, '..', 'corpus');
/** Stand-ins for Linux UAPI / libbpf headers in a Windows build of a Linux project (its README says what each does). */
export const LINUX_ON_WINDOWS_DIR = path.resolve(__dirname, 'linux-on-windows');
/** eBPF for Windows' headers, stored with its corpus project. */
const EBPF_FOR_WINDOWS_INCLUDES = ['include', 'tests/include'].map((d) =>
  path.join(CORPUS_ROOT, 'ebpf-for-windows', d),
);

/**
 * A Linux project also built for eBPF for Windows: the same program text compiled against eBPF for
 * Windows' headers, judged by prevail-windows.
 */
export interface WindowsBuild {
  readonly cflags: readonly string[];
  /**
   * The project's own compatibility folder, when it needs one (relative to the project; searched
   * first); linux-on-windows/ and eBPF for Windows' headers come next, then `includeDirs`.
   */
  readonly compatDir?: string;
  /** Relative to the project folder; searched after eBPF for Windows' headers. */
  readonly includeDirs: readonly string[];
  /** The programs whose Windows build needs no edit of their source (a subset of the Linux ones). */
  readonly programs: readonly string[];
}

/**
 * One object of a project built from a source with its own defines (a project compiles the same
 * source several ways, as Cilium's Makefile does), and the program type its loader gives it.
 */
export interface CorpusBuild {
  /** Names the object and keys `excluded` / `knownDisagreements` (`name/program`). */
  readonly name: string;
  /** Relative to the project folder. */
  readonly source: string;
  /** Extra compile flags after the project's `cflags`. */
  readonly defines: readonly string[];
  /**
   * The type the project's loader gives every program of the object (Cilium's loader: the entry
   * program's type, tail calls included); absent: each section's name decides.
   */
  readonly programType?: string;
}

export interface CorpusProject {
  readonly project: string;
  readonly repository: string;
  readonly commit: string;
  readonly platform: PlatformId;
  readonly cflags: readonly string[];
  /** Relative to the project folder. */
  readonly includeDirs: readonly string[];
  /** Program sources, relative to the project folder. */
  readonly programs: readonly string[];
  /** The sources include `vmlinux.h`, generated from this machine's kernel BTF (never stored). */
  readonly generatedVmlinux?: boolean;
  /**
   * Linux: sources whose objects this machine's kernel refuses before judging them (an errno before
   * the verifier runs), with the errno and verifier log line; the corpus test leaves them unjudged.
   */
  readonly kernelRefusals?: Readonly<Record<string, string>>;
  /** Present for a Linux project whose programs are also compiled for eBPF for Windows. */
  readonly windows?: WindowsBuild;
  /**
   * Linux: `object` (default) when the kernel judges whole objects through bpftool, `program` when
   * each program is loaded alone as the kernel selftests' loader does (test/support/kernelEach.ts).
   */
  readonly oracleUnit?: 'object' | 'program';
  /**
   * Linux, oracleUnit program: the loader that judges each program. `libbpf` (default):
   * kernel-load-each.c; `legacy`: kernel-load-legacy.c, for objects libbpf >= 1.0 refuses
   * (iproute2 `maps` sections) and tail-call sections it cannot type (test/support/kernelLegacy.ts).
   */
  readonly kernelLoader?: 'libbpf' | 'legacy';
  /** legacy loader: this section's variables are loaded as immediates, as the project's loader does. */
  readonly inlineGlobals?: string;
  /**
   * With `inlineGlobals`: the project judged again as a generic loader loads it, globals left in
   * their map (`<project>/no-inline`, the same instructions our engine verifies), with its own lists.
   */
  readonly withoutInlining?: {
    readonly excluded?: Readonly<Record<string, string>>;
    readonly knownDisagreements?: Readonly<Record<string, string>>;
  };
  /** Objects built from `programs` with their own defines; when present they replace one object per source. */
  readonly builds?: readonly CorpusBuild[];
  /** `source-stem/program` → why the kernel cannot judge it here (a plain load cannot give what it needs). */
  readonly excluded?: Readonly<Record<string, string>>;
  /** `source-stem/program` → why we disagree with the oracle on purpose (out of scope); still counted. */
  readonly knownDisagreements?: Readonly<Record<string, string>>;
  readonly dir: string;
}

/**
 * The eBPF for Windows build of a cross-platform project, as a project of its own (named
 * `<project>/windows`): include order = the project's compatibility folder, linux-on-windows/,
 * eBPF for Windows' headers, then the project's own folders.
 */
export function windowsBuildOf(p: CorpusProject): CorpusProject | undefined {
  const w = p.windows;
  if (!w) return undefined;
  return {
    project: `${p.project}/windows`,
    repository: p.repository,
    commit: p.commit,
    platform: 'windows',
    cflags: w.cflags,
    includeDirs: [
      ...(w.compatDir !== undefined ? [path.join(p.dir, w.compatDir)] : []),
      LINUX_ON_WINDOWS_DIR,
      ...EBPF_FOR_WINDOWS_INCLUDES,
      ...w.includeDirs,
    ],
    programs: w.programs,
    dir: p.dir,
  };
}

/**
 * A project whose loader inlines a section's globals, as a loader that leaves them in their map
 * loads it (named `<project>/no-inline`): the kernel then judges the instructions our engine sees.
 */
export function withoutInliningOf(p: CorpusProject): CorpusProject | undefined {
  if (p.inlineGlobals === undefined) return undefined;
  const { inlineGlobals: _inlined, withoutInlining, excluded: _excluded, knownDisagreements: _known, ...rest } = p;
  return {
    ...rest,
    project: `${p.project}/no-inline`,
    ...(withoutInlining?.excluded ? { excluded: withoutInlining.excluded } : {}),
    ...(withoutInlining?.knownDisagreements ? { knownDisagreements: withoutInlining.knownDisagreements } : {}),
  };
}

export function loadCorpus(): CorpusProject[] {
  if (!fs.existsSync(CORPUS_ROOT)) return [];
  return fs
    .readdirSync(CORPUS_ROOT)
    .filter((name) => fs.existsSync(path.join(CORPUS_ROOT, name, 'corpus.json')))
    .sort()
    .map((name) => {
      const dir = path.join(CORPUS_ROOT, name);
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'corpus.json'), 'utf8')) as Omit<CorpusProject, 'dir'>;
      return { ...m, dir };
    });
}

export interface CompiledProgram {
  /** The source, or the build's name for a project with `builds`. */
  readonly source: string;
  readonly build?: CorpusBuild;
  readonly objectPath: string | undefined;
  readonly error: string | undefined;
}

/** Why the generated headers a project needs cannot be made here, or undefined (then they exist). */
export function generatedHeadersMissing(p: CorpusProject, outDir: string): string | undefined {
  if (!p.generatedVmlinux) return undefined;
  const file = path.join(outDir, 'generated', 'vmlinux.h');
  if (fs.existsSync(file)) return undefined;
  if (!fs.existsSync('/sys/kernel/btf/vmlinux')) return 'needs /sys/kernel/btf/vmlinux to generate vmlinux.h';
  const r = spawnSync('bpftool', ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) return `needs bpftool to generate vmlinux.h (${r.error?.message ?? r.stderr.split('\n')[0]})`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, r.stdout);
  return undefined;
}

/** Compile every program (or every build) of a project into outDir (clang from PATH or $CLANG). */
export function compileProject(p: CorpusProject, outDir: string): CompiledProgram[] {
  const clang = process.env.CLANG || 'clang';
  const generated = p.generatedVmlinux ? ['-I', path.join(outDir, 'generated')] : [];
  const units: { name: string; source: string; defines: readonly string[]; build?: CorpusBuild }[] = p.builds
    ? p.builds.map((b) => ({ name: b.name, source: b.source, defines: b.defines, build: b }))
    : p.programs.map((source) => ({ name: source, source, defines: [] }));
  return units.map(({ name, source, defines, build }) => {
    const objectPath = path.join(
      outDir,
      `${p.project.replace(/\//g, '.')}__${(build ? `${name}.c` : source).replace(/[/\\]/g, '__').replace(/\.c$/, '.o')}`,
    );
    const args = [
      ...p.cflags,
      ...defines,
      ...p.includeDirs.flatMap((d) => ['-I', path.resolve(p.dir, d)]),
      ...generated,
      '-c',
      path.join(p.dir, source),
      '-o',
      objectPath,
    ];
    const r = spawnSync(clang, args, { encoding: 'utf8', cwd: path.dirname(path.join(p.dir, source)) });
    const unit = { source: name, ...(build ? { build } : {}) };
    return r.status === 0
      ? { ...unit, objectPath, error: undefined }
      : { ...unit, objectPath: undefined, error: (r.stderr || r.error?.message || '').split('\n')[0] };
  });
}

export type OracleVerdict = PrevailVerdict['verdict'];
export type OurVerdict = 'pass' | 'fail' | 'error';

export interface ProgramComparison {
  readonly object: string;
  readonly section: string;
  readonly function: string;
  readonly oracle: OracleVerdict;
  readonly oracleLine: number | undefined;
  readonly oracleMessage: string;
  readonly ours: OurVerdict;
  readonly ourLine: number | undefined;
  readonly ourMessage: string;
}

export type Outcome = 'agree' | 'false-positive' | 'false-negative';

/** We reject what the oracle accepts: false positive; we accept what it rejects: false negative. */
export function outcome(c: ProgramComparison): Outcome {
  const theyReject = c.oracle !== 'pass';
  const weReject = c.ours !== 'pass';
  if (theyReject === weReject) return 'agree';
  return weReject ? 'false-positive' : 'false-negative';
}

export interface AgreementRow {
  readonly project: string;
  readonly programs: number;
  readonly agree: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Programs the target could not load at all (oracle `error`). */
  readonly loadErrors: number;
  /** Rejections both agree on whose first-error C line is also the same (where the oracle names one). */
  readonly sameLine: number;
  readonly rejectedByBoth: number;
  /** Of those, the ones where the oracle names a line (its error sits at an instruction with line info). */
  readonly withOracleLine: number;
}

export function agreementRow(project: string, cs: readonly ProgramComparison[]): AgreementRow {
  const both = cs.filter((c) => c.oracle === 'fail' && c.ours === 'fail');
  return {
    project,
    programs: cs.length,
    agree: cs.filter((c) => outcome(c) === 'agree').length,
    falsePositives: cs.filter((c) => outcome(c) === 'false-positive').length,
    falseNegatives: cs.filter((c) => outcome(c) === 'false-negative').length,
    loadErrors: cs.filter((c) => c.oracle === 'error').length,
    sameLine: both.filter((c) => c.oracleLine === undefined || c.oracleLine === c.ourLine).length,
    rejectedByBoth: both.length,
    withOracleLine: both.filter((c) => c.oracleLine !== undefined).length,
  };
}

export function agreementTable(rows: readonly AgreementRow[]): string {
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
  const lines = [
    '| project | programs | agree | false positives | false negatives | load errors (oracle) | same first-error line | of those, the oracle names a line |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.project} | ${r.programs} | ${r.agree} (${pct(r.agree, r.programs)}) | ${r.falsePositives} | ${r.falseNegatives} | ${r.loadErrors} | ${r.sameLine}/${r.rejectedByBoth} | ${r.withOracleLine} |`,
    ),
  ];
  return lines.join('\n');
}
