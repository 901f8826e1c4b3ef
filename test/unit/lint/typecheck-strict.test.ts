// The strictness ratchet (scripts/typecheck-strict.mjs) on a small project of its own: an error
// that only the strict flags find fails the run when it lies in a migrated directory, and is only
// counted when it lies elsewhere. Also checks the repository's own list names real directories.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeLinter } from '../../support/lint';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const script = path.join(repoRoot, 'scripts', 'typecheck-strict.mjs');
const repoConfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'typecheck-strict.json'), 'utf8')) as {
  flags: string[];
  strictDirectories: string[];
  pendingFiles: string[];
};

const CLEAN = 'export function first(xs: number[]): number | undefined {\n  return xs[0];\n}\n';
// Plain `strict` accepts both lines; noUncheckedIndexedAccess rejects the first,
// exactOptionalPropertyTypes the second.
const STRICT_ONLY_ERRORS =
  'export function first(xs: number[]): number {\n  return xs[0];\n}\n' +
  'export const options: { depth?: number } = { depth: undefined };\n';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'typecheck-strict-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A project with `migrated/` and `legacy/`, the given sources, and a config migrating `strict`. */
function project(
  name: string,
  files: Record<string, string>,
  strict: string[],
  pendingFiles: string[] = [],
): { tsconfig: string; config: string } {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries({ 'migrated/a.ts': CLEAN, 'legacy/b.ts': CLEAN, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const tsconfig = path.join(dir, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], types: [] },
      include: ['**/*.ts'],
    }),
  );
  const config = path.join(dir, 'strict.json');
  fs.writeFileSync(config, JSON.stringify({ flags: repoConfig.flags, strictDirectories: strict, pendingFiles }));
  return { tsconfig, config };
}

function ratchet(p: { tsconfig: string; config: string }): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--project', p.tsconfig, '--config', p.config], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('typecheck-strict ratchet', () => {
  it('fails on strict-only errors in a migrated directory, naming the file', () => {
    const r = ratchet(project('bad-migrated', { 'migrated/a.ts': STRICT_ONLY_ERRORS }, ['migrated']));
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /migrated\/a\.ts\(2,3\): error TS2322/);
    assert.match(r.stderr, /migrated\/a\.ts\(4,14\): error TS2375/);
    assert.match(r.stderr, /2 error\(s\) under --noUncheckedIndexedAccess --exactOptionalPropertyTypes in migrated/);
  });

  it('passes when the errors lie outside the migrated directories, and counts them per directory', () => {
    const r = ratchet(project('bad-legacy', { 'legacy/b.ts': STRICT_ONLY_ERRORS }, ['migrated']));
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /2 error\(s\) under .* not migrated yet:\n\s+2 {2}legacy\n/);
    assert.match(r.stdout, /1 migrated directories clean/);
  });

  it('excuses a pending file in a migrated directory, and fails once that file is clean', () => {
    const files = { 'migrated/a.ts': STRICT_ONLY_ERRORS, 'migrated/c.ts': CLEAN };
    const pending = ratchet(project('pending', files, ['migrated'], ['migrated/a.ts']));
    assert.equal(pending.status, 0, pending.stdout + pending.stderr);
    assert.match(pending.stdout, /\s2 {2}migrated\/a\.ts \(pending\)\n/);
    assert.match(pending.stdout, /\(1 pending file\(s\) excepted\)/);
    const other = ratchet(project('pending-other', files, ['migrated'], ['migrated/c.ts']));
    assert.equal(other.status, 1, 'only the listed file is excused');
    assert.match(other.stderr, /migrated\/a\.ts\(2,3\)/);
    assert.match(other.stderr, /pending file 'migrated\/c\.ts' is clean now/);
  });

  it('refuses a strict directory that does not exist (a typo would check nothing)', () => {
    const r = ratchet(project('typo', {}, ['migrated', 'migratd']));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /strict directory 'migratd' does not exist/);
  });

  it("the repository's list names existing directories, each once", () => {
    for (const dir of repoConfig.strictDirectories)
      assert.ok(fs.statSync(path.join(repoRoot, dir)).isDirectory(), `${dir} is a directory`);
    assert.equal(new Set(repoConfig.strictDirectories).size, repoConfig.strictDirectories.length);
    for (const file of repoConfig.pendingFiles) assert.ok(fs.statSync(path.join(repoRoot, file)).isFile(), file);
  });
});

describe('no non-null assertions in migrated directories (eslint.config.mjs reads the same list)', () => {
  const code = 'export function size(x: string | undefined): number {\n  return x!.length;\n}\n';
  const ruleIds = async (relPath: string): Promise<(string | null)[]> => {
    const eslint = probeLinter();
    const results = await eslint.lintText(code, { filePath: path.join(repoRoot, relPath) });
    return results.flatMap((r) => r.messages.map((m) => m.ruleId));
  };

  it('reports `!` in a migrated directory', async () => {
    assert.ok(repoConfig.strictDirectories.includes('core/isa'));
    assert.ok((await ruleIds('core/isa/captures.ts')).includes('@typescript-eslint/no-non-null-assertion'));
  });

  it('leaves `!` alone elsewhere until that directory is migrated', async () => {
    // Any file of a directory not migrated yet (when none is left, the flags move into tsconfig.json).
    const legacy = fs
      .readdirSync(path.join(repoRoot, 'core'), { recursive: true, encoding: 'utf8' })
      .map((f) => `core/${f.split(path.sep).join('/')}`)
      .find((f) => f.endsWith('.ts') && !repoConfig.strictDirectories.some((d) => f.startsWith(`${d}/`)));
    assert.ok(legacy, 'every core/ directory is migrated: move the flags into tsconfig.json');
    const ids = await ruleIds(legacy);
    assert.ok(!ids.includes('@typescript-eslint/no-non-null-assertion'), JSON.stringify(ids));
    assert.ok(!ids.includes(null), `no parse error: ${JSON.stringify(ids)}`);
  });
});
