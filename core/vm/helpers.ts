// Helper implementations keyed by the C name the platform profile gives for an id, so one table
// serves Windows and Linux numbering. Each reads r1..r5 from the machine and sets r0.

import type { HelperPrototype } from '../platform/types';
import { VmError, type VmLocation } from './errors';
import type { Machine } from './interpreter';
import { errnoValue, u32le, type MapErrno, type RuntimeMap } from './maps';
import { ETH_HLEN, MAX_META } from './context';
import { HI_BASE } from './memory';
import type { RegIndex } from './registers';
import { formatFromBytes, formatLinux, formatWindows, type PrintkResult } from './printk';
import type { PrintkEvent, Vm } from './vm';
import { parseIpv6 } from '../net/ipv6';
import { sameBytes } from '../hex/index';

export type HelperImpl = (m: Machine, vm: Vm, proto: HelperPrototype) => void;

function set0(m: Machine, lo: number, hi = lo < 0 ? -1 : 0): void {
  m.lo[0] = lo | 0;
  m.hi[0] = hi | 0;
}

function set0big(m: Machine, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  m.lo[0] = Number(u & 0xffffffffn) | 0;
  m.hi[0] = Number(u >> 32n) | 0;
}

function arg(m: Machine, i: RegIndex): bigint {
  return (BigInt(m.hi[i] >>> 0) << 32n) | BigInt(m.lo[i] >>> 0);
}

/** Bytes at the pointer in register `r` (a view, no copy). Faults like a load would. */
function mem(m: Machine, r: RegIndex, size: number, write: boolean): Uint8Array {
  try {
    return m.memory.bytesAt(m.hi[r], m.lo[r], size, write);
  } catch (reason) {
    if (typeof reason !== 'string') throw reason;
    throw m.fault(m.pc, m.hi[r], m.lo[r], size, write, `helper argument r${r}: ${reason}`);
  }
}

/** Size argument in register `r` (u32 semantics; large values fault when the memory is checked). */
/**
 * The region bytes holding `size` bytes at the pointer in register `r`, the offset in
 * m.memory.lastOffset (no view is allocated). Faults like `mem`.
 */
function memIn(m: Machine, r: RegIndex, size: number, write: boolean): Uint8Array {
  const bytes = m.memory.regionBytes(m.hi[r], m.lo[r], size, write);
  return bytes ?? mem(m, r, size, write);
}

function size(m: Machine, r: RegIndex): number {
  return m.hi[r] !== 0 ? 0x7fffffff : m.lo[r] >>> 0;
}

function theMap(m: Machine, vm: Vm, r: RegIndex = 1): RuntimeMap {
  const map = vm.mapAt(m.hi[r], m.lo[r]);
  if (!map) throw new VmError(`helper argument r${r} is not a map pointer`, m.location());
  return map;
}

function fail(m: Machine, vm: Vm, e: MapErrno): void {
  set0(m, errnoValue(vm.platform.id, e));
}

function lookup(m: Machine, vm: Vm, remove: boolean): void {
  const map = theMap(m, vm);
  if (map.kind === 'queue' || map.kind === 'stack') {
    // Windows lookup_and_delete on a queue/stack pops (key is unused).
    set0(m, 0, 0);
    return;
  }
  const keyBytes = memIn(m, 2, map.keySize, false);
  const entry = map.lookup(keyBytes, m.memory.lastOffset);
  if (!entry) {
    set0(m, 0, 0);
    return;
  }
  vm.journal?.(map);
  if (map.kind === 'array_of_maps' || map.kind === 'hash_of_maps') {
    // The value is an inner map index; the program gets that map's handle.
    const inner = vm.maps[u32le(entry.values[0])];
    if (!inner) {
      set0(m, 0, 0);
      return;
    }
    const [lo, hi] = vm.mapHandle(inner);
    set0(m, lo, hi);
    return;
  }
  if (remove) {
    // The value must outlive the delete for the program: copy it into helper memory.
    const value = entry.values[map.perCpu ? vm.cpu : 0];
    if (value === undefined) throw new VmError(`map '${map.name}' has no value for CPU ${vm.cpu}`, m.location());
    const copy = value.slice();
    map.delete(entry.key);
    const region = m.memory.allocate('helper', `value removed from map '${map.name}'`, copy);
    vm.scratch.push(region);
    set0(m, 0, HI_BASE + region.id);
    return;
  }
  set0(m, 0, vm.valueHi(map, entry, vm.cpu));
}

/** The printk helpers' value arguments: r3..r5. */
const PRINTK_ARG_REGS: readonly RegIndex[] = [3, 4, 5];

/** A printk event at `location` with the formatter's result. */
function printkEvent(result: PrintkResult, location: VmLocation): PrintkEvent {
  return {
    text: result.ok ? result.text : undefined,
    ...(result.ok ? {} : { error: result.reason }),
    pc: location.pc,
    ...(location.source ? { source: location.source } : {}),
    program: location.program ?? '',
  };
}

function printk(m: Machine, vm: Vm, proto: HelperPrototype): void {
  const fmtSize = size(m, 2);
  const fmtBytes = mem(m, 1, fmtSize, false);
  const { fmt, terminated } = formatFromBytes(fmtBytes);
  const location = m.location();
  let result;
  if (vm.platform.id === 'windows') {
    const count = Math.max(0, proto.args.length - 2);
    const values = PRINTK_ARG_REGS.slice(0, count).map((r) => arg(m, r));
    result =
      fmtSize < 2 || fmtSize > 511
        ? { ok: false as const, reason: `format size ${fmtSize} is outside 2..511 bytes` }
        : formatWindows(fmt, values);
  } else if (!terminated) {
    result = { ok: false as const, reason: 'format string is not NUL-terminated within fmt_size' };
  } else {
    result = formatLinux(
      fmt,
      printkArgs(
        m,
        PRINTK_ARG_REGS.map((r) => arg(m, r)),
      ),
    );
  }
  vm.emitPrintk(printkEvent(result, location));
  if (!result.ok) set0(m, vm.platform.id === 'windows' ? -1 : -22);
  else set0(m, new TextEncoder().encode(result.text).length);
}

function printkArgs(m: Machine, values: bigint[]): Parameters<typeof formatLinux>[1] {
  const read = (address: bigint, n: number): Uint8Array | undefined => {
    try {
      return m.memory.bytesAt(Number(address >> 32n) | 0, Number(address & 0xffffffffn) | 0, n, false);
    } catch {
      return undefined;
    }
  };
  return {
    values,
    readBytes: read,
    readString(address, max) {
      let s = '';
      for (let i = 0; i < max; i++) {
        const c = read(address + BigInt(i), 1)?.[0];
        if (c === undefined) return i === 0 ? undefined : s;
        if (c === 0) return s;
        s += String.fromCharCode(c);
      }
      return s;
    },
  };
}

/** One's-complement sum of 32-bit little-endian words, folded to 32 bits (csum_partial). */
function csumDiff(from: Uint8Array, to: Uint8Array, seed: number): number {
  let sum = seed >>> 0;
  const add = (w: number): void => {
    sum += w >>> 0;
  };
  const fv = new DataView(from.buffer, from.byteOffset, from.byteLength);
  const tv = new DataView(to.buffer, to.byteOffset, to.byteLength);
  for (let i = 0; i < from.length; i += 4) add(~fv.getUint32(i, true));
  for (let i = 0; i < to.length; i += 4) add(tv.getUint32(i, true));
  while (sum > 0xffffffff) sum = (sum % 0x100000000) + Math.floor(sum / 0x100000000);
  return sum >>> 0;
}

function tailCall(m: Machine, vm: Vm): void {
  const map = theMap(m, vm, 2);
  if (map.kind !== 'prog_array')
    throw new VmError(`bpf_tail_call: map '${map.name}' is not a program array`, m.location());
  const index = m.lo[3] >>> 0;
  const entry = m.hi[3] === 0 ? map.get(new Uint8Array(new Uint32Array([index]).buffer)) : undefined;
  const target = entry ? vm.codeAt(u32le(entry.values[0])) : undefined;
  if (!target || vm.tailCalls >= vm.platform.maxTailCalls) {
    // A failed tail call returns an error and the program carries on.
    set0(m, vm.platform.id === 'windows' ? -6 : -2);
    return;
  }
  vm.tailCalls++;
  if (vm.platform.id === 'windows') {
    // Deferred: the target runs after this program returns.
    vm.deferredTail = target;
    set0(m, 0, 0);
    return;
  }
  m.tailCallTarget = target;
  m.stopRequest = 1;
  // The callee starts with r1 = ctx (unchanged) and the current frame's stack pointer.
}

function adjust(m: Machine, vm: Vm, which: 'head' | 'tail' | 'meta'): void {
  const p = vm.packet;
  const einval = (): void => set0(m, vm.platform.id === 'windows' ? -1 : -22);
  if (!p) return einval();
  const delta = m.lo[2];
  if (which === 'head') {
    const data = p.data + delta;
    const metaLen = p.data - p.meta;
    if (data - metaLen < 0 || p.dataEnd - data < ETH_HLEN) return einval();
    if (metaLen > 0) p.region.bytes.copyWithin(data - metaLen, p.meta, p.data);
    p.data = data;
    p.meta = data - metaLen;
  } else if (which === 'tail') {
    const end = p.dataEnd + delta;
    if (end > p.region.bytes.length || end - p.data < ETH_HLEN) return einval();
    if (delta > 0) p.region.bytes.fill(0, p.dataEnd, end);
    p.dataEnd = end;
  } else {
    const meta = p.meta + delta;
    const len = p.data - meta;
    if (meta > p.data || meta < 0) return einval();
    if (len > MAX_META || (len & 3) !== 0) return set0(m, vm.platform.id === 'windows' ? -1 : -13);
    p.meta = meta;
  }
  p.commit();
  set0(m, 0, 0);
}

/** A route's IPv6 destination (undefined when it does not parse) against the looked-up address. */
function sameRoute(dst: Uint8Array | undefined, address: Uint8Array): boolean {
  return dst !== undefined && sameBytes(dst, address);
}

function fibLookup(m: Machine, vm: Vm): void {
  const plen = size(m, 3);
  const params = mem(m, 2, Math.max(plen, 64), true);
  const family = params[0];
  const v4 = family === 2 ? [...params.subarray(32, 36)].join('.') : undefined;
  const v6 = params.subarray(32, 48);
  const route = (vm.options.fibRoutes ?? []).find((r) =>
    v4 !== undefined ? r.dst === v4 : sameRoute(parseIpv6(r.dst), v6),
  );
  if (!route) {
    set0(m, 4); // BPF_FIB_LKUP_RET_NOT_FWDED
    return;
  }
  new DataView(params.buffer, params.byteOffset).setUint32(8, route.ifindex, true);
  params.set(mac(route.smac), 52);
  params.set(mac(route.dmac), 58);
  set0(m, route.result ?? 0);
}

function mac(text: string): Uint8Array {
  const parts = text.split(/[:-]/).map((h) => parseInt(h, 16));
  if (parts.length !== 6 || parts.some((p) => !(p >= 0 && p <= 255)))
    throw new VmError(`fib route: '${text}' is not a MAC address`);
  return Uint8Array.from(parts);
}

function copyHelper(m: Machine, overlapping: boolean): void {
  const dstSize = size(m, 2);
  const srcSize = size(m, 4);
  const dst = mem(m, 1, dstSize, true);
  const src = mem(m, 3, srcSize, false);
  if (srcSize > dstSize) {
    dst.fill(0);
    set0(m, -22);
    return;
  }
  if (overlapping) dst.set(src.slice());
  else dst.set(src);
  set0(m, 0, 0);
}

const mapUpdate: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const key = memIn(m, 2, map.keySize, false);
  const keyAt = m.memory.lastOffset;
  const value = memIn(m, 3, map.valueSize, false);
  const valueAt = m.memory.lastOffset;
  vm.journal?.(map);
  const e = map.update(key, value, m.lo[4] >>> 0, -1, keyAt, valueAt);
  if (e) fail(m, vm, e);
  else set0(m, 0, 0);
};

const mapDelete: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const key = mem(m, 2, map.def.keySize, false);
  vm.journal?.(map);
  const e = map.delete(key);
  if (e) fail(m, vm, e);
  else set0(m, 0, 0);
};

const push: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const e = map.push(mem(m, 2, map.def.valueSize, false), m.lo[3] >>> 0);
  if (e) fail(m, vm, e);
  else set0(m, 0, 0);
};

function popPeek(remove: boolean): HelperImpl {
  return (m, vm) => {
    const map = theMap(m, vm);
    const out = mem(m, 2, map.def.valueSize, true);
    const v = map.pop(remove);
    if (!v) return fail(m, vm, 'ENOENT');
    out.set(v);
    set0(m, 0, 0);
  };
}

const ringbufOutput: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const e = map.output(mem(m, 2, size(m, 3), false), vm.cpu);
  if (e)
    set0(m, vm.platform.id === 'windows' ? -29 : -11); // no space: EBPF_OUT_OF_SPACE / -EAGAIN
  else set0(m, 0, 0);
};

const perfOutput: HelperImpl = (m, vm) => {
  const map = theMap(m, vm, 2);
  const data = mem(m, 4, size(m, 5), false);
  const flags = arg(m, 3);
  const cpuField = Number(flags & 0xffffffffn);
  const cpu = cpuField === 0xffffffff ? vm.cpu : cpuField;
  if (cpu >= vm.cpus) return fail(m, vm, 'E2BIG');
  // Bits 32..51: number of ctx packet bytes to append (program types with packet data).
  const ctxBytes = Number((flags >> 32n) & 0xfffffn);
  let record = data.slice();
  if (ctxBytes > 0 && vm.packet) {
    const packet = vm.packet.bytes().subarray(0, ctxBytes);
    record = new Uint8Array(data.length + packet.length);
    record.set(data);
    record.set(packet, data.length);
  }
  map.output(record, cpu);
  set0(m, 0, 0);
};

function ringbufReserve(m: Machine, vm: Vm): void {
  const map = theMap(m, vm);
  const n = size(m, 2);
  const need = 8 + ((n + 7) & ~7);
  if (map.kind !== 'ringbuf' || map.ringUsed + need > map.def.maxEntries) {
    set0(m, 0, 0);
    return;
  }
  map.ringUsed += need;
  const region = m.memory.allocate('helper', `ring buffer record of '${map.name}'`, new Uint8Array(n));
  vm.scratch.push(region);
  reservations.set(region, map);
  set0(m, 0, HI_BASE + region.id);
}

const reservations = new WeakMap<object, RuntimeMap>();

function ringbufCommit(submit: boolean): HelperImpl {
  return (m, vm) => {
    const region = m.memory.regionOfHi(m.hi[1]);
    const map = region ? reservations.get(region) : undefined;
    if (!region || !map || m.lo[1] !== 0)
      throw new VmError('bpf_ringbuf_submit/discard: argument is not a reserved record', m.location());
    reservations.delete(region);
    map.ringUsed -= 8 + ((region.bytes.length + 7) & ~7);
    if (submit) map.output(region.bytes, vm.cpu);
    m.memory.release(region);
    set0(m, 0, 0);
  };
}

const skbLoadBytes: HelperImpl = (m, vm) => {
  const p = vm.packet;
  const offset = m.lo[2] >>> 0;
  const n = size(m, 4);
  const to = mem(m, 3, n, true);
  if (!p || offset + n > p.dataEnd - p.data) {
    to.fill(0);
    set0(m, -14); // -EFAULT
    return;
  }
  to.set(p.region.bytes.subarray(p.data + offset, p.data + offset + n));
  set0(m, 0, 0);
};

const skbStoreBytes: HelperImpl = (m, vm) => {
  const p = vm.packet;
  const offset = m.lo[2] >>> 0;
  const n = size(m, 4);
  const from = mem(m, 3, n, false);
  if (!p || offset + n > p.dataEnd - p.data) {
    set0(m, -14);
    return;
  }
  p.region.bytes.set(from, p.data + offset);
  set0(m, 0, 0);
};

const getComm: HelperImpl = (m, vm) => {
  const n = size(m, 2);
  const out = mem(m, 1, n, true);
  out.fill(0);
  const comm = new TextEncoder().encode(vm.process.comm).subarray(0, Math.max(0, n - 1));
  out.set(comm);
  set0(m, 0, 0);
};

const redirectMap: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const key = new Uint8Array(new Uint32Array([m.lo[2] >>> 0]).buffer);
  const found = map.get(key.subarray(0, map.def.keySize));
  // Linux: XDP_REDIRECT (4) on success, else the low two bits of flags (the fallback action).
  set0(m, found ? 4 : m.lo[3] & 3);
};

const strnlen: HelperImpl = (m) => {
  const s = mem(m, 1, size(m, 2), false);
  const nul = s.indexOf(0);
  set0(m, nul < 0 ? s.length : nul);
};

/** The pc of a callback function pointer (lddw src=4), or a fault. */
function callbackPc(m: Machine, r: RegIndex): number {
  const pc = m.functionPcOf(m.hi[r], m.lo[r]);
  if (pc < 0) throw new VmError(`helper argument r${r} is not a function of this program`, m.location());
  return pc;
}

const bpfLoop: HelperImpl = (m) => {
  const count = m.lo[1] >>> 0;
  if (m.hi[1] !== 0 || count > 1 << 23) return set0(m, -7); // -E2BIG
  if (m.lo[4] !== 0 || m.hi[4] !== 0) return set0(m, -22);
  const target = callbackPc(m, 2);
  const ctx: [number, number] = [m.lo[3], m.hi[3]];
  let i = 0;
  while (i < count) {
    const r = m.callback(target, [[i, 0], ctx]);
    i++;
    if (r === 1) break;
  }
  set0(m, i, 0);
};

const forEachMapElem: HelperImpl = (m, vm) => {
  const map = theMap(m, vm);
  const target = callbackPc(m, 2);
  const ctx: [number, number] = [m.lo[3], m.hi[3]];
  const [mapLo, mapHi] = vm.mapHandle(map);
  let n = 0;
  for (const entry of map.entries()) {
    const keyRegion = m.memory.allocate(
      'helper',
      `key passed to a for_each callback of '${map.name}'`,
      entry.key.slice(),
      { readOnly: true },
    );
    vm.scratch.push(keyRegion);
    const value = vm.valueRegion(map, entry, vm.cpu);
    n++;
    const r = m.callback(target, [[mapLo, mapHi], [0, HI_BASE + keyRegion.id], [0, HI_BASE + value.id], ctx]);
    if (r === 1) break;
  }
  set0(m, n, 0);
};

/** Helpers that run BPF callbacks (which save and restore r6..r10 through the machine). */
export const HELPERS_RUNNING_CALLBACKS: ReadonlySet<string> = new Set(['bpf_loop', 'bpf_for_each_map_elem']);

export const HELPER_IMPLEMENTATIONS: Readonly<Record<string, HelperImpl>> = {
  bpf_loop: bpfLoop,
  bpf_for_each_map_elem: forEachMapElem,
  bpf_map_lookup_elem: (m, vm) => lookup(m, vm, false),
  bpf_map_lookup_and_delete_elem: (m, vm) => {
    const map = theMap(m, vm);
    if (map.kind === 'queue' || map.kind === 'stack') {
      const v = map.pop(true);
      if (!v) return set0(m, 0, 0);
      const region = m.memory.allocate('helper', `value popped from '${map.name}'`, v.slice());
      vm.scratch.push(region);
      return set0(m, 0, HI_BASE + region.id);
    }
    lookup(m, vm, true);
  },
  bpf_map_update_elem: mapUpdate,
  bpf_map_delete_elem: mapDelete,
  bpf_map_push_elem: push,
  bpf_map_pop_elem: popPeek(true),
  bpf_map_peek_elem: popPeek(false),
  bpf_tail_call: tailCall,
  bpf_get_prandom_u32: (m, vm) => set0(m, vm.nextRandom() | 0, 0),
  bpf_get_smp_processor_id: (m, vm) => set0(m, vm.cpu, 0),
  bpf_get_numa_node_id: (m) => set0(m, 0, 0),
  bpf_ktime_get_ns: (m, vm) => set0big(m, vm.nowNs(false)),
  bpf_ktime_get_coarse_ns: (m, vm) => set0big(m, vm.nowNs(false)),
  bpf_ktime_get_boot_ns: (m, vm) => set0big(m, vm.nowNs(true)),
  bpf_ktime_get_tai_ns: (m, vm) => set0big(m, vm.nowNs(true)),
  bpf_ktime_get_ms: (m, vm) => set0big(m, vm.nowNs(false) / 1_000_000n),
  bpf_ktime_get_boot_ms: (m, vm) => set0big(m, vm.nowNs(true) / 1_000_000n),
  // HZ = 250, as in Debian kernels.
  bpf_jiffies64: (m, vm) => set0big(m, vm.nowNs(false) / 4_000_000n),
  bpf_get_current_pid_tgid: (m, vm) => set0(m, vm.process.pid, vm.process.tgid),
  bpf_sock_addr_get_current_pid_tgid: (m, vm) => set0(m, vm.process.pid, vm.process.tgid),
  bpf_get_current_uid_gid: (m, vm) => set0(m, vm.process.uid, vm.process.gid),
  bpf_get_current_comm: getComm,
  bpf_get_current_logon_id: (m, vm) => set0big(m, vm.process.logonId),
  // eBPF for Windows' core returns -1 (not implemented); sock_addr programs get the real answer.
  bpf_is_current_admin: (m, vm) => set0(m, vm.programType?.name === 'sock_addr' ? (vm.process.isAdmin ? 1 : 0) : -1),
  bpf_get_current_process_start_key: (m, vm) => set0big(m, vm.process.processStartKey),
  bpf_get_current_thread_create_time: (m, vm) => set0big(m, vm.process.threadCreateTime),
  bpf_get_socket_cookie: (m) => set0(m, 0, 0),
  bpf_csum_diff: (m) => {
    const fromSize = size(m, 2);
    const toSize = size(m, 4);
    if (fromSize % 4 !== 0 || toSize % 4 !== 0) return set0(m, -22);
    const from = fromSize ? mem(m, 1, fromSize, false) : new Uint8Array(0);
    const to = toSize ? mem(m, 3, toSize, false) : new Uint8Array(0);
    set0(m, csumDiff(from, to, m.lo[5]) | 0, 0);
  },
  bpf_ringbuf_output: ringbufOutput,
  bpf_ringbuf_reserve: ringbufReserve,
  bpf_ringbuf_submit: ringbufCommit(true),
  bpf_ringbuf_discard: ringbufCommit(false),
  bpf_perf_event_output: perfOutput,
  bpf_trace_printk: printk,
  bpf_trace_printk2: printk,
  bpf_trace_printk3: printk,
  bpf_trace_printk4: printk,
  bpf_trace_printk5: printk,
  bpf_trace_vprintk: (m, vm) => {
    const fmtSize = size(m, 2);
    const { fmt, terminated } = formatFromBytes(mem(m, 1, fmtSize, false));
    const n = size(m, 4);
    const data = n ? mem(m, 3, n, false) : new Uint8Array(0);
    const values: bigint[] = [];
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i + 8 <= n; i += 8) values.push(dv.getBigUint64(i, true));
    const r = terminated
      ? formatLinux(fmt, printkArgs(m, values), 12)
      : { ok: false as const, reason: 'format not NUL-terminated' };
    vm.emitPrintk(printkEvent(r, m.location()));
    set0(m, r.ok ? r.text.length : -22);
  },
  bpf_memcpy_s: (m) => copyHelper(m, false),
  bpf_memcpy: (m) => copyHelper(m, false),
  bpf_memmove_s: (m) => copyHelper(m, true),
  bpf_memmove: (m) => copyHelper(m, true),
  bpf_memset: (m) => {
    mem(m, 1, size(m, 2), true).fill(m.lo[3] & 0xff);
    set0(m, 0, 0);
  },
  bpf_memcmp_s: (m) => {
    const a = mem(m, 1, size(m, 2), false);
    const b = mem(m, 3, size(m, 4), false);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] ?? 0;
      const y = b[i] ?? 0;
      if (x !== y) return set0(m, x < y ? -1 : 1);
    }
    set0(m, a.length === b.length ? 0 : a.length < b.length ? -1 : 1);
  },
  bpf_strnlen_s: strnlen,
  bpf_strncpy_s: (m) => {
    const dst = mem(m, 1, size(m, 2), true);
    const src = mem(m, 3, size(m, 4), false);
    const nul = src.indexOf(0);
    const len = nul < 0 ? src.length : nul;
    if (len >= dst.length) {
      if (dst.length) dst[0] = 0;
      return set0(m, -22);
    }
    dst.set(src.subarray(0, len));
    dst[len] = 0;
    set0(m, 0, 0);
  },
  bpf_strncat_s: (m) => {
    const dst = mem(m, 1, size(m, 2), true);
    const src = mem(m, 3, size(m, 4), false);
    const start = dst.indexOf(0);
    const nul = src.indexOf(0);
    const len = nul < 0 ? src.length : nul;
    if (start < 0 || start + len >= dst.length) return set0(m, -22);
    dst.set(src.subarray(0, len), start);
    dst[start + len] = 0;
    set0(m, 0, 0);
  },
  bpf_xdp_adjust_head: (m, vm) => adjust(m, vm, 'head'),
  bpf_xdp_adjust_tail: (m, vm) => adjust(m, vm, 'tail'),
  bpf_xdp_adjust_meta: (m, vm) => adjust(m, vm, 'meta'),
  bpf_fib_lookup: fibLookup,
  bpf_redirect_map: redirectMap,
  // Linux: XDP_REDIRECT for XDP programs, TC_ACT_REDIRECT for tc.
  bpf_redirect: (m, vm) => set0(m, vm.programType?.name === 'xdp' ? 4 : 7),
  bpf_skb_load_bytes: skbLoadBytes,
  bpf_skb_store_bytes: skbStoreBytes,
};
