// Entry point VS Code loads as extensionTestsPath: runs every dist/test/e2e/suite/*.test.js with
// mocha inside the extension host, and prints the CI-readable closing line.
// Used unchanged by both hosts: the desktop VS Code (scripts/e2e.mjs --vscode) and the
// code-server one driven by chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  const grep = process.env.EBPF_E2E_GREP;
  if (grep) mocha.grep(grep);
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`e2e: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
      else resolve();
    });
  });
}
