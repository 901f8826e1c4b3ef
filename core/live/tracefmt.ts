// `tracefmt -rt <session> -displayonly -jsonMeta 0` lines for the eBPF for Windows ETW provider:
//   [3]1760.1910::03/10/2022-13:56:14.226 [EbpfForWindowsProvider]{"Message":"Hello, world"}
// i.e. `[cpu]pid.tid::time [provider]<json fields>` with pid and tid in hex. With `-jsonMeta 1` the
// JSON also carries a "meta" object (provider, event, time, cpu, pid, tid); both are understood.

import type { TraceLine } from './views';

export const EBPF_PROVIDER_NAME = 'EbpfForWindowsProvider';
export const EBPF_PROVIDER_GUID = '394f321c-5cf4-404c-aa34-4df1428a7f9c';
export const PRINTK_KEYWORD = 0x200;
export const PRINTK_LEVEL = 4;

const PREFIX = /^\[(\d+)\]([0-9a-fA-F]+)\.([0-9a-fA-F]+)::(\S+)\s+\[([^\]]+)\](.*)$/;

export interface EtwRecord extends TraceLine {
  readonly provider: string;
  readonly event?: string;
}

/** A date like `03/10/2022-13:56:14.226` (tracefmt's local time) as epoch seconds, or NaN. */
function etwTime(text: string): number {
  const m = /^(\d\d)\/(\d\d)\/(\d{4})-(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text);
  if (!m) return Date.parse(text) / 1000;
  const [, mo, d, y, h, mi, s, frac = '0'] = m;
  const ms = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime();
  return ms / 1000 + Number(`0.${frac}`);
}

export function parseTracefmtLine(line: string): EtwRecord | undefined {
  const t = line.replace(/[\r\n]+$/, '');
  const m = PREFIX.exec(t);
  if (m) {
    const [, cpu, pid = '', tid = '', time = '', provider = '', rest = ''] = m;
    const fields = parseJsonObject(rest.trim());
    const message = fields && typeof fields.Message === 'string' ? fields.Message : rest.trim();
    return {
      cpu: Number(cpu),
      pid: parseInt(pid, 16),
      tid: parseInt(tid, 16),
      time: etwTime(time),
      timeText: time,
      provider,
      message,
      source: 'windows',
    };
  }
  // -jsonMeta 1: the whole line is JSON.
  const json = parseJsonObject(t.trim());
  const meta = json?.meta as Record<string, unknown> | undefined;
  if (!json || !meta || typeof json.Message !== 'string') return undefined;
  const time = typeof meta.time === 'string' ? meta.time : '';
  return {
    ...(typeof meta.cpu === 'number' ? { cpu: meta.cpu } : {}),
    ...(typeof meta.pid === 'number' ? { pid: meta.pid } : {}),
    ...(typeof meta.tid === 'number' ? { tid: meta.tid } : {}),
    time: Date.parse(time) / 1000,
    timeText: time,
    provider: typeof meta.provider === 'string' ? meta.provider : '',
    ...(typeof meta.event === 'string' ? { event: meta.event } : {}),
    message: json.Message,
    source: 'windows',
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Only printk lines of the eBPF provider (a session may carry other providers' events). */
export function isPrintkRecord(r: EtwRecord): boolean {
  return r.provider === EBPF_PROVIDER_NAME && (r.event === undefined || r.event === 'EbpfGenericMessage');
}
