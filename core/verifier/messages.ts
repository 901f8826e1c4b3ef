// The wording of diagnostics: how values, numbers and PREVAIL-style conditions read to people.

import type { HelperPrototype } from '../platform/types';
import type { FailureInit } from './failure';
import { NUM_TOP, type Num, isConst, S64MIN } from './num';
import { T, type Value, payload } from './value';

export function offText(o: number): string {
  return o === 0 ? '' : o > 0 ? `+${o}` : `${o}`;
}

export function validAccess(
  reg: number,
  o: number,
  width: number | string,
  mode: 'read' | 'write' | 'comparison',
): string {
  return `valid_access(r${reg}.offset${offText(o)}, width=${width}) for ${mode}`;
}

export function fpText(rel: number): string {
  return rel < 0 ? `fp${rel}` : `fp+${rel}`;
}

export function describeNum(n: Num): string {
  if (isConst(n)) return n.smin < 0n ? `${n.smin}` : `${n.umin}`;
  if (n.smin === S64MIN && n.smax === NUM_TOP.smax && n.umin === 0n && n.umax === NUM_TOP.umax)
    return 'any 64-bit value';
  if (n.smin >= 0n || n.smin > -(1n << 62n)) return `[${n.smin}, ${n.smax}]`;
  return `[${n.umin}, ${n.umax}] (unsigned)`;
}

export function describeType(v: Value): string {
  const names: string[] = [];
  if (v.t & T.uninit) names.push('an uninitialised value');
  if (v.t & T.number) names.push(`a number (${describeNum(payload(v, 'num'))})`);
  if (v.t & T.ctx) names.push('the context pointer');
  if (v.t & T.stack) names.push('a stack pointer');
  if (v.t & T.packet) names.push('a packet pointer');
  if (v.t & T.packetEnd) names.push('data_end (packet_end)');
  if (v.t & T.packetMeta) names.push('a packet metadata pointer');
  if (v.t & T.mapFd) names.push('a map');
  if (v.t & T.mapProgs) names.push('a program array map');
  if (v.t & T.shared)
    names.push(payload(v, 'shared').nullable ? 'a map value pointer that may be NULL' : 'a map value pointer');
  if (v.t & T.alloc) names.push('a ring buffer record');
  if (v.t & T.btfId) names.push('a kernel object pointer');
  if (v.t & T.func) names.push('a function');
  const [only] = names;
  return names.length === 1 && only !== undefined
    ? only
    : `either ${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? 'nothing'}`;
}

export function argFailure(r: number, proto: HelperPrototype, what: string, condition: string): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument ${r} of \`${proto.name}\` (r${r}) ${what}`,
    condition,
    regs: [r],
  };
}
