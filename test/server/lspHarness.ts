// A minimal LSP client for testing the bundled language server over stdio.
// The server is bundled from server/server.ts with esbuild (the same options as scripts/build.mjs)
// into a temp dir, unless EBPF_SERVER_JS points at an already built dist/server/server.js.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { DidAnalyzeParams, RequestType, ServerSettings } from '../../common/protocol';

export const repoRoot = path.resolve(__dirname, '..', '..');

let bundled: string | undefined;
export async function serverBundle(): Promise<string> {
  if (process.env.EBPF_SERVER_JS) return process.env.EBPF_SERVER_JS;
  if (bundled) return bundled;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ls-bundle-')), 'server.js');
  // The verification thread's bundle goes beside the server's, as scripts/build.mjs puts it.
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['server/verifyThread.ts'],
    outfile: path.join(path.dirname(out), 'verifyThread.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['server/server.ts'],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'error',
  });
  bundled = out;
  return out;
}

export interface Published extends PublishDiagnosticsParams {
  readonly at: number;
}

export class LspSession {
  readonly published: Published[] = [];
  readonly analyzed: (DidAnalyzeParams & { at: number })[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly stderr: string[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {}

  static async start(settings: ServerSettings, rootDir = repoRoot): Promise<LspSession> {
    const proc = spawn(process.execPath, [await serverBundle(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const s = new LspSession(proc, conn);
    proc.stderr.on('data', (d: Buffer) => s.stderr.push(d.toString()));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      s.published.push({ ...p, at: Date.now() });
      s.wake();
    });
    conn.onNotification('ebpf/didAnalyze', (p: DidAnalyzeParams) => {
      s.analyzed.push({ ...p, at: Date.now() });
      s.wake();
    });
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      s.messages.push(p);
      s.wake();
    });
    // vscode-languageserver sends showErrorMessage as a request (it may carry actions).
    conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      s.messages.push(p);
      s.wake();
      return null;
    });
    conn.onNotification('window/logMessage', () => undefined);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).toString(),
      workspaceFolders: [{ uri: pathToFileURL(rootDir).toString(), name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
      initializationOptions: settings,
    });
    await conn.sendNotification('initialized', {});
    return s;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `predicate` holds (checked after each notification), or rejects after ms. */
  waitFor<T>(what: string, predicate: () => T | undefined, ms = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('').slice(-2000)}`)),
        ms,
      );
      const check = () => {
        const v = predicate();
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** The diagnostics published for exactly this uri and version. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri} v${version}`, () => {
      for (let i = this.published.length - 1; i >= 0; i--) {
        const p = this.published[i];
        if (p && p.uri === uri && p.version === version) return p.diagnostics;
      }
      return undefined;
    });
  }

  open(uri: string, text: string): number {
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text },
    });
    return 1;
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return this.conn.sendRequest(type, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.conn.dispose();
    setTimeout(() => this.proc.kill('SIGKILL'), 500).unref();
  }
}

/** A file URI for a (possibly non-existent) file under a directory. */
export function uriOf(dir: string, name: string): string {
  return pathToFileURL(path.join(dir, name)).toString();
}
