// Runs every *.test.ts under test/unit, test/server and test/adapter (or the given folders) with
// node's built-in runner. Node 20's --test does not expand globs, so the files are listed here.
//
// Tests that need something outside the repository (clang, llvm tools, the kernel, the shared
// suites) skip with a reason starting `SKIP-EXTERNAL:` (test/support/skip.ts). A second reporter
// (lib/skip-reporter.mjs) collects every skip and todo; they are listed once at the end, grouped
// by reason. Under CI=true any skip or todo fails the run: CI has everything, so a skipped suite
// there is a suite that silently stopped running.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const searchRoots = roots.length > 0 ? roots : ['test/unit', 'test/server', 'test/adapter'];
const inCi = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

function collect(dir, out) {
  if (!fs.existsSync(dir)) return out;
  const stat = fs.statSync(dir);
  if (stat.isFile()) {
    out.push(dir);
    return out;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = searchRoots.flatMap((root) => collect(root, [])).sort();
if (files.length === 0) {
  console.error(`no test files under ${searchRoots.join(', ')}`);
  process.exit(1);
}
const skipLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-test-unit-')), 'skips.jsonl');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(here, 'lib', 'skip-reporter.mjs')}`,
    `--test-reporter-destination=${skipLog}`,
    ...passThrough,
    ...files,
  ],
  { stdio: 'inherit' },
);
const skips = fs.existsSync(skipLog)
  ? fs
      .readFileSync(skipLog, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l))
  : [];
fs.rmSync(path.dirname(skipLog), { recursive: true, force: true });

let status = result.status ?? 1;
if (skips.length > 0) {
  const byReason = new Map();
  for (const s of skips) {
    const key = s.kind === 'todo' ? `TODO: ${s.reason}` : s.reason || '(skipped without a reason)';
    const files = byReason.get(key) ?? new Set();
    files.add(path.relative(process.cwd(), s.file ?? ''));
    byReason.set(key, files);
  }
  console.log(`\n--- skipped (tests and suites): ${skips.length} ---`);
  for (const [reason, where] of byReason) console.log(`${reason}  [${[...where].join(', ')}]`);
  const unnamed = [...byReason.keys()].filter((r) => !r.startsWith('SKIP-EXTERNAL:'));
  if (unnamed.length > 0)
    console.log('(a skip should name what is missing and how to get it: use test/support/skip.ts externalSkip)');
  if (inCi) {
    console.error(`\ntest-unit: CI=true and ${skips.length} skipped (tests and suites); CI must run every suite.`);
    status = 1;
  }
}
process.exit(status);
