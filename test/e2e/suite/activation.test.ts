// The extension in a real VS Code: it activates on an eBPF C file, contributes its languages and
// commands, and its commands do what they say. Runs inside the extension host (see ../index.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defined } from '../../support/at';

const EXTENSION_ID = 'vscode-ebpf.vscode-ebpf';

/** The first workspace C file that holds an eBPF program (examples/ or test/e2e/workspace/). */
async function findEbpfSource(): Promise<vscode.Uri> {
  const files = await vscode.workspace.findFiles('**/*.c', '**/node_modules/**', 100);
  for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (/\bSEC\s*\("xdp"\)/.test(text)) return uri;
  }
  throw new Error(
    `no XDP program among ${files.length} C files in ${vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath).join(', ')}`,
  );
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('extension activation', () => {
  test('is installed from the development path', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.equal((ext.packageJSON as { main?: string }).main, './dist/client/extension.js');
  });

  test('activates when an eBPF C file is opened', async () => {
    const uri = await findEbpfSource();
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'c');
    await vscode.window.showTextDocument(doc, { preview: false });
    const ext = defined(vscode.extensions.getExtension(EXTENSION_ID), `the extension ${EXTENSION_ID}`);
    await waitFor('extension activation', () => ext.isActive || undefined);
  });

  test('contributes the eBPF languages', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('ebpf-asm'), 'ebpf-asm missing');
    assert.ok(languages.includes('ebpf-verifier-log'), 'ebpf-verifier-log missing');
    // File extensions map to the languages (real files, as a user would open them).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-e2e-'));
    const cases: [string, string, string][] = [
      ['prog.ebpf', '0: r0 = 0\n1: exit\n', 'ebpf-asm'],
      ['prog.bpf.s', '\tr0 = 0\n\texit\n', 'ebpf-asm'],
      ['xdp.verifier.log', 'PASS: xdp\n', 'ebpf-verifier-log'],
    ];
    for (const [name, content, language] of cases) {
      fs.writeFileSync(path.join(dir, name), content);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, name)));
      assert.equal(doc.languageId, language, name);
    }
  });

  test('registers every command it contributes', async () => {
    const ext = defined(vscode.extensions.getExtension(EXTENSION_ID), `the extension ${EXTENSION_ID}`);
    await ext.activate();
    const contributed = (
      ext.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 3, `only ${contributed.length} commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});

suite('commands', () => {
  test('eBPF: New Program fills an untitled C file from the snippet', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('ebpf.newProgram', 'XDP program (Linux)');
    assert.ok(uri, 'no document returned');
    const doc = await waitFor('snippet text', () => {
      const d = vscode.workspace.textDocuments.find((t) => t.uri.toString() === uri.toString());
      return d && d.getText().includes('SEC("xdp")') ? d : undefined;
    });
    assert.equal(doc.languageId, 'c');
    assert.match(doc.getText(), /int xdp_prog\(struct xdp_md \*ctx\)/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('eBPF: New Program rejects an unknown template name', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('ebpf.newProgram', 'no such template')),
      /no program template named/,
    );
  });

  test('eBPF: Show Output and Refresh Programs run', async () => {
    await vscode.commands.executeCommand('ebpf.showOutput');
    await vscode.commands.executeCommand('ebpf.refreshPrograms');
  });

  test('the Programs view lists the workspace programs with their sections', async () => {
    const snapshot =
      await vscode.commands.executeCommand<{ file: string; sections: string[] }[]>('_ebpf.programs.snapshot');
    const expected = await findEbpfSource();
    const entry = snapshot.find((f) => f.file === vscode.workspace.asRelativePath(expected));
    assert.ok(entry, `${expected.fsPath} missing from ${JSON.stringify(snapshot)}`);
    assert.ok(entry.sections.includes('xdp'), JSON.stringify(entry));
    assert.ok(!entry.sections.includes('.maps'), 'map sections are not programs');
  });

  test('leaves the workbench showing the program and the eBPF view (for the screenshot)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.view.extension.ebpf');
    const doc = await vscode.workspace.openTextDocument(await findEbpfSource());
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
