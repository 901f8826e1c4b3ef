// The code link of every verifier diagnostic opens docs/verifier-codes.md at the code's own
// section: for the local file, `#L<line>` of its `## <code>` heading (VS Code's file-link form).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { codeHref, codeSections } from '../../../server/docsLinks';

const root = path.resolve(__dirname, '../../..');
const docs = path.join(root, 'docs', 'verifier-codes.md');

function contractCodes(): string[] {
  const contract = fs.readFileSync(path.join(root, 'core/verifier/types.ts'), 'utf8');
  const start = contract.indexOf('export type DiagnosticCode');
  const body = contract.slice(start, contract.indexOf(';', start));
  return [...body.matchAll(/'([a-z-]+)'/g)].map((m) => m[1] ?? '');
}

describe('diagnostic code links', () => {
  it("every code's link lands on its own `## <code>` heading", () => {
    const codes = contractCodes();
    assert.ok(codes.length > 25);
    const lines = fs.readFileSync(docs, 'utf8').split('\n');
    const base = pathToFileURL(docs).toString();
    const wrong: string[] = [];
    for (const code of codes) {
      const href = codeHref(base, code);
      const m = /#L(\d+)$/.exec(href);
      const line = m?.[1] !== undefined ? lines[Number(m[1]) - 1] : undefined;
      if (!href.startsWith(base) || line !== `## ${code}`) wrong.push(`${code} -> ${href} (${String(line)})`);
    }
    assert.deepEqual(wrong, []);
  });

  it('a web copy of the docs gets the heading anchor; a code without a section gets the file', () => {
    assert.equal(
      codeHref('https://example.org/docs/verifier-codes.md', 'null-dereference'),
      'https://example.org/docs/verifier-codes.md#null-dereference',
    );
    const base = pathToFileURL(docs).toString();
    assert.equal(codeHref(base, 'no-such-code'), base);
    assert.deepEqual(
      [...codeSections('# T\n\n## a-b\ntext\n## c\n')],
      [
        ['a-b', 3],
        ['c', 5],
      ],
    );
  });
});
