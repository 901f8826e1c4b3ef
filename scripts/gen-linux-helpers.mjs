#!/usr/bin/env node
// Generates core/platform/linuxHelpers.generated.ts from the kernel UAPI header <linux/bpf.h>:
// every helper id and name of its __BPF_FUNC_MAPPER list (or ___BPF_FUNC_MAPPER in newer headers,
// which spells the ids), the C prototype documented in its comment block, argument and return kinds
// derived from those C types, and the helper's effects as flags (from the kernel's rules, listed
// below as data). The product reads only the generated module, never the header;
// test/unit/platform/linuxHelpers.test.ts checks the committed module against the header when the
// machine has one.
//
//   node scripts/gen-linux-helpers.mjs [--header /usr/include/linux/bpf.h] [--check]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(ROOT, 'core/platform/linuxHelpers.generated.ts');
export const DEFAULT_HEADER = '/usr/include/linux/bpf.h';

/** Helper ids and names, in id order, from the FUNC_MAPPER macro. */
export function parseMapper(text) {
  const start = text.search(/#define\s+_{2,3}BPF_FUNC_MAPPER\(/);
  if (start < 0) throw new Error('no __BPF_FUNC_MAPPER / ___BPF_FUNC_MAPPER macro in the header');
  const lines = text.slice(start).split('\n');
  const body = [];
  for (const line of lines) {
    body.push(line);
    if (!line.trimEnd().endsWith('\\')) break;
  }
  const out = [];
  for (const m of body.join('\n').matchAll(/\bFN\(\s*(\w+)\s*(?:,\s*(\d+)\s*)?(?:,[^)]*)?\)/g)) {
    const name = m[1];
    const id = m[2] !== undefined ? Number(m[2]) : out.length;
    out.push({ id, name });
  }
  if (out.length < 2 || out[0].name !== 'unspec') throw new Error('the helper list does not start with unspec');
  return out;
}

/** `bpf_name` -> its documented C prototype `{ ret, params: [{ type, name }] }`. */
export function parsePrototypes(text) {
  const protos = new Map();
  for (const m of text.matchAll(/^ \* ([A-Za-z_][\w ]*?[\s*]+)(bpf_\w+)\((.*)\)\s*$/gm)) {
    const ret = m[1].trim().replace(/\s+\*/g, ' *');
    const name = m[2];
    const raw = m[3].trim();
    const params =
      raw === 'void' || raw === ''
        ? []
        : raw.split(',').map((p) => {
            const t = p.trim();
            if (t === '...') return { type: '...', name: '...' };
            const pm = /^(.*?)(\w+)$/.exec(t);
            return pm ? { type: pm[1].trim().replace(/\s+\*/g, ' *'), name: pm[2] } : { type: t, name: '' };
          });
    if (!protos.has(name))
      protos.set(name, { ret, params, text: `${ret}${ret.endsWith('*') ? '' : ' '}${name}(${raw})` });
  }
  return protos;
}

// ---- The kernel's rules, as data (net/core/filter.c, kernel/bpf/verifier.c) -------------------------

/** bpf_helper_changes_pkt_data: after these every packet pointer is invalid. */
const CHANGES_PACKET = new Set([
  'skb_store_bytes',
  'l3_csum_replace',
  'l4_csum_replace',
  'clone_redirect',
  'skb_vlan_push',
  'skb_vlan_pop',
  'skb_change_proto',
  'skb_change_head',
  'skb_change_tail',
  'skb_adjust_room',
  'skb_pull_data',
  'xdp_adjust_head',
  'xdp_adjust_meta',
  'xdp_adjust_tail',
  'msg_pull_data',
  'msg_push_data',
  'msg_pop_data',
  'lwt_push_encap',
  'lwt_seg6_store_bytes',
  'lwt_seg6_adjust_srh',
  'lwt_seg6_action',
  'sock_ops_store_hdr_opt',
]);
/** Helpers whose result is a reference the program must release (is_acquire_function). */
const ACQUIRES = new Set(['sk_lookup_tcp', 'sk_lookup_udp', 'skc_lookup_tcp', 'ringbuf_reserve']);
/** Helpers that release the reference passed as their first argument (is_release_function). */
const RELEASES = new Set(['sk_release', 'ringbuf_submit', 'ringbuf_discard']);
/** The map-value argument is an output the helper fills (ARG_PTR_TO_MAP_VALUE | MEM_UNINIT). */
const WRITES_VALUE = new Set(['map_pop_elem', 'map_peek_elem']);

const LOOKUP_MAPS = [
  'hash',
  'array',
  'percpu_hash',
  'percpu_array',
  'lru_hash',
  'lru_percpu_hash',
  'lpm_trie',
  'array_of_maps',
  'hash_of_maps',
];
/** check_map_func_compatibility, seen from the helper: the map types its map argument may be. */
const MAP_TYPES = {
  map_lookup_elem: LOOKUP_MAPS,
  map_lookup_percpu_elem: ['percpu_hash', 'percpu_array', 'lru_percpu_hash'],
  redirect_map: ['devmap', 'devmap_hash', 'cpumap', 'xskmap'],
  ringbuf_output: ['ringbuf'],
  ringbuf_reserve: ['ringbuf'],
  ringbuf_reserve_dynptr: ['ringbuf'],
  ringbuf_query: ['ringbuf'],
  map_push_elem: ['queue', 'stack', 'bloom_filter'],
  map_pop_elem: ['queue', 'stack'],
  map_peek_elem: ['queue', 'stack', 'bloom_filter'],
  perf_event_output: ['perf_event_array'],
  perf_event_read: ['perf_event_array'],
  perf_event_read_value: ['perf_event_array'],
  skb_output: ['perf_event_array'],
  xdp_output: ['perf_event_array'],
  get_stackid: ['stack_trace'],
  skb_under_cgroup: ['cgroup_array'],
  current_task_under_cgroup: ['cgroup_array'],
  get_local_storage: ['cgroup_storage', 'percpu_cgroup_storage'],
  sk_storage_get: ['sk_storage'],
  sk_storage_delete: ['sk_storage'],
  task_storage_get: ['task_storage'],
  task_storage_delete: ['task_storage'],
  inode_storage_get: ['inode_storage'],
  inode_storage_delete: ['inode_storage'],
  cgrp_storage_get: ['cgrp_storage'],
  cgrp_storage_delete: ['cgrp_storage'],
  sk_redirect_map: ['sockmap'],
  msg_redirect_map: ['sockmap'],
  sock_map_update: ['sockmap'],
  sk_redirect_hash: ['sockhash'],
  msg_redirect_hash: ['sockhash'],
  sock_hash_update: ['sockhash'],
  sk_select_reuseport: ['reuseport_sockarray', 'sockmap', 'sockhash'],
  tail_call: ['prog_array'],
  user_ringbuf_drain: ['user_ringbuf'],
};
/** Map types whose entries the program may not create or delete with update/delete_elem. */
const NO_UPDATE = ['prog_array', 'perf_event_array', 'ringbuf', 'user_ringbuf', 'queue', 'stack', 'stack_trace'];

/** Helpers returning a map value pointer or NULL (RET_PTR_TO_MAP_VALUE_OR_NULL and the storages). */
const RETURNS_MAP_VALUE = new Set([
  'map_lookup_elem',
  'map_lookup_percpu_elem',
  'sk_storage_get',
  'task_storage_get',
  'inode_storage_get',
  'cgrp_storage_get',
]);

/** Helpers returning a trusted kernel object pointer that is never NULL (RET_PTR_TO_BTF_ID_TRUSTED). */
const NON_NULL_BTF = new Set(['get_current_task_btf']);

/** The context structs a helper's first argument names when it takes the program's context. */
const CTX_STRUCTS = new Set([
  'struct sk_buff *',
  'struct xdp_buff *',
  'struct xdp_md *',
  'struct sk_msg_buff *',
  'struct sk_msg_md *',
  'struct bpf_sock_ops *',
  'struct bpf_sock_addr *',
  'struct bpf_sysctl *',
  'struct sk_reuseport_md *',
  'struct pt_regs *',
  'struct bpf_perf_event_data *',
  'struct bpf_sock_ops_kern *',
  'struct bpf_sk_lookup *',
]);
const SIZE_NAMES = /^(size|len|.*_len|.*_size|size_of_buf|fmt_size|buf_size|data_len|len_diff|str_size|size_of_\w+)$/;
const SCALAR =
  /^(const )?(unsigned |signed )?(u8|u16|u32|u64|s32|s64|__u8|__u16|__u32|__u64|__s32|__s64|__be16|__be32|__wsum|int|long|char|__sum16|enum \w+|bool|__u64 \w*)$/;

function argKind(helper, params, i) {
  const p = params[i];
  const t = p.type;
  const next = params[i + 1];
  if (t === '...') return null;
  if (/^struct bpf_map \*$/.test(t)) return helper === 'tail_call' ? 'ptr_to_map_of_programs' : 'ptr_to_map';
  if (i === 0 && (p.name === 'ctx' || CTX_STRUCTS.has(t))) return 'ptr_to_ctx';
  if (SCALAR.test(t)) {
    const prev = params[i - 1];
    if (prev && prev.type.endsWith('*') && SIZE_NAMES.test(p.name)) return 'const_size_or_zero';
    return 'anything';
  }
  if (t === 'struct bpf_spin_lock *') return 'ptr_to_spin_lock';
  if (p.name === 'callback_fn') return 'ptr_to_func';
  if (p.name === 'callback_ctx') return 'ptr_to_stack_or_null';
  if (t === 'long *' || t === 'unsigned long *' || t === 'u64 *')
    return next && SIZE_NAMES.test(next.name) ? 'ptr_to_writable_mem' : 'ptr_to_long';
  const hasMap = params.some((q) => q.type === 'struct bpf_map *');
  if (hasMap && p.name === 'key') return 'ptr_to_map_key';
  if (hasMap && p.name === 'value') return 'ptr_to_map_value';
  if (p.name === 'data' && /^ringbuf_(submit|discard)$/.test(helper)) return 'ptr_to_alloc_mem';
  if (t.endsWith('*') && next && SIZE_NAMES.test(next.name) && SCALAR.test(next.type))
    return t.startsWith('const ') ? 'ptr_to_readable_mem' : 'ptr_to_writable_mem';
  if (
    /^(const )?struct \w+ \*$/.test(t) &&
    !/^(const )?struct bpf_(fib_lookup|tunnel_key|xfrm_state|sock_tuple|redir_neigh|perf_event_value|pidns_info|timer|dynptr|tcp_sock|sock) \*$/.test(
      t,
    )
  )
    return 'ptr_to_btf_id';
  if (/^(const )?struct bpf_sock \*$/.test(t)) return 'ptr_to_btf_id';
  return 'anything';
}

function returnKind(helper, ret) {
  if (ret === 'void') return 'void';
  if (RETURNS_MAP_VALUE.has(helper)) return 'ptr_to_map_value_or_null';
  if (helper === 'ringbuf_reserve') return 'ptr_to_alloc_mem_or_null';
  if (helper === 'tail_call') return 'integer_or_no_return_if_succeed';
  if (NON_NULL_BTF.has(helper)) return 'ptr_to_btf_id';
  if (/^struct \w+ \*$/.test(ret)) return 'ptr_to_btf_id_or_null';
  return 'integer';
}

function effects(helper) {
  const fx = {};
  if (CHANGES_PACKET.has(helper)) fx.changesPacket = true;
  if (ACQUIRES.has(helper)) fx.acquires = true;
  if (RELEASES.has(helper)) fx.releases = true;
  if (WRITES_VALUE.has(helper)) fx.writesMapValue = true;
  const maps = MAP_TYPES[helper];
  if (maps) fx.mapTypes = maps;
  if (helper === 'map_update_elem' || helper === 'map_delete_elem') fx.mapTypesRefused = NO_UPDATE;
  return fx;
}

/** The table's rows: { id, name, signature, args, returns, effects? } in id order. */
export function helperRows(headerText) {
  const list = parseMapper(headerText);
  const protos = parsePrototypes(headerText);
  const rows = [];
  for (const { id, name } of list) {
    if (name === 'unspec') continue;
    const proto = protos.get(`bpf_${name}`);
    if (!proto) throw new Error(`bpf_${name} (id ${id}) has no documented prototype in the header`);
    const args = [];
    for (let i = 0; i < proto.params.length; i++) {
      const k = argKind(name, proto.params, i);
      if (k === null) break;
      args.push(k);
    }
    // A variadic helper (trace_printk) takes up to five registers; the rest are plain values.
    if (proto.params.some((p) => p.type === '...')) while (args.length < 5) args.push('anything');
    const fx = effects(name);
    rows.push({
      id,
      name: `bpf_${name}`,
      signature: proto.text,
      args,
      returns: returnKind(name, proto.ret),
      ...(Object.keys(fx).length ? { effects: fx } : {}),
    });
  }
  return rows;
}

/** The generated module's text. */
export function generate(headerText, headerName) {
  const rows = helperRows(headerText);
  const body = rows.map((r) => `  ${JSON.stringify(r)},`).join('\n');
  return `// Generated by scripts/gen-linux-helpers.mjs from ${headerName}; do not edit.
// Every helper of the kernel UAPI list with its documented C prototype, argument and return kinds
// derived from those C types, and its effects from the kernel's rules (see the script).
import type { HelperArgKind, HelperEffects, HelperReturnKind } from './types';

export interface GeneratedHelper {
  readonly id: number;
  readonly name: string;
  readonly signature: string;
  readonly args: readonly HelperArgKind[];
  readonly returns: HelperReturnKind;
  readonly effects?: HelperEffects;
}

export const linuxHelperSource = ${JSON.stringify(headerName)};

export const generatedLinuxHelpers: readonly GeneratedHelper[] = [
${body}
];
`;
}

async function main() {
  const argv = process.argv.slice(2);
  const hi = argv.indexOf('--header');
  const header = hi >= 0 ? argv[hi + 1] : DEFAULT_HEADER;
  if (!header || !fs.existsSync(header)) {
    console.error(`gen-linux-helpers: ${header ?? '(none)'} not found (install linux-libc-dev)`);
    process.exit(2);
  }
  let text = generate(fs.readFileSync(header, 'utf8'), '<linux/bpf.h>');
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
    text = await prettier.format(text, { ...options, filepath: OUTPUT });
  } catch {
    // Unformatted output is still valid; prettier is a dev dependency.
  }
  if (argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(`gen-linux-helpers: ${path.relative(ROOT, OUTPUT)} is out of date with ${header}`);
      process.exit(1);
    }
    console.log('gen-linux-helpers: up to date');
    return;
  }
  fs.writeFileSync(OUTPUT, text);
  console.log(`gen-linux-helpers: wrote ${path.relative(ROOT, OUTPUT)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((e) => {
    console.error(`gen-linux-helpers: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
