// The strictness ratchet: tsc with the flags of scripts/typecheck-strict.json (the ones tsconfig.json
// cannot turn on yet), failing on any error under a directory that has been migrated to them and
// counting what is left elsewhere. Migrate a directory, add it to `strictDirectories`; when the
// count elsewhere reaches zero, the flags move into tsconfig.json and this script goes.
// `pendingFiles` names files inside migrated directories that are not migrated yet (say, brought in
// by a merge): their errors are listed but do not fail, and the list can only shrink, since a
// pending file that has become clean (or no longer exists) fails the run until it is removed.
//   node scripts/typecheck-strict.mjs [--project tsconfig.json] [--config scripts/typecheck-strict.json]
// Paths in the config are relative to the project's directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './lib/system.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined) fail(`${name} needs a value`);
  return path.resolve(value);
};
const project = option('--project', path.join(repoRoot, 'tsconfig.json'));
const configFile = option('--config', path.join(repoRoot, 'scripts', 'typecheck-strict.json'));
const projectDir = path.dirname(project);
const configName = path.relative(projectDir, configFile);

const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
const pendingFiles = config.pendingFiles ?? [];
if (!Array.isArray(config.flags) || !Array.isArray(config.strictDirectories) || !Array.isArray(pendingFiles))
  fail(`${configName}: expected { "flags": [...], "strictDirectories": [...], "pendingFiles"?: [...] }`);
const strictDirectories = config.strictDirectories.map((d) => d.replace(/\/+$/, ''));
const exists = (p, what) => fs.statSync(path.join(projectDir, p), { throwIfNoEntry: false })?.[what]() === true;
const isStrict = (file) => strictDirectories.some((dir) => file === dir || file.startsWith(`${dir}/`));
// A misspelt entry would silently check nothing (or excuse nothing).
for (const dir of strictDirectories)
  if (!exists(dir, 'isDirectory')) fail(`${configName}: strict directory '${dir}' does not exist`);
for (const file of pendingFiles) {
  if (!exists(file, 'isFile')) fail(`${configName}: pending file '${file}' does not exist; remove it from the list`);
  if (!isStrict(file)) fail(`${configName}: pending file '${file}' is not under a strict directory`);
}

const tsc = createRequire(path.join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project, ...config.flags], {
  cwd: projectDir,
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
if (r.error) fail(`cannot run tsc: ${r.error.message}`);

// One diagnostic per line that starts with `file(line,col): error`; continuation lines are indented.
const errors = [];
const global = [];
for (const line of r.stdout.split('\n')) {
  const m = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
  if (m)
    errors.push({ file: path.relative(projectDir, path.resolve(projectDir, m[1])).split(path.sep).join('/'), line });
  else if (/^error TS\d+/.test(line)) global.push(line);
}
if (r.status !== 0 && errors.length === 0 && global.length === 0)
  fail(`tsc exited ${r.status ?? r.signal} without diagnostics:\n${r.stderr}`);

const pending = new Set(pendingFiles);
const blocking = errors.filter((e) => isStrict(e.file) && !pending.has(e.file));
const cleanPending = pendingFiles.filter((f) => !errors.some((e) => e.file === f));

/** Where a remaining error is counted: its top-level directory, one level deeper for core/ and test/unit/. */
const bucket = (file) => {
  const parts = file.split('/').slice(0, -1);
  const depth = parts[0] === 'test' && parts[1] === 'unit' ? 3 : parts[0] === 'core' || parts[0] === 'test' ? 2 : 1;
  return parts.slice(0, depth).join('/') || '.';
};
const remaining = new Map();
for (const e of errors) {
  if (isStrict(e.file) && !pending.has(e.file)) continue;
  const key = pending.has(e.file) ? `${e.file} (pending)` : bucket(e.file);
  remaining.set(key, (remaining.get(key) ?? 0) + 1);
}

const flags = config.flags.join(' ');
if (remaining.size > 0) {
  const total = [...remaining.values()].reduce((a, b) => a + b, 0);
  console.log(`typecheck-strict: ${total} error(s) under ${flags} not migrated yet:`);
  for (const [where, n] of [...remaining].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
    console.log(`  ${String(n).padStart(5)}  ${where}`);
}
let failed = false;
if (global.length > 0 || blocking.length > 0) {
  for (const line of [...global, ...blocking.map((e) => e.line)]) console.error(line);
  console.error(
    `typecheck-strict: ${global.length + blocking.length} error(s) under ${flags} in migrated directories ` +
      `(${strictDirectories.join(', ')}); fix them, do not remove the directory from ${configName}`,
  );
  failed = true;
}
for (const file of cleanPending) {
  console.error(`typecheck-strict: pending file '${file}' is clean now; remove it from pendingFiles in ${configName}`);
  failed = true;
}
if (failed) process.exit(1);
console.log(
  `typecheck-strict: ${strictDirectories.length} migrated directories clean under ${flags}` +
    (pendingFiles.length > 0 ? ` (${pendingFiles.length} pending file(s) excepted)` : ''),
);

function fail(message) {
  console.error(`typecheck-strict: ${message}`);
  process.exit(2);
}
