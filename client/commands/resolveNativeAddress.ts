// eBPF: Resolve Native Address… — a native image (the Linux runner, a driver .sys with its PDB),
// then an address or a pasted stack trace (the clipboard is offered when it holds several lines);
// the language server resolves them (ebpf/resolveNativeAddress, core/native/addr) against the
// active eBPF document's programs. Results go to the "eBPF" output and a quick pick; choosing one
// opens the C file at the line. Called with arguments (tests, other commands) it asks nothing.
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import { looksLikeEbpfSource } from '../../common/ebpf-source';
import { ebpfServer } from '../languageClient';
import { resolveNativeAddress, type AddressResolution, type ResolveNativeAddressResult } from '../../common/protocol';
import { pickItems, sourceCandidates } from './resolveNativeAddressModel';

const LAST_IMAGE = 'ebpf.resolveNativeAddress.lastImage';

export interface ResolveNativeAddressArgs {
  readonly image: string;
  readonly text: string;
  readonly base?: string;
  /** The eBPF C document (URI string); default: the active editor's, when it is eBPF. */
  readonly source?: string;
  /** Open the first resolved location without asking (default true with arguments). */
  readonly open?: boolean;
}

async function chooseImage(ctx: EbpfContext): Promise<string | undefined> {
  const last = ctx.extension.workspaceState.get<string>(LAST_IMAGE);
  const picked = await vscode.window.showOpenDialog({
    title: 'Native image: the runner, or the driver (.sys) with its PDB beside it',
    canSelectMany: false,
    ...(last ? { defaultUri: vscode.Uri.file(last) } : {}),
    filters: { 'Native images': ['sys', 'dll', 'exe', '*'], 'All files': ['*'] },
  });
  const image = picked?.[0]?.fsPath;
  if (image) await ctx.extension.workspaceState.update(LAST_IMAGE, image);
  return image;
}

async function chooseText(): Promise<string | undefined> {
  const clip = (await vscode.env.clipboard.readText()).trim();
  if (clip.includes('\n')) {
    const lines = clip.split(/\r?\n/).length;
    const choice = await vscode.window.showQuickPick(
      [
        { label: `$(clippy) The stack trace on the clipboard (${lines} lines)`, id: 'clipboard' },
        { label: '$(edit) Type an address…', id: 'type' },
      ],
      { title: 'Resolve Native Address' },
    );
    if (!choice) return undefined;
    if (choice.id === 'clipboard') return clip;
  }
  return vscode.window.showInputBox({
    title: 'Resolve Native Address',
    prompt: 'Addresses (0x2811, module+0x1a4f, module!function+0x4f) separated by spaces, or one stack frame line',
    value: clip.includes('\n') ? '' : clip,
    ignoreFocusOut: true,
  });
}

function sourceDocument(arg: string | undefined): string | undefined {
  if (arg) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId === 'c' && looksLikeEbpfSource(doc.getText())) return doc.uri.toString();
  return undefined;
}

/** The C file of a result, on this machine: its own path, else a workspace file of the same name. */
async function openSource(r: AddressResolution, activeSource: string | undefined): Promise<boolean> {
  if (!r.source) return false;
  const candidates = sourceCandidates(r.source.file, activeSource ? vscode.Uri.parse(activeSource).fsPath : undefined);
  let uri = candidates.map((c) => vscode.Uri.file(c)).find((u) => fs.existsSync(u.fsPath));
  if (!uri) {
    const name = r.source.file.split(/[\\/]/).pop() ?? r.source.file;
    uri = (await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 1))[0];
  }
  if (!uri) {
    void vscode.window.showWarningMessage(`${r.source.file} is not on this machine or in the workspace.`);
    return false;
  }
  const line = Math.max(0, r.source.line - 1);
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const range = new vscode.Range(
    line,
    0,
    line,
    editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).text.length,
  );
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

export function activate(ctx: EbpfContext): void {
  const server = ebpfServer(ctx);
  ctx.push(
    vscode.commands.registerCommand(
      'ebpf.resolveNativeAddress',
      async (args?: ResolveNativeAddressArgs): Promise<ResolveNativeAddressResult | undefined> => {
        const image = args?.image ?? (await chooseImage(ctx));
        if (!image) return undefined;
        const text = args?.text ?? (await chooseText());
        if (text === undefined || text.trim() === '') return undefined;
        const source = sourceDocument(args?.source);
        const result = await server.request(resolveNativeAddress, {
          image,
          text,
          ...(args?.base !== undefined ? { base: args.base } : {}),
          ...(source ? { textDocument: { uri: source } } : {}),
        });
        ctx.output.info(`Resolve Native Address in ${image}${result.symbolizer ? ` (${result.symbolizer})` : ''}:`);
        if (result.error) {
          ctx.output.error(result.error);
          void vscode.window.showErrorMessage(`Resolve Native Address: ${result.error}`);
          return result;
        }
        if (result.warning) ctx.output.warn(result.warning);
        for (const block of result.text) for (const line of block.split('\n')) ctx.output.info(line);
        if (args) {
          const first = result.results.find((r) => r.source);
          if (first && args.open !== false) await openSource(first, source);
          return result;
        }
        const items = pickItems(result.results);
        if (items.length === 0) {
          void vscode.window.showWarningMessage('No address resolved to a source line (details in the eBPF output).');
          ctx.output.show(true);
          return result;
        }
        const picked = await vscode.window.showQuickPick(
          items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, index: i.index })),
          { title: 'Resolved native addresses: choose one to open its C line', matchOnDetail: true },
        );
        const chosen = picked ? result.results[picked.index] : undefined;
        if (chosen) await openSource(chosen, source);
        return result;
      },
    ),
  );
}
