// ESLint on the repository's own config for probe files that exist only in the test: the type-aware
// rules need files of the TypeScript project, so they are switched off for probes (the rules under
// test here — import boundaries, non-null assertions — need no type information).
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function probeLinter(): ESLint {
  return new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });
}
