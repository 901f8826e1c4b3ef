// The map explorer and the trace panel in a real VS Code, on the examples' load balancer: during a
// debug session the Maps view shows its maps with decoded entries, editing a value there changes
// the run's result, and the Trace panel shows the printk line whose link opens the C line.
// Screenshots of both views go to test-results/ (e2e-maps.png, e2e-trace.png).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at } from '../../support/at';

type Message = { type: string; event?: string; command?: string; body?: Record<string, unknown> };
type TreeRow = { kind: string; label: string; description?: string; children: TreeRow[] };
type Line = { message: string; program?: string; callSite?: { file: string; line: number } };

const captured: Message[] = [];
let tracking = false;
function track(): void {
  if (tracking) return;
  tracking = true;
  vscode.debug.registerDebugAdapterTrackerFactory('ebpf', {
    createDebugAdapterTracker: () => ({ onDidSendMessage: (m: Message) => void captured.push(m) }),
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function screenshot(name: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 1200));
  console.log(`e2e-screenshot: ${name}`);
  await new Promise((r) => setTimeout(r, 1500));
}

async function launch(
  name: string,
): Promise<{ uri: vscode.Uri; session: vscode.DebugSession; from: number } | undefined> {
  track();
  const [uri] = await vscode.workspace.findFiles('**/xdp_load_balancer.c', '**/node_modules/**', 1);
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  if (!uri || !folder) return undefined;
  const configs =
    vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  const config = configs.find((c) => c.name === name);
  if (!config) return undefined;
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  // Earlier suites may leave a session stopped (for their screenshots): end every session first, so
  // the views and the requests below address this one only.
  await vscode.debug.stopDebugging();
  await waitFor('earlier debug sessions to end', () => (vscode.debug.activeDebugSession ? undefined : true));
  const from = captured.length;
  let session: vscode.DebugSession | undefined;
  const started = vscode.debug.onDidStartDebugSession((s) => (session ??= s));
  try {
    assert.ok(
      await vscode.debug.startDebugging(folder, { ...config, stopOnEntry: true }),
      'startDebugging returned false',
    );
    await waitFor('the stop on entry', () => captured.slice(from).find((m) => m.event === 'stopped'));
  } finally {
    started.dispose();
  }
  return { uri, session: await waitFor('the debug session', () => session), from };
}

function flatten(rows: TreeRow[], out: TreeRow[] = []): TreeRow[] {
  for (const r of rows) {
    out.push(r);
    flatten(r.children, out);
  }
  return out;
}

suite('map explorer and trace panel', () => {
  teardown(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });

  test('the Maps view shows decoded entries, and an edit there changes the next result', async function () {
    const started = await launch('Load balancer: TCP SYN to the VIP');
    if (!started) return this.skip();
    await vscode.commands.executeCommand('ebpf.showMaps');
    const rows = await waitFor('decoded services entries in the Maps view', async () => {
      const tree = flatten((await vscode.commands.executeCommand<TreeRow[]>('_ebpf.maps.snapshot')) ?? []);
      return tree.some((r) => r.kind === 'entry' && /vip=10\.0\.0\.\d+/.test(r.label)) ? tree : undefined;
    });
    const labels = rows.filter((r) => r.kind === 'map').map((r) => r.label);
    for (const m of ['services', 'backends', 'stats']) assert.ok(labels.includes(m), labels.join(', '));
    const tcp = rows.find((r) => r.kind === 'entry' && /proto=6/.test(r.label));
    assert.ok(tcp, 'the TCP service entry');
    assert.match(tcp.description ?? '', /backend_first=0, backend_count=2/);
    const vip = rows.find((r) => r.kind === 'field' && r.label === 'vip');
    assert.match(vip?.description ?? '', /^10\.0\.0\.\d+ \(\d+\) · raw 0a0000/);
    const mac = rows.find((r) => r.kind === 'field' && r.label === 'mac');
    assert.match(mac?.description ?? '', /^([0-9a-f]{2}:){5}[0-9a-f]{2} · raw /);
    await vscode.commands.executeCommand('_ebpf.maps.reveal');
    await screenshot('maps');

    // backend_count = 0 through the view: the service has no backend, so the frame is dropped.
    await vscode.commands.executeCommand('_ebpf.maps.editField', 'services', 'proto=6', 'backend_count', '0');
    const after = flatten((await vscode.commands.executeCommand<TreeRow[]>('_ebpf.maps.snapshot')) ?? []);
    assert.match(
      after.find((r) => r.kind === 'entry' && /proto=6/.test(r.label))?.description ?? '',
      /backend_count=0/,
    );
    const from = captured.length;
    await started.session.customRequest('continue', { threadId: 1 });
    const out = await waitFor('the run result', () =>
      captured.slice(from).find((m) => m.event === 'output' && /returned XDP_/.test(String(m.body?.output))),
    );
    assert.match(String(out.body?.output), /returned XDP_DROP \(2\)/);
  });

  test('the Trace panel shows the printk line, and its link opens the C line', async function () {
    const started = await launch('Load balancer: packet to a non-service address (printk)');
    if (!started) return this.skip();
    await vscode.commands.executeCommand('ebpf.trace.clear');
    await vscode.commands.executeCommand('ebpf.openTrace');
    await started.session.customRequest('continue', { threadId: 1 });
    const lines = await waitFor('the printk line in the Trace panel', async () => {
      const l = (await vscode.commands.executeCommand<Line[]>('_ebpf.trace.snapshot')) ?? [];
      return l.length > 0 ? l : undefined;
    });
    assert.match(at(lines, 0).message, /^lb: no service for /);
    assert.ok(at(lines, 0).program);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(started.uri));
    const printkLine = text.split('\n').findIndex((l) => l.includes('bpf_printk("lb: no service')) + 1;
    assert.equal(at(lines, 0).callSite?.line, printkLine);
    await vscode.commands.executeCommand('_ebpf.trace.openLink', 0);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, started.uri.fsPath);
    assert.equal((editor?.selection.active.line ?? -1) + 1, printkLine);
    await vscode.commands.executeCommand('ebpf.openTrace');
    await screenshot('trace');
  });
});
