// eBPF: Resolve Native Address… in a real VS Code: the load balancer's native runner is built here
// (clang, then `ebpf run --engine native`, which compiles the generated C with -g), an address in
// it is resolved by the language server against the open C file's programs, and the command opens
// the C file at the resolved line (EBPF_E2E_GREP="native address" runs only this suite).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 120_000 });
  if (r.error || r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

function findFiles(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, name));
    else if (e.name === name) out.push(p);
  }
  return out;
}

suite('native address', () => {
  test('resolves an address of the native runner and opens its C line', async function () {
    this.timeout(240_000);
    const [uri] = await vscode.workspace.findFiles('**/xdp_load_balancer.c', '**/node_modules/**', 1);
    assert.ok(uri, 'examples/xdp_load_balancer.c not found in the workspace');
    const extension = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'vscode-ebpf');
    assert.ok(extension, 'the extension under test');
    const include = path.join(extension.extensionPath, 'include');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-native-address-'));
    const object = path.join(tmp, 'xdp_load_balancer.o');
    const clang = ['clang-19', 'clang'].find((c) => !spawnSync(c, ['--version']).error);
    assert.ok(clang, 'clang is needed to build the runner');
    run(clang, ['-target', 'bpf', '-O2', '-g', '-ffreestanding', '-I', include, '-c', uri.fsPath, '-o', object]);
    // The runner lands in $XDG_CACHE_HOME/vscode-ebpf/native/<hash>/runner: a fresh cache has one.
    const cli = path.join(extension.extensionPath, 'dist', 'cli', 'ebpf.js');
    // The run's verdict does not matter here, only the runner it builds.
    const built = spawnSync(process.execPath, [cli, 'run', object, '--engine', 'native', '--packet', '00'.repeat(60)], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: tmp, ELECTRON_RUN_AS_NODE: '1' },
      timeout: 120_000,
    });
    const cache = path.join(tmp, 'vscode-ebpf', 'native');
    const [runner] = fs.existsSync(cache) ? findFiles(cache, 'runner') : [];
    assert.ok(runner, `the native runner was not built: ${built.stderr}`);

    await vscode.window.showTextDocument(uri, { preview: false });
    const result = await vscode.commands.executeCommand<{
      results: { status: string; program?: { name: string }; source?: { line: number }; instructions: unknown[] }[];
      error?: string;
    }>('ebpf.resolveNativeAddress', {
      image: runner,
      text: 'xdp_load_balancer+0x11 main',
      source: uri.toString(),
    });
    assert.ok(result, 'the command answered');
    assert.equal(result.error, undefined, result.error);
    const [first, second] = result.results;
    assert.equal(first?.status, 'resolved');
    assert.equal(first?.program?.name, 'xdp_load_balancer');
    assert.ok((first?.instructions.length ?? 0) > 0);
    assert.equal(second?.status, 'not-ebpf');
    const line = first?.source?.line ?? 0;
    assert.ok(line > 0);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, uri.fsPath);
    assert.equal(editor?.selection.start.line, line - 1);
    console.log('e2e-screenshot:native-address');
  });
});
