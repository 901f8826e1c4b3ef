// kd's answers read into data: why the target stopped, the locals of a frame (`dv`), the stack
// (`kn`, through core/native/addr's WinDbg frame parser). Pure; tested on recorded transcripts.

import { parseStackLine, type AddressFrame } from '../../core/native/addr/query';

export type KdStopReason = 'breakpoint' | 'step' | 'exception' | 'pause';

export interface KdStop {
  readonly reason: KdStopReason;
  /** kd's breakpoint id, for `Breakpoint N hit`. */
  readonly breakpoint?: number;
  /** For exceptions and bug checks: kd's line saying what happened. */
  readonly text?: string;
}

/** Why the target stopped, from the output that ended at the prompt after g / p / t / gu. */
export function parseStop(output: string): KdStop {
  const bp = /^Breakpoint (\d+) hit\s*$/m.exec(output);
  if (bp?.[1]) return { reason: 'breakpoint', breakpoint: Number(bp[1]) };
  const bugcheck = /\*\*\* Fatal System Error: (0x[0-9a-fA-F]+)/.exec(output);
  if (bugcheck?.[1]) return { reason: 'exception', text: `bug check ${bugcheck[1]}` };
  const exception = /^(.*? - code [0-9a-fA-F]{8} \((?:first chance|!!! second chance !!!)\))\s*$/m.exec(output);
  if (exception?.[1]) {
    if (/^Break instruction exception - code 80000003/.test(exception[1])) return { reason: 'pause' };
    return { reason: 'exception', text: exception[1] };
  }
  return { reason: 'step' };
}

export interface KdLocal {
  readonly name: string;
  /** As kd printed it. */
  readonly text: string;
  /** The value as a number, when it is one (0x.., 0n.., kd's backtick halves). */
  readonly value?: bigint;
}

/** A number as kd prints it: 0x hex (with a backtick between halves), 0n decimal, or plain hex. */
export function parseKdNumber(text: string): bigint | undefined {
  const t = text.trim();
  let m = /^0n(-?\d+)$/.exec(t);
  if (m?.[1]) return BigInt(m[1]);
  m = /^(-)?(?:0x)?([0-9a-fA-F]+(?:`[0-9a-fA-F]+)?)$/.exec(t);
  if (m?.[2]) {
    const n = BigInt('0x' + m[2].replace('`', ''));
    return m[1] ? -n : n;
  }
  return undefined;
}

/** `dv` output: one `name = value` per line, names right-aligned (`dv /t` puts the type first). */
export function parseLocals(output: string): KdLocal[] {
  const out: KdLocal[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(?:.*\s)?([A-Za-z_]\w*) = (.*?)\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const value = parseKdNumber(m[2]);
    out.push(value !== undefined ? { name: m[1], text: m[2], value } : { name: m[1], text: m[2] });
  }
  return out;
}

/** `kn` output: the frames in order (the header line and kd's notes are skipped). */
export function parseStack(output: string, driverModule: string): AddressFrame[] {
  const frames: AddressFrame[] = [];
  for (const line of output.split('\n')) {
    const f = parseStackLine(line, driverModule);
    if (f?.format === 'windbg') frames.push(f);
  }
  return frames;
}
