// The debugger in a real VS Code: F5 (vscode.debug.startDebugging) on the examples' XDP load
// balancer with its launch.json configuration stops at a C-line breakpoint, the Variables view's
// scopes hold the C locals (ip and its daddr) and the decoded packet, a watch of ip->daddr
// evaluates, the run pauses at its exit, and the session ends with the program's verdict in the Debug Console.
// The last test leaves the session stopped with the Run and Debug view open for the screenshot.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { at, defined } from '../../support/at';

type Message = { type: string; event?: string; command?: string; body?: Record<string, unknown> };

const captured: Message[] = [];
let trackerRegistered = false;

function track(): void {
  if (trackerRegistered) return;
  trackerRegistered = true;
  vscode.debug.registerDebugAdapterTrackerFactory('ebpf', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: Message) => void captured.push(m),
      // Requests too: the hover's evaluate (context "hover") comes from VS Code, not from a test.
      onWillReceiveMessage: (m: Message) => void captured.push(m),
    }),
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}; adapter said: ${captured
          .filter((m) => m.type === 'event')
          .map((m) => `${m.event} ${JSON.stringify(m.body ?? {}).slice(0, 200)}`)
          .join(' | ')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(what: string, promise: Thenable<T>, ms = 20_000): Promise<T> {
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)),
  ]);
}

function isHover(m: Message): boolean {
  return (m as { arguments?: { context?: string } }).arguments?.context === 'hover';
}

async function loadBalancer(): Promise<
  { folder: vscode.WorkspaceFolder; uri: vscode.Uri; config: vscode.DebugConfiguration } | undefined
> {
  const [uri] = await vscode.workspace.findFiles('**/xdp_load_balancer.c', '**/node_modules/**', 1);
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  if (!uri || !folder) return undefined;
  const configs =
    vscode.workspace.getConfiguration('launch', folder).get<vscode.DebugConfiguration[]>('configurations') ?? [];
  const config = configs.find((c) => c.name === 'Load balancer: TCP SYN to the VIP');
  return config ? { folder, uri, config } : undefined;
}

async function stopAtBreakpoint(
  ctx: Mocha.Context,
  lineText = 'if (ip->ihl != 5)',
): Promise<{ session: vscode.DebugSession; line: number }> {
  track();
  const found = await loadBalancer();
  if (!found) {
    ctx.skip(); // the workspace is not examples/ (no load balancer or no launch.json)
  }
  const { folder, uri, config } = found;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const line = text.split('\n').findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0);
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line, 0)))]);
  await vscode.window.showTextDocument(uri, { preview: false });
  const before = captured.length;
  const started = await vscode.debug.startDebugging(folder, { ...config, stopOnEntry: false });
  assert.ok(started, 'startDebugging returned false');
  await waitFor('a stop at the breakpoint', () => {
    const failed = captured
      .slice(before)
      .find((m) => m.type === 'response' && m.command === 'launch' && (m as { success?: boolean }).success === false);
    if (failed) throw new Error(`launch failed: ${JSON.stringify(failed)}`);
    return captured.slice(before).find((m) => m.event === 'stopped' && m.body?.reason === 'breakpoint');
  });
  const session = await waitFor('the active debug session', () => vscode.debug.activeDebugSession);
  assert.equal(session.type, 'ebpf');
  return { session, line: line + 1 };
}

suite('debugger', () => {
  // A failed test must not leave its session paused for the next one.
  teardown(async () => {
    for (let i = 0; i < 5 && vscode.debug.activeDebugSession; i++) {
      await vscode.debug.stopDebugging(vscode.debug.activeDebugSession);
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  test('F5 on the load balancer stops at a C-line breakpoint with the packet decoded', async function () {
    const { session, line } = await stopAtBreakpoint(this);
    const st = (await session.customRequest('stackTrace', { threadId: 1 })) as {
      stackFrames: { id: number; line: number; name: string }[];
    };
    assert.equal(at(st.stackFrames, 0).name, 'xdp_load_balancer');
    assert.equal(at(st.stackFrames, 0).line, line);
    const scopes = (await session.customRequest('scopes', { frameId: at(st.stackFrames, 0).id })) as {
      scopes: { name: string; variablesReference: number }[];
    };
    assert.deepEqual(
      scopes.scopes.map((s) => s.name),
      ['Locals', 'Registers', 'Stack', 'Context', 'Packet', 'Maps'],
    );
    // C locals from DWARF: ip points into the packet, its daddr reads as an address.
    type Vars = { variables: { name: string; value: string; variablesReference: number }[] };
    const locals = defined(
      scopes.scopes.find((s) => s.name === 'Locals'),
      'the Locals scope',
    );
    const localVars = (await session.customRequest('variables', {
      variablesReference: locals.variablesReference,
    })) as Vars;
    const ip = localVars.variables.find((v) => v.name === 'ip');
    assert.ok(ip, `Locals: ${localVars.variables.map((v) => v.name).join(', ')}`);
    const header = (await session.customRequest('variables', { variablesReference: ip.variablesReference })) as Vars;
    assert.equal(header.variables.find((v) => v.name === 'daddr')?.value, '10.0.0.100 (0x6400000a)');
    // A watch in C.
    const watch = (await session.customRequest('evaluate', {
      expression: 'ip->daddr',
      frameId: at(st.stackFrames, 0).id,
      context: 'watch',
    })) as { result: string };
    assert.equal(watch.result, '10.0.0.100 (0x6400000a)');
    const packet = defined(
      scopes.scopes.find((s) => s.name === 'Packet'),
      'the Packet scope',
    );
    const vars = (await session.customRequest('variables', { variablesReference: packet.variablesReference })) as {
      variables: { name: string; value: string }[];
    };
    assert.equal(vars.variables.find((v) => v.name === 'IPv4')?.value, '192.168.1.10 → 10.0.0.100, TCP');
    // The run pauses at its exit (ebpf.debug.stopOnExit, on by default), then the session ends.
    let before = captured.length;
    await session.customRequest('continue', { threadId: 1 });
    await waitFor('a stop at the exit', () =>
      captured.slice(before).find((m) => m.event === 'stopped' && m.body?.reason === 'exit'),
    );
    before = captured.length;
    await session.customRequest('continue', { threadId: 1 });
    await waitFor('the end of the session', () => captured.slice(before).find((m) => m.event === 'terminated'));
    const output = captured
      .filter((m) => m.event === 'output')
      .map((m) => (typeof m.body?.output === 'string' ? m.body.output : ''))
      .join('');
    assert.match(output, /returned XDP_TX \(3\)/);
  });

  test('hovering `svc` while paused shows its value (the debug hover evaluates it)', async function () {
    const { session, line } = await stopAtBreakpoint(this, '__u32 count = svc->backend_count;');
    const editor = await waitFor('the load balancer editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.fileName.endsWith('xdp_load_balancer.c')),
    );
    const column = editor.document.lineAt(line - 1).text.indexOf('svc->') + 1;
    const before = captured.length;
    const shown = await vscode.window.showTextDocument(editor.document, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    // The stop puts the cursor on the frame's column (`backend_count`) once VS Code reveals it: wait.
    await new Promise((r) => setTimeout(r, 1500));
    const hoverRequest = (): Message | undefined =>
      captured.slice(before).find((m) => m.type === 'request' && m.command === 'evaluate' && isHover(m));
    // The debug hover at the cursor (what a mouse hover does): VS Code asks the client's
    // EvaluatableExpressionProvider for the expression there and evaluates it with context "hover".
    for (let i = 0; i < 5 && !hoverRequest(); i++) {
      shown.selection = new vscode.Selection(line - 1, column, line - 1, column);
      await vscode.commands.executeCommand('editor.debug.action.showDebugHover');
      await new Promise((r) => setTimeout(r, 1500));
    }
    const request = await waitFor('the hover evaluate request', hoverRequest, 5000);
    const seq = (request as { seq?: number }).seq;
    const response = await waitFor('the hover evaluate response', () =>
      captured
        .slice(before)
        .find(
          (m) =>
            m.type === 'response' && m.command === 'evaluate' && (m as { request_seq?: number }).request_seq === seq,
        ),
    );
    assert.equal((request as { arguments?: { expression?: string } }).arguments?.expression, 'svc');
    // A pointer into the services map's value: where it points and its address.
    assert.match(String(response.body?.result), /(^|\()0x[0-9a-f]+\)?$/, JSON.stringify(response.body));
    const svc = (await session.customRequest('evaluate', { expression: 'svc->backend_count', context: 'hover' })) as {
      result: string;
    };
    assert.match(svc.result, /^\d+/);
    await new Promise((r) => setTimeout(r, 1500));
    // The runner saves test-results/e2e-debugger-hover.png with the hover showing.
    console.log('e2e-screenshot:debugger-hover');
    await new Promise((r) => setTimeout(r, 2500));
    await vscode.debug.stopDebugging(session);
  });

  test('the Run lens takes the matching launch.json configuration (packet and maps)', async function () {
    track();
    const found = await loadBalancer();
    if (!found) this.skip();
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const d = vscode.debug.onDidStartDebugSession((s) => {
        d.dispose();
        resolve(s);
      });
    });
    const ok = await vscode.commands.executeCommand<boolean>(
      'ebpf.runOnPacket',
      found.uri.toString(),
      'xdp_load_balancer',
      'xdp',
    );
    assert.equal(ok, true);
    const session = await started;
    assert.equal(session.configuration.packet, found.config.packet);
    assert.deepEqual(session.configuration.maps, found.config.maps);
    assert.equal(session.configuration.noDebug, true);
  });

  test('an untitled program runs from the lens without a Save As', async function () {
    track();
    const found = await loadBalancer();
    if (!found) this.skip();
    const [packet] = await vscode.workspace.findFiles('**/packets/lb-tcp-syn.hex', '**/node_modules/**', 1);
    assert.ok(packet);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(found.uri));
    const doc = await vscode.workspace.openTextDocument({ language: 'c', content: text });
    await vscode.window.showTextDocument(doc);
    const before = captured.length;
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const d = vscode.debug.onDidStartDebugSession((s) => {
        d.dispose();
        resolve(s);
      });
    });
    const ok = await within(
      'ebpf.runOnPacket on the untitled buffer',
      vscode.commands.executeCommand<boolean>('ebpf.runOnPacket', doc.uri.toString(), 'xdp_load_balancer', 'xdp', {
        packet: packet.fsPath,
      }),
    );
    assert.equal(ok, true);
    const session = await within('the session start', started);
    assert.match(String(session.configuration.program), /ebpf-untitled-[^/\\]+[/\\]Untitled-\d+\.c$/);
    await waitFor('the run to finish', () =>
      captured.slice(before).find((m) => m.event === 'output' && /returned XDP_/.test(String(m.body?.output))),
    );
    assert.equal(doc.isUntitled, true, 'the buffer was saved');
  });

  test('a program without a launch.json entry is offered one, created with the chosen packet', async function () {
    track();
    const found = await loadBalancer();
    if (!found) this.skip();
    const [unsafe] = await vscode.workspace.findFiles('**/unsafe.c', '**/node_modules/**', 1);
    assert.ok(unsafe);
    await vscode.window.showTextDocument(unsafe, { preview: false });
    const launch = vscode.workspace.getConfiguration('launch', found.folder);
    const original = launch.get<vscode.DebugConfiguration[]>('configurations') ?? [];
    const run = vscode.commands.executeCommand<boolean>(
      'ebpf.runOnPacket',
      unsafe.toString(),
      'read_past_end',
      'xdp/read_past_end',
    );
    // First pick: "Create a launch.json configuration for read_past_end" (the first item); second:
    // the first packet file. Accept whatever quick pick is open until the entry exists.
    const entry = (): vscode.DebugConfiguration | undefined =>
      (
        vscode.workspace.getConfiguration('launch', found.folder).get<vscode.DebugConfiguration[]>('configurations') ??
        []
      ).find((c) => c.function === 'read_past_end');
    for (let i = 0; i < 30 && !entry(); i++) {
      await new Promise((r) => setTimeout(r, 700));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const created = await waitFor('the new launch.json entry', entry, 5000);
    // The run itself stops at the verifier's refusal of read_past_end (a dialog tests may not show).
    await within(
      'the run after creating the entry',
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    assert.equal(created.program, '${workspaceFolder}/unsafe.c');
    assert.equal(created.section, 'xdp/read_past_end');
    assert.ok(typeof created.packet === 'string' || typeof created.pcap === 'string', JSON.stringify(created));
    await launch.update('configurations', original, vscode.ConfigurationTarget.WorkspaceFolder);
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging(vscode.debug.activeDebugSession);
  });

  test('leaves a session stopped at the breakpoint with the Run and Debug view open (screenshot)', async function () {
    await stopAtBreakpoint(this);
    await vscode.commands.executeCommand('workbench.view.debug');
    await vscode.commands.executeCommand('workbench.debug.action.focusVariablesView');
    await vscode.commands.executeCommand('notifications.clearAll');
    // Give the Variables view time to fetch and render the scopes before the screenshot.
    await new Promise((r) => setTimeout(r, 2000));
    // Expand `ip` in Locals (rows: Locals, ctx, data, data_end, eth, ip) to show its header.
    await vscode.commands.executeCommand('list.focusFirst');
    for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('list.focusDown');
    await vscode.commands.executeCommand('list.expand');
    await new Promise((r) => setTimeout(r, 1500));
    // The runner (scripts/e2e.mjs, code-server) saves test-results/e2e-debugger-locals.png.
    console.log('e2e-screenshot:debugger-locals');
    await new Promise((r) => setTimeout(r, 2500));
  });
});
