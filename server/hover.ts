// Hover: a helper's prototype and doc, a map's shape, or the verifier's abstract state on a line.

import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { MapDefinition } from '../core/program/types';
import type { Btf } from '../core/btf/parse';
import { typeToString } from '../core/btf/print';
import type { StateSummary } from '../core/verifier/types';
import type { Analysis } from './analysis';
import type { ServerContext } from './context';
import { helpersByName } from './helpers';
import { pcsOnLine } from './programAt';
import { clampPosition, lineText, wordAt } from './sourceText';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function stateTable(state: StateSummary): string {
  const rows = [...state.registers, ...state.stack].filter((v) => v.type !== 'uninit');
  const lines: string[] = [];
  if (rows.length) {
    lines.push('| | type | value |', '|---|---|---|');
    for (const v of rows) lines.push(`| \`${cell(v.name)}\` | ${cell(v.type)} | ${cell(v.value)} |`);
  }
  if (state.facts.length) lines.push('', ...state.facts.map((f) => `- ${f}`));
  return lines.join('\n') || '_no initialised registers_';
}

function helperHover(analysis: Analysis | undefined, ctx: ServerContext, word: string): string | undefined {
  const profile = analysis?.profile ?? ctx.engine.profile(analysis?.platform.id ?? 'linux');
  const entry = helpersByName(profile).get(word);
  if (!entry) return undefined;
  const h = entry.helper;
  const where = entry.programTypes.length ? `program types: ${entry.programTypes.join(', ')}` : 'all program types';
  return `\`\`\`c\n${h.signature}\n\`\`\`\n${profile.displayName} helper id **${h.id}** (${where})\n\n${h.doc}`;
}

function btfTypeName(btf: Btf | undefined, id: number): string | undefined {
  try {
    return id > 0 && btf ? typeToString(btf, id) : undefined;
  } catch {
    // A malformed type graph must not break hover.
    return undefined;
  }
}

function mapHover(analysis: Analysis, word: string): string | undefined {
  let map: MapDefinition | undefined;
  let btf: Btf | undefined;
  for (const p of analysis.programs) {
    map = p.program.maps.find((m) => m.name === word);
    if (map) {
      btf = p.program.btf;
      break;
    }
  }
  if (!map) return undefined;
  const type = map.typeInfo?.name ?? `type ${map.type}`;
  const key = btfTypeName(btf, map.keyTypeId);
  const value = btfTypeName(btf, map.valueTypeId);
  const rows = [
    `**map \`${map.name}\`**: ${type}${map.typeInfo && !map.typeInfo.supported ? ' (not supported by the platform core)' : ''}`,
    '',
    '| | |',
    '|---|---|',
    `| key | ${map.keySize} bytes${key ? ` — \`${key}\`` : ''} |`,
    `| value | ${map.valueSize} bytes${value ? ` — \`${value}\`` : ''} |`,
    `| max entries | ${map.maxEntries} |`,
  ];
  if (map.flags) rows.push(`| flags | 0x${map.flags.toString(16)} |`);
  if (map.origin !== 'btf') rows.push(`| declared as | ${map.origin}${map.section ? ` (${map.section})` : ''} |`);
  return rows.join('\n');
}

async function stateHover(analysis: Analysis, line0: number): Promise<string | undefined> {
  const parts: string[] = [];
  for (const p of analysis.programs) {
    if (!p.result) continue;
    const pcs = pcsOnLine(analysis, p, line0);
    if (pcs.length === 0) continue;
    const first = Math.min(...pcs);
    const state = await p.result.stateAt(first);
    const header = `**${p.program.name}** — before pc ${first} (${pcs.length} instruction${pcs.length === 1 ? '' : 's'} on this line)`;
    parts.push(
      state ? `${header}\n\n${stateTable(state)}` : `${header}\n\n_unreachable: the verifier never reaches this line_`,
    );
  }
  return parts.length ? `verifier state\n\n${parts.join('\n\n---\n\n')}` : undefined;
}

export function register(ctx: ServerContext): void {
  ctx.connection.onHover(async ({ textDocument, position: asked }): Promise<Hover | null> => {
    const doc = ctx.documents.get(textDocument.uri);
    if (!doc || !ctx.isEbpfDocument(textDocument.uri)) return null;
    const position = clampPosition(doc.getText(), asked);
    const analysis = await ctx.scheduler.forCurrentVersion(textDocument.uri);
    const line = lineText(doc.getText(), position.line);
    const w = wordAt(line, position.character);
    const range = w
      ? { start: { line: position.line, character: w.start }, end: { line: position.line, character: w.end } }
      : undefined;
    if (w) {
      const text = helperHover(analysis, ctx, w.word) ?? (analysis ? mapHover(analysis, w.word) : undefined);
      if (text) return { contents: { kind: MarkupKind.Markdown, value: text }, ...(range && { range }) };
    }
    const state = analysis ? await stateHover(analysis, position.line) : undefined;
    return state ? { contents: { kind: MarkupKind.Markdown, value: state } } : null;
  });
}
