// The two source interfaces behind the map explorer and the trace panel, and the process runner
// the live sources use (injectable, so parsers and sources are tested on recorded output).

import { spawn } from 'node:child_process';
import type { EntryPage, ListMapsResponse, MapsJson, TraceLine } from './views';

export interface MapSource {
  readonly kind: 'debug' | 'linux' | 'windows';
  /** Programs and maps; throws LiveSourceError with a sentence a user can act on. */
  list(): Promise<ListMapsResponse>;
  /** Entries [start, start + count) in the map's iteration order. */
  entries(mapId: string, start: number, count: number): Promise<EntryPage>;
  /** Write an entry; key/value as hex in memory order, validated against the map's sizes first. */
  update(mapId: string, key: string, value: string | readonly string[], flags?: number): Promise<void>;
  remove(mapId: string, key: string): Promise<void>;
  /** Every entry of the named maps (all maps when omitted), in the `ebpf run --maps` format. */
  exportJson(mapIds?: readonly string[]): Promise<MapsJson>;
}

export interface TraceSubscription {
  /** Stops the producer (kills the reader, stops an ETW session). Safe to call twice. */
  close(): Promise<void>;
}

export interface TraceSource {
  readonly kind: 'debug' | 'linux' | 'windows';
  /** Start delivering lines; `onError` gets one plain sentence when the source cannot run or dies. */
  start(onLines: (lines: TraceLine[]) => void, onError: (message: string) => void): Promise<TraceSubscription>;
}

/** A problem the user can fix (missing tool, no privileges); the message says how. */
export class LiveSourceError extends Error {}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started at all (ENOENT: not installed / not on PATH). */
  readonly spawnError?: NodeJS.ErrnoException;
}

export type CommandRunner = (command: string, args: readonly string[]) => Promise<RunResult>;

export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout: '', stderr: e.message, spawnError: e }),
    );
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });

/** Entries [start, start+count) of a list, as a page. */
export function pageOf<T>(all: readonly T[], start: number, count: number): { items: T[]; next?: number } {
  const s = Math.max(0, Math.floor(start));
  const items = all.slice(s, s + Math.max(0, Math.floor(count)));
  const end = s + items.length;
  return end < all.length ? { items, next: end } : { items };
}
