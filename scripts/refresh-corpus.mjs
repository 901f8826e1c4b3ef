#!/usr/bin/env node
// Refreshes the corpus of real programs under test/corpus/<project>/ from the public repository
// and commit each project's corpus.json names. Only the files the manifest lists are written (the
// program sources, the headers they include, the license); anything else in the folder is ours and
// left alone (corpus.json, a README, the `windows/` compatibility headers of a cross-platform
// project, see test/support/linux-on-windows/README.md).
//
//   node scripts/refresh-corpus.mjs [PROJECT...] [--commit SHA] [--git-dir DIR]
//
// --commit moves a project to another commit (and records it in corpus.json); --git-dir reads an
// existing clone or bare mirror instead of fetching from GitHub. A manifest's `fileCommits` pins
// single files to the commit their stored text comes from (the Linux selftests are gathered file
// by file); the rest come from `commit`. Big repositories are fetched without blobs, which
// `git archive` then fetches for the listed files only. Needs git and tar.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const corpusDir = path.join(root, 'test', 'corpus');
const { values, positionals } = parseArgs({
  options: { commit: { type: 'string' }, 'git-dir': { type: 'string' } },
  allowPositionals: true,
});

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.toString()}`);
  }
  return r.stdout;
}

const projects = fs
  .readdirSync(corpusDir)
  .filter((name) => fs.existsSync(path.join(corpusDir, name, 'corpus.json')))
  .filter((name) => positionals.length === 0 || positionals.includes(name));
if (projects.length === 0) {
  console.error(`refresh-corpus: no project matches ${positionals.join(', ')}`);
  process.exit(2);
}

for (const project of projects) {
  const dir = path.join(corpusDir, project);
  const manifestPath = path.join(dir, 'corpus.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const commit = values.commit ?? manifest.commit;
  // --commit moves every file to that commit; otherwise files pinned in fileCommits keep theirs.
  const pinned = values.commit ? {} : (manifest.fileCommits ?? {});
  const byCommit = new Map();
  for (const file of manifest.files) {
    const c = pinned[file] ?? commit;
    byCommit.set(c, [...(byCommit.get(c) ?? []), file]);
  }
  let gitDir = values['git-dir'];
  let scratch;
  if (!gitDir) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), `corpus-${project}-`));
    run('git', ['init', '--bare', '-q', scratch]);
    run('git', ['--git-dir', scratch, 'remote', 'add', 'origin', `https://github.com/${manifest.repository}`]);
    run('git', ['--git-dir', scratch, 'config', 'remote.origin.promisor', 'true']);
    run('git', ['--git-dir', scratch, 'config', 'remote.origin.partialclonefilter', 'blob:none']);
    gitDir = scratch;
  }
  for (const [c, files] of byCommit) {
    if (scratch) run('git', ['--git-dir', gitDir, 'fetch', '--depth', '1', '--filter=blob:none', '-q', 'origin', c]);
    const archive = run('git', ['--git-dir', gitDir, 'archive', c, ...files]);
    for (const file of files) fs.rmSync(path.join(dir, file), { force: true });
    run('tar', ['-x', '-C', dir], { input: archive });
  }
  if (commit !== manifest.commit) {
    manifest.commit = commit;
    delete manifest.fileCommits;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  }
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`${project}: ${manifest.files.length} files from ${manifest.repository}@${commit}`);
}
