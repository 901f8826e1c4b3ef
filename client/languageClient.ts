// Starts the eBPF language server (dist/server/server.js) the first time an eBPF C document is
// seen, keeps it running (restart with a notification when it dies), feeds it settings, and
// gives other client features typed access to the ebpf/* protocol.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { EbpfContext } from './ebpf-context';
import type { NotificationDef, RequestDef } from '../server/protocol';
import { computeServerSettings } from './serverSettings';

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Restarts a crashed server a few times, telling the user each time; gives up on a crash loop. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  constructor(private readonly ctx: EbpfContext) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    while (this.restarts.length && now - this.restarts[0] > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      const message = `The eBPF language server stopped ${MAX_RESTARTS} times in 3 minutes and will not be restarted. See the eBPF output for details.`;
      this.ctx.output.error(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.restarts.push(now);
    this.ctx.output.warn('eBPF language server stopped; restarting');
    void vscode.window.showWarningMessage('The eBPF language server stopped unexpectedly and was restarted.');
    return { action: CloseAction.Restart, handled: true };
  }
}

export class EbpfServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  /** Subscribers per notification method: the library keeps one handler per method, so we fan out. */
  private readonly handlers = new Map<string, ((params: unknown) => void)[]>();

  constructor(private readonly ctx: EbpfContext) {}

  /** Starts the server if needed; resolves when it is ready for requests. */
  start(): Promise<LanguageClient> {
    if (!this.starting) {
      this.starting = this.create().catch((e: unknown) => {
        this.starting = undefined;
        throw e;
      });
    }
    return this.starting;
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  async request<P, R>(def: RequestDef<P, R>, params: P): Promise<R> {
    const client = await this.start();
    return client.sendRequest<R>(def.method, params);
  }

  /** Subscribe to a server notification; works before and after the server starts. */
  onNotification<P>(def: NotificationDef<P>, handler: (params: P) => void): void {
    const list = this.handlers.get(def.method);
    if (list) {
      list.push(handler as (params: unknown) => void);
      return;
    }
    this.handlers.set(def.method, [handler as (params: unknown) => void]);
    this.client?.onNotification(def.method, (params: unknown) => this.dispatch(def.method, params));
  }

  private dispatch(method: string, params: unknown): void {
    for (const h of this.handlers.get(method) ?? []) {
      try {
        h(params);
      } catch (e) {
        this.ctx.output.error(`handler of ${method} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  sendSettings(): void {
    if (!this.client || !this.running) return;
    void this.client.sendNotification('workspace/didChangeConfiguration', {
      settings: {
        ebpf: computeServerSettings(this.ctx.extension.extensionPath, this.ctx.extension.extension.packageJSON),
      },
    });
  }

  private async create(): Promise<LanguageClient> {
    const module = this.ctx.extension.asAbsolutePath('dist/server/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'c' },
        { scheme: 'untitled', language: 'c' },
      ],
      initializationOptions: computeServerSettings(
        this.ctx.extension.extensionPath,
        this.ctx.extension.extension.packageJSON,
      ),
      outputChannel: this.ctx.output,
      // `ebpf.trace.server` (off | messages | verbose) is read by the client library from the id.
      traceOutputChannel: this.ctx.output,
      errorHandler: new RestartingErrorHandler(this.ctx),
    };
    const client = new LanguageClient('ebpf', 'eBPF Language Server', serverOptions, clientOptions);
    for (const method of this.handlers.keys())
      client.onNotification(method, (params: unknown) => this.dispatch(method, params));
    this.client = client;
    await client.start();
    this.ctx.output.info(`eBPF language server started (${module})`);
    return client;
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client) await client.stop().catch(() => undefined);
  }
}

let server: EbpfServer | undefined;

/** The one server connection of this window (created on first use). */
export function ebpfServer(ctx: EbpfContext): EbpfServer {
  if (!server) {
    server = new EbpfServer(ctx);
    ctx.push(server);
  }
  return server;
}

export function activate(ctx: EbpfContext): void {
  const s = ebpfServer(ctx);
  ctx.onEbpfDocument(() => {
    s.start().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      ctx.output.error(`eBPF language server failed to start: ${message}`);
      void vscode.window.showErrorMessage(`eBPF: the language server failed to start: ${message}`);
    });
  });
  ctx.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ebpf')) s.sendSettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => s.sendSettings()),
  );
}
