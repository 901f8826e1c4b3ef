// Finds or installs the VS Code we run the extension in.
// Desktop VS Code (`code`, or --vscode / $EBPF_VSCODE_PATH) when one exists; otherwise the VS Code
// server bundled in the npm package code-server, installed into a cache outside git.
// code-server 4.100.3 is the last release that runs on Node 20 (VS Code 1.100.3); the install needs
// three workarounds because this machine reaches only npm and Debian (see README, Troubleshooting).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, which } from './system.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
// @vscode/ripgrep version pinned by that code-server's lib/vscode/npm-shrinkwrap.json, and the
// asset its postinstall would download; we seed its download cache with Debian's rg instead.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function hostCacheDir() {
  return path.resolve(process.env.EBPF_VSCODE_HOST_CACHE ?? path.join(repoRoot, '.vscode-test', 'host'));
}

/** The desktop VS Code executable, or undefined. */
export function findDesktopVSCode(explicit) {
  const candidate = explicit ?? process.env.EBPF_VSCODE_PATH;
  if (candidate) {
    if (!fs.existsSync(candidate)) throw new Error(`VS Code executable not found: ${candidate}`);
    return candidate;
  }
  return which('code') ?? undefined;
}

function codeServerDir(cache = hostCacheDir()) {
  return path.join(cache, 'node_modules', 'code-server');
}

/** The installed code-server version, or undefined when missing or broken. */
export function installedCodeServerVersion(cache = hostCacheDir()) {
  const bin = path.join(cache, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return undefined;
  // The first run may print a log line before the version line.
  return /^(\d+\.\d+\.\d+) [0-9a-f]{40}/m.exec(r.stdout)?.[1];
}

/** The folder holding the VS Code server (out/server-main.js), installing code-server if needed. */
export function ensureCodeServer({ log = console.log } = {}) {
  const cache = hostCacheDir();
  const serverDir = path.join(codeServerDir(cache), 'lib', 'vscode');
  if (
    installedCodeServerVersion(cache) === CODE_SERVER_VERSION &&
    fs.existsSync(path.join(serverDir, 'out', 'server-main.js'))
  ) {
    return serverDir;
  }
  const rg = which('rg');
  if (!rg)
    throw new Error('ripgrep (rg) is required to install code-server offline; run: node scripts/setup.mjs --yes');
  log(`setup: installing code-server ${CODE_SERVER_VERSION} into ${cache} (about 2 minutes, once)`);
  const tmp = path.join(cache, 'tmp');
  const rgCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  fs.mkdirSync(rgCache, { recursive: true });
  fs.copyFileSync(rg, path.join(tmp, 'rg'));
  fs.chmodSync(path.join(tmp, 'rg'), 0o755);
  const tar = spawnSync('tar', ['czf', path.join(rgCache, RIPGREP_ASSET), '-C', tmp, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('could not seed the ripgrep cache (tar failed)');
  fs.rmSync(path.join(tmp, 'rg'));
  const pkg = path.join(cache, 'package.json');
  if (!fs.existsSync(pkg))
    fs.writeFileSync(pkg, JSON.stringify({ name: 'vscode-ebpf-host', private: true }, null, 2) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: cache,
    stdio: 'inherit',
    env: {
      ...process.env,
      TMPDIR: tmp, // @vscode/ripgrep looks for its cached asset under os.tmpdir()
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which must not prompt
    },
  });
  const version = installedCodeServerVersion(cache);
  if (r.status !== 0 || version !== CODE_SERVER_VERSION) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} install failed in ${cache} (npm exit ${r.status}, version ${version ?? 'none'}). ` +
        'It builds native modules from source: it needs build-essential python3 pkg-config libkrb5-dev.',
    );
  }
  log(`setup: code-server ${version} ready`);
  return serverDir;
}
