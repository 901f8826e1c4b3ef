// Extension host cost: the size of each shipped bundle, and the time to load and activate the
// extension's eager bundle (dist/client/extension.js) next to a bare extension that registers one
// command, both in the same run. Targets: eager bundle ≤ 200 KB, activation ≤ 50 ms.
//
// What is measured, honestly: each sample is a fresh Node process (cold require cache) that
// installs a stand-in `vscode` module (every API call returns a do-nothing object), then times
// `require(bundle)` + `await activate(context)`. That is the extension's own work (reading and
// compiling its JavaScript, running activate) without VS Code's: the real extension host adds
// its own fixed cost, the same for both extensions, and real API calls cost a little more than
// the stand-ins. Lazily loaded bundles (language client, inline adapter) are not loaded by
// activation, which is the point; their sizes are reported.
// Run: npx tsx bench/activation.bench.ts (or through bench/run.mjs). BENCH_ROUNDS (default 15).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const EAGER_BUDGET_BYTES = 200 * 1024;
const ACTIVATION_BUDGET_MS = 50;
const root = path.resolve(__dirname, '..');

/** Runs in the child: stand-in vscode, then time require + activate of argv[2]; prints ms. */
const SAMPLER = String.raw`
const Module = require('node:module');
const path = require('node:path');
function stub() {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'dispose') return () => {};
      return stub();
    },
    apply() { return stub(); },
    construct() { return stub(); },
  });
}
// A plain object whose own properties are every vscode member the bundle names (esbuild copies own
// properties when it wraps a CommonJS module), each a do-nothing stand-in.
const fs = require('node:fs');
const vscode = {};
for (const m of fs.readFileSync(process.argv[2], 'utf8').matchAll(/\bvscode\d*\.(\w+)/g)) vscode[m[1]] = stub();
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const bundle = process.argv[2];
const extensionPath = process.argv[3];
const context = {
  subscriptions: [],
  extensionPath,
  extensionUri: stub(),
  asAbsolutePath: (p) => path.join(extensionPath, p),
  extension: { packageJSON: { version: '0.0.0' }, extensionPath },
  globalState: stub(),
  workspaceState: stub(),
};
const started = process.hrtime.bigint();
const extension = require(bundle);
const loaded = process.hrtime.bigint();
Promise.resolve(extension.activate(context)).then(() => {
  const done = process.hrtime.bigint();
  process.stdout.write(JSON.stringify([Number(done - started) / 1e6, Number(loaded - started) / 1e6]));
}, (e) => { console.error('activate failed: ' + (e && e.stack || e)); process.exit(1); });
`;

const BARE = `"use strict";
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('bare.hello', () => undefined));
};
`;

/** [total ms, of which require ms] in a fresh process. */
function sample(sampler: string, bundle: string): [number, number] {
  const r = spawnSync(process.execPath, [sampler, bundle, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sampling ${bundle} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as [number, number];
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): number {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) {
    console.error(`activation.bench: the build failed\n${build.stdout}${build.stderr}`);
    return 1;
  }
  const bundles: [string, string][] = [
    ['client/extension.js', 'eager: loaded at activation'],
    ['client/languageClient.js', 'lazy: first eBPF document'],
    ['debug-adapter/inline.js', 'lazy: first "adapter": "inline" session'],
    ['debug-adapter/main.js', 'own process per debug session'],
    ['server/server.js', 'own process (language server)'],
    ['cli/ebpf.js', 'command line'],
  ];
  console.log('bundle sizes (dist/):');
  for (const [file, role] of bundles) {
    const full = path.join(root, 'dist', file);
    console.log(
      `  ${file.padEnd(26)} ${fs.existsSync(full) ? kb(fs.statSync(full).size).padStart(10) : 'missing'}  ${role}`,
    );
  }
  const eager = path.join(root, 'dist', 'client', 'extension.js');
  const eagerBytes = fs.statSync(eager).size;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-activation-'));
  try {
    const sampler = path.join(dir, 'sampler.cjs');
    const bare = path.join(dir, 'bare.cjs');
    fs.writeFileSync(sampler, SAMPLER);
    fs.writeFileSync(bare, BARE);
    sample(sampler, eager); // warm the OS file cache for both
    sample(sampler, bare);
    const ours: [number, number][] = [];
    const baseline: [number, number][] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(sample(sampler, eager));
      baseline.push(sample(sampler, bare));
    }
    const o = median(ours.map((x) => x[0]));
    const b = median(baseline.map((x) => x[0]));
    const oRequire = median(ours.map((x) => x[1]));
    console.log(`activation (require + activate, stand-in vscode, median of ${ROUNDS} cold processes):`);
    console.log(
      `  vscode-ebpf ${o.toFixed(2)} ms (require ${oRequire.toFixed(2)} ms)   bare extension ${b.toFixed(2)} ms   difference ${(o - b).toFixed(2)} ms   ratio ${(o / b).toFixed(1)}x`,
    );
    const sizeOk = eagerBytes <= EAGER_BUDGET_BYTES;
    const timeOk = o <= ACTIVATION_BUDGET_MS;
    console.log(`  target eager bundle ≤ ${kb(EAGER_BUDGET_BYTES)}: ${kb(eagerBytes)} ${sizeOk ? 'ok' : 'OVER'}`);
    console.log(`  target activation ≤ ${ACTIVATION_BUDGET_MS} ms: ${o.toFixed(2)} ms ${timeOk ? 'ok' : 'OVER'}`);
    return sizeOk && timeOk ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(main());
