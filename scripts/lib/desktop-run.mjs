// The desktop route of the e2e runner: a VS Code installed on this machine runs the suite through
// @vscode/test-electron's runTests. It is given vscodeExecutablePath, so it downloads nothing; it
// adds its own flags (--no-sandbox, --disable-updates, --disable-workspace-trust, ...) to ours.
import { runTests, TestRunFailedError } from '@vscode/test-electron';

/**
 * The runTests options for one run. `userDataDir` and `extensionsDir` keep the run away from the
 * user's own profile; `workspace` is opened as the first launch argument.
 */
export function desktopTestOptions({ executable, repoRoot, testsEntry, workspace, userDataDir, extensionsDir }) {
  if (!executable) throw new Error('desktopTestOptions: no VS Code executable given (runTests would download one)');
  return {
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsEntry,
    launchArgs: [
      workspace,
      '--disable-extensions',
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${extensionsDir}`,
    ],
  };
}

/** Runs the suite; resolves to VS Code's exit code (0 when every test passed). */
export async function runDesktopTests(options) {
  try {
    return await runTests(options);
  } catch (e) {
    if (e instanceof TestRunFailedError) return typeof e.code === 'number' ? e.code : 1;
    throw e;
  }
}
