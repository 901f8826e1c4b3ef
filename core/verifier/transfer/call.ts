// Transfer functions of calls: a helper's effects (stack it writes, references it releases,
// packet pointers it invalidates) and its result; a global function's. The checker has verified
// availability and every argument (helper-available, helper-arg, global-arg records).

import type { Instruction } from '../../isa/instruction';
import type { HelperPrototype } from '../../platform/types';
import type { MapDefinition } from '../../program/types';
import { NUM_TOP, isConst } from '../num';
import type { State } from '../state';
import { known } from '../known';
import type { GlobalFunction } from '../globals';
import { NUMBER_TOP, T, UNINIT, type Value, iv, payload, restrict } from '../value';
import type { Semantics } from '../transfer';
import { calledPrototype } from '../assertions/extract';
import { isZero, withoutTillEnd } from './values';
import { forgetCallbackWrites } from '../callbacks';
import { dynptrDataResult } from '../dynptr';
import { kernelFunction, rcuSections } from '../kfuncs';
import { applyStackObjects } from '../stackObjects';

/** Helpers that move or resize packet data: every packet pointer is stale after them. */
const PACKET_CHANGING =
  /adjust_(head|tail|meta|room)|skb_(pull_data|change_|store_bytes|vlan_|adjust)|csum_replace|lwt_(push|seg6)|clone_redirect|msg_(pull|push|pop)_data/;

/**
 * A call by BTF id (src=2): a Linux kfunc, or an eBPF for Windows BTF-resolved function, which
 * the profile lists with its prototype (an extension registers it by name and module); the
 * checker refused the others.
 */
export function btfFunctionCall(sem: Semantics, insn: Instruction, s: State): void {
  helperCall(sem, insn, s);
}

/** The stack regions a helper writes through its writable-memory arguments: [constant offset, size]. */
function helperWrites(sem: Semantics, s: State, proto: HelperPrototype): [number, number][] {
  const writes: [number, number][] = [];
  let mapFds: readonly number[] | undefined;
  for (let i = 0; i < proto.args.length && i < 5; i++) {
    const r = i + 1;
    const kind = proto.args[i];
    const next = proto.args[i + 1];
    const v = s.regs[r];
    if (v === undefined) continue;
    if (kind === 'ptr_to_map') mapFds = v.fds;
    let size: number | undefined;
    if (kind === 'ptr_to_map_value') {
      const out = proto.effects ? !!proto.effects.writesMapValue : /pop|peek/.test(proto.name);
      if (!out) continue;
      const maps = (mapFds ?? []).map((m) => sem.program.maps[m]).filter((m): m is MapDefinition => !!m);
      size = Math.max(0, ...maps.map((m) => m.valueSize));
    } else if (kind === 'ptr_to_writable_mem' || kind === 'ptr_to_writable_mem_or_null' || kind === 'ptr_to_long') {
      if (kind.endsWith('_or_null') && isZero(v)) continue;
      size = kind === 'ptr_to_long' ? 8 : 1;
      if (next === 'const_size' || next === 'const_size_or_zero')
        size = Number(payload(known(s.regs, r + 1, 'register'), 'num').umax);
      // (p, data_end - p) is a packet buffer: no stack written.
      if (size <= 0) continue;
    }
    if (size === undefined || v.t !== T.stack) continue;
    const off = payload(v, 'stack');
    if (off.lo === off.hi) writes.push([off.lo, size]);
  }
  return writes;
}

/** The size of the record a helper allocates: its last constant size argument. */
function allocSizeOf(s: State, proto: HelperPrototype): number | undefined {
  let allocSize: number | undefined;
  for (let i = 0; i < proto.args.length && i < 5; i++) {
    const kind = proto.args[i];
    if (kind !== 'const_size' && kind !== 'const_size_or_zero') continue;
    const n = payload(known(s.regs, i + 1, 'register'), 'num');
    allocSize = isConst(n) ? Number(n.umin) : undefined;
  }
  return allocSize;
}

export function helperCall(sem: Semantics, insn: Instruction, s: State): void {
  const pc = insn.pc;
  const called = calledPrototype(insn, sem);
  if (!called)
    throw new Error(`verifier: internal error: a call of an unavailable helper passed the checker at pc ${pc}`);
  const proto = called.proto;
  const mapArg = proto.args.slice(0, 5).lastIndexOf('ptr_to_map');
  const mapFds = mapArg >= 0 ? s.regs[mapArg + 1]?.fds : undefined;
  const allocSize = allocSizeOf(s, proto);
  // The final pass notes the callback and how the helper will call it; the callback may then
  // rewrite the caller's numbers its context points to.
  if (sem.warnings && sem.callbackSites) sem.callbackSites.record(pc, s, proto, sem.program.maps);
  if (sem.policy.callbacksVerifiedInContext) forgetCallbackWrites(s, proto);
  // Effects.
  for (const [lo, size] of helperWrites(sem, s, proto)) s.writeUnknown(lo, size);
  // Effects as data where the profile has them (Linux), else guessed from the name (Windows).
  const fx = proto.effects;
  const releasesAlloc = fx
    ? !!fx.releases && proto.args[0] === 'ptr_to_alloc_mem'
    : proto.args.includes('ptr_to_alloc_mem') && /submit|discard/.test(proto.name);
  if (releasesAlloc) {
    const id = s.regs[1]?.alloc?.nullId ?? -1;
    s.refs = s.refs.filter((x) => x !== id);
    s.mapValues((x) => (x.alloc && x.alloc.nullId === id ? UNINIT : x));
  }
  if (fx ? !!fx.releases && proto.args[0] !== 'ptr_to_alloc_mem' : /_release$/.test(proto.name)) {
    const id = s.regs[1]?.btf?.nullId ?? -1;
    s.refs = s.refs.filter((x) => x !== id);
    s.mapValues((x) => (x.btf && x.btf.nullId === id ? UNINIT : x));
  }
  if (fx ? !!fx.changesPacket : PACKET_CHANGING.test(proto.name)) {
    s.mapValues((x) =>
      x.t & (T.packet | T.packetEnd | T.packetMeta) || x.alloc?.ofPacket
        ? { t: T.number, num: NUM_TOP, stale: pc }
        : x.tillEnd
          ? withoutTillEnd(x)
          : x,
    );
    s.pktSize = 0;
    s.ranges.clear();
    s.metaRange = 0;
  }
  const dynptrData = sem.policy.callbacksVerifiedInContext ? dynptrDataResult(pc, s, proto) : undefined;
  // Iterators and dynptrs on the stack (kfuncs and the dynptr helpers): created, used, ended.
  const objects =
    insn.src === 2
      ? kernelFunction(sem.platform, proto.name)
      : proto.effects
        ? sem.platform.dynptrHelpers?.get(proto.name)
        : undefined;
  const objectResult = objects ? applyStackObjects(s, pc, proto.name, objects.stackObjects, objects.result) : undefined;
  // An RCU read section is a reference the program holds until it unlocks (refs: the lock's pc).
  const rcu = insn.src === 2 ? kernelFunction(sem.platform, proto.name)?.rcuSection : undefined;
  if (rcu === 'lock') s.refs = [...new Set([...s.refs, pc])].sort((a, b) => a - b);
  if (rcu === 'unlock') {
    const open = rcuSections(s, (ref) => sem.helperName(ref));
    s.refs = s.refs.filter((r) => !open.includes(r));
  }
  for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
  s.regs[0] = objectResult ?? dynptrData ?? helperResult(sem, s, pc, proto, mapFds, allocSize);
}

/** A call of a Linux global function: the callee may write through its pointer arguments. */
export function globalCall(sem: Semantics, insn: Instruction, s: State, g: GlobalFunction): void {
  void sem;
  void insn;
  g.params.slice(0, 5).forEach((p, i) => {
    const v = known(s.regs, i + 1, 'register');
    if (p.kind !== 'mem' || isZero(v)) return;
    const ptr = restrict(v, ~T.number) ?? v;
    if (ptr.t === T.stack && payload(ptr, 'stack').lo === payload(ptr, 'stack').hi)
      s.writeUnknown(payload(ptr, 'stack').lo, p.size);
  });
  for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
  s.regs[0] = NUMBER_TOP;
}

export function helperResult(
  sem: Semantics,
  s: State,
  pc: number,
  proto: HelperPrototype,
  mapFds: readonly number[] | undefined,
  allocSize: number | undefined,
): Value {
  const fresh = (): number => {
    s.mapValues((x) => {
      if (x.fdMaybeNull && x.fdMaybeNull.nullId === pc) return { ...x, fdMaybeNull: { ...x.fdMaybeNull, nullId: -1 } };
      for (const key of ['shared', 'alloc', 'btf'] as const) {
        const m = x[key];
        if (m && m.nullId === pc) return { ...x, [key]: { ...m, nullId: -1 } };
      }
      return x;
    });
    return pc;
  };
  switch (proto.returns) {
    case 'integer':
    case 'integer_or_no_return_if_succeed':
      return NUMBER_TOP;
    case 'void':
      return UNINIT;
    case 'ptr_to_map_value_or_null': {
      const maps = (mapFds ?? []).map((m) => sem.program.maps[m]).filter((m): m is MapDefinition => !!m);
      const inner = maps.find((m) => m.typeInfo?.kind === 'hash_of_maps' || m.typeInfo?.kind === 'array_of_maps');
      if (inner && inner.innerMapIndex !== undefined) {
        // Map-in-map: the result is the inner map, or NULL when the key is missing.
        const fdMaybeNull = { nullId: fresh(), origin: pc };
        return sem.program.maps[inner.innerMapIndex]?.typeInfo?.kind === 'prog_array'
          ? { t: T.mapProgs, progFds: [inner.innerMapIndex], fdMaybeNull }
          : { t: T.mapFd, fds: [inner.innerMapIndex], fdMaybeNull };
      }
      const size = maps.length ? Math.min(...maps.map((m) => m.valueSize)) : 0;
      return {
        t: T.shared,
        shared: { maps: maps.map((m) => m.index), off: iv(0), size, nullable: true, nullId: fresh(), origin: pc },
      };
    }
    case 'ptr_to_alloc_mem_or_null': {
      const id = fresh();
      s.refs = [...new Set([...s.refs, id])].sort((a, b) => a - b);
      return {
        t: T.alloc,
        alloc: { maps: [], off: iv(0), size: allocSize ?? 0, nullable: true, nullId: id, origin: pc },
      };
    }
    case 'ptr_to_btf_id_or_null': {
      const id = fresh();
      // Socket lookups hand out references that must be released (bpf_sk_release).
      if (proto.effects ? proto.effects.acquires : /sk_lookup|skc_lookup/.test(proto.name))
        s.refs = [...new Set([...s.refs, id])].sort((a, b) => a - b);
      return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: true, nullId: id, origin: pc } };
    }
    case 'ptr_to_btf_id':
      return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: false, nullId: -1, origin: pc } };
  }
}
