// The verifier fixture suite (test/fixtures/verifier/{linux,windows}/*.c): discovery, the
// expectation header every fixture carries, and compiling fixtures with clang at test time.
//
// Header lines a fixture may carry (anywhere, usually in the leading comment block):
//   // expect: linux=fail windows=pass      verdict per platform the fixture targets
//   // expect-code: null-dereference        code of the first error (all failing platforms)
//   // expect-code-windows: helper-argument  per-platform override
//   // expect-line: 17                       line of the first error (or -linux / -windows);
//                                            `none` when BTF gives that pc no line
//   // known-issue: <reason>                 engine cannot do this yet (or -linux / -windows)
// A trailing `// <-- error` comment marks the line of the first error for every failing platform;
// `// <-- error(windows)` marks it for one platform only. Markers win over nothing, expect-line wins
// over markers.
import { spawnSync } from 'node:child_process';
import { APT, externalSkip } from '../../support/skip';
import fs from 'node:fs';
import path from 'node:path';

export type FixturePlatform = 'linux' | 'windows';
export type Verdict = 'pass' | 'fail';

export interface PlatformExpectation {
  readonly verdict: Verdict;
  /** Expected code of the first error; required for fails. */
  readonly code: string | undefined;
  /** Expected 1-based C line of the first error; required for fails. */
  readonly line: number | undefined;
  /** Why the engine disagrees today (reported as todo), or undefined. */
  readonly knownIssue: string | undefined;
}

export interface Fixture {
  /** e.g. `linux/null-lookup-deref-bad.c` */
  readonly id: string;
  readonly file: string;
  /** Directory the fixture lives in: decides headers and compile flags. */
  readonly family: FixturePlatform;
  readonly source: string;
  readonly expectations: ReadonlyMap<FixturePlatform, PlatformExpectation>;
  /**
   * Linux, a loader without capabilities (`// expect-unprivileged: fail CODE [line N]`, or `pass`):
   * when absent, the same as for root.
   */
  readonly unprivileged?: UnprivilegedExpectation;
}

export interface UnprivilegedExpectation {
  readonly verdict: Verdict;
  readonly code: string | undefined;
  /** The first error's C line; undefined = not checked (the kernel names none, e.g. a refused type). */
  readonly line: number | undefined;
}

export class FixtureFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: bad fixture header: ${detail}`);
    this.name = 'FixtureFormatError';
  }
}

/** `expect-line: none`: the error is expected at a pc without a source line. */
export const NO_LINE = 0;

export const FIXTURE_ROOT = path.resolve(__dirname, '../../fixtures/verifier');
export const REPO_ROOT = path.resolve(__dirname, '../../..');
const PLATFORMS: readonly FixturePlatform[] = ['linux', 'windows'];

function isPlatform(s: string): s is FixturePlatform {
  return (PLATFORMS as readonly string[]).includes(s);
}

/** Parse one fixture's header and markers. Throws FixtureFormatError on anything malformed. */
export function parseFixture(file: string, source: string, family: FixturePlatform): Fixture {
  const id = path.relative(FIXTURE_ROOT, file).split(path.sep).join('/');
  const lines = source.split('\n');
  const verdicts = new Map<FixturePlatform, Verdict>();
  const codes = new Map<FixturePlatform | '*', string>();
  const expLines = new Map<FixturePlatform | '*', number>();
  const markers = new Map<FixturePlatform | '*', number>();
  const known = new Map<FixturePlatform | '*', string>();
  let unprivileged: UnprivilegedExpectation | undefined;

  const scoped = (key: string, base: string): FixturePlatform | '*' => {
    if (key === base) return '*';
    const p = key.slice(base.length + 1);
    if (!key.startsWith(base + '-') || !isPlatform(p)) throw new FixtureFormatError(id, `unknown key ${key}`);
    return p;
  };

  lines.forEach((text, index) => {
    const lineNo = index + 1;
    const header = /^\s*\/\/\s*(expect(?:-code|-line)?(?:-[a-z]+)?|known-issue(?:-[a-z]+)?):\s*(.*)$/.exec(text);
    if (header) {
      const [, key = '', rawValue = ''] = header;
      const value = rawValue.trim();
      if (key === 'expect-unprivileged') {
        const m = /^(pass)$|^fail ([a-z][a-z0-9-]*)(?: line (\d+))?$/.exec(value);
        if (!m)
          throw new FixtureFormatError(id, `bad expect-unprivileged "${value}" (want pass, or fail CODE [line N])`);
        unprivileged = m[1]
          ? { verdict: 'pass', code: undefined, line: undefined }
          : { verdict: 'fail', code: m[2], line: m[3] === undefined ? undefined : Number(m[3]) };
      } else if (key === 'expect') {
        for (const tok of value.split(/\s+/)) {
          const [, platform = '', verdict] = /^([a-z]+)=(pass|fail)$/.exec(tok) ?? [];
          if (!isPlatform(platform) || (verdict !== 'pass' && verdict !== 'fail'))
            throw new FixtureFormatError(id, `bad expect token "${tok}" (want linux=pass|fail, windows=pass|fail)`);
          verdicts.set(platform, verdict);
        }
      } else if (key.startsWith('expect-code')) {
        if (!/^[a-z][a-z0-9-]*$/.test(value)) throw new FixtureFormatError(id, `bad code "${value}"`);
        codes.set(scoped(key, 'expect-code'), value);
      } else if (key.startsWith('expect-line')) {
        // `none`: the first error is at a pc BTF gives no line (line 0, compiler-merged code).
        const n = value === 'none' ? NO_LINE : Number(value);
        if (!Number.isInteger(n) || (n < 1 && n !== NO_LINE)) throw new FixtureFormatError(id, `bad line "${value}"`);
        expLines.set(scoped(key, 'expect-line'), n);
      } else if (key.startsWith('known-issue')) {
        if (value === '') throw new FixtureFormatError(id, 'known-issue needs a reason');
        known.set(scoped(key, 'known-issue'), value);
      }
      return;
    }
    const marker = /\/\/\s*<--\s*error(?:\(([a-z]+)\))?/.exec(text);
    if (marker) {
      const scope = marker[1] ?? '*';
      if (scope !== '*' && !isPlatform(scope))
        throw new FixtureFormatError(id, `bad marker platform "${scope}" on line ${lineNo}`);
      if (markers.has(scope)) throw new FixtureFormatError(id, `two error markers for ${scope}`);
      markers.set(scope, lineNo);
    }
  });

  if (verdicts.size === 0) throw new FixtureFormatError(id, 'no `// expect:` line');
  const expectations = new Map<FixturePlatform, PlatformExpectation>();
  for (const [platform, verdict] of verdicts) {
    const pick = <T>(m: Map<FixturePlatform | '*', T>): T | undefined => m.get(platform) ?? m.get('*');
    const code = pick(codes);
    const line = expLines.get(platform) ?? markers.get(platform) ?? expLines.get('*') ?? markers.get('*');
    if (verdict === 'fail' && (code === undefined || line === undefined)) {
      throw new FixtureFormatError(id, `${platform}=fail needs expect-code and an error line (marker or expect-line)`);
    }
    expectations.set(platform, {
      verdict,
      code: verdict === 'fail' ? code : undefined,
      line: verdict === 'fail' ? line : undefined,
      knownIssue: pick(known),
    });
  }
  return { id, file, family, source, expectations, ...(unprivileged ? { unprivileged } : {}) };
}

/** Every fixture of the suite, sorted by id. */
export function loadFixtures(root: string = FIXTURE_ROOT): Fixture[] {
  const out: Fixture[] = [];
  for (const family of PLATFORMS) {
    const dir = path.join(root, family);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.c')) continue;
      const file = path.join(dir, name);
      out.push(parseFixture(file, fs.readFileSync(file, 'utf8'), family));
    }
  }
  return out;
}

export type ClangAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };
let clangCache: ClangAvailability | undefined;

export function clangAvailable(): ClangAvailability {
  if (clangCache) return clangCache;
  const r = spawnSync('clang', ['--version'], { encoding: 'utf8' });
  clangCache = r.error || r.status !== 0 ? { ok: false, reason: externalSkip('clang', APT.clang) } : { ok: true };
  return clangCache;
}

/** Compile flags per fixture family (see ../shared/reference/toolchain-notes.md). */
export function compileArgs(family: FixturePlatform): string[] {
  const base = ['-target', 'bpf', '-O2', '-g', '-Wno-unused-value', '-Wno-array-bounds'];
  if (family === 'linux') return [...base, '-I/usr/include/x86_64-linux-gnu'];
  return [...base, '-ffreestanding', '-I', path.join(REPO_ROOT, 'include')];
}

export interface CompileResult {
  readonly ok: boolean;
  readonly objectPath: string;
  readonly stderr: string;
}

/** Compile a fixture into outDir (never into the repository). */
export function compileFixture(fixture: Fixture, outDir: string): CompileResult {
  const objectPath = path.join(outDir, fixture.id.replace(/[/\\]/g, '__').replace(/\.c$/, '.o'));
  const r = spawnSync('clang', [...compileArgs(fixture.family), '-c', fixture.file, '-o', objectPath], {
    encoding: 'utf8',
  });
  return { ok: !r.error && r.status === 0, objectPath, stderr: (r.stderr ?? '') + (r.error ? r.error.message : '') };
}

/** Program types the kernel loads for a loader without capabilities (scripts/probe-linux-unprivileged.mjs). */
const UNPRIVILEGED_SECTIONS = /SEC\("(socket|cgroup_skb\/|cgroup\/skb)/;

/**
 * What a Linux fixture expects from a loader without capabilities: its `expect-unprivileged`
 * header, else, for socket filters and cgroup_skb programs (the types such a loader may load),
 * the same as root. Undefined for fixtures the unprivileged checks leave out.
 */
export function unprivilegedExpectation(fixture: Fixture): UnprivilegedExpectation | undefined {
  if (fixture.unprivileged) return fixture.unprivileged;
  const root = fixture.expectations.get('linux');
  if (fixture.family !== 'linux' || !root || !UNPRIVILEGED_SECTIONS.test(fixture.source)) return undefined;
  return { verdict: root.verdict, code: root.code, line: root.line };
}
