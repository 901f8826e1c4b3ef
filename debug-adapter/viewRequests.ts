// The map explorer's and trace panel's custom DAP messages (common/views.ts): ebpf/maps,
// ebpf/mapEntries, ebpf/mapUpdate, ebpf/mapDelete, ebpf/mapsExport answered from the session's VM
// through core/live's VmMapSource; the ebpf/printk event body; the final snapshot sent at the end.

import fs from 'node:fs';
import type {
  DeleteArgs,
  EntriesArgs,
  EntryPage,
  ListMapsResponse,
  SourcePosition,
  TraceLine,
  UpdateArgs,
} from '../core/live/views';
import { ViewRequests } from '../core/live/views';
import { VmMapSource } from '../core/live/vmSource';
import type { SourceLocation } from '../core/program/types';
import type { PrintkEvent } from '../core/vm/vm';
import type { EbpfRuntime } from './runtime';

export const PAGE_SIZE = 200;
const NAMES = new Set<string>(Object.values(ViewRequests));

export function isViewRequest(command: string): boolean {
  return NAMES.has(command);
}

const sources = new WeakMap<EbpfRuntime, VmMapSource>();

function sourceFor(rt: EbpfRuntime): VmMapSource {
  let s = sources.get(rt);
  if (!s) {
    const file = rt.prepared.sourceFile;
    let sourceText: string | undefined;
    try {
      sourceText = file && file.endsWith('.c') ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      sourceText = undefined;
    }
    s = new VmMapSource(rt.vm, {
      ...(sourceText !== undefined && { sourceText }),
      ...(file !== undefined && { sourceFile: file }),
    });
    sources.set(rt, s);
  }
  return s;
}

function need<T>(args: unknown, keys: readonly string[], command: string): T {
  const o = (args ?? {}) as Record<string, unknown>;
  for (const k of keys) if (o[k] === undefined) throw new Error(`${command}: missing '${k}'`);
  return o as T;
}

/** Answers one view request; throws an Error whose message the client shows as is. */
export async function answerViewRequest(rt: EbpfRuntime | undefined, command: string, args: unknown): Promise<unknown> {
  if (!rt) throw new Error('no program is running in this debug session');
  const src = sourceFor(rt);
  switch (command) {
    case ViewRequests.listMaps:
      return src.list();
    case ViewRequests.entries: {
      const a = need<EntriesArgs>(args, ['mapId'], command);
      return src.entries(a.mapId, a.start ?? 0, Math.min(a.count ?? PAGE_SIZE, 10_000));
    }
    case ViewRequests.update: {
      const a = need<UpdateArgs>(args, ['mapId', 'key'], command);
      const value = a.values ?? a.value;
      if (value === undefined) throw new Error(`${command}: missing 'value'`);
      await src.update(a.mapId, a.key, value, a.flags);
      return {};
    }
    case ViewRequests.remove: {
      const a = need<DeleteArgs>(args, ['mapId', 'key'], command);
      await src.remove(a.mapId, a.key);
      return {};
    }
    case ViewRequests.exportMaps:
      return src.exportJson((args as { mapIds?: string[] } | undefined)?.mapIds);
    default:
      throw new Error(`unknown request ${command}`);
  }
}

/** What the explorer shows after the session ends: the list and each map's first page. */
export async function finalSnapshot(rt: EbpfRuntime): Promise<ListMapsResponse & { pages: Record<string, EntryPage> }> {
  const src = sourceFor(rt);
  const list = await src.list();
  const pages: Record<string, EntryPage> = {};
  for (const m of list.maps) pages[m.id] = await src.entries(m.id, 0, PAGE_SIZE);
  return { ...list, pages };
}

const started = performance.now();

/** The ebpf/printk event body for one printk of the VM. */
export function printkLine(
  p: PrintkEvent,
  rt: EbpfRuntime,
  resolve: (loc: SourceLocation) => SourcePosition,
): TraceLine {
  const t = (performance.now() - started) / 1000;
  return {
    time: t,
    timeText: t.toFixed(6),
    cpu: rt.vm.cpu,
    ...(rt.runLabel && { comm: rt.runLabel }),
    program: p.program,
    pc: p.pc,
    message: p.text !== undefined ? p.text.replace(/\n$/, '') : `bpf_printk rejected: ${p.error ?? 'bad format'}`,
    ...(p.source && p.source.line > 0 && { callSite: resolve(p.source) }),
    source: 'debug',
  };
}
