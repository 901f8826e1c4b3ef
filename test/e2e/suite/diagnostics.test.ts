// The language server in a real VS Code: the verifier's squiggle on the unsafe example's NULL
// dereference, its hover, the quick fix that removes it, and the eBPF commands. Runs inside the
// extension host (see ../index.ts); the workspace is examples/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { at, defined } from '../../support/at';

/** pids of language-server processes this extension host started (Linux /proc). */
function languageServerPids(): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes('dist/server/server.js')) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openUnsafeExample(): Promise<vscode.TextEditor> {
  const [uri] = await vscode.workspace.findFiles('**/unsafe.c', '**/node_modules/**', 1);
  assert.ok(uri, 'examples/unsafe.c not found in the workspace');
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

function nullDerefOf(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages
    .getDiagnostics(uri)
    .find(
      (d) =>
        d.source === 'ebpf-verifier' && (typeof d.code === 'object' ? d.code.value : d.code) === 'null-dereference',
    );
}

suite('language server in VS Code', () => {
  test('the unsafe example gets a verifier squiggle on the NULL-dereference line', async () => {
    const editor = await openUnsafeExample();
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('*count += 1'));
    const diag = await waitFor('the null-dereference diagnostic', () => nullDerefOf(editor.document.uri));
    assert.equal(diag.range.start.line, line);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(
      diag.relatedInformation?.some((r) =>
        editor.document.lineAt(r.location.range.start.line).text.includes('bpf_map_lookup_elem'),
      ),
    );
  });

  test('hover shows the helper prototype and the verifier state', async () => {
    const editor = await openUnsafeExample();
    const lines = editor.document.getText().split('\n');
    const l = lines.findIndex((x) => x.includes('bpf_map_lookup_elem('));
    const position = new vscode.Position(l, at(lines, l).indexOf('bpf_map_lookup_elem') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      position,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /bpf_map_lookup_elem/);
    const deref = new vscode.Position(
      lines.findIndex((x) => x.includes('*count += 1')),
      0,
    );
    const state = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      deref,
    );
    assert.match(
      state.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'),
      /verifier state/,
    );
  });

  test('the quick fix inserts a NULL check and the squiggle goes away', async () => {
    const editor = await openUnsafeExample();
    const diag = await waitFor('the null-dereference diagnostic', () => nullDerefOf(editor.document.uri));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Insert a NULL check'));
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((a) => a.title).join('; ')}`);
    // Applied as the light bulb applies it (the editor's code action command): the buffer changes,
    // and the file is still unsaved well after (examples/.vscode/settings.json turns off the web
    // build's default auto save; VS Code auto-saves refactorings only when they span several files).
    editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
    await vscode.commands.executeCommand('editor.action.codeAction', {
      kind: vscode.CodeActionKind.QuickFix.value,
      apply: 'first',
      preferred: true,
    });
    await waitFor('the quick fix to apply', () =>
      /if \(!count\) return XDP_PASS;/.test(editor.document.getText()) ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(editor.document.isDirty, 'the file was saved after the quick fix');
    await waitFor('the squiggle to disappear', () => (nullDerefOf(editor.document.uri) ? undefined : true));
    // Leave the example as it is on disk.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the squiggle to come back after revert', () => nullDerefOf(editor.document.uri));
  });

  test('eBPF: Verify, Show Disassembly and Select Target Platform work', async () => {
    const editor = await openUnsafeExample();
    const report = await vscode.commands.executeCommand<string>('ebpf.verify', editor.document.uri);
    assert.match(report, /null-dereference/);
    const disasm = await vscode.commands.executeCommand<string>(
      'ebpf.showDisassembly',
      editor.document.uri,
      'missing_null_check',
    );
    const doc = await waitFor('the disassembly document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === disasm && d.getText().includes('exit')),
    );
    assert.equal(doc.languageId, 'ebpf-asm');
    assert.match(doc.getText(), /; bpf_map_lookup_elem/);
    await vscode.commands.executeCommand('ebpf.selectPlatform', 'auto');
  });

  test('the disassembly follows the C cursor', async () => {
    const editor = await openUnsafeExample();
    const disasm = await vscode.commands.executeCommand<string>('ebpf.showDisassembly', editor.document.uri);
    const asmEditor = await waitFor('the disassembly editor', () =>
      vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === disasm && e.document.getText().includes('exit'),
      ),
    );
    await vscode.window.showTextDocument(editor.document, {
      viewColumn: defined(editor.viewColumn, 'the source column'),
      preserveFocus: false,
    });
    const derefLine = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('*count += 1'));
    const c = defined(vscode.window.activeTextEditor, 'the active editor');
    c.selection = new vscode.Selection(derefLine, 4, derefLine, 4);
    const picked = await waitFor('the matching instructions to be selected', () => {
      const sel = asmEditor.selection;
      return sel.isEmpty ? undefined : sel;
    });
    // The selected block is that C line's `; unsafe.c:<line>:` comment and its instructions.
    assert.match(
      asmEditor.document.lineAt(picked.start.line).text,
      new RegExp(`^; unsafe\\.c:${derefLine + 1}: \\*count \\+= 1;`),
    );
    assert.ok(picked.end.line > picked.start.line);
    assert.match(asmEditor.document.lineAt(picked.start.line + 1).text, /^\s*\d+:\t/);
  });

  test('clicking an instruction in the disassembly reveals its C line', async () => {
    const editor = await openUnsafeExample();
    const disasm = await vscode.commands.executeCommand<string>('ebpf.showDisassembly', editor.document.uri);
    const asmEditor = await waitFor('the disassembly editor', () =>
      vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === disasm && e.document.getText().includes('exit'),
      ),
    );
    const c = await vscode.window.showTextDocument(editor.document, {
      ...(editor.viewColumn !== undefined && { viewColumn: editor.viewColumn }),
      preserveFocus: false,
    });
    c.selection = new vscode.Selection(0, 0, 0, 0);
    const derefLine = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('*count += 1'));
    const asmLines = asmEditor.document.getText().split('\n');
    const comment = asmLines.findIndex((l) => l.startsWith(`; unsafe.c:${derefLine + 1}: `));
    assert.ok(comment >= 0, 'the C line is interleaved in the disassembly');
    const instruction = asmLines.findIndex((l, i) => i > comment && /^\s*\d+:\t/.test(l));
    await new Promise((r) => setTimeout(r, 500));
    // A click puts the cursor on the instruction line.
    asmEditor.selection = new vscode.Selection(instruction, 2, instruction, 2);
    const revealed = await waitFor('the C line to be selected', () =>
      c.selection.start.line === derefLine ? c.selection : undefined,
    );
    assert.match(c.document.getText(revealed), /^\*count \+= 1;/);
  });

  test('the status bar shows the detected platform, the clang and the headers, and why', async () => {
    await openUnsafeExample();
    const shown = await waitFor('the platform status item', async () => {
      const s = await vscode.commands.executeCommand<{ text: string; tooltip: string; visible: boolean }>(
        '_ebpf.statusBar.snapshot',
      );
      return s.visible && s.tooltip.includes('clang:') ? s : undefined;
    });
    assert.match(shown.text, /eBPF: Windows/);
    assert.match(shown.tooltip, /detected: .*(ebpf_for_windows|Windows header)/);
    // Which clang and which eBPF for Windows headers compiled it, and why those.
    assert.match(shown.tooltip, /clang: \S*clang\S* \(.+\)/);
    assert.match(shown.tooltip, /headers: \S*include \(the extension's bundled headers\)/);
  });

  test('code lenses show the verdict and offer Debug and Run on the load balancer; Run runs it', async () => {
    const [uri] = await vscode.workspace.findFiles('**/xdp_load_balancer.c', '**/node_modules/**', 1);
    const [packet] = await vscode.workspace.findFiles('**/packets/lb-tcp-syn.hex', '**/node_modules/**', 1);
    assert.ok(uri && packet, 'examples/xdp_load_balancer.c and packets/lb-tcp-syn.hex expected');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      // The language server's four lenses and the client's Convert to native.
      return l && l.length >= 5 ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.match(at(titles, 0), /^xdp · \d+ instructions · ✓ verified$/);
    assert.deepEqual(titles.slice(1, 4), ['Debug', 'Run on packet...', 'Show disassembly']);
    assert.ok(titles.includes('Convert to native'), `lenses: ${titles.join(', ')}`);
    const run = defined(at(lenses, 2).command, 'the Run lens command');
    const ended = new Promise<void>((resolve) => {
      const d = vscode.debug.onDidTerminateDebugSession((session) => {
        if (session.name !== 'Run xdp_load_balancer') return;
        d.dispose();
        resolve();
      });
    });
    const started = await vscode.commands.executeCommand<boolean>(
      run.command,
      ...((run.arguments ?? []) as unknown[]),
      {
        packet: packet.fsPath,
      },
    );
    assert.equal(started, true);
    await Promise.race([
      ended,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end')), 20_000)),
    ]);
  });

  test('a language server that dies is restarted and diagnostics come back', async function () {
    if (process.platform !== 'linux') return this.skip();
    const editor = await openUnsafeExample();
    await waitFor('the null-dereference diagnostic', () => nullDerefOf(editor.document.uri));
    const [pid] = languageServerPids();
    assert.ok(pid, 'no language server child process found');
    process.kill(pid, 'SIGKILL');
    const next = await waitFor('a new language server process', () => languageServerPids().find((p) => p !== pid));
    assert.notEqual(next, pid);
    const report = await waitFor('the restarted server to answer', async () => {
      const r = await Promise.resolve(vscode.commands.executeCommand<string>('ebpf.verify', editor.document.uri)).catch(
        () => undefined,
      );
      return r && /null-dereference/.test(r) ? r : undefined;
    });
    assert.match(report, /missing_null_check/);
    await waitFor('the diagnostic after the restart', () => nullDerefOf(editor.document.uri));
  });

  test('leaves the squiggle and its hover visible (for the screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openUnsafeExample();
    const diag = await waitFor('the null-dereference diagnostic', () => nullDerefOf(editor.document.uri));
    editor.selection = new vscode.Selection(diag.range.start.translate(0, 5), diag.range.start.translate(0, 5));
    editor.revealRange(diag.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('notifications.clearAll');
    // Let the quick-fix lookup the hover shows finish before the picture.
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', editor.document.uri, diag.range);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((r) => setTimeout(r, 1000));
  });
});
