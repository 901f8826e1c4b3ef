// The Variables view's content, as plain trees (the session turns them into DAP variables):
// Registers, Stack, Context, Packet and Maps scopes for a frame. Nodes that can be edited carry a
// `set` function; pointer-like nodes carry the address for the memory view.

import { contextFieldText } from './contextFields';
import { formatValue, type ValueNode } from '../core/btf/format';
import type { RuntimeMap } from '../core/vm/maps';
import { STACK_SIZE } from '../core/vm/interpreter';
import type { Region } from '../core/vm/memory';
import { decodePacket, type PacketField } from './packetDecode';
import type { EbpfRuntime } from './runtime';
import { cFramesAt, localsNodes } from './locals';
import { netifyNode } from './netFormat';
import { describePointer, fieldAt, hexBytes, leBytes, readLe, scalarText, summarize } from './values';

export interface VarNode {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  /** Hex address for the memory view. */
  readonly memoryReference?: string;
  /** An expression that evaluates to this value in the debug console. */
  readonly evaluateName?: string;
  readonly children?: () => VarNode[];
  /** Present when the value can be edited: returns the new node. Throws with a message on bad input. */
  readonly set?: (text: string) => VarNode;
}

export interface ScopeNode {
  readonly name: string;
  readonly presentationHint?: 'registers' | 'locals' | 'arguments';
  readonly expensive: boolean;
  readonly children: () => VarNode[];
}

function address(v: bigint): string {
  return `0x${BigInt.asUintN(64, v).toString(16)}`;
}

/** Parse what a user typed into a value cell: an expression over the current state. */
function parseNumber(rt: EbpfRuntime, text: string): bigint {
  return rt.evaluate(text).value;
}

export function registerText(rt: EbpfRuntime, v: bigint): { text: string; pointer: boolean } {
  const vm = rt.vm;
  const m = rt.execution.machine;
  const p = describePointer(vm.memory, v, vm.packet, (r) => frameOfRegion(rt, r), m.depth);
  if (p) return { text: `${p.text} (${address(v)})`, pointer: true };
  return { text: scalarText(v), pointer: false };
}

function frameOfRegion(rt: EbpfRuntime, r: Region): number | undefined {
  const i = rt.execution.machine.stacks.indexOf(r);
  return i >= 0 ? i : undefined;
}

function registerNodes(rt: EbpfRuntime, depth: number): VarNode[] {
  const env = rt.env(depth);
  const top = depth === rt.execution.machine.depth;
  const indices = top ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [6, 7, 8, 9, 10];
  return indices.map((i) => regNode(rt, i, env.register(i), top));
}

function regNode(rt: EbpfRuntime, i: number, v: bigint, editable: boolean): VarNode {
  const shown = registerText(rt, v);
  return {
    name: `r${i}`,
    value: shown.text,
    type: shown.pointer ? 'pointer' : 'u64',
    evaluateName: `r${i}`,
    ...(shown.pointer && { memoryReference: address(v) }),
    ...(editable &&
      i !== 10 && {
        set: (text: string) => {
          const nv = parseNumber(rt, text);
          rt.execution.setRegister(i, nv);
          return regNode(rt, i, nv, true);
        },
      }),
  };
}

/** Lowest r10-relative offset the function touches directly (`*(u64 *)(r10 - 16)`), as a positive depth. */
function staticStackDepth(rt: EbpfRuntime, depth: number): number {
  const frame = rt.execution.frames()[depth];
  const code = rt.execution.machine.frames()[depth]?.code;
  if (!frame || !code) throw new Error(`there is no frame ${depth}`);
  const program = rt.vm.codeAt(code.index)?.program ?? rt.program;
  const fn = program.functions.find((f) => frame.pc >= f.startPc && frame.pc < f.endPc);
  let deepest = 0;
  for (const insn of program.instructions) {
    if (fn && (insn.pc < fn.startPc || insn.pc >= fn.endPc)) continue;
    const cls = insn.opcode & 7;
    const base = cls === 1 ? insn.src : cls === 2 || cls === 3 ? insn.dst : -1;
    if (base === 10 && insn.offset < 0) deepest = Math.max(deepest, -insn.offset);
    // r = r10; r += -N  (an address of a stack buffer passed to a helper)
    if (insn.opcode === 0x07 && insn.imm < 0) deepest = Math.max(deepest, Math.min(STACK_SIZE, -insn.imm));
  }
  return deepest;
}

function stackNodes(rt: EbpfRuntime, depth: number): VarNode[] {
  const stack = rt.execution.machine.stacks[depth];
  if (!stack) throw new Error(`there is no stack for frame ${depth}`);
  const bytes = stack.bytes;
  let deepest = staticStackDepth(rt, depth);
  for (let i = 0; i < STACK_SIZE; i++) {
    if (bytes[i] !== 0) {
      deepest = Math.max(deepest, STACK_SIZE - i);
      break;
    }
  }
  const slots = Math.ceil(deepest / 8);
  const nodes: VarNode[] = [];
  for (let s = 1; s <= slots; s++) {
    const offset = STACK_SIZE - s * 8;
    nodes.push(stackSlot(rt, stack, offset, depth));
  }
  if (slots === 0) nodes.push({ name: '(empty)', value: 'nothing stored on the stack yet' });
  nodes.push({
    name: 'bytes',
    value: `${slots * 8} of ${STACK_SIZE} bytes in use`,
    memoryReference: address((BigInt(0x100 + stack.id) << 32n) | BigInt(STACK_SIZE - slots * 8)),
    children: () => hexRows(bytes, STACK_SIZE - slots * 8, STACK_SIZE, (o) => `r10${o - STACK_SIZE}`),
  });
  return nodes;
}

function stackSlot(rt: EbpfRuntime, stack: Region, offset: number, depth: number): VarNode {
  const raw = stack.bytes.subarray(offset, offset + 8);
  const v = readLe(raw, 0, 8);
  const shown = registerText(rt, v);
  const name = `[r10${offset - STACK_SIZE}]`;
  return {
    name,
    value: shown.pointer ? shown.text : `${hexBytes(raw)} = ${scalarText(v)}`,
    type: 'u64',
    evaluateName: `*(u64*)(${depth === rt.execution.machine.depth ? 'r10' : `0x${((BigInt(0x100 + stack.id) << 32n) | BigInt(STACK_SIZE)).toString(16)}`} - ${STACK_SIZE - offset})`,
    memoryReference: address((BigInt(0x100 + stack.id) << 32n) | BigInt(offset)),
    set: (text) => {
      stack.bytes.set(leBytes(parseNumber(rt, text), 8), offset);
      return stackSlot(rt, stack, offset, depth);
    },
  };
}

function hexRows(bytes: Uint8Array, from: number, to: number, label: (offset: number) => string): VarNode[] {
  const rows: VarNode[] = [];
  for (let at = from; at < to; at += 16)
    rows.push({
      name: label(at),
      value: Array.from(bytes.subarray(at, Math.min(to, at + 16)), (b) => b.toString(16).padStart(2, '0')).join(' '),
    });
  return rows;
}

function contextNodes(rt: EbpfRuntime): VarNode[] {
  const type = rt.vm.programType;
  const ctx = rt.vm.ctxRegion;
  if (!ctx) return [{ name: '(none)', value: 'this run has no context' }];
  if (!type || ctx.kind !== 'ctx')
    return [
      {
        name: 'memory',
        value: `${ctx.bytes.length} bytes`,
        memoryReference: address(BigInt(0x100 + ctx.id) << 32n),
        children: () => hexRows(ctx.bytes, 0, ctx.bytes.length, (o) => `+${o}`),
      },
    ];
  return type.context.fields.map((f) => ctxField(rt, f.name));
}

function ctxField(rt: EbpfRuntime, name: string): VarNode {
  const ctx = rt.vm.ctxRegion;
  const f = rt.vm.programType?.context.fields.find((x) => x.name === name);
  if (!ctx || !f) return { name, value: 'not a context field of this run' };
  const pointer = f.kind === 'packet_start' || f.kind === 'packet_end' || f.kind === 'packet_meta';
  if (pointer) {
    const v = rt.evaluate(`ctx.${f.name}`).value;
    return {
      name: f.name,
      value: registerText(rt, v).text,
      type: f.cType,
      evaluateName: `ctx.${f.name}`,
      memoryReference: address(v),
    };
  }
  if (f.size > 8 || (f.count ?? 1) > 1) {
    const bytes = ctx.bytes.subarray(f.offset, f.offset + f.size * Math.max(1, f.size > 8 ? 1 : (f.count ?? 1)));
    const readable = contextFieldText(f, bytes);
    return {
      name: f.name,
      value: readable ? `${readable} [${hexBytes(bytes)}]` : hexBytes(bytes),
      type: f.cType,
      memoryReference: address((BigInt(0x100 + ctx.id) << 32n) | BigInt(f.offset)),
    };
  }
  const v = readLe(ctx.bytes, f.offset, f.size);
  const named = f.values?.[Number(v)];
  const readable = contextFieldText(f, ctx.bytes.subarray(f.offset, f.offset + f.size));
  return {
    name: f.name,
    value: named ? `${named} (${v})` : (readable ?? `${v}${v > 9n ? ` (0x${v.toString(16)})` : ''}`),
    type: f.cType,
    evaluateName: `ctx.${f.name}`,
    // The debugger may change any scalar field, also those the program may only read.
    set: (text) => {
      ctx.bytes.set(leBytes(parseNumber(rt, text), f.size), f.offset);
      return ctxField(rt, name);
    },
  };
}

function packetFieldNode(f: PacketField, base: bigint): VarNode {
  const children = f.children;
  return {
    name: f.name,
    value: f.value,
    memoryReference: address(base + BigInt(f.offset)),
    ...(children && children.length > 0 && { children: () => children.map((c) => packetFieldNode(c, base)) }),
  };
}

function packetNodes(rt: EbpfRuntime): VarNode[] {
  const p = rt.vm.packet;
  if (!p) return [{ name: '(none)', value: 'this program type has no packet' }];
  const bytes = p.bytes();
  const base = (BigInt(0x100 + p.region.id) << 32n) | BigInt(p.data);
  const nodes = decodePacket(bytes).map((f) => packetFieldNode(f, base));
  if (p.data > p.meta)
    nodes.push({
      name: 'metadata',
      value: hexBytes(p.metaBytes()),
      memoryReference: address((BigInt(0x100 + p.region.id) << 32n) | BigInt(p.meta)),
    });
  return nodes;
}

function formatted(rt: EbpfRuntime, typeId: number, bytes: Uint8Array, name: string): ValueNode | undefined {
  const btf = rt.program.btf;
  if (!btf || typeId === 0) return undefined;
  try {
    // Addresses, ports and MACs of keys and values read as a network engineer reads them.
    return netifyNode(formatValue(btf, typeId, bytes, name), bytes);
  } catch {
    return undefined;
  }
}

function valueTree(
  rt: EbpfRuntime,
  map: RuntimeMap,
  node: ValueNode,
  bytes: Uint8Array,
  path: string[],
  refresh: () => VarNode,
  base: bigint | undefined,
): VarNode {
  const btf = rt.program.btf;
  const slot = btf && map.def.valueTypeId ? safeFieldAt(btf, map.def.valueTypeId, path) : undefined;
  const children = node.children;
  return {
    name: node.name,
    value: summarize(node),
    type: node.type,
    ...(base !== undefined && { memoryReference: address(base + BigInt(node.offset)) }),
    ...(children && {
      children: () => children.map((c) => valueTree(rt, map, c, bytes, [...path, c.name], refresh, base)),
    }),
    ...(slot && {
      set: (text: string) => {
        bytes.set(leBytes(parseNumber(rt, text), slot.size), slot.offset);
        const again = formatted(rt, map.def.valueTypeId, bytes, node.name);
        const fresh = again ? findNode(again, path) : undefined;
        return fresh ? valueTree(rt, map, fresh, bytes, path, refresh, base) : refresh();
      },
    }),
  };
}

function safeFieldAt(
  btf: NonNullable<EbpfRuntime['program']['btf']>,
  typeId: number,
  path: string[],
): ReturnType<typeof fieldAt> {
  try {
    return fieldAt(btf, typeId, path);
  } catch {
    return undefined;
  }
}

function findNode(root: ValueNode, path: string[]): ValueNode | undefined {
  let n: ValueNode | undefined = root;
  for (const step of path) n = n?.children?.find((c) => c.name === step);
  return n;
}

/** One map value (one CPU's): BTF-typed when known, else hex; editable as a whole with hex. */
function valueNode(
  rt: EbpfRuntime,
  map: RuntimeMap,
  name: string,
  bytes: Uint8Array,
  evaluateName: string | undefined,
): VarNode {
  const f = formatted(rt, map.def.valueTypeId, bytes, name);
  const base = valueAddress(rt, map, bytes);
  const refresh = (): VarNode => valueNode(rt, map, name, bytes, evaluateName);
  const setHex = (text: string): VarNode => {
    const clean = text.replace(/[\s"]/g, '').replace(/^0x/i, '');
    if (!/^([0-9a-fA-F]{2})+$/.test(clean) || clean.length / 2 !== bytes.length) {
      throw new Error(`give the ${bytes.length}-byte value as ${bytes.length * 2} hex digits (memory order)`);
    }
    bytes.set(Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16)));
    return refresh();
  };
  if (!f)
    return {
      name,
      value: hexBytes(bytes),
      type: `${bytes.length} bytes`,
      ...(evaluateName !== undefined && { evaluateName }),
      ...(base !== undefined && { memoryReference: address(base) }),
      set: setHex,
    };
  const tree = valueTree(rt, map, f, bytes, [], refresh, base);
  const set = tree.set ?? (f.children ? setHex : undefined);
  return { ...tree, ...(evaluateName !== undefined && { evaluateName }), ...(set && { set }) };
}

function valueAddress(rt: EbpfRuntime, map: RuntimeMap, bytes: Uint8Array): bigint | undefined {
  for (const e of map.entries()) {
    const cpu = e.values.indexOf(bytes);
    if (cpu >= 0) {
      const r = rt.vm.valueRegion(map, e, cpu);
      return BigInt(0x100 + r.id) << 32n;
    }
  }
  return undefined;
}

function keyText(rt: EbpfRuntime, map: RuntimeMap, key: Uint8Array): string {
  const f = formatted(rt, map.def.keyTypeId, key, '');
  if (f) return f.children ? summarize(f, 80) : f.value;
  return key.length <= 8 && (map.kind === 'array' || map.kind === 'percpu_array')
    ? String(readLe(key, 0, key.length))
    : hexBytes(key);
}

function mapNode(rt: EbpfRuntime, map: RuntimeMap): VarNode {
  const entries = map.entries();
  const kind = map.def.typeInfo?.name ?? map.kind;
  const isArray = map.kind === 'array' || map.kind === 'percpu_array';
  const used = isArray ? entries.filter((e) => e.values.some((v) => v.some((b) => b !== 0))).length : entries.length;
  const summary = isArray
    ? `${kind}, ${used} of ${map.def.maxEntries} non-zero`
    : `${kind}, ${entries.length} of ${map.def.maxEntries} entries`;
  return {
    name: map.name,
    value: summary,
    type: kind,
    children: () => {
      const out: VarNode[] = [];
      const limit = 1000;
      for (const e of entries.slice(0, limit)) {
        const k = keyText(rt, map, e.key);
        const label = isArray ? `[${k}]` : k;
        const lookup =
          map.def.keySize <= 8 && (isArray || /^\d+$/.test(k))
            ? `${map.name}[${readLe(e.key, 0, e.key.length)}]`
            : `${map.name}["${hexBytes(e.key)}"]`;
        if (map.perCpu) {
          out.push({
            name: label,
            value: `${e.values.length} CPUs`,
            children: () => e.values.map((v, cpu) => valueNode(rt, map, `cpu ${cpu}`, v, undefined)),
          });
        } else {
          const [value] = e.values;
          out.push(value ? valueNode(rt, map, label, value, lookup) : { name: label, value: 'no value' });
        }
      }
      if (entries.length > limit) out.push({ name: '…', value: `${entries.length - limit} more entries` });
      if (map.kind === 'queue' || map.kind === 'stack' || map.kind === 'ringbuf' || map.kind === 'perf_event_array') {
        out.push(...map.items.map((item, i) => ({ name: `item ${i}`, value: hexBytes(item.data) })));
      }
      if (out.length === 0) out.push({ name: '(empty)', value: 'no entries' });
      return out;
    },
  };
}

function globalsNode(rt: EbpfRuntime, map: RuntimeMap): VarNode | undefined {
  const vars = rt.prepared.object.globals.filter((g) => g.mapIndex === map.def.index);
  const bytes = map.entries()[0]?.values[0];
  if (!bytes || vars.length === 0) return undefined;
  const btf = rt.program.btf;
  return {
    name: map.name,
    value: `global data, ${vars.length} variable${vars.length === 1 ? '' : 's'}`,
    children: () =>
      vars.map((g) => {
        const slice = bytes.subarray(g.offset, g.offset + g.size);
        const f = btf ? formatValue(btf, g.typeId, slice, g.name) : undefined;
        return { name: g.name, value: f ? summarize(f) : hexBytes(slice), ...(f && { type: f.type }) };
      }),
  };
}

export function mapNodes(rt: EbpfRuntime): VarNode[] {
  if (rt.vm.maps.length === 0) return [{ name: '(none)', value: 'the program declares no maps' }];
  return rt.vm.maps.map((m) =>
    m.def.origin === 'global-data' ? (globalsNode(rt, m) ?? mapNode(rt, m)) : mapNode(rt, m),
  );
}

export function scopesFor(rt: EbpfRuntime, depth: number, level = 0): ScopeNode[] {
  const scopes: ScopeNode[] = [];
  // Stopped at the exit of a run: what it returned, first.
  const result = depth === rt.execution.machine.depth ? rt.exitResult : undefined;
  if (result)
    scopes.push({
      name: 'Result',
      expensive: false,
      children: () => [
        {
          name: 'return value',
          value: result.returnName ? `${result.returnName} (${result.returnValue})` : `${result.returnValue}`,
          type: 'int',
        },
        { name: 'instructions', value: String(result.instructions) },
      ],
    });
  // C variables by name, where the object has DWARF for this pc.
  if (cFramesAt(rt, depth).length > 0)
    scopes.push({
      name: 'Locals',
      presentationHint: 'locals',
      expensive: false,
      children: () => localsNodes(rt, depth, level),
    });
  scopes.push(
    { name: 'Registers', presentationHint: 'registers', expensive: false, children: () => registerNodes(rt, depth) },
    { name: 'Stack', presentationHint: 'locals', expensive: false, children: () => stackNodes(rt, depth) },
  );
  if (rt.vm.ctxRegion)
    scopes.push({ name: 'Context', presentationHint: 'arguments', expensive: false, children: () => contextNodes(rt) });
  if (rt.vm.packet) scopes.push({ name: 'Packet', expensive: false, children: () => packetNodes(rt) });
  scopes.push({ name: 'Maps', expensive: false, children: () => mapNodes(rt) });
  return scopes;
}

/** A map lookup result for the debug console: the decoded entry, or "no entry". */
export function lookupNode(rt: EbpfRuntime, mapName: string, key: Uint8Array, name: string): VarNode | undefined {
  const map = rt.vm.map(mapName);
  if (!map) return undefined;
  const e = map.get(key);
  if (!e) return undefined;
  if (map.perCpu)
    return {
      name,
      value: `${e.values.length} CPUs`,
      children: () => e.values.map((v, cpu) => valueNode(rt, map, `cpu ${cpu}`, v, undefined)),
    };
  const [value] = e.values;
  return value ? valueNode(rt, map, name, value, name) : { name, value: 'no value' };
}
