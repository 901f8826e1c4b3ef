/// <reference lib="dom" />
// The trace panel's page (bundled for the browser into dist/client/trace-webview.js): a toolbar
// (filter, program, pause, clear, save, copy) and a virtualised list that draws only the rows in
// view, so 100,000 lines stay responsive. Colours and fonts are VS Code's theme variables.
import type { TraceLine } from '../../common/views';
import { lineText, TraceBuffer } from './traceBuffer';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

const ROW = 20;
const vscode = acquireVsCodeApi();
const buffer = new TraceBuffer(100_000);
let paused = false;
let pending: TraceLine[] = [];
let scheduled = false;
let follow = true;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const viewport = $<HTMLDivElement>('viewport');
const spacer = $<HTMLDivElement>('spacer');
const rows = $<HTMLDivElement>('rows');
const filter = $<HTMLInputElement>('filter');
const program = $<HTMLSelectElement>('program');
const status = $<HTMLSpanElement>('status');
const pauseButton = $<HTMLButtonElement>('pause');

function cell(cls: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function row(l: TraceLine, i: number): HTMLDivElement {
  const d = document.createElement('div');
  d.className = 'row';
  d.style.top = `${i * ROW}px`;
  const who =
    l.comm !== undefined
      ? `${l.comm}${l.pid !== undefined ? `-${l.pid}` : ''}`
      : l.pid !== undefined
        ? String(l.pid)
        : '';
  d.append(
    cell('time', l.timeText),
    cell('cpu', l.cpu !== undefined ? String(l.cpu) : ''),
    cell('proc', who),
    cell('prog', l.program ?? ''),
    cell('msg', l.message),
  );
  const at = document.createElement('span');
  at.className = 'at';
  if (l.callSite) {
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = `${l.callSite.file.split(/[\\/]/).pop()}:${l.callSite.line}`;
    a.title = `${l.callSite.file}:${l.callSite.line}`;
    const site = l.callSite;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'open', file: site.file, line: site.line, column: site.column });
    });
    at.append(a);
  }
  d.append(at);
  return d;
}

function render(): void {
  scheduled = false;
  spacer.style.height = `${buffer.visibleCount * ROW}px`;
  if (follow) viewport.scrollTop = viewport.scrollHeight;
  const { first, last } = buffer.window(viewport.scrollTop, viewport.clientHeight, ROW);
  const frag = document.createDocumentFragment();
  for (let i = first; i < last; i++) {
    const l = buffer.visibleAt(i);
    if (l) frag.append(row(l, i));
  }
  rows.replaceChildren(frag);
  const shown = buffer.visibleCount === buffer.size ? `${buffer.size}` : `${buffer.visibleCount} of ${buffer.size}`;
  status.textContent = `${shown} lines${paused ? ` · paused (${pending.length} waiting)` : ''}`;
  syncPrograms();
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(render);
  }
}

function syncPrograms(): void {
  const known = new Set(Array.from(program.options, (o) => o.value));
  for (const p of buffer.programs) {
    if (known.has(p)) continue;
    const o = document.createElement('option');
    o.value = p;
    o.textContent = p;
    program.append(o);
  }
}

function applyFilter(): void {
  const r = buffer.setFilter({ text: filter.value, program: program.value });
  filter.classList.toggle('invalid', !r.ok);
  filter.title = r.ok ? 'Text, or /regular expression/' : r.error;
  schedule();
}

viewport.addEventListener('scroll', () => {
  follow = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW;
  schedule();
});
filter.addEventListener('input', applyFilter);
program.addEventListener('change', applyFilter);
pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.textContent = paused ? 'Resume' : 'Pause';
  if (!paused) {
    buffer.append(pending);
    pending = [];
  }
  vscode.postMessage({ type: 'paused', paused });
  schedule();
});
$('clear').addEventListener('click', () => {
  buffer.clear();
  pending = [];
  vscode.postMessage({ type: 'cleared' });
  schedule();
});
$('save').addEventListener('click', () => vscode.postMessage({ type: 'save', text: buffer.visibleText(lineText) }));
$('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy', text: buffer.visibleText(lineText) }));

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type: string; lines?: TraceLine[]; text?: string };
  if (m.type === 'lines' && m.lines) {
    if (paused) pending.push(...m.lines);
    else buffer.append(m.lines);
    schedule();
  } else if (m.type === 'clear') {
    buffer.clear();
    schedule();
  } else if (m.type === 'status' && m.text !== undefined) {
    $('source').textContent = m.text;
  }
});

vscode.postMessage({ type: 'ready' });
schedule();
