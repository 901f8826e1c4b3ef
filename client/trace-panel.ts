// The "eBPF Trace" panel: printk lines from debug sessions (the adapter's ebpf/printk events) and,
// on request, from the running system (`ebpf trace --json`: Linux trace_pipe, Windows ETW) in a
// webview with a virtualised list (trace/webview.ts). A live trace stops when the panel's view
// is disposed or VS Code closes: the CLI is told to stop by closing its stdin, so an ETW session
// never outlives it.
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { PrintkEventName, type TraceLine } from '../common/views';
import type { EbpfContext } from './ebpf-context';
import { cliPath, spawnCli } from './maps/sources';
import { TraceBuffer } from './trace/traceBuffer';
import { traceHtml } from './trace/webviewHtml';

const VIEW = 'ebpf.trace';
const OBJECT_LIMIT = 50;

class TracePanel implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: TraceLine[] = [];
  /** The extension's copy (for tests and for a view created after lines arrived). */
  readonly buffer = new TraceBuffer(100_000);
  private live: { child: ChildProcess; label: string } | undefined;
  private status = '';

  constructor(private readonly ctx: EbpfContext) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'client');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const script = view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'trace-webview.js'));
    const nonce = Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    view.webview.html = traceHtml(script.toString(), view.webview.cspSource, nonce);
    view.webview.onDidReceiveMessage((m: { type: string; [k: string]: unknown }) => void this.onMessage(m));
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    });
  }

  private async onMessage(m: { type: string; [k: string]: unknown }): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        // Everything so far, then what queued up while the page loaded.
        const all: TraceLine[] = [];
        for (let i = 0; i < this.buffer.visibleCount; i++) all.push(this.buffer.visibleAt(i) as TraceLine);
        this.queue = [];
        if (all.length) void this.view?.webview.postMessage({ type: 'lines', lines: all });
        void this.view?.webview.postMessage({ type: 'status', text: this.status });
        break;
      }
      case 'open':
        await openCallSite(String(m.file), Number(m.line), Number(m.column ?? 1));
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(String(m.text));
        break;
      case 'save': {
        const uri = await vscode.window.showSaveDialog({ filters: { Text: ['txt', 'log'] }, saveLabel: 'Save trace' });
        if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from(String(m.text)));
        break;
      }
      case 'cleared':
        this.buffer.clear();
        break;
    }
  }

  append(lines: readonly TraceLine[]): void {
    this.buffer.append(lines);
    if (this.view && this.ready) void this.view.webview.postMessage({ type: 'lines', lines });
    else this.queue.push(...lines);
  }

  setStatus(text: string): void {
    this.status = text;
    if (this.view && this.ready) void this.view.webview.postMessage({ type: 'status', text });
  }

  clear(): void {
    this.buffer.clear();
    if (this.view && this.ready) void this.view.webview.postMessage({ type: 'clear' });
  }

  get liveLabel(): string | undefined {
    return this.live?.label;
  }

  async startLive(kind: 'linux' | 'windows'): Promise<void> {
    await this.stopLive();
    const objects = await vscode.workspace.findFiles('**/*.o', '**/{node_modules,.git,.vscode-test}/**', OBJECT_LIMIT);
    const args = [
      'trace',
      '--json',
      '--source',
      kind,
      '--stop-on-stdin-close',
      ...objects.flatMap((u) => ['--object', u.fsPath]),
    ];
    const child = spawnCli(cliPath(this.ctx.extension.extensionUri), args, 'pipe');
    const label = kind === 'linux' ? 'live: trace_pipe' : 'live: ETW';
    this.live = { child, label };
    this.setStatus(`· ${label}`);
    let rest = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      const lines: TraceLine[] = [];
      for (const p of parts) {
        if (!p.trim()) continue;
        try {
          const v = JSON.parse(p) as TraceLine & { error?: string };
          if (v.error === undefined) lines.push(v);
        } catch {
          // not a line of ours
        }
      }
      if (lines.length) this.append(lines);
    });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => {
      if (this.live?.child !== child) return;
      this.live = undefined;
      this.setStatus('');
      const message = err.replace(/^ebpf: /gm, '').trim();
      if (code !== 0 && message) void vscode.window.showErrorMessage(`eBPF trace: ${message}`);
      else if (message) this.ctx.output.warn(`trace: ${message}`);
    });
  }

  async stopLive(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    this.setStatus('');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        live.child.kill();
        resolve();
      }, 5000);
      live.child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      live.child.stdin?.end();
    });
  }
}

/** What a call-site link does: the C file at the bpf_printk line. */
export async function openCallSite(file: string, line: number, column = 1): Promise<void> {
  const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(pos, pos),
    preview: false,
  });
}

function defaultKind(): 'linux' | 'windows' {
  return process.platform === 'win32' ? 'windows' : 'linux';
}

export function activate(ctx: EbpfContext): void {
  const panel = new TracePanel(ctx);
  ctx.push(
    vscode.window.registerWebviewViewProvider(VIEW, panel, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.debug.registerDebugAdapterTrackerFactory('ebpf', {
      createDebugAdapterTracker() {
        return {
          onDidSendMessage(m: { type?: string; event?: string; body?: unknown }) {
            if (m.type === 'event' && m.event === PrintkEventName) panel.append([m.body as TraceLine]);
          },
        };
      },
    }),
    vscode.commands.registerCommand('ebpf.openTrace', () => vscode.commands.executeCommand(`${VIEW}.focus`)),
    vscode.commands.registerCommand('ebpf.trace.startLive', async (kind?: 'linux' | 'windows') => {
      await vscode.commands.executeCommand(`${VIEW}.focus`);
      await panel.startLive(kind ?? defaultKind());
    }),
    vscode.commands.registerCommand('ebpf.trace.stopLive', () => panel.stopLive()),
    vscode.commands.registerCommand('ebpf.trace.clear', () => panel.clear()),
    // Not contributed: the e2e suite reads the lines the panel holds.
    vscode.commands.registerCommand('_ebpf.trace.snapshot', () => {
      const out: TraceLine[] = [];
      for (let i = 0; i < panel.buffer.visibleCount; i++) out.push(panel.buffer.visibleAt(i) as TraceLine);
      return out;
    }),
    // Not contributed: the e2e suite follows the link of the i-th line (the webview's click does the same).
    vscode.commands.registerCommand('_ebpf.trace.openLink', async (i: number) => {
      const l = panel.buffer.visibleAt(i);
      if (!l?.callSite) throw new Error(`line ${i} has no call site`);
      await openCallSite(l.callSite.file, l.callSite.line, l.callSite.column ?? 1);
    }),
    // VS Code closing: end the live trace (and with it any ETW session).
    { dispose: () => void panel.stopLive() },
  );
}
