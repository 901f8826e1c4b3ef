// ESLint 9 flat config: typescript-eslint recommended everywhere, plus the layering rule that keeps
// the engine (core/) independent of VS Code and of the LSP/DAP libraries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readFileSync } from 'node:fs';

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
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: coreForbiddenImports, patterns: coreForbiddenPatterns }],
    },
  },
  {
    // Plain JS scripts run by Node directly.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Directories migrated to the strict index flags (scripts/typecheck-strict.json) keep no `!`:
    // a guard that names the broken invariant replaces each one.
    files: strictTypes().strictDirectories.map((dir) => `${dir}/**/*.ts`),
    ignores: strictTypes().pendingFiles,
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
);

/** The strictness ratchet's settings; a function so that it is hoisted above the config. */
function strictTypes() {
  return JSON.parse(readFileSync(new URL('./scripts/typecheck-strict.json', import.meta.url), 'utf8'));
}
