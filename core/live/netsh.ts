// `netsh ebpf show programs` and `netsh ebpf show maps` (eBPF for Windows): fixed-width tables with
// a header of one or two lines above a row of `=` runs that marks each column. Numbers are right-
// aligned and names left-aligned, and a wide value may push past its column, so each word of a row
// goes to the column it overlaps most; older releases print map types with spaces ("Hash of maps").

import type { MapInfo, ProgramInfo } from './views';
import { isPerCpuType, linkKind } from './bpftool';

export class NetshOutputError extends Error {}

interface Column {
  readonly title: string;
  readonly start: number;
  readonly end: number;
}

/** Rows of a netsh table as { column title: text }. */
export function parseNetshTable(text: string): Record<string, string>[] {
  const lines = text.replace(/\r/g, '').split('\n');
  const rule = lines.findIndex((l) => /^\s*=+(\s+=+)*\s*$/.test(l) && l.includes('='));
  if (rule < 0) throw new NetshOutputError(`not a netsh table (no '====' line): ${text.trim().slice(0, 200)}`);
  const spans: { start: number; end: number }[] = [];
  for (const m of (lines[rule] ?? '').matchAll(/=+/g)) spans.push({ start: m.index, end: m.index + m[0].length });
  // Header lines: the non-empty lines right above the rule (one or two).
  const header: string[] = [];
  for (let i = rule - 1, l = lines[i]; l !== undefined && l.trim() !== ''; l = lines[--i]) header.unshift(l);
  const columns: Column[] = spans.map((s, i) => {
    const end = i === spans.length - 1 ? Infinity : s.end;
    const words = header.map((h) => wordsIn(h, s.start, end).join(' ')).filter((w) => w !== '');
    return { title: words.join(' '), start: s.start, end: s.end };
  });
  // The rule line holds at least one '=' run, so there is a last column.
  const last = columns.at(-1);
  if (last === undefined) throw new NetshOutputError('a netsh table without columns');
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(rule + 1)) {
    if (line.trim() === '') continue;
    const row: Record<string, string[]> = {};
    for (const m of line.matchAll(/\S+/g)) {
      const ws = m.index;
      const we = ws + m[0].length;
      // Everything from the last column's start on belongs to it (names may hold spaces).
      const col = ws >= last.start ? last : (bestColumn(columns, ws, we) ?? last);
      (row[col.title] ??= []).push(m[0]);
    }
    rows.push(Object.fromEntries(columns.map((c) => [c.title, (row[c.title] ?? []).join(' ')])));
  }
  return rows;
}

function wordsIn(line: string, start: number, end: number): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/\S+/g)) {
    const mid = m.index + m[0].length / 2;
    if (mid >= start - 1 && mid < end + 1) out.push(m[0]);
  }
  return out;
}

function bestColumn(columns: readonly Column[], ws: number, we: number): Column | undefined {
  let best: Column | undefined;
  let bestScore = -Infinity;
  for (const c of columns) {
    const overlap = Math.min(we, c.end) - Math.max(ws, c.start);
    // No overlap: prefer the nearest column (negative distance).
    const score = overlap > 0 ? overlap : -Math.min(Math.abs(ws - c.end), Math.abs(we - c.start));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function int(row: Record<string, string>, title: string, what: string): number {
  const v = row[title];
  if (v === undefined || !/^-?\d+$/.test(v)) throw new NetshOutputError(`${what}: column '${title}' is '${v ?? ''}'`);
  return Number(v);
}

/** Display names of older releases ("Hash of maps", "Per-CPU array") -> bpftool's names. */
function mapTypeName(shown: string): string {
  const t = shown.toLowerCase().replace(/-/g, '').replace(/\s+/g, '_');
  const legacy: Record<string, string> = {
    hash_table: 'hash',
    percpu_hash_table: 'percpu_hash',
    lru_hash_table: 'lru_hash',
    lru_percpu_hash_table: 'lru_percpu_hash',
    program_array: 'prog_array',
  };
  return legacy[t] ?? t;
}

/** `netsh ebpf show programs` (normal level). */
export function parseNetshPrograms(text: string): ProgramInfo[] {
  return parseNetshTable(text).map((row, i) => {
    const what = `netsh show programs row ${i + 1}`;
    return {
      id: String(int(row, 'ID', what)),
      name: row['Name'] ?? '',
      type: row['Type'] ?? '',
      mapIds: [],
      details: { pins: row['Pins'] ?? '', links: row['Links'] ?? '', mode: row['Mode'] ?? '' },
    };
  });
}

/** `netsh ebpf show maps`. Releases without the ID column get `#<row>` ids (netsh offers no dump). */
export function parseNetshMaps(text: string): MapInfo[] {
  return parseNetshTable(text).map((row, i) => {
    const what = `netsh show maps row ${i + 1}`;
    const type = mapTypeName(row['Map Type'] ?? '');
    const valueLink = linkKind(type);
    return {
      id: row['ID'] !== undefined && /^\d+$/.test(row['ID']) ? row['ID'] : `#${i + 1}`,
      name: row['Name'] ?? '',
      type,
      keySize: int(row, 'Key Size', what),
      valueSize: int(row, 'Value Size', what),
      maxEntries: int(row, 'Max Entries', what),
      perCpu: isPerCpuType(type),
      ...(valueLink ? { valueLink } : {}),
      writable: false,
    };
  });
}
