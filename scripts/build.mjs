// Bundles every entry point into dist/ with esbuild. Entry points whose source does not exist yet
// are skipped (and named), so the build works while server/, debug-adapter/ and cli/ are growing.
//   node scripts/build.mjs            one build
//   node scripts/build.mjs --watch    rebuild on change (npm run watch)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/system.mjs';

const watch = process.argv.includes('--watch');
// --only=client,test: build just the entry points whose source starts with one of these folders.
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');

/** [source, output without .js, extra options] */
const targets = [
  ['client/extension.ts', 'client/extension'],
  // Loaded by the extension only when used (client/lazy/load.ts), so the eager bundle stays small.
  ['client/lazy/languageClient.ts', 'client/languageClient'],
  ['debug-adapter/inline.ts', 'debug-adapter/inline'],
  // The trace panel's page runs in the webview (a browser), not in Node.
  ['client/trace/webview.ts', 'client/trace-webview', { platform: 'browser', format: 'iife', target: 'es2022' }],
  ['server/server.ts', 'server/server'],
  // The server's verification thread (server/verifyWorker.ts).
  ['server/verifyThread.ts', 'server/verifyThread'],
  ['debug-adapter/main.ts', 'debug-adapter/main'],
  ['cli/ebpf.ts', 'cli/ebpf', { banner: { js: '#!/usr/bin/env node' } }],
  // The worker thread of `ebpf verify --jobs N`, loaded from beside dist/cli/ebpf.js.
  ['cli/verifyWorker.ts', 'cli/verifyWorker'],
  // The command itself, which the launcher cli/ebpf.ts runs with V8's code cache.
  ['cli/start.ts', 'cli/ebpf-main'],
  ['test/e2e/index.ts', 'test/e2e/index'],
];

function e2eSuiteFiles() {
  const dir = path.join(repoRoot, 'test', 'e2e', 'suite');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/e2e/suite/${f}`);
}

const common = {
  absWorkingDir: repoRoot,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // mocha must be resolved from node_modules inside the extension host (it loads files itself).
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
};

const builds = [];
const skipped = [];
for (const [src, out, extra] of [...targets, ...e2eSuiteFiles().map((f) => [f, f.replace(/\.ts$/, '')])]) {
  if (only && !only.some((o) => src.startsWith(`${o}/`))) continue;
  if (!fs.existsSync(path.join(repoRoot, src))) {
    skipped.push(src);
    continue;
  }
  builds.push({ ...common, ...extra, entryPoints: [src], outfile: `dist/${out}.js` });
}
if (skipped.length) console.log(`build: skipped (not written yet): ${skipped.join(', ')}`);

const started = Date.now();
if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [reportPlugin(b.outfile)] })));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log(`build: watching ${builds.length} entry points (Ctrl-C to stop)`);
} else {
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    console.error(`build: ${failed.length} of ${builds.length} entry points failed`);
    process.exit(1);
  }
  // The CLI is run directly through package.json "bin".
  const cli = path.join(repoRoot, 'dist', 'cli', 'ebpf.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
  console.log(`build: ${builds.map((b) => b.outfile).join(', ')} in ${Date.now() - started} ms`);
}

function reportPlugin(outfile) {
  return {
    name: 'report',
    setup(build) {
      build.onEnd((r) => console.log(`[watch] ${outfile}: ${r.errors.length ? `${r.errors.length} error(s)` : 'ok'}`));
    },
  };
}
