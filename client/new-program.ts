// eBPF: New Program — opens an untitled C document filled with one of the program-type snippets
// from snippets/c.json (those marked isFileTemplate), so the snippets stay the single source.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';

interface SnippetEntry {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  isFileTemplate?: boolean;
}

export interface ProgramTemplate {
  readonly label: string;
  readonly description: string;
  readonly body: string;
}

/** The file templates in a snippets file, in file order. */
export async function loadProgramTemplates(snippetsPath: string): Promise<ProgramTemplate[]> {
  const json = JSON.parse(await fs.readFile(snippetsPath, 'utf8')) as Record<string, SnippetEntry>;
  return Object.entries(json)
    .filter(([, s]) => s.isFileTemplate === true)
    .map(([label, s]) => ({
      label,
      description: s.description ?? '',
      body: Array.isArray(s.body) ? s.body.join('\n') : s.body,
    }));
}

export function activate(ctx: EbpfContext): void {
  const snippetsPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'snippets', 'c.json').fsPath;
  ctx.push(
    vscode.commands.registerCommand('ebpf.newProgram', async (label?: string) => {
      const templates = await loadProgramTemplates(snippetsPath);
      const picked =
        label !== undefined
          ? templates.find((t) => t.label === label)
          : await vscode.window.showQuickPick(templates, { placeHolder: 'Program type', matchOnDescription: true });
      if (!picked) {
        if (label !== undefined) throw new Error(`ebpf.newProgram: no program template named "${label}"`);
        return undefined;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'c', content: '' });
      const editor = await vscode.window.showTextDocument(doc);
      await editor.insertSnippet(new vscode.SnippetString(picked.body));
      return doc.uri;
    }),
  );
}
