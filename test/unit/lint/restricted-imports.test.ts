// The layering rule: a file under core/ that imports vscode or the LSP/DAP libraries fails lint;
// the same import outside core/ is allowed. Runs ESLint's Node API on the repo's own config.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';
import { at } from '../../support/at';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImportMessages(relPath: string, code: string): Promise<string[]> {
  const result = at(await eslint.lintText(code, { filePath: path.join(repoRoot, relPath) }), 0, 'lint result');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('no-restricted-imports keeps core/ free of editor libraries', () => {
  const forbidden = [
    "import * as vscode from 'vscode';",
    "import { createConnection } from 'vscode-languageserver/node';",
    "import { TextDocument } from 'vscode-languageserver-textdocument';",
    "import { LanguageClient } from 'vscode-languageclient/node';",
    "import { DebugSession } from '@vscode/debugadapter';",
    "import type { DebugProtocol } from '@vscode/debugprotocol';",
  ];
  for (const line of forbidden) {
    it(`rejects in core/: ${line}`, async () => {
      const messages = await restrictedImportMessages(
        'core/verifier/__lint_probe__.ts',
        `${line}\nexport const x = 1;\n`,
      );
      assert.equal(messages.length, 1, `expected one no-restricted-imports error, got ${JSON.stringify(messages)}`);
      assert.match(at(messages, 0), /core\/ (is the engine|must not depend)/);
    });
  }

  it('allows vscode outside core/ (client/)', async () => {
    const messages = await restrictedImportMessages(
      'client/__lint_probe__.ts',
      "import * as vscode from 'vscode';\nexport const x = vscode;\n",
    );
    assert.deepEqual(messages, []);
  });

  it('allows node built-ins and relative imports in core/', async () => {
    const messages = await restrictedImportMessages(
      'core/toolchain/__lint_probe__.ts',
      "import { spawn } from 'node:child_process';\nimport { x } from '../isa/decode';\nexport const y = [spawn, x];\n",
    );
    assert.deepEqual(messages, []);
  });

  it('reports the rule as an error, so `npm run lint` fails', async () => {
    const results = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", {
      filePath: path.join(repoRoot, 'core/isa/__lint_probe__.ts'),
    });
    assert.ok(at(results, 0, 'lint result').errorCount >= 1);
  });
});
