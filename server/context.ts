// What every server feature module receives. Features register their handlers from
// `register(ctx)`; none of them reaches for globals.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from './analysis';
import type { AnalysisScheduler } from './scheduler';
import type { EffectiveSettings } from './settings';
import type { NotificationType, RequestType } from '../common/protocol';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly scheduler: AnalysisScheduler;
  readonly engine: Engine;
  settings(): EffectiveSettings;
  /** Whether the open document holds eBPF programs (features stay silent on other C files). */
  isEbpfDocument(uri: string): boolean;
  /** Base URL of docs/verifier-codes.md for codeDescription links, when known. */
  docsUrl(): string | undefined;
}

/** Typed registration of an `ebpf/...` request declared in common/protocol.ts. */
export function onRequest<P, R>(
  ctx: ServerContext,
  type: RequestType<P, R, void>,
  handler: (params: P) => Promise<R> | R,
): void {
  ctx.connection.onRequest(type, (params: P) => handler(params));
}

export function sendNotification<P>(ctx: ServerContext, type: NotificationType<P>, params: P): void {
  void ctx.connection.sendNotification(type, params);
}
