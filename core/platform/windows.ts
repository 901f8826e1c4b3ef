// The eBPF for Windows profile: helper ids and prototypes, program types, context layouts and map
// types as eBPF for Windows 1.6 (with netebpfext, xdp-for-windows and ntosebpfext) defines them.
// Facts: ../shared/reference/ebpf-for-windows.md §1–3. Numbers here are NOT Linux numbers.
//
// Context writability: PREVAIL (the Windows verifier) gets only a descriptor {size, data, end, meta}
// per program type, so it accepts a numeric store anywhere inside the context except over the
// packet pointer fields. We mirror that: every scalar field is `writable: true`, the pointer
// fields (data/data_end/data_meta, app_id_start/end, ...) are not. Whether the hook honours a
// write (sock_addr user_ip4/user_port redirect) is the extension's business, not the verifier's.
import {
  ANY,
  CTX,
  field,
  helper,
  helperTable,
  INT,
  KEY,
  layout,
  MAP,
  mapType,
  mapTypeTable,
  matchSection,
  PROGMAP,
  resolveHelper,
  RMEM,
  RMEM_OR_NULL,
  SZ,
  SZ0,
  VAL,
  WMEM,
} from './build';
import type { BtfResolvedFunction, HelperPrototype, PlatformProfile, ProgramType } from './types';
import { windowsVerifierPolicy } from './policy';

const PRINTK_DOC =
  'Writes a formatted line to the ETW provider EbpfForWindowsProvider (keyword 0x200). Only %d %i %u %x (with l/ll) and %% are accepted; returns bytes written, 0 when nobody listens, -1 on a bad format.';

const globalHelpers: readonly HelperPrototype[] = [
  helper(
    1,
    'bpf_map_lookup_elem',
    [MAP, KEY],
    'ptr_to_map_value_or_null',
    'void *bpf_map_lookup_elem(void *map, const void *key)',
    'Returns a pointer to the value stored under key, or NULL when the key is absent. Check for NULL before use.',
  ),
  helper(
    2,
    'bpf_map_update_elem',
    [MAP, KEY, VAL, ANY],
    INT,
    'long bpf_map_update_elem(void *map, const void *key, const void *value, uint64_t flags)',
    'Creates or updates the entry for key; flags BPF_ANY (0), BPF_NOEXIST (1) or BPF_EXIST (2). Returns 0 or a negative error.',
  ),
  helper(
    3,
    'bpf_map_delete_elem',
    [MAP, KEY],
    INT,
    'long bpf_map_delete_elem(void *map, const void *key)',
    'Deletes the entry for key. Returns 0 or a negative error.',
  ),
  helper(
    4,
    'bpf_map_lookup_and_delete_elem',
    [MAP, KEY],
    'ptr_to_map_value_or_null',
    'void *bpf_map_lookup_and_delete_elem(void *map, const void *key)',
    'Looks up key and deletes the entry; returns the value pointer or NULL.',
  ),
  helper(
    5,
    'bpf_tail_call',
    [CTX, PROGMAP, ANY],
    'integer_or_no_return_if_succeed',
    'long bpf_tail_call(const void *ctx, const void *prog_array_map, uint32_t index)',
    'Schedules the program at index of a program array to run after this one returns (deferred on Windows, at most 33 in a chain). Returns a negative error if there is no such program.',
  ),
  helper(
    6,
    'bpf_get_prandom_u32',
    [],
    INT,
    'uint32_t bpf_get_prandom_u32(void)',
    'Returns a pseudo-random 32-bit number.',
  ),
  helper(
    7,
    'bpf_ktime_get_boot_ns',
    [],
    INT,
    'uint64_t bpf_ktime_get_boot_ns(void)',
    'Nanoseconds since boot, including time suspended.',
  ),
  helper(
    8,
    'bpf_get_smp_processor_id',
    [],
    INT,
    'uint32_t bpf_get_smp_processor_id(void)',
    'Index of the current CPU.',
  ),
  helper(
    9,
    'bpf_ktime_get_ns',
    [],
    INT,
    'uint64_t bpf_ktime_get_ns(void)',
    'Nanoseconds since boot, excluding time suspended.',
  ),
  helper(
    10,
    'bpf_csum_diff',
    [RMEM_OR_NULL, SZ0, RMEM_OR_NULL, SZ0, ANY],
    INT,
    'int64_t bpf_csum_diff(const void *from, int from_size, const void *to, int to_size, int seed)',
    "One's-complement checksum difference between two buffers, added to seed. Sizes must be multiples of 4 (else -EINVAL).",
  ),
  helper(
    11,
    'bpf_ringbuf_output',
    [MAP, RMEM, SZ, ANY],
    INT,
    'long bpf_ringbuf_output(void *ring_buffer, const void *data, uint64_t size, uint64_t flags)',
    'Copies size bytes of data into a ring buffer map. Returns 0 or a negative error.',
  ),
  helper(
    12,
    'bpf_trace_printk2',
    [RMEM, SZ],
    INT,
    'long bpf_trace_printk2(const char *fmt, uint64_t fmt_size)',
    `bpf_printk with no value arguments. ${PRINTK_DOC}`,
    { printk: true },
  ),
  helper(
    13,
    'bpf_trace_printk3',
    [RMEM, SZ, ANY],
    INT,
    'long bpf_trace_printk3(const char *fmt, uint64_t fmt_size, uint64_t arg3)',
    `bpf_printk with one value argument. ${PRINTK_DOC}`,
    { printk: true },
  ),
  helper(
    14,
    'bpf_trace_printk4',
    [RMEM, SZ, ANY, ANY],
    INT,
    'long bpf_trace_printk4(const char *fmt, uint64_t fmt_size, uint64_t arg3, uint64_t arg4)',
    `bpf_printk with two value arguments. ${PRINTK_DOC}`,
    { printk: true },
  ),
  helper(
    15,
    'bpf_trace_printk5',
    [RMEM, SZ, ANY, ANY, ANY],
    INT,
    'long bpf_trace_printk5(const char *fmt, uint64_t fmt_size, uint64_t arg3, uint64_t arg4, uint64_t arg5)',
    `bpf_printk with three value arguments. ${PRINTK_DOC}`,
    { printk: true },
  ),
  helper(
    16,
    'bpf_map_push_elem',
    [MAP, VAL, ANY],
    INT,
    'long bpf_map_push_elem(void *map, const void *value, uint64_t flags)',
    'Pushes value onto a queue or stack map (flags BPF_EXIST replaces the oldest when full).',
  ),
  helper(
    17,
    'bpf_map_pop_elem',
    [MAP, VAL],
    INT,
    'long bpf_map_pop_elem(void *map, void *value)',
    'Removes the next element of a queue or stack map and copies it into value. Returns 0 or a negative error when empty.',
  ),
  helper(
    18,
    'bpf_map_peek_elem',
    [MAP, VAL],
    INT,
    'long bpf_map_peek_elem(void *map, void *value)',
    'Copies the next element of a queue or stack map into value without removing it.',
  ),
  helper(
    19,
    'bpf_get_current_pid_tgid',
    [],
    INT,
    'uint64_t bpf_get_current_pid_tgid(void)',
    'Returns (process id << 32) | thread id of the current thread.',
  ),
  helper(
    20,
    'bpf_get_current_logon_id',
    [CTX],
    INT,
    'uint64_t bpf_get_current_logon_id(const void *ctx)',
    "Windows only: the logon id (LUID) of the current thread's token; 0 at DISPATCH level.",
  ),
  helper(
    21,
    'bpf_is_current_admin',
    [CTX],
    INT,
    'int32_t bpf_is_current_admin(const void *ctx)',
    'Windows only: 1 if the current thread runs as an administrator, 0 if not, -1 when unknown (the core implementation; sock_addr provides a real one).',
  ),
  helper(
    22,
    'bpf_memcpy_s',
    [WMEM, SZ0, RMEM, SZ0],
    INT,
    'long bpf_memcpy_s(void *dest, uint64_t dest_size, const void *src, uint64_t src_size)',
    'Copies src into dest with bounds on both; returns 0 or a negative error (registered as "bpf_memcpy").',
  ),
  helper(
    23,
    'bpf_memcmp_s',
    [RMEM, SZ0, RMEM, SZ0],
    INT,
    'int bpf_memcmp_s(const void *s1, uint64_t s1_size, const void *s2, uint64_t s2_size)',
    'Compares two buffers like memcmp (registered as "bpf_memcmp").',
  ),
  helper(
    24,
    'bpf_memset',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_memset(void *s, uint64_t s_size, int c)',
    'Fills s_size bytes of s with the byte c.',
  ),
  helper(
    25,
    'bpf_memmove_s',
    [WMEM, SZ0, RMEM, SZ0],
    INT,
    'long bpf_memmove_s(void *dest, uint64_t dest_size, const void *src, uint64_t src_size)',
    'Copies src into dest, allowing overlap; returns 0 or a negative error (registered as "bpf_memmove").',
  ),
  helper(
    26,
    'bpf_get_socket_cookie',
    [CTX],
    INT,
    'uint64_t bpf_get_socket_cookie(void *ctx)',
    'A 64-bit id of the socket; meaningful only for socket program types (sock_addr provides it).',
  ),
  helper(
    27,
    'bpf_strncpy_s',
    [WMEM, SZ0, RMEM, SZ0],
    INT,
    'long bpf_strncpy_s(char *dest, uint64_t dest_size, const char *src, uint64_t count)',
    'Copies at most count characters of src into dest, always terminating; returns 0 or a negative error.',
  ),
  helper(
    28,
    'bpf_strncat_s',
    [WMEM, SZ0, RMEM, SZ0],
    INT,
    'long bpf_strncat_s(char *dest, uint64_t dest_size, const char *src, uint64_t count)',
    'Appends at most count characters of src to dest, always terminating; returns 0 or a negative error.',
  ),
  helper(
    29,
    'bpf_strnlen_s',
    [RMEM, SZ0],
    INT,
    'uint64_t bpf_strnlen_s(const char *str, uint64_t str_size)',
    'Length of the string in str, at most str_size.',
  ),
  helper(
    30,
    'bpf_ktime_get_boot_ms',
    [],
    INT,
    'uint64_t bpf_ktime_get_boot_ms(void)',
    'Milliseconds since boot, including time suspended.',
  ),
  helper(
    31,
    'bpf_ktime_get_ms',
    [],
    INT,
    'uint64_t bpf_ktime_get_ms(void)',
    'Milliseconds since boot, excluding time suspended.',
  ),
  helper(
    32,
    'bpf_perf_event_output',
    [CTX, MAP, ANY, RMEM, SZ],
    INT,
    'long bpf_perf_event_output(void *ctx, void *map, uint64_t flags, void *data, uint64_t size)',
    'Writes data to a perf event array; flags low 32 bits select the CPU (0xffffffff = current), bits 32..51 append that many bytes of ctx data.',
  ),
  helper(
    33,
    'bpf_get_current_process_start_key',
    [],
    INT,
    'uint64_t bpf_get_current_process_start_key(void)',
    'Windows only: a key unique to the current process for the lifetime of the system.',
  ),
  helper(
    34,
    'bpf_get_current_thread_create_time',
    [],
    INT,
    'int64_t bpf_get_current_thread_create_time(void)',
    'Windows only: creation time of the current thread, in 100-ns units since 1601.',
  ),
  helper(
    35,
    'bpf_redirect_map',
    [MAP, ANY, ANY],
    INT,
    'long bpf_redirect_map(void *map, uint32_t key, uint64_t flags)',
    'Redirects to the target stored at key of a redirect map (e.g. an XSKMAP); only program types that provide it may call it.',
  ),
];

const helpers = helperTable('windows global helpers', globalHelpers);

// bpf_redirect_map (35) is a "global virtual" helper: its prototype is general, so PREVAIL verifies
// calls to it in any program type, but eBPF for Windows has no default implementation
// (libs/execution_context/ebpf_core.c) and only extensions that provide one (xdp, sample) load such
// a program; the others fail with EINVAL after verification (tests/end_to_end/end_to_end.cpp,
// invalid_bpf_redirect_map: a bind program).
const NO_REDIRECT: ReadonlySet<number> = new Set([35]);

// Same prototype as the global helper but with the context passed implicitly (as a hidden 6th argument).
const implicitPidTgid = (type: string): HelperPrototype =>
  helper(
    19,
    'bpf_get_current_pid_tgid',
    [],
    INT,
    'uint64_t bpf_get_current_pid_tgid(void)',
    `Returns (process id << 32) | thread id of the process that owns the socket (${type} override; the runtime passes the context implicitly).`,
  );

const xdp: ProgramType = {
  name: 'xdp',
  number: 1,
  sectionPrefixes: ['xdp'],
  context: layout('xdp_md', 32, [
    field({ name: 'data', offset: 0, size: 8, cType: 'void *', kind: 'packet_start' }),
    field({ name: 'data_end', offset: 8, size: 8, cType: 'void *', kind: 'packet_end' }),
    field({ name: 'data_meta', offset: 16, size: 8, cType: 'uint64_t', kind: 'packet_meta' }),
    field({ name: 'ingress_ifindex', offset: 24, size: 4, cType: 'uint32_t', writable: true }),
  ]),
  helpers: helperTable('windows xdp', [
    helper(
      65536,
      'bpf_xdp_adjust_head',
      [CTX, ANY],
      INT,
      'long bpf_xdp_adjust_head(xdp_md_t *ctx, int delta)',
      'Moves the start of the frame by delta bytes (negative adds headroom). Invalidates all packet pointers; re-check bounds after it.',
    ),
  ]),
  returnValues: { 1: 'XDP_PASS', 2: 'XDP_DROP', 3: 'XDP_TX' },
  returnRange: [1, 3],
  hasPacket: true,
  description: 'XDP (xdp-for-windows): runs for each received frame; may rewrite it and pass, drop or bounce it.',
};

const bindOperations = { 0: 'BIND_OPERATION_BIND', 1: 'BIND_OPERATION_POST_BIND', 2: 'BIND_OPERATION_UNBIND' } as const;

const bind: ProgramType = {
  name: 'bind',
  number: 2,
  sectionPrefixes: ['bind'],
  context: layout('bind_md', 56, [
    field({ name: 'app_id_start', offset: 0, size: 8, cType: 'uint8_t *', kind: 'packet_start' }),
    field({ name: 'app_id_end', offset: 8, size: 8, cType: 'uint8_t *', kind: 'packet_end' }),
    field({ name: 'process_id', offset: 16, size: 8, cType: 'uint64_t', writable: true }),
    field({ name: 'socket_address', offset: 24, size: 1, count: 16, cType: 'uint8_t', writable: true }),
    field({ name: 'socket_address_length', offset: 40, size: 1, cType: 'uint8_t', writable: true }),
    field({
      name: 'operation',
      offset: 44,
      size: 4,
      cType: 'bind_operation_t',
      writable: true,
      values: bindOperations,
    }),
    field({
      name: 'protocol',
      offset: 48,
      size: 1,
      cType: 'uint8_t',
      writable: true,
      values: { 6: 'IPPROTO_TCP', 17: 'IPPROTO_UDP' },
    }),
  ]),
  helpers: new Map(),
  unimplementedHelpers: NO_REDIRECT,
  returnValues: { 0: 'BIND_PERMIT_SOFT', 1: 'BIND_DENY', 2: 'BIND_REDIRECT', 3: 'BIND_PERMIT_HARD' },
  returnRange: [0, 3],
  // The application id is the packet-like region (app_id_start/app_id_end).
  hasPacket: true,
  description: 'bind (netebpfext): runs when a process binds, post-binds or unbinds a socket; may permit or deny.',
};

const sockAddrFields = [
  field({
    name: 'family',
    offset: 0,
    size: 4,
    cType: 'uint32_t',
    writable: true,
    values: { 2: 'AF_INET', 23: 'AF_INET6' },
  }),
  field({ name: 'msg_src_ip4', offset: 4, size: 4, cType: 'uint32_t', writable: true }),
  field({ name: 'msg_src_ip6', offset: 4, size: 4, count: 4, cType: 'uint32_t', writable: true }),
  field({ name: 'msg_src_port', offset: 20, size: 2, cType: 'uint16_t', writable: true }),
  field({ name: 'user_ip4', offset: 24, size: 4, cType: 'uint32_t', writable: true }),
  field({ name: 'user_ip6', offset: 24, size: 4, count: 4, cType: 'uint32_t', writable: true }),
  field({ name: 'user_port', offset: 40, size: 2, cType: 'uint16_t', writable: true }),
  field({
    name: 'protocol',
    offset: 44,
    size: 4,
    cType: 'uint32_t',
    writable: true,
    values: { 6: 'IPPROTO_TCP', 17: 'IPPROTO_UDP' },
  }),
  field({ name: 'compartment_id', offset: 48, size: 4, cType: 'uint32_t', writable: true }),
  field({ name: 'interface_luid', offset: 56, size: 8, cType: 'uint64_t', writable: true }),
];

const sockAddr: ProgramType = {
  name: 'sock_addr',
  number: 3,
  sectionPrefixes: [
    'cgroup/connect4',
    'cgroup/connect6',
    'cgroup/recv_accept4',
    'cgroup/recv_accept6',
    'cgroup/connect_authorization4',
    'cgroup/connect_authorization6',
    'cgroup/bind4',
    'cgroup/bind6',
    'cgroup/listen4',
    'cgroup/listen6',
  ],
  context: layout('bpf_sock_addr', 64, sockAddrFields),
  helpers: helperTable('windows sock_addr', [
    // 65536 (bpf_sock_addr_get_current_pid_tgid) exists only in the enum; the runtime overrides 19 instead.
    helper(
      65537,
      'bpf_sock_addr_set_redirect_context',
      [CTX, RMEM, SZ],
      INT,
      'long bpf_sock_addr_set_redirect_context(bpf_sock_addr_t *ctx, void *data, uint32_t data_size)',
      'Attaches data to a redirected connection for the proxy to read; not available on recv_accept hooks.',
    ),
    helper(
      65538,
      'bpf_sock_addr_get_network_context',
      [CTX, WMEM, SZ],
      INT,
      'long bpf_sock_addr_get_network_context(bpf_sock_addr_t *ctx, bpf_sock_addr_network_context_t *context, uint32_t context_size)',
      'Fills a 32-byte bpf_sock_addr_network_context_t (version 1): interface and tunnel type, next-hop interface LUID, sub-interface index.',
    ),
    implicitPidTgid('sock_addr'),
    helper(
      20,
      'bpf_get_current_logon_id',
      [CTX],
      INT,
      'uint64_t bpf_get_current_logon_id(const bpf_sock_addr_t *ctx)',
      'The logon id (LUID) of the user that owns the socket (sock_addr override).',
    ),
    helper(
      21,
      'bpf_is_current_admin',
      [CTX],
      INT,
      'int32_t bpf_is_current_admin(const bpf_sock_addr_t *ctx)',
      '1 if the socket owner is an administrator, else 0 (sock_addr override).',
    ),
    helper(
      26,
      'bpf_get_socket_cookie',
      [CTX],
      INT,
      'uint64_t bpf_get_socket_cookie(bpf_sock_addr_t *ctx)',
      'A 64-bit id of the socket, stable across the hooks of one connection (sock_addr override).',
    ),
  ]),
  unimplementedHelpers: NO_REDIRECT,
  returnValues: {
    0: 'BPF_SOCK_ADDR_VERDICT_REJECT',
    1: 'BPF_SOCK_ADDR_VERDICT_PROCEED_SOFT',
    2: 'BPF_SOCK_ADDR_VERDICT_PROCEED_HARD',
  },
  returnRange: [0, 2],
  hasPacket: false,
  description:
    'sock_addr (netebpfext): connect, accept, bind, listen and connect-authorization hooks; may reject, proceed or redirect.',
};

const sockOps: ProgramType = {
  name: 'sockops',
  number: 4,
  sectionPrefixes: ['sockops'],
  context: layout('bpf_sock_ops', 64, [
    field({
      name: 'op',
      offset: 0,
      size: 4,
      cType: 'bpf_sock_op_type_t',
      writable: true,
      values: {
        0: 'BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB',
        1: 'BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB',
        2: 'BPF_SOCK_OPS_CONNECTION_DELETED_CB',
      },
    }),
    field({
      name: 'family',
      offset: 4,
      size: 4,
      cType: 'uint32_t',
      writable: true,
      values: { 2: 'AF_INET', 23: 'AF_INET6' },
    }),
    field({ name: 'local_ip4', offset: 8, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'local_ip6', offset: 8, size: 4, count: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'local_port', offset: 24, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'remote_ip4', offset: 28, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'remote_ip6', offset: 28, size: 4, count: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'remote_port', offset: 44, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'protocol', offset: 48, size: 1, cType: 'uint8_t', writable: true }),
    field({ name: 'compartment_id', offset: 52, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'interface_luid', offset: 56, size: 8, cType: 'uint64_t', writable: true }),
  ]),
  helpers: helperTable('windows sockops', [
    helper(
      65536,
      'bpf_sock_ops_get_flow_id',
      [CTX],
      INT,
      'uint64_t bpf_sock_ops_get_flow_id(bpf_sock_ops_t *ctx)',
      'The WFP flow id of the connection.',
    ),
    implicitPidTgid('sockops'),
  ]),
  unimplementedHelpers: NO_REDIRECT,
  returnValues: { 0: 'success' },
  hasPacket: false,
  description: 'sockops (netebpfext): notified when a connection is established or deleted; returns 0.',
};

const process: ProgramType = {
  name: 'process',
  number: 6,
  sectionPrefixes: ['process'],
  context: layout('process_md', 56, [
    field({ name: 'command_start', offset: 0, size: 8, cType: 'uint8_t *', kind: 'packet_start' }),
    field({ name: 'command_end', offset: 8, size: 8, cType: 'uint8_t *', kind: 'packet_end' }),
    field({ name: 'process_id', offset: 16, size: 8, cType: 'uint64_t', writable: true }),
    field({ name: 'parent_process_id', offset: 24, size: 8, cType: 'uint64_t', writable: true }),
    field({ name: 'creating_process_id', offset: 32, size: 8, cType: 'uint64_t', writable: true }),
    field({ name: 'creating_thread_id', offset: 40, size: 8, cType: 'uint64_t', writable: true }),
    field({
      name: 'operation',
      offset: 48,
      size: 4,
      cType: 'process_operation_t',
      writable: true,
      values: { 0: 'PROCESS_OPERATION_CREATE', 1: 'PROCESS_OPERATION_DELETE' },
    }),
  ]),
  helpers: helperTable('windows process', [
    helper(
      65536,
      'bpf_process_get_image_path',
      [CTX, WMEM, SZ],
      INT,
      'long bpf_process_get_image_path(process_md_t *ctx, uint8_t *path, uint32_t path_length)',
      'Copies the image path of the process into path.',
    ),
  ]),
  unimplementedHelpers: NO_REDIRECT,
  returnValues: { 0: 'success' },
  // The command line is the packet-like region.
  hasPacket: true,
  description: 'process (ntosebpfext): notified when a process is created or deleted.',
};

const netevent: ProgramType = {
  name: 'netevent',
  number: 5,
  sectionPrefixes: ['netevent'],
  context: layout('netevent_event_md', 24, [
    field({ name: 'data_meta', offset: 0, size: 8, cType: 'uint8_t *', kind: 'packet_meta' }),
    field({ name: 'data', offset: 8, size: 8, cType: 'uint8_t *', kind: 'packet_start' }),
    field({ name: 'data_end', offset: 16, size: 8, cType: 'uint8_t *', kind: 'packet_end' }),
  ]),
  helpers: helperTable('windows netevent', [
    helper(
      65536,
      'bpf_netevent_push_event',
      [CTX],
      INT,
      'long bpf_netevent_push_event(netevent_event_md_t *ctx)',
      'Forwards the event to user-mode listeners.',
    ),
  ]),
  unimplementedHelpers: NO_REDIRECT,
  returnValues: { 0: 'success' },
  hasPacket: true,
  description:
    'netevent (ntosebpfext): network events; the event data is the packet-like region. The section name "netevent" is our assumption (not in the reference).',
};

const sample: ProgramType = {
  name: 'sample',
  number: 999,
  sectionPrefixes: ['sample_ext'],
  context: layout('sample_program_context', 32, [
    field({ name: 'data_start', offset: 0, size: 8, cType: 'uint8_t *', kind: 'packet_start' }),
    field({ name: 'data_end', offset: 8, size: 8, cType: 'uint8_t *', kind: 'packet_end' }),
    field({ name: 'uint32_data', offset: 16, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'uint16_data', offset: 20, size: 2, cType: 'uint16_t', writable: true }),
    field({ name: 'helper_data_1', offset: 24, size: 4, cType: 'uint32_t', writable: true }),
    field({ name: 'helper_data_2', offset: 28, size: 4, cType: 'uint32_t', writable: true }),
  ]),
  // The test-only sample extension's helpers, as its program information declares them
  // (SAMPLE_EXT_HELPER_FUNCTION_START = 0xFFFF, so the first is 65536).
  helpers: helperTable('windows sample_ext', [
    helper(
      65536,
      'sample_ebpf_extension_helper_function1',
      [CTX],
      INT,
      'int64_t sample_ebpf_extension_helper_function1(sample_program_context_t *context)',
      'Sample extension helper taking the program context.',
    ),
    helper(
      65537,
      'sample_ebpf_extension_find',
      [RMEM, SZ, RMEM, SZ],
      INT,
      'int64_t sample_ebpf_extension_find(void *buffer, size_t size, void *find, size_t arg_size)',
      'Returns the offset of a pattern in a buffer.',
    ),
    helper(
      65538,
      'sample_ebpf_extension_replace',
      [RMEM, SZ, ANY, RMEM, SZ],
      INT,
      'int64_t sample_ebpf_extension_replace(void *buffer, size_t size, int64_t position, void *replace, size_t arg_size)',
      'Replaces bytes of a buffer at an offset.',
    ),
    helper(
      65539,
      'sample_ebpf_extension_helper_implicit_1',
      [],
      INT,
      'int64_t sample_ebpf_extension_helper_implicit_1(void)',
      'Sample helper that receives the program context implicitly.',
    ),
    helper(
      65540,
      'sample_ebpf_extension_helper_implicit_2',
      [],
      INT,
      'int64_t sample_ebpf_extension_helper_implicit_2(uint32_t arg)',
      'Sample helper that receives the program context implicitly.',
    ),
    helper(
      65541,
      'sample_ext_helper_map_lookup_element',
      [MAP, KEY],
      'ptr_to_map_value_or_null',
      'void *sample_ext_helper_map_lookup_element(void *map, const void *key)',
      'Looks up a key in a map of the sample extension.',
    ),
    helper(
      65542,
      'sample_ext_helper_map_get_value',
      [MAP, KEY, WMEM, SZ],
      INT,
      'int64_t sample_ext_helper_map_get_value(void *map, const void *key, uint8_t *value, size_t value_size)',
      'Copies the value of a key of a sample extension map.',
    ),
  ]),
  returnValues: {},
  hasPacket: true,
  description: 'sample_ext: the test-only sample extension of eBPF for Windows.',
};

const programTypes: readonly ProgramType[] = [xdp, bind, sockAddr, sockOps, process, netevent, sample];

const mapTypes = mapTypeTable([
  mapType(1, 'hash', 'hash'),
  mapType(2, 'array', 'array'),
  mapType(3, 'prog_array', 'prog_array', { lookupReturnsValue: false }),
  mapType(4, 'percpu_hash', 'percpu_hash', { perCpu: true }),
  mapType(5, 'percpu_array', 'percpu_array', { perCpu: true }),
  mapType(6, 'hash_of_maps', 'hash_of_maps'),
  mapType(7, 'array_of_maps', 'array_of_maps'),
  mapType(8, 'lru_hash', 'lru_hash'),
  mapType(9, 'lpm_trie', 'lpm_trie'),
  mapType(10, 'queue', 'queue', { lookupReturnsValue: false }),
  mapType(11, 'lru_percpu_hash', 'lru_percpu_hash', { perCpu: true }),
  mapType(12, 'stack', 'stack', { lookupReturnsValue: false }),
  mapType(13, 'ringbuf', 'ringbuf', { lookupReturnsValue: false }),
  mapType(14, 'perf_event_array', 'perf_event_array', { perCpu: true, lookupReturnsValue: false }),
  // Custom maps of extensions; their base is a hash map.
  mapType(15, 'sample_hash_map', 'hash', { supported: false }),
  mapType(16, 'xskmap', 'other', { lookupReturnsValue: false, supported: false }),
]);

// BTF-resolved functions (`.ksyms` externs tagged `module_id:{GUID}`) the known extension modules
// register, with their prototypes: the sample extension's lookup (undocked/tests/sample/ext/drv/sample_ext.c).
// They are not tied to a program type: PREVAIL resolves them by name.
const btfResolvedFunctions: ReadonlyMap<string, BtfResolvedFunction> = new Map([
  [
    'sample_ebpf_extension_btf_lookup',
    {
      moduleId: '8f6c1f83-ce4c-4b58-8b91-654a29e23b7c',
      prototype: helper(
        -1,
        'sample_ebpf_extension_btf_lookup',
        [ANY, WMEM, SZ],
        INT,
        'int sample_ebpf_extension_btf_lookup(uint64_t key, void *value, uint32_t value_size)',
        "BTF-resolved function of eBPF for Windows' test-only sample extension: copies the value of a key into the buffer.",
      ),
    },
  ],
]);

export const windowsProfile: PlatformProfile = {
  id: 'windows',
  displayName: 'eBPF for Windows',
  helpers,
  programTypes,
  mapTypes,
  contextPointerSize: 8,
  allowsDivisionByZero: true,
  maxTailCalls: 33,
  // PREVAIL has no instruction-count limit of its own; the limit a user meets is uBPF's
  // (UBPF_MAX_INSTS = 65,536) when a program is loaded for JIT or interpretation. Native (.sys)
  // programs have none, but they must first pass the same tools, so 65,536 is what we enforce.
  maxInstructions: 65536,
  resultBits: 32,
  mapTypeCheckedAtRunTime: new Set(['bpf_map_push_elem', 'bpf_map_pop_elem', 'bpf_map_peek_elem']),
  btfResolvedFunctions,
  verifierPolicy: windowsVerifierPolicy,
  programTypeForSection: (section) => matchSection(programTypes, section, 'prefix'),
  helper: (id, programType) => resolveHelper(helpers, id, programType),
};
