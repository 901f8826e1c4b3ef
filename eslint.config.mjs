// ESLint 9 flat config: typescript-eslint recommended everywhere, plus the boundary rules: the
// engine (core/) independent of VS Code and of the LSP/DAP libraries, and each app (client/,
// server/, debug-adapter/, cli/) kept out of the others; what apps share lives in common/.
// docs/ARCHITECTURE.md ("Boundaries") lists who may import whom.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports core/ must never use: the engine runs in the CLI, the server and the adapter alike. */
export const coreForbiddenImports = [
  { name: 'vscode', message: 'core/ is the engine: it must not depend on VS Code. Put editor code in client/.' },
];
export const coreForbiddenPatterns = [
  {
    group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageserver-*/*'],
    message: 'core/ must not depend on the LSP libraries; the server adapts core results.',
  },
  {
    group: ['vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageclient-*'],
    message: 'core/ must not depend on the language client.',
  },
  {
    group: [
      '@vscode/debugadapter',
      '@vscode/debugadapter/*',
      '@vscode/debugadapter-*',
      '@vscode/debugprotocol',
      '@vscode/debugprotocol/*',
    ],
    message: 'core/ must not depend on the DAP libraries; debug-adapter/ adapts core/vm.',
  },
];

/** A relative import that climbs out of the file's app folder into one of `folders`. */
function intoFolders(folders, message) {
  return { regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message };
}
const vscodeApi = (who) => ({ name: 'vscode', message: `${who} runs outside the extension host: no vscode API.` });
const lspServerLib = (who) => ({
  group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument'],
  message: `${who} must not depend on the language server library; that is server/'s job.`,
});
const lspClientLib = (who) => ({
  group: ['vscode-languageclient', 'vscode-languageclient/*'],
  message: `${who} must not depend on the language client library.`,
});
const dapLib = (who) => ({
  group: ['@vscode/debugadapter', '@vscode/debugadapter/*', '@vscode/debugprotocol', '@vscode/debugprotocol/*'],
  message: `${who} must not depend on the DAP libraries; debug-adapter/ owns them.`,
});
const apps = ['client', 'server', 'debug-adapter', 'cli'];
const others = (app) => apps.filter((a) => a !== app);
const otherApps = (app) =>
  intoFolders(
    others(app),
    `${app}/ must not import another app (${others(app).join(', ')}); share code through common/.`,
  );

/** The per-folder import rules, exported so test/unit/lint can check that each one fires. */
export const boundaryRules = {
  'client/lazy': {
    patterns: [
      otherApps('client'),
      intoFolders(['core'], 'client/ reaches the engine only through common/ (or the server and the adapter).'),
      lspServerLib('client/'),
      dapLib('client/'),
    ],
  },
  client: {
    patterns: [
      otherApps('client'),
      intoFolders(['core'], 'client/ reaches the engine only through common/ (or the server and the adapter).'),
      lspServerLib('client/'),
      dapLib('client/'),
      {
        group: ['vscode-languageclient', 'vscode-languageclient/*'],
        message:
          'The eager extension bundle must stay small: use the language client through client/languageClient.ts (it loads client/lazy/ on first use).',
      },
    ],
  },
  server: {
    paths: [vscodeApi('server/')],
    patterns: [otherApps('server'), lspClientLib('server/'), dapLib('server/')],
  },
  'debug-adapter': {
    paths: [vscodeApi('debug-adapter/')],
    patterns: [otherApps('debug-adapter'), lspServerLib('debug-adapter/'), lspClientLib('debug-adapter/')],
  },
  cli: {
    paths: [vscodeApi('cli/')],
    patterns: [otherApps('cli'), lspServerLib('cli/'), lspClientLib('cli/'), dapLib('cli/')],
  },
  common: {
    paths: [vscodeApi('common/')],
    patterns: [
      intoFolders(apps, 'common/ is shared by the apps and must not import any of them.'),
      lspServerLib('common/'),
      lspClientLib('common/'),
      dapLib('common/'),
    ],
  },
  core: {
    paths: coreForbiddenImports,
    patterns: [
      ...coreForbiddenPatterns,
      intoFolders([...apps, 'common'], 'core/ is the engine: it must not import the apps or common/.'),
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.vscode-test/**',
      'test-results/**',
      '**/*.d.ts',
      'examples/**',
      'include/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware rules (no floating promises, no unsafe any, ...) on every TypeScript file.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numeric enums here mirror wire values (opcodes, ELF and BTF kinds): comparing a decoded number
      // with them is what a decoder does.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Methods that implement Promise-returning interfaces (map and trace sources, DAP handlers) need
      // not await; no-floating-promises and no-misused-promises catch the mistakes that matter.
      '@typescript-eslint/require-await': 'off',
      // The verifier ends a path by throwing Failure, a plain record: the signal is taken on every
      // failed check, so it carries no stack trace.
      '@typescript-eslint/only-throw-error': [
        'error',
        { allow: [{ from: 'file', name: 'Failure', path: 'core/verifier/failure.ts' }] },
      ],
      // node:test's test/describe return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] },
          ],
        },
      ],
    },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Bit-twiddling code in the engine legitimately uses these; keep them visible but not blocking.
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
      // `interface Tagged extends Base<Kind> {}` names a variant of a discriminated union.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  ...Object.entries(boundaryRules).map(([folder, options]) => ({
    files: [`${folder}/**`],
    ...(folder === 'client' ? { ignores: ['client/lazy/**'] } : {}),
    rules: { 'no-restricted-imports': ['error', options] },
  })),
  {
    // Plain JS scripts run by Node directly.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // With noUncheckedIndexedAccess on, a `!` would hide exactly what the flag checks: a guard that
    // names the broken invariant replaces each one.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
);
