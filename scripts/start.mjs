// `npm start`: set up, build, then open VS Code with the extension loaded on examples/.
// Desktop VS Code when `code` exists; otherwise the project's code-server on 127.0.0.1 (a free
// port, no auth because it listens only on loopback, workspace trust on). Runs until Ctrl-C.
//   node scripts/start.mjs [--yes] [--port N] [--folder DIR]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/system.mjs';
import { remoteUri, startVSCodeServer, workbenchUrl } from './lib/code-server-run.mjs';
import { ensureSetup, SetupError } from './setup.mjs';

const { values: opt } = parseArgs({
  options: {
    yes: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    folder: { type: 'string' },
  },
});
const folder = path.resolve(
  opt.folder ?? path.join(repoRoot, fs.existsSync(path.join(repoRoot, 'examples')) ? 'examples' : 'test/e2e/workspace'),
);

let setup;
try {
  setup = ensureSetup({ purpose: 'start', yes: opt.yes });
} catch (err) {
  console.error(err instanceof SetupError ? err.message : err);
  process.exit(1);
}
const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

if (setup.desktop) {
  console.log(`start: opening ${folder} in ${setup.desktop}`);
  const child = spawn(setup.desktop, [`--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
  child.once('exit', (code) => process.exit(code ?? 0));
} else {
  // Keep the server's state between runs (settings, trust decisions), outside git.
  const dataDir = path.join(process.env.EBPF_VSCODE_HOST_CACHE ?? path.join(repoRoot, '.vscode-test'), 'start-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startVSCodeServer({ serverDir: setup.codeServer, port: Number(opt.port), trust: true, dataDir });
  const payload = [['extensionDevelopmentPath', remoteUri(server.host, repoRoot)]];
  const url = workbenchUrl(server.host, folder, payload);
  console.log(
    `\nstart: VS Code (code-server ${'4.100.3'}) with the eBPF extension on ${path.relative(process.cwd(), folder) || folder}`,
  );
  console.log(`start: open ${url}`);
  console.log(`start: plain URL http://${server.host}/ (the extension is loaded only through the URL above)`);
  console.log('start: Ctrl-C to stop');
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.exited.then((code) => {
    console.error(`start: VS Code server exited (${code})\n${server.log().split('\n').slice(-20).join('\n')}`);
    process.exit(1);
  });
}
