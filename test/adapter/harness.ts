// Shared by the adapter tests: builds dist/debug-adapter/main.js once (the same bundle VS Code
// runs), starts a DebugClient against it (or, inline, against the adapter served on a TCP port in
// this process), and reads the examples' launch.json so tests use the configurations a user
// would press F5 on.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { at } from '../support/at';
import { APT, externalSkip } from '../support/skip';
import fs from 'node:fs';
import path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { findClang } from '../../core/toolchain/compile';
import { serveAdapter, type AdapterServer } from '../../debug-adapter/server';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const examples = path.join(repoRoot, 'examples');
export const adapterPath = path.join(repoRoot, 'dist', 'debug-adapter', 'main.js');

let built = false;
/** Bundle the adapter (esbuild through the project's build script), once per test process. */
export function buildAdapter(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--only=debug-adapter'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building the adapter failed:\n${r.stdout}\n${r.stderr}`);
  built = true;
}

/** Why clang-dependent tests cannot run here, or undefined when clang is available. */
export function clangMissing(): string | undefined {
  const c = findClang(undefined);
  return c.kind === 'found' ? undefined : externalSkip('clang', APT.clang);
}

export async function startClient(): Promise<DebugClient> {
  buildAdapter();
  const dc = new DebugClient(process.execPath, adapterPath, 'ebpf', { cwd: repoRoot }, true);
  dc.defaultTimeout = 15_000;
  await dc.start();
  return dc;
}

let inlineServer: Promise<AdapterServer> | undefined;

/**
 * A DebugClient connected to the adapter served in this process (inline mode: the session code
 * runs here, under the test runner's coverage and debugger). DebugClient has no timeouts over a
 * socket, so describe blocks using it set a test timeout. Call closeInlineServer() in `after`.
 */
export async function startInlineClient(): Promise<DebugClient> {
  inlineServer ??= serveAdapter(0);
  const { port } = await inlineServer;
  const dc = new DebugClient(process.execPath, '', 'ebpf');
  dc.defaultTimeout = 15_000;
  await dc.start(port);
  return dc;
}

export async function closeInlineServer(): Promise<void> {
  const server = inlineServer;
  inlineServer = undefined;
  if (server) await (await server).close();
}

/** A configuration of examples/.vscode/launch.json by name, ${workspaceFolder} filled in. */
export function exampleConfig(name: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(examples, '.vscode', 'launch.json'), 'utf8');
  // JSON with comments: drop whole-line // comments (the file has no // inside strings at line start).
  const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as { configurations: Record<string, unknown>[] };
  const config = json.configurations.find((c) => c.name === name);
  if (!config) throw new Error(`no launch configuration '${name}' in examples/.vscode/launch.json`);
  return JSON.parse(JSON.stringify(config).split('${workspaceFolder}').join(examples.replace(/\\/g, '/'))) as Record<
    string,
    unknown
  >;
}

export const LB = path.join(examples, 'xdp_load_balancer.c');

/** 1-based line of the first line in `file` containing `text`. */
export function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`'${text}' not found in ${file}`);
  return i + 1;
}

/** Launch and run the configuration sequence with the given source breakpoints; resolves when launched. */
export async function launchWith(
  dc: DebugClient,
  config: Record<string, unknown>,
  breakpoints: { path: string; lines: (number | DebugProtocol.SourceBreakpoint)[] }[] = [],
): Promise<DebugProtocol.SetBreakpointsResponse[]> {
  const responses: DebugProtocol.SetBreakpointsResponse[] = [];
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      for (const b of breakpoints) {
        responses.push(
          await dc.setBreakpointsRequest({
            source: { path: b.path },
            breakpoints: b.lines.map((l) => (typeof l === 'number' ? { line: l } : l)),
          }),
        );
      }
      await dc.configurationDoneRequest();
    }),
    dc.launch(config),
  ]);
  return responses;
}

export async function topFrame(dc: DebugClient): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId: 1 });
  return at(st.body.stackFrames, 0, 'the top stack frame');
}

export async function scopeVariables(
  dc: DebugClient,
  scopeName: string,
  frameId?: number,
): Promise<DebugProtocol.Variable[]> {
  const id = frameId ?? (await topFrame(dc)).id;
  const scopes = await dc.scopesRequest({ frameId: id });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no scope '${scopeName}' (scopes: ${scopes.body.scopes.map((s) => s.name).join(', ')})`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

export async function children(dc: DebugClient, v: DebugProtocol.Variable): Promise<DebugProtocol.Variable[]> {
  if (!v.variablesReference) throw new Error(`'${v.name}' has no children`);
  return (await dc.variablesRequest({ variablesReference: v.variablesReference })).body.variables;
}

export function named(vars: DebugProtocol.Variable[], name: string): DebugProtocol.Variable {
  const v = vars.find((x) => x.name === name);
  if (!v) throw new Error(`no variable '${name}' among ${vars.map((x) => x.name).join(', ')}`);
  return v;
}

/** Collect output events from now on. */
export function collectOutput(dc: DebugClient): DebugProtocol.OutputEvent[] {
  const out: DebugProtocol.OutputEvent[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e));
  return out;
}

export async function stopped(dc: DebugClient, reason?: string): Promise<DebugProtocol.StoppedEvent> {
  const e = (await dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  if (reason !== undefined && e.body.reason !== reason)
    throw new Error(
      `stopped for '${e.body.reason}' (${e.body.description ?? ''} ${e.body.text ?? ''}), expected '${reason}'`,
    );
  return e;
}

/** The next 'stopped' event, or undefined when the session terminates first (no dangling timeouts). */
export function nextStopOrEnd(dc: DebugClient, ms = 15_000): Promise<DebugProtocol.StoppedEvent | undefined> {
  return new Promise((resolve, reject) => {
    const onStop = (e: DebugProtocol.StoppedEvent): void => finish(() => resolve(e));
    const onEnd = (): void => finish(() => resolve(undefined));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`neither 'stopped' nor 'terminated' within ${ms} ms`))),
      ms,
    );
    function finish(f: () => void): void {
      clearTimeout(timer);
      dc.removeListener('stopped', onStop);
      dc.removeListener('terminated', onEnd);
      f();
    }
    dc.on('stopped', onStop);
    dc.on('terminated', onEnd);
  });
}

/** A checked-in XDP object (no clang needed) and an Ethernet + IPv4 packet for it. */
export const CHECKED_IN_OBJECT = path.join(repoRoot, 'test', 'fixtures', 'objects', 'linux-xdp_count.o');
export const XDP_PACKET = '020000000001020000000002080045000014000000004006000000000000000000000000';

/** Launch the checked-in XDP object on one packet, stopped on entry. */
export async function launchStopped(dc: DebugClient): Promise<void> {
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
    dc.launch({ program: CHECKED_IN_OBJECT, platform: 'linux', packet: XDP_PACKET, stopOnEntry: true }),
    dc.waitForEvent('stopped'),
  ]);
}

/** The request fails with exactly one line that is no stack trace; returns that line. */
export async function oneLineFailure(request: Promise<unknown>): Promise<string> {
  const message = await request.then(
    () => assert.fail('expected an error response'),
    (e: Error) => e.message,
  );
  assert.equal(message.split('\n').length, 1, message);
  assert.doesNotMatch(message, /\bat .*:\d+:\d+|\{_stack\}/, message);
  return message;
}
