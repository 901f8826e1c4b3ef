// Runs every *.test.ts under test/unit and test/server (or the given folders) with node's built-in runner.
// Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const searchRoots = roots.length > 0 ? roots : ['test/unit', 'test/server', 'test/adapter'];

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
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
