// The language client proper (bundled on its own to dist/client/languageClient.js and loaded by
// client/languageClient.ts when the first eBPF document appears): starts dist/server/server.js
// over IPC, restarts it a few times when it dies, and hands notifications to the facade.
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
import type { RequestType, ServerSettings } from '../../common/protocol';

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** What the eager facade needs from the loaded client; nothing of vscode-languageclient leaks out. */
export interface StartedClient {
  readonly running: boolean;
  sendRequest<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  /** Subscribe once per method; the facade fans out to its own subscribers. */
  listen(method: string): void;
  sendSettings(settings: ServerSettings): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** dist/server/server.js */
  readonly serverModule: string;
  readonly initialSettings: ServerSettings;
  readonly output: vscode.LogOutputChannel;
  /** Methods the facade already has subscribers for. */
  readonly methods: readonly string[];
  dispatch(method: string, params: unknown): void;
}

/** The shape of this bundle's exports, for the facade's `require`. */
export interface LanguageClientBundle {
  startLanguageClient(options: StartOptions): Promise<StartedClient>;
}

/** Restarts a crashed server a few times, telling the user each time; gives up on a crash loop. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    while (now - (this.restarts[0] ?? now) > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      const message = `The eBPF language server stopped ${MAX_RESTARTS} times in 3 minutes and will not be restarted. See the eBPF output for details.`;
      this.output.error(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.restarts.push(now);
    this.output.warn('eBPF language server stopped; restarting');
    void vscode.window.showWarningMessage('The eBPF language server stopped unexpectedly and was restarted.');
    return { action: CloseAction.Restart, handled: true };
  }
}

export async function startLanguageClient(options: StartOptions): Promise<StartedClient> {
  const module = options.serverModule;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'untitled', language: 'c' },
    ],
    initializationOptions: options.initialSettings,
    outputChannel: options.output,
    // `ebpf.trace.server` (off | messages | verbose) is read by the client library from the id.
    traceOutputChannel: options.output,
    errorHandler: new RestartingErrorHandler(options.output),
  };
  const client = new LanguageClient('ebpf', 'eBPF Language Server', serverOptions, clientOptions);
  const listen = (method: string) =>
    client.onNotification(method, (params: unknown) => options.dispatch(method, params));
  for (const method of options.methods) listen(method);
  await client.start();
  return {
    get running() {
      return client.state === State.Running;
    },
    // By method name: `type` was created by the eager bundle's copy of vscode-jsonrpc, and this
    // bundle's copy compares `parameterStructures` by identity ("Unknown parameter structure auto").
    sendRequest: <P, R>(type: RequestType<P, R, void>, params: P) => client.sendRequest<R>(type.method, params),
    listen,
    sendSettings: (settings) => {
      if (client.state !== State.Running) return;
      void client.sendNotification('workspace/didChangeConfiguration', { settings: { ebpf: settings } });
    },
    stop: () => client.stop(),
  };
}
