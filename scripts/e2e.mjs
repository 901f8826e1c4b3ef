// Runs the e2e mocha suite (dist/test/e2e) inside a real VS Code's extension host, two ways:
//   - a desktop VS Code (`code` on PATH, --vscode <exe> or $EBPF_VSCODE_PATH): @vscode/test-electron's
//     runTests with vscodeExecutablePath, so nothing is downloaded (scripts/lib/desktop-run.mjs);
//   - otherwise the VS Code server from code-server 4.100.3 + headless chromium (playwright-core):
//     the development payload goes in the workbench URL, and the result comes back through the
//     smoke-test driver hooks window.codeAutomationLog / window.codeAutomationExit.
// Prints the suite's closing line `e2e: N passed, M failed`; exit 0 only when all passed.
//   node scripts/e2e.mjs [--vscode <exe>] [--workspace <dir>] [--timeout <s>] [--yes]
// Build first (npm run build); `npm run test:e2e` does both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/system.mjs';
import { findDesktopVSCode } from './lib/vscode-host.mjs';
import { desktopTestOptions, runDesktopTests } from './lib/desktop-run.mjs';
import { launchChromium, remoteUri, startVSCodeServer, workbenchUrl } from './lib/code-server-run.mjs';
import { chromiumPath, ensureSetup, SetupError } from './setup.mjs';

const { values: opt } = parseArgs({
  options: {
    vscode: { type: 'string' },
    workspace: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    yes: { type: 'boolean', default: false },
  },
});

const testsEntry = path.join(repoRoot, 'dist', 'test', 'e2e', 'index.js');
if (!fs.existsSync(testsEntry)) fail(`${path.relative(repoRoot, testsEntry)} is missing: run npm run build first`);
const workspace = path.resolve(opt.workspace ?? defaultWorkspace());
const resultsDir = path.join(repoRoot, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const timeoutMs = Number(opt.timeout) * 1000;
const inCi = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

const desktop = findDesktopVSCode(opt.vscode);
const code = desktop ? await runDesktop(desktop) : await runCodeServer();
process.exit(code === 0 ? 0 : 1);

/**
 * A scratch copy of examples/ when it holds an XDP program, else of the suite's minimal workspace.
 * The tests edit files and workspace settings (quick fixes, Select Target Platform), so they never
 * run on the repository's own folders.
 */
function defaultWorkspace() {
  const examples = path.join(repoRoot, 'examples');
  const hasXdp =
    fs.existsSync(examples) &&
    fs
      .readdirSync(examples)
      .some((f) => f.endsWith('.c') && /SEC\("xdp"\)/.test(fs.readFileSync(path.join(examples, f), 'utf8')));
  const source = hasXdp ? examples : path.join(repoRoot, 'test', 'e2e', 'workspace');
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ebpf-e2e-ws-')), path.basename(source));
  fs.cpSync(source, copy, { recursive: true });
  process.on('exit', () => fs.rmSync(path.dirname(copy), { recursive: true, force: true }));
  return copy;
}

function fail(message) {
  console.error(`e2e: ${message}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

/**
 * No VS Code host can run here (system packages or chromium are missing and were not installed):
 * skip with one SKIP-EXTERNAL line, as the unit tests do (docs/testing.md). Under CI=true, which
 * has everything, it is a failure.
 */
function skipExternal(what, how) {
  const line = `SKIP-EXTERNAL: ${what} is missing (${how})`;
  if (inCi) fail(`CI=true and the e2e suite cannot run: ${line}`);
  console.log(`e2e: skipped: ${line}`);
  process.exit(0);
}

async function runDesktop(exe) {
  console.log(`e2e: desktop VS Code ${exe} through @vscode/test-electron, workspace ${workspace}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ebpf-e2e-'));
  const timer = setTimeout(() => {
    console.error(`e2e: timed out after ${opt.timeout} s`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }, timeoutMs);
  const status = await runDesktopTests(
    desktopTestOptions({
      executable: exe,
      repoRoot,
      testsEntry,
      workspace,
      userDataDir: path.join(tmp, 'user'),
      extensionsDir: path.join(tmp, 'extensions'),
    }),
  );
  clearTimeout(timer);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log('e2e: (desktop run: no screenshot; the code-server run saves test-results/e2e-workbench.png)');
  return status;
}

async function runCodeServer() {
  let serverDir;
  try {
    ({ codeServer: serverDir } = ensureSetup({ purpose: 'test', yes: opt.yes || process.env.CI === 'true' }));
  } catch (err) {
    if (err instanceof SetupError && err.message.startsWith('setup: missing system packages'))
      skipExternal(
        `a VS Code host (${err.message.split('\n')[1]?.trim() ?? 'system packages'})`,
        'node scripts/setup.mjs --for=test --yes, or put a desktop VS Code on PATH',
      );
    fail(err instanceof SetupError ? err.message : String(err));
  }
  const browser = chromiumPath();
  if (!browser) skipExternal('chromium', "install Debian's chromium or set EBPF_CHROMIUM");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-ebpf-e2e-'));
  const started = Date.now();
  const server = await startVSCodeServer({ serverDir, trust: false, dataDir: tmp, smokeTestDriver: true });
  console.log(`e2e: VS Code server on ${server.host} (pid ${server.pid}), workspace ${workspace}`);
  let ctx;
  try {
    ctx = await launchChromium(browser, path.join(tmp, 'chromium'));
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    let page;
    // A suite line `e2e-screenshot: NAME` (or `e2e-screenshot:NAME`) asks for a picture of the workbench now (test-results/e2e-NAME.png).
    await ctx.exposeFunction('codeAutomationLog', (type, args) => {
      const shot = /e2e-screenshot: ?([\w-]+)/.exec(String(args?.[0] ?? ''));
      if (shot && page)
        return page.screenshot({ path: path.join(resultsDir, `e2e-${shot[1]}.png`) }).then(
          () => console.log(`e2e: screenshot test-results/e2e-${shot[1]}.png`),
          (e) => console.error(`e2e: no screenshot ${shot[1]}: ${e.message}`),
        );
      (console[type] ?? console.log)(...args);
    });
    await ctx.exposeFunction('codeAutomationExit', (c) => finish(c));
    page = ctx.pages()[0] ?? (await ctx.newPage());
    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.host, repoRoot)],
      ['extensionTestsPath', remoteUri(server.host, testsEntry)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(server.host, workspace, payload));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const status = await finished;
    clearTimeout(timer);
    // Let the views the suite opened finish rendering before the picture.
    await page
      .locator('.monaco-workbench .pane-body .monaco-list-row')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    await page.waitForTimeout(500);
    const shot = path.join(resultsDir, 'e2e-workbench.png');
    await page.screenshot({ path: shot }).then(
      () => console.log(`e2e: screenshot ${path.relative(repoRoot, shot)}`),
      (e) => console.error(`e2e: no screenshot: ${e.message}`),
    );
    if (status === 'timeout') {
      console.error(
        `e2e: timed out after ${opt.timeout} s; last server log lines:\n${server.log().split('\n').slice(-30).join('\n')}`,
      );
      console.log('e2e: 0 passed, 1 failed');
    } else if (status !== 0) {
      console.error(
        `e2e: extension host reported exit ${status}; last server log lines:\n${server.log().split('\n').slice(-20).join('\n')}`,
      );
    }
    console.log(`e2e: run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return status;
  } finally {
    await ctx?.close().catch(() => {});
    server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
