// Completion: SEC names inside SEC(", map types and flags inside __uint(type|map_flags, ,
// context fields after ctx->, and the helpers the program type at the cursor may call.

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import type { PlatformProfile, ProgramType } from '../core/platform/types';
import type { ServerContext } from './context';
import { guessPlatform } from './platformChoice';
import { helpersFor } from './helpers';
import { programAtLine, programTypeFromText } from './programAt';
import { clampPosition, lineText } from './sourceText';

// Linux UAPI map flags (include/uapi/linux/bpf.h); eBPF for Windows defines none of these.
const LINUX_MAP_FLAGS: readonly [string, string][] = [
  ['BPF_F_NO_PREALLOC', 'Do not preallocate hash map elements.'],
  ['BPF_F_NO_COMMON_LRU', 'Per-CPU LRU lists instead of one common list.'],
  ['BPF_F_NUMA_NODE', 'Honour numa_node.'],
  ['BPF_F_RDONLY_PROG', 'The program may only read the map.'],
  ['BPF_F_WRONLY_PROG', 'The program may only write the map.'],
  ['BPF_F_MMAPABLE', 'Array map can be mmap()ed by user space.'],
  ['BPF_F_INNER_MAP', 'Inner map of a map-in-map may differ in max_entries.'],
];

export function sectionItems(profile: PlatformProfile): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const t of profile.programTypes) {
    for (const prefix of t.sectionPrefixes) {
      items.push({
        label: prefix,
        kind: CompletionItemKind.Module,
        detail: `${t.name} program (${profile.displayName})`,
        documentation: t.description,
      });
    }
  }
  return items;
}

export function mapTypeItems(profile: PlatformProfile): CompletionItem[] {
  return [...profile.mapTypes.values()].map((m) => ({
    label: `BPF_MAP_TYPE_${m.name.toUpperCase()}`,
    kind: CompletionItemKind.EnumMember,
    detail: `${m.number} — ${profile.displayName}${m.supported ? '' : ' (extension map type)'}`,
  }));
}

export function contextFieldItems(type: ProgramType): CompletionItem[] {
  return type.context.fields.map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Field,
    detail: `${f.cType}${f.count ? `[${f.count}]` : ''} — ${type.context.structName} offset ${f.offset}${f.writable ? '' : ', read-only'}`,
  }));
}

export function helperItems(profile: PlatformProfile, type: ProgramType | undefined): CompletionItem[] {
  return helpersFor(profile, type).map((h) => ({
    label: h.name,
    kind: CompletionItemKind.Function,
    detail: h.signature,
    documentation: { kind: MarkupKind.Markdown, value: `${h.doc}\n\n${profile.displayName} helper id ${h.id}` },
    insertText: `${h.name}($1)`,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

export function register(ctx: ServerContext): void {
  ctx.connection.onCompletion(({ textDocument, position: asked }) => {
    const doc = ctx.documents.get(textDocument.uri);
    if (!doc || !ctx.isEbpfDocument(textDocument.uri)) return [];
    const text = doc.getText();
    const position = clampPosition(text, asked);
    const before = lineText(text, position.line).slice(0, position.character);
    // Use the last analysis (even of an older version): completing usually means the file is mid-edit.
    const analysis = ctx.scheduler.lastPublished(textDocument.uri);
    const profile = analysis?.profile ?? ctx.engine.profile(guessPlatform(text, ctx.settings().platform).id);

    if (/\bSEC\s*\(\s*"[^"]*$/.test(before)) return sectionItems(profile);
    if (/__uint\s*\(\s*type\s*,\s*\w*$/.test(before)) return mapTypeItems(profile);
    if (/__uint\s*\(\s*map_flags\s*,[^)]*$/.test(before)) {
      return profile.id === 'linux'
        ? LINUX_MAP_FLAGS.map(([label, doc]) => ({ label, kind: CompletionItemKind.Constant, documentation: doc }))
        : [];
    }
    const type =
      (analysis && programAtLine(analysis, position.line)?.program.programType) ??
      programTypeFromText(text, position.line, profile);
    if (/\bctx\s*->\s*\w*$/.test(before)) return type ? contextFieldItems(type) : [];
    if (/(?:^|[^\w.>])\w*$/.test(before) && !/\/\/.*$/.test(before)) return helperItems(profile, type);
    return [];
  });
}
