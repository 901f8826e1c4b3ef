// The desktop e2e route (scripts/lib/desktop-run.mjs): no desktop VS Code is installed here, so a
// stand-in executable records the command line @vscode/test-electron's runTests builds from our
// options, and exits with a chosen code. Checks that the installed executable is used (nothing
// downloaded), that the workspace, extension and tests paths arrive intact (spaces included), that
// the run is isolated from the user's profile, and that the exit code comes back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface DesktopRun {
  desktopTestOptions: (o: Record<string, string>) => Record<string, unknown>;
  runDesktopTests: (o: Record<string, unknown>) => Promise<number>;
}

/** scripts/ is plain JavaScript (no declarations): imported by URL and typed here. */
async function desktopRun(): Promise<DesktopRun> {
  const file = path.resolve(__dirname, '..', '..', '..', 'scripts', 'lib', 'desktop-run.mjs');
  return (await import(pathToFileURL(file).href)) as DesktopRun;
}

const skip = process.platform === 'win32' ? 'desktop-run test: the stand-in executable is a POSIX script' : false;

describe('desktop e2e runner (@vscode/test-electron runTests)', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desktop run '));
  const argvFile = path.join(dir, 'argv.json');
  const fake = path.join(dir, 'fake code');
  fs.writeFileSync(
    fake,
    `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(Number(process.env.FAKE_EXIT || 0));\n`,
  );
  fs.chmodSync(fake, 0o755);
  const inputs = {
    executable: fake,
    repoRoot: path.join(dir, 'the repo'),
    testsEntry: path.join(dir, 'the repo', 'dist', 'test', 'e2e', 'index.js'),
    workspace: path.join(dir, 'my workspace'),
    userDataDir: path.join(dir, 'tmp', 'user'),
    extensionsDir: path.join(dir, 'tmp', 'extensions'),
  };

  it('runs the installed executable with the workspace first and our isolation flags', async () => {
    const { desktopTestOptions, runDesktopTests } = await desktopRun();
    const options = desktopTestOptions(inputs);
    assert.equal(options.vscodeExecutablePath, fake, 'an executable is given, so runTests downloads nothing');
    assert.equal(await runDesktopTests(options), 0);
    const argv = JSON.parse(fs.readFileSync(argvFile, 'utf8')) as string[];
    assert.equal(argv[0], inputs.workspace);
    for (const arg of [
      `--extensionDevelopmentPath=${inputs.repoRoot}`,
      `--extensionTestsPath=${inputs.testsEntry}`,
      '--disable-extensions',
      '--disable-workspace-trust',
      `--user-data-dir=${inputs.userDataDir}`,
      `--extensions-dir=${inputs.extensionsDir}`,
    ])
      assert.ok(argv.includes(arg), `${arg} missing from ${JSON.stringify(argv)}`);
    assert.equal(argv.filter((a) => a.startsWith('--user-data-dir')).length, 1, 'runTests adds no second profile');
  });

  it('returns VS Code’s exit code when the suite fails', async () => {
    const { desktopTestOptions, runDesktopTests } = await desktopRun();
    process.env.FAKE_EXIT = '3';
    try {
      assert.equal(await runDesktopTests(desktopTestOptions(inputs)), 3);
    } finally {
      delete process.env.FAKE_EXIT;
    }
  });

  it('refuses to build options without an executable (that would download VS Code)', async () => {
    const { desktopTestOptions } = await desktopRun();
    assert.throws(() => desktopTestOptions({ ...inputs, executable: '' }), /would download/);
  });
});
