// Installs what the project needs beyond npm packages, or says exactly what to install.
// Shared by `npm start`, `npm test` and .ci/run.
//   node scripts/setup.mjs [--for=test|start|ci] [--yes]
// As root on Debian (or with --yes, through sudo) missing apt packages are installed; otherwise
// the missing ones are listed with the command to install them, and the exit code is 1.
// Then code-server (the VS Code we test and run in) is installed into its cache when needed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { which } from './lib/system.mjs';
import {
  ensureCodeServer,
  findDesktopVSCode,
  installedCodeServerVersion,
  CODE_SERVER_VERSION,
} from './lib/vscode-host.mjs';

/** @typedef {{ apt: string, why: string, present: () => boolean, for: string[] }} Requirement */
/** @type {Requirement[]} */
const REQUIREMENTS = [
  { apt: 'clang', why: 'compiles eBPF C (-target bpf)', present: () => !!which('clang'), for: ['test', 'start'] },
  {
    apt: 'llvm',
    why: 'llvm-objdump, the disassembly oracle in tests',
    present: () => !!which('llvm-objdump'),
    for: ['test'],
  },
  {
    apt: 'libbpf-dev',
    why: 'bpf/bpf_helpers.h for Linux programs',
    present: () => fs.existsSync('/usr/include/bpf/bpf_helpers.h'),
    for: ['test', 'start'],
  },
  {
    apt: 'linux-libc-dev',
    why: 'linux/bpf.h',
    present: () => fs.existsSync('/usr/include/linux/bpf.h'),
    for: ['test', 'start'],
  },
  {
    apt: 'bpftool',
    why: 'loads programs into the Linux kernel in oracle tests (they skip without it)',
    present: () => !!(which('bpftool') || fs.existsSync('/usr/sbin/bpftool')),
    for: ['test'],
  },
  {
    apt: 'chromium',
    why: 'headless browser that drives the e2e tests',
    present: () => !!chromiumPath(),
    for: ['test'],
  },
];
/** Needed only to build code-server's native modules, i.e. when it is not cached yet. */
const CODE_SERVER_BUILD_DEPS = [
  { apt: 'ripgrep', why: "seeds code-server's ripgrep download offline", present: () => !!which('rg'), for: [] },
  {
    apt: 'build-essential',
    why: "builds code-server's native modules",
    present: () => !!which('make') && !!(which('g++') || which('c++')),
    for: [],
  },
  { apt: 'python3', why: 'node-gyp', present: () => !!which('python3'), for: [] },
  { apt: 'pkg-config', why: 'node-gyp', present: () => !!which('pkg-config'), for: [] },
  {
    apt: 'libkrb5-dev',
    why: "code-server's kerberos module",
    present: () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
    for: [],
  },
];

export function chromiumPath() {
  const explicit = process.env.EBPF_CHROMIUM;
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = which(name);
    if (p) return p;
  }
  return null;
}

/**
 * Makes sure everything `purpose` needs is there. Returns { codeServer?: serverDir, desktop?: exe }.
 * Throws SetupError with the exact install instructions when it cannot install.
 */
export function ensureSetup({ purpose = 'test', yes = false, log = console.log } = {}) {
  const desktop = findDesktopVSCode();
  const needCodeServer = purpose === 'ci' || !desktop;
  const wanted = REQUIREMENTS.filter((r) => purpose === 'ci' || r.for.includes(purpose)).filter(
    (r) => !(r.apt === 'chromium' && desktop && purpose !== 'ci'),
  );
  if (needCodeServer && installedCodeServerVersion() !== CODE_SERVER_VERSION) wanted.push(...CODE_SERVER_BUILD_DEPS);
  const missing = wanted.filter((r) => !r.present());
  if (missing.length > 0) installApt(missing, { yes, log });
  return { desktop, codeServer: needCodeServer ? ensureCodeServer({ log }) : undefined };
}

export class SetupError extends Error {}

function installApt(missing, { yes, log }) {
  const pkgs = [...new Set(missing.map((r) => r.apt))];
  const isRoot = process.getuid?.() === 0;
  const hasApt = !!which('apt-get');
  const command = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (!hasApt || (!isRoot && !yes)) {
    const lines = missing.map((r) => `  - ${r.apt}: ${r.why}`);
    throw new SetupError(
      `setup: missing system packages:\n${lines.join('\n')}\n` +
        (hasApt
          ? `install them with:\n  sudo sh -c '${command}'\nor rerun with --yes (uses sudo)`
          : 'install the equivalents with your package manager'),
    );
  }
  log(`setup: installing ${pkgs.join(' ')} (apt-get)`);
  const sudo = isRoot ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...pkgs],
  ]) {
    const cmd = [...sudo, ...args];
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env });
    if (r.status !== 0) throw new SetupError(`setup: "${cmd.join(' ')}" failed (exit ${r.status})`);
  }
  const still = missing.filter((r) => !r.present());
  if (still.length) throw new SetupError(`setup: still missing after apt-get: ${still.map((r) => r.apt).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const purpose = args.find((a) => a.startsWith('--for='))?.slice(6) ?? 'test';
  try {
    const { desktop, codeServer } = ensureSetup({ purpose, yes: args.includes('--yes') || process.env.CI === 'true' });
    console.log(
      `setup: ready for ${purpose}${desktop ? `; desktop VS Code: ${desktop}` : ''}${codeServer ? `; VS Code server: ${codeServer}` : ''}`,
    );
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : err);
    process.exit(1);
  }
}
