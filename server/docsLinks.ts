// The link of a verifier diagnostic's code (LSP codeDescription.href) to its section of
// docs/verifier-codes.md. The extension's docs are a local file: VS Code opens a file link at a
// line given as `#L<line>` (a heading anchor such as `#null-dereference` would open the top of the
// file), so the link names the line of the code's `## <code>` heading, read once from the file.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const sectionsByFile = new Map<string, ReadonlyMap<string, number>>();

/** 1-based line of every `## <code>` heading. */
export function codeSections(markdown: string): ReadonlyMap<string, number> {
  const sections = new Map<string, number>();
  markdown.split('\n').forEach((line, index) => {
    const m = /^## ([a-z][a-z-]*)\s*$/.exec(line);
    if (m?.[1]) sections.set(m[1], index + 1);
  });
  return sections;
}

function sectionsOf(file: string): ReadonlyMap<string, number> {
  let sections = sectionsByFile.get(file);
  if (!sections) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // No docs file: links without a line.
    }
    sections = codeSections(text);
    sectionsByFile.set(file, sections);
  }
  return sections;
}

/** `<docsUrl>#L<line of ## code>` for a local file, `<docsUrl>#<code>` otherwise (a web page's anchor). */
export function codeHref(docsUrl: string, code: string): string {
  if (!docsUrl.startsWith('file:')) return `${docsUrl}#${code}`;
  const line = sectionsOf(fileURLToPath(docsUrl)).get(code);
  return line !== undefined ? `${docsUrl}#L${line}` : docsUrl;
}
