// Strict types everywhere: tsconfig.json carries the index and optional-property flags for the
// whole project, and eslint reports `!` in every directory (a `!` would hide what the flags check).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { probeLinter, repoRoot } from '../../support/lint';

const tsconfig = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: Record<string, unknown>;
  include: string[];
};

describe('strict types', () => {
  it('tsconfig.json turns on the strict flags for the whole project', () => {
    for (const flag of ['strict', 'noUncheckedIndexedAccess', 'exactOptionalPropertyTypes', 'noImplicitOverride'])
      assert.equal(tsconfig.compilerOptions[flag], true, flag);
  });

  const code = 'export function size(x: string | undefined): number {\n  return x!.length;\n}\n';
  const ruleIds = async (relPath: string): Promise<(string | null)[]> => {
    const results = await probeLinter().lintText(code, { filePath: path.join(repoRoot, relPath) });
    return results.flatMap((r) => r.messages.map((m) => m.ruleId));
  };
  const places = [...tsconfig.include.filter((d) => !d.includes('*')), 'scripts', 'test/unit/vm'].map(
    (dir) => `${dir}/probe-non-null.ts`,
  );

  for (const file of places)
    it(`reports \`!\` in ${file}`, async () => {
      const ids = await ruleIds(file);
      assert.ok(ids.includes('@typescript-eslint/no-non-null-assertion'), JSON.stringify(ids));
      assert.ok(!ids.includes(null), `no parse error: ${JSON.stringify(ids)}`);
    });
});
