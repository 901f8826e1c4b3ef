// The layering rule: a file under core/ that imports vscode or the LSP/DAP libraries fails lint;
// the same import outside core/ is allowed. Runs ESLint's Node API on the repo's own config.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { probeLinter } from '../../support/lint';
import { at } from '../../support/at';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const eslint = probeLinter();

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

describe('no-restricted-imports keeps each app inside its boundary', () => {
  // [file the import is written in, the import, what the message must say]
  const forbidden: [string, string, RegExp][] = [
    ['client/statusBar.ts', "import { x } from '../core/vm';", /client\/ reaches the engine only through common/],
    ['client/commands/verify.ts', "import { x } from '../../core/verifier/index';", /through common/],
    ['client/statusBar.ts', "import { x } from '../server/engine';", /client\/ must not import another app/],
    ['client/debug/adapterFactory.ts', "import { x } from '../../debug-adapter/session';", /another app/],
    ['client/statusBar.ts', "import { x } from '../cli/main';", /another app/],
    ['client/statusBar.ts', "import { LanguageClient } from 'vscode-languageclient/node';", /eager extension bundle/],
    ['client/statusBar.ts', "import { DebugSession } from '@vscode/debugadapter';", /DAP libraries/],
    ['client/lazy/languageClient.ts', "import { x } from '../../core/vm';", /through common/],
    ['server/server.ts', "import { x } from '../client/ebpf-context';", /server\/ must not import another app/],
    ['server/hover.ts', "import { x } from '../debug-adapter/session';", /server\/ must not import another app/],
    ['server/hover.ts', "import * as vscode from 'vscode';", /no vscode API/],
    ['server/hover.ts', "import { DebugSession } from '@vscode/debugadapter';", /DAP libraries/],
    [
      'debug-adapter/session.ts',
      "import { x } from '../server/engine';",
      /debug-adapter\/ must not import another app/,
    ],
    ['debug-adapter/session.ts', "import { x } from '../client/ebpf-context';", /another app/],
    ['debug-adapter/session.ts', "import * as vscode from 'vscode';", /no vscode API/],
    ['debug-adapter/session.ts', "import { createConnection } from 'vscode-languageserver/node';", /language server/],
    ['cli/main.ts', "import { x } from '../client/ebpf-context';", /cli\/ must not import another app/],
    ['cli/commands/run.ts', "import { x } from '../../server/engine';", /another app/],
    ['cli/commands/run.ts', "import { x } from '../../debug-adapter/runtime';", /another app/],
    ['cli/main.ts', "import { DebugSession } from '@vscode/debugadapter';", /DAP libraries/],
    ['common/protocol.ts', "import { x } from '../server/engine';", /common\/ is shared by the apps/],
    ['common/protocol.ts', "import * as vscode from 'vscode';", /no vscode API/],
    [
      'core/vm/vm.ts',
      "import { x } from '../../debug-adapter/runtime';",
      /core\/ is the engine: it must not import the apps/,
    ],
    ['core/vm/vm.ts', "import { x } from '../../common/protocol';", /must not import the apps or common/],
    ['core/toolchain/compile.ts', "import { x } from '../../server/settings';", /must not import the apps/],
  ];
  for (const [file, line, expected] of forbidden) {
    it(`rejects in ${file}: ${line}`, async () => {
      const probe = file.replace(/[^/]+$/, '__lint_probe__.ts');
      const messages = await restrictedImportMessages(probe, `${line}\nexport const y = 1;\n`);
      assert.equal(messages.length, 1, `expected one no-restricted-imports error, got ${JSON.stringify(messages)}`);
      assert.match(at(messages, 0, 'the lint message'), expected);
    });
  }

  const allowed: [string, string][] = [
    ['client/statusBar.ts', "import { didAnalyze } from '../common/protocol';"],
    ['client/commands/verify.ts', "import { x } from '../../common/ebpf-source';"],
    ['client/statusBar.ts', "import type { StartedClient } from './lazy/languageClient';"],
    ['client/lazy/languageClient.ts', "import { LanguageClient } from 'vscode-languageclient/node';"],
    ['server/server.ts', "import { looksLikeEbpfSource } from '../common/ebpf-source';"],
    ['server/engine.ts', "import { verifyProgram } from '../core/verifier/index';"],
    ['debug-adapter/launch.ts', "import { x } from '../core/vm/index';"],
    ['debug-adapter/launch.ts', "import { x } from '../common/launchConfig';"],
    ['cli/main.ts', "import { x } from '../core/program/index';"],
    ['common/protocol.ts', "import { RequestType } from 'vscode-jsonrpc/lib/common/messages';"],
    ['common/launchConfig.ts', "import { x } from '../core/vm/hex';"],
  ];
  for (const [file, line] of allowed) {
    it(`allows in ${file}: ${line}`, async () => {
      const probe = file.replace(/[^/]+$/, '__lint_probe__.ts');
      assert.deepEqual(await restrictedImportMessages(probe, `${line}\nexport const y = 1;\n`), []);
    });
  }

  it('the repository itself passes every boundary rule', async () => {
    const results = await eslint.lintFiles(['client', 'server', 'debug-adapter', 'cli', 'common', 'core']);
    const broken = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.message}`),
    );
    assert.deepEqual(broken, []);
  });
});
