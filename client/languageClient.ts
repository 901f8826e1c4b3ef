// The eager face of the language client: other features hold an EbpfServer and send typed ebpf/*
// requests through it. The client library itself (vscode-languageclient, ~800 KB) is bundled
// apart (client/lazy/languageClient.ts) and loaded the first time an eBPF document appears or a
// request is made, so a window with ordinary C files never reads it.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import type { NotificationType, RequestType } from '../common/protocol';
import { computeServerSettings } from './serverSettings';
import { loadBundle } from './lazy/load';
import type { LanguageClientBundle, StartedClient } from './lazy/languageClient';

export class EbpfServer implements vscode.Disposable {
  private client: StartedClient | undefined;
  private starting: Promise<StartedClient> | undefined;
  /** Subscribers per notification method: the library keeps one handler per method, so we fan out. */
  private readonly handlers = new Map<string, ((params: unknown) => void)[]>();

  constructor(private readonly ctx: EbpfContext) {}

  /** Starts the server if needed; resolves when it is ready for requests. */
  start(): Promise<StartedClient> {
    if (!this.starting) {
      this.starting = this.create().catch((e: unknown) => {
        this.starting = undefined;
        throw e;
      });
    }
    return this.starting;
  }

  get running(): boolean {
    return this.client?.running ?? false;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    const client = await this.start();
    return client.sendRequest(type, params);
  }

  /** Subscribe to a server notification; works before and after the server starts. */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): void {
    const list = this.handlers.get(type.method);
    if (list) {
      list.push(handler as (params: unknown) => void);
      return;
    }
    this.handlers.set(type.method, [handler as (params: unknown) => void]);
    this.client?.listen(type.method);
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
    this.client?.sendSettings(this.settings());
  }

  private settings() {
    return computeServerSettings(this.ctx.extension.extensionPath, this.ctx.extension.extension.packageJSON);
  }

  private async create(): Promise<StartedClient> {
    const bundle = loadBundle<LanguageClientBundle>(this.ctx.extension.extensionPath, 'client/languageClient.js');
    const serverModule = this.ctx.extension.asAbsolutePath('dist/server/server.js');
    const client = await bundle.startLanguageClient({
      serverModule,
      initialSettings: this.settings(),
      output: this.ctx.output,
      methods: [...this.handlers.keys()],
      dispatch: (method, params) => this.dispatch(method, params),
    });
    this.client = client;
    this.ctx.output.info(`eBPF language server started (${serverModule})`);
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
