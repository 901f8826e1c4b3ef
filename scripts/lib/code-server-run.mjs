// Starts the VS Code server bundled in code-server (node <vscode>/out/server-main.js) on loopback,
// and drives Debian's chromium with playwright-core. Used by the e2e runner and by `npm start`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * @param {{ serverDir: string, port?: number, trust?: boolean, dataDir?: string, smokeTestDriver?: boolean }} o
 * @returns {Promise<{ host: string, port: number, pid: number, log: () => string, stop: () => void, exited: Promise<number|null> }>}
 */
export async function startVSCodeServer({ serverDir, port = 0, trust = true, dataDir, smokeTestDriver = false }) {
  const data = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ebpf-server-'));
  const args = [
    path.join(serverDir, 'out', 'server-main.js'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    // No auth is safe only because we listen on loopback.
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--user-data-dir',
    path.join(data, 'user'),
    '--extensions-dir',
    path.join(data, 'extensions'),
    '--server-data-dir',
    path.join(data, 'server'),
  ];
  // Tests cannot answer the trust dialog that startDebugging would show.
  if (!trust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--enable-smoke-test-driver');
  // Remote machine settings: quiet prompts that would cover the workbench in screenshots.
  const machineSettings = path.join(data, 'server', 'data', 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machineSettings), { recursive: true });
  if (!fs.existsSync(machineSettings)) {
    fs.writeFileSync(
      machineSettings,
      JSON.stringify(
        {
          'git.openRepositoryInParentFolders': 'never',
          'workbench.startupEditor': 'none',
          'extensions.ignoreRecommendations': true,
        },
        null,
        2,
      ),
    );
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => {
    // The server keeps a remote extension host alive for a reconnection grace time: kill the group.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const listening = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(iv);
      stop();
      reject(new Error(`VS Code server did not start within 60 s\n${log}`));
    }, 60_000);
    const iv = setInterval(() => {
      const m = /Extension host agent listening on (\d+)/.exec(log);
      if (m) {
        clearInterval(iv);
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    exited.then((code) => {
      clearInterval(iv);
      clearTimeout(timer);
      reject(new Error(`VS Code server exited (${code})\n${log}`));
    });
  });
  return { host: `127.0.0.1:${listening}`, port: listening, pid: child.pid, log: () => log, stop, exited };
}

/** A headless chromium context (persistent profile in a temp dir). */
export async function launchChromium(executablePath, profileDir) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The workbench URL opening `folder`, with an optional development payload. */
export function workbenchUrl(host, folder, payload) {
  let url = `http://${host}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A path on the server, as the workbench must name it in the payload. */
export function remoteUri(host, p) {
  return `vscode-remote://${host}${path.resolve(p)}`;
}
