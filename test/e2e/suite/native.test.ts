// eBPF: Convert to Native in a real VS Code: the generated C opens beside the source in a
// read-only preview, and the cursor follows both ways through the line map. The last test leaves
// the preview beside the source for the screenshot (EBPF_E2E_GREP=native shows only this suite).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, defined } from '../../support/at';

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('convert to native', () => {
  test('opens the generated C beside the source; the cursor follows both ways', async () => {
    const [uri] = await vscode.workspace.findFiles('**/bind_monitor.c', '**/node_modules/**', 1);
    assert.ok(uri, 'examples/bind_monitor.c not found in the workspace');
    const source = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
      preview: false,
      viewColumn: vscode.ViewColumn.One,
    });
    const nativeUri = await vscode.commands.executeCommand<string>('ebpf.convertToNative', uri);
    const native = await waitFor('the generated C', () =>
      vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === nativeUri && e.document.getText().includes('_metadata_table'),
      ),
    );
    assert.equal(native.document.uri.scheme, 'ebpf-native');
    assert.equal(native.document.languageId, 'c');
    assert.notEqual(native.viewColumn, source.viewColumn);
    assert.match(native.document.getText(), /#line \d+ ".*bind_monitor\.c"/);
    assert.match(
      native.document.getText(),
      /runtime_context->helper_data\[\d+\]\.address\(r1, r2, r3, r4, r5, context\)/,
    );

    // Source → generated: the lines of one C statement are selected in the preview.
    const lines = source.document.getText().split('\n');
    const lookup = lines.findIndex((l) => l.includes('bpf_map_lookup_elem('));
    assert.ok(lookup > 0);
    await vscode.window.showTextDocument(source.document, {
      viewColumn: defined(source.viewColumn, 'the source column'),
      preserveFocus: false,
    });
    defined(vscode.window.activeTextEditor, 'the active editor').selection = new vscode.Selection(lookup, 2, lookup, 2);
    const picked = await waitFor('generated lines to be selected', () =>
      native.selection.isEmpty ? undefined : native.selection,
    );
    // The first selected statement is preceded by the #line of the C line the cursor is on.
    const directive = native.document.lineAt(picked.start.line - 1).text;
    assert.match(directive, new RegExp(`^#line ${lookup + 1} "`), directive);

    // Generated → source: a statement line of another C line moves the source cursor there.
    await new Promise((r) => setTimeout(r, 500));
    const text = native.document.getText().split('\n');
    const target = text.findIndex(
      (l, n) =>
        n > 0 &&
        /^#line (\d+) /.test(at(text, n - 1)) &&
        Number(/^#line (\d+)/.exec(at(text, n - 1))?.[1]) !== lookup + 1 &&
        /^ {4}r\d/.test(l),
    );
    assert.ok(target > 0);
    const expected = Number(defined(/^#line (\d+)/.exec(at(text, target - 1))?.[1], 'the #line above the target')) - 1;
    const nativeEditor = await vscode.window.showTextDocument(native.document, {
      viewColumn: defined(native.viewColumn, 'the preview column'),
      preserveFocus: false,
    });
    nativeEditor.selection = new vscode.Selection(target, 4, target, 4);
    await waitFor('the source cursor to move', () => (source.selection.active.line === expected ? true : undefined));
  });

  test('leaves the preview beside the source (screenshot)', async () => {
    const [found] = await vscode.workspace.findFiles('**/bind_monitor.c', '**/node_modules/**', 1);
    const uri = defined(found, 'examples/bind_monitor.c in the workspace');
    const source = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
      preview: false,
      viewColumn: vscode.ViewColumn.One,
    });
    await vscode.commands.executeCommand('ebpf.convertToNative', uri);
    const line = source.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('bpf_map_lookup_elem('));
    source.selection = new vscode.Selection(line, 2, line, 2);
    await new Promise((r) => setTimeout(r, 1500));
    console.log('e2e-screenshot: native-preview');
    await new Promise((r) => setTimeout(r, 500));
  });
});
