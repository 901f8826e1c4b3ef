// The Linux profile, from the kernel UAPI (<linux/bpf.h>, linux-libc-dev) and libbpf's
// <bpf/bpf_helper_defs.h> (libbpf-dev): helper ids and C prototypes, program types with libbpf's
// section names, context layouts (offsets proven against <linux/bpf.h> by a unit test that runs
// clang), return codes and map type numbers. Helper docs are our own short summaries of the facts
// in that documentation (test/unit/platform/helperDocsOriginal.test.ts checks that they do not
// reuse its wording). Argument and return kinds are the kernel's bpf_func_proto kinds mapped onto
// ours (ARG_PTR_TO_UNINIT_MEM -> writable mem, ARG_PTR_TO_MEM | MEM_RDONLY -> readable mem, socket
// pointers -> ptr_to_btf_id).
//
// Modelled helpers: ids 1..100 except 81 (bpf_get_local_storage returns a non-NULL map value, a
// return kind our contract lacks) and 101..104 (sysctl), plus the commonly used later ones.
// Which program type may call which helper is the kernel's answer, recorded per program type and
// attach type by scripts/probe-linux-helpers.mjs (linuxHelperAvailability.ts).
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
  PlatformTableError,
  PROGMAP,
  resolveHelper,
  RMEM,
  RMEM_OR_NULL,
  SZ,
  SZ0,
  VAL,
  WMEM,
} from './build';
import { generatedLinuxHelpers, type GeneratedHelper } from './linuxHelpers.generated';
import { availableHelpers, linuxProgramTypesOffering, sleepableExtras } from './linuxHelperAvailability';
import { linuxUnprivilegedLoad } from './linuxUnprivileged';
import type { ContextField, HelperPrototype, PlatformProfile, ProgramType } from './types';
import { linuxVerifierPolicy } from './policy';
import { linuxDynptrHelpers, linuxKernelFunctions } from './linuxKfuncs';

const globalHelpers: readonly HelperPrototype[] = [
  helper(
    1,
    'bpf_map_lookup_elem',
    [MAP, KEY],
    'ptr_to_map_value_or_null',
    'void *bpf_map_lookup_elem(void *map, const void *key)',
    'Finds the entry for key in map and returns a pointer to its value, or NULL when the key is missing.',
  ),
  helper(
    2,
    'bpf_map_update_elem',
    [MAP, KEY, VAL, ANY],
    INT,
    'long bpf_map_update_elem(void *map, const void *key, const void *value, __u64 flags)',
    'Creates or replaces the entry for key in map; flags BPF_ANY, BPF_NOEXIST or BPF_EXIST say whether it may already exist. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    3,
    'bpf_map_delete_elem',
    [MAP, KEY],
    INT,
    'long bpf_map_delete_elem(void *map, const void *key)',
    'Removes the entry for key from map. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    4,
    'bpf_probe_read',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read(void *dst, __u32 size, const void *unsafe_ptr)',
    'Tracing only: copies size bytes from an unchecked kernel address into dst. Returns 0 on success, a negative error otherwise. Newer code should use bpf_probe_read_kernel or bpf_probe_read_user.',
  ),
  helper(
    5,
    'bpf_ktime_get_ns',
    [],
    INT,
    '__u64 bpf_ktime_get_ns(void)',
    'Nanoseconds since the system booted, not counting time spent suspended (CLOCK_MONOTONIC).',
  ),
  helper(
    6,
    'bpf_trace_printk',
    [RMEM, SZ, ANY, ANY, ANY],
    INT,
    'long bpf_trace_printk(const char *fmt, __u32 fmt_size, ...)',
    'Debug output: formats fmt (fmt_size bytes including the NUL) with up to three values and writes the line to the kernel trace pipe. Returns the number of bytes written, or a negative error.',
    { printk: true },
  ),
  helper(
    7,
    'bpf_get_prandom_u32',
    [],
    INT,
    '__u32 bpf_get_prandom_u32(void)',
    'Returns a pseudo-random 32-bit number (not suitable for cryptography).',
  ),
  helper(
    8,
    'bpf_get_smp_processor_id',
    [],
    INT,
    '__u32 bpf_get_smp_processor_id(void)',
    'Returns the id of the CPU the program is running on.',
  ),
  helper(
    9,
    'bpf_skb_store_bytes',
    [CTX, ANY, RMEM, SZ, ANY],
    INT,
    'long bpf_skb_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags)',
    'Writes len bytes from the buffer from into the packet at offset; flags may ask to recompute the checksum (BPF_F_RECOMPUTE_CSUM) or clear the hash (BPF_F_INVALIDATE_HASH). Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    10,
    'bpf_l3_csum_replace',
    [CTX, ANY, ANY, ANY, ANY],
    INT,
    'long bpf_l3_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 size)',
    'Patches a layer 3 checksum (such as the IPv4 header checksum) at offset after a field changed from from to to; size is 2 or 4, or 0 when from is a precomputed difference from bpf_csum_diff. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    11,
    'bpf_l4_csum_replace',
    [CTX, ANY, ANY, ANY, ANY],
    INT,
    'long bpf_l4_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 flags)',
    'Patches a layer 4 checksum (TCP, UDP) at offset after a field changed from from to to; the low bits of flags give the field size and BPF_F_PSEUDO_HDR marks a pseudo-header field. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    12,
    'bpf_tail_call',
    [CTX, PROGMAP, ANY],
    'integer_or_no_return_if_succeed',
    'long bpf_tail_call(void *ctx, void *prog_array_map, __u32 index)',
    'Jumps to the program stored at index of a program array map, reusing the current context; on success it never comes back. If the slot is empty or 33 calls are already chained, execution simply continues after the call.',
  ),
  helper(
    13,
    'bpf_clone_redirect',
    [CTX, ANY, ANY],
    INT,
    'long bpf_clone_redirect(struct __sk_buff *skb, __u32 ifindex, __u64 flags)',
    'Sends a copy of the packet out of the device with index ifindex (into its receive path with BPF_F_INGRESS); the original packet goes on as usual. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    14,
    'bpf_get_current_pid_tgid',
    [],
    INT,
    '__u64 bpf_get_current_pid_tgid(void)',
    'Returns the thread group id (what user space calls the PID) in the upper 32 bits and the thread id in the lower 32 bits.',
  ),
  helper(
    15,
    'bpf_get_current_uid_gid',
    [],
    INT,
    '__u64 bpf_get_current_uid_gid(void)',
    'Returns the gid of the current task in the upper 32 bits and its uid in the lower 32 bits.',
  ),
  helper(
    16,
    'bpf_get_current_comm',
    [WMEM, SZ],
    INT,
    'long bpf_get_current_comm(void *buf, __u32 size_of_buf)',
    'Copies the executable name (comm) of the current task into buf, truncated to size_of_buf and NUL-terminated. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    17,
    'bpf_get_cgroup_classid',
    [CTX],
    INT,
    '__u32 bpf_get_cgroup_classid(struct __sk_buff *skb)',
    'Returns the net_cls (cgroup v1) class id tied to the packet; 0 means no class was configured.',
  ),
  helper(
    18,
    'bpf_skb_vlan_push',
    [CTX, ANY, ANY],
    INT,
    'long bpf_skb_vlan_push(struct __sk_buff *skb, __be16 vlan_proto, __u16 vlan_tci)',
    'Adds a VLAN tag (protocol vlan_proto, tag control info vlan_tci) in front of the packet and fixes the checksum. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    19,
    'bpf_skb_vlan_pop',
    [CTX],
    INT,
    'long bpf_skb_vlan_pop(struct __sk_buff *skb)',
    'Removes the outer VLAN tag from the packet. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    20,
    'bpf_skb_get_tunnel_key',
    [CTX, WMEM, SZ, ANY],
    INT,
    'long bpf_skb_get_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags)',
    'Reads the tunnel metadata of a received encapsulated packet (remote address, tunnel id, TOS, TTL) into key. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    21,
    'bpf_skb_set_tunnel_key',
    [CTX, RMEM, SZ, ANY],
    INT,
    'long bpf_skb_set_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags)',
    'Attaches the tunnel metadata in key to the packet, for a tunnel device in collect-metadata mode to encapsulate it with. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    22,
    'bpf_perf_event_read',
    [MAP, ANY],
    INT,
    '__u64 bpf_perf_event_read(void *map, __u64 flags)',
    'Reads the counter of a perf event kept in a perf event array map, at the index in flags (BPF_F_CURRENT_CPU for this CPU). Errors come back as negative numbers mixed with counts; prefer bpf_perf_event_read_value.',
  ),
  helper(
    23,
    'bpf_redirect',
    [ANY, ANY],
    INT,
    'long bpf_redirect(__u32 ifindex, __u64 flags)',
    'Asks for the packet to go to the device with index ifindex (its receive side with BPF_F_INGRESS, tc only) once the program returns. Returns XDP_REDIRECT or TC_ACT_REDIRECT on success, XDP_ABORTED or TC_ACT_SHOT on error.',
  ),
  helper(
    24,
    'bpf_get_route_realm',
    [CTX],
    INT,
    '__u32 bpf_get_route_realm(struct __sk_buff *skb)',
    'Returns the routing realm (tclassid) of the destination route of the packet, or 0 if there is none.',
  ),
  helper(
    25,
    'bpf_perf_event_output',
    [CTX, MAP, ANY, RMEM, SZ0],
    INT,
    'long bpf_perf_event_output(void *ctx, void *map, __u64 flags, void *data, __u64 size)',
    'Sends size bytes of data to user space through a perf event array map, on the CPU chosen by flags (usually BPF_F_CURRENT_CPU). Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    26,
    'bpf_skb_load_bytes',
    [CTX, ANY, WMEM, SZ],
    INT,
    'long bpf_skb_load_bytes(const void *skb, __u32 offset, void *to, __u32 len)',
    'Copies len bytes of the packet from offset into the buffer to, including data outside the linear area. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    27,
    'bpf_get_stackid',
    [CTX, MAP, ANY],
    INT,
    'long bpf_get_stackid(void *ctx, void *map, __u64 flags)',
    'Captures the current kernel or user stack (flags choose), saves it in a stack trace map and returns its id (0 or more), or a negative error.',
  ),
  helper(
    28,
    'bpf_csum_diff',
    [RMEM_OR_NULL, SZ0, RMEM_OR_NULL, SZ0, ANY],
    INT,
    '__s64 bpf_csum_diff(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size, __wsum seed)',
    'Computes the ones-complement checksum change from buffer from to buffer to (sizes multiples of 4, either may be empty) and adds seed. Returns the resulting checksum, or a negative error.',
  ),
  helper(
    29,
    'bpf_skb_get_tunnel_opt',
    [CTX, WMEM, SZ],
    INT,
    'long bpf_skb_get_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size)',
    'Copies the raw tunnel option data of a received encapsulated packet into opt, at most size bytes. Returns the number of bytes copied, or a negative error.',
  ),
  helper(
    30,
    'bpf_skb_set_tunnel_opt',
    [CTX, RMEM, SZ],
    INT,
    'long bpf_skb_set_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size)',
    'Attaches the raw tunnel option data in opt to the packet, for a tunnel device in collect-metadata mode. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    31,
    'bpf_skb_change_proto',
    [CTX, ANY, ANY],
    INT,
    'long bpf_skb_change_proto(struct __sk_buff *skb, __be16 proto, __u64 flags)',
    'Converts the packet between IPv4 and IPv6 (proto ETH_P_IP or ETH_P_IPV6) by resizing its header room; the program then writes the new header. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    32,
    'bpf_skb_change_type',
    [CTX, ANY],
    INT,
    'long bpf_skb_change_type(struct __sk_buff *skb, __u32 type)',
    'Sets the packet type (skb->pkt_type), for example PACKET_HOST or PACKET_OTHERHOST. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    33,
    'bpf_skb_under_cgroup',
    [CTX, MAP, ANY],
    INT,
    'long bpf_skb_under_cgroup(struct __sk_buff *skb, void *map, __u32 index)',
    'Tests whether the socket of the packet lies in the cgroup v2 stored at index of a cgroup array map, or below it. Returns 1 if so, 0 if not, or a negative error.',
  ),
  helper(
    34,
    'bpf_get_hash_recalc',
    [CTX],
    INT,
    '__u32 bpf_get_hash_recalc(struct __sk_buff *skb)',
    'Returns the packet hash (skb->hash), computing it first when it is not valid.',
  ),
  helper(
    35,
    'bpf_get_current_task',
    [],
    INT,
    '__u64 bpf_get_current_task(void)',
    'Returns the address of the task_struct of the current task, as a plain integer.',
  ),
  helper(
    36,
    'bpf_probe_write_user',
    [ANY, RMEM, SZ],
    INT,
    'long bpf_probe_write_user(void *dst, const void *src, __u32 len)',
    'Writes len bytes from src to the user space address dst of the current process; meant for debugging, and the kernel logs a warning when such a program loads. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    37,
    'bpf_current_task_under_cgroup',
    [MAP, ANY],
    INT,
    'long bpf_current_task_under_cgroup(void *map, __u32 index)',
    'Tests whether the current task lies in the cgroup v2 stored at index of a cgroup array map, or below it. Returns 1 if so, 0 if not, or a negative error.',
  ),
  helper(
    38,
    'bpf_skb_change_tail',
    [CTX, ANY, ANY],
    INT,
    'long bpf_skb_change_tail(struct __sk_buff *skb, __u32 len, __u64 flags)',
    'Trims or extends the packet to len bytes; flags must be 0. Slow, meant for building replies. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    39,
    'bpf_skb_pull_data',
    [CTX, ANY],
    INT,
    'long bpf_skb_pull_data(struct __sk_buff *skb, __u32 len)',
    'Makes the first len bytes of the packet (all of it when len is 0) part of the linear area, so direct access through data and data_end can reach them. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    40,
    'bpf_csum_update',
    [CTX, ANY],
    INT,
    '__s64 bpf_csum_update(struct __sk_buff *skb, __wsum csum)',
    'Adds csum to skb->csum when the device supplied a checksum over the whole packet (CHECKSUM_COMPLETE), e.g. after editing packet data. Returns the new checksum, or a negative error.',
  ),
  helper(
    41,
    'bpf_set_hash_invalid',
    [CTX],
    'void',
    'void bpf_set_hash_invalid(struct __sk_buff *skb)',
    'Marks the packet hash (skb->hash) as stale so the kernel computes it again when it is next needed.',
  ),
  helper(
    42,
    'bpf_get_numa_node_id',
    [],
    INT,
    'long bpf_get_numa_node_id(void)',
    'Returns the NUMA node of the CPU the program is running on.',
  ),
  helper(
    43,
    'bpf_skb_change_head',
    [CTX, ANY, ANY],
    INT,
    'long bpf_skb_change_head(struct __sk_buff *skb, __u32 len, __u64 flags)',
    'Adds len bytes of room in front of the packet and moves the MAC header offset with it, e.g. to push a new layer 2 header; flags must be 0. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    44,
    'bpf_xdp_adjust_head',
    [CTX, ANY],
    INT,
    'long bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)',
    'Moves the start of the XDP frame (xdp_md->data) by delta bytes: a negative delta adds headroom, a positive one drops leading bytes. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    45,
    'bpf_probe_read_str',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read_str(void *dst, __u32 size, const void *unsafe_ptr)',
    'Copies a NUL-terminated string from an unchecked kernel address into dst, at most size bytes including the NUL. Returns the length copied including the NUL, or a negative error. Newer code should use the _kernel_str or _user_str variant.',
  ),
  helper(
    46,
    'bpf_get_socket_cookie',
    [CTX],
    INT,
    '__u64 bpf_get_socket_cookie(void *ctx)',
    'Returns the 64-bit cookie the kernel gave the socket behind ctx (unique and stable while the socket lives), or 0 when there is no socket.',
  ),
  helper(
    47,
    'bpf_get_socket_uid',
    [CTX],
    INT,
    '__u32 bpf_get_socket_uid(struct __sk_buff *skb)',
    'Returns the uid owning the socket of the packet, or the overflow uid when the packet has no full socket.',
  ),
  helper(
    48,
    'bpf_set_hash',
    [CTX, ANY],
    INT,
    'long bpf_set_hash(struct __sk_buff *skb, __u32 hash)',
    'Sets the packet hash (skb->hash) to hash. Returns 0.',
  ),
  helper(
    49,
    'bpf_setsockopt',
    [CTX, ANY, ANY, RMEM, SZ],
    INT,
    'long bpf_setsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)',
    'Sets a socket option on the full socket behind bpf_socket, like setsockopt(2); only some levels and options are allowed (SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6). Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    50,
    'bpf_skb_adjust_room',
    [CTX, ANY, ANY, ANY],
    INT,
    'long bpf_skb_adjust_room(struct __sk_buff *skb, __s32 len_diff, __u32 mode, __u64 flags)',
    'Grows or shrinks the space between the headers of the packet by len_diff bytes, at the network layer (BPF_ADJ_ROOM_NET) or after the MAC header (BPF_ADJ_ROOM_MAC); flags help with encapsulation. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    51,
    'bpf_redirect_map',
    [MAP, ANY, ANY],
    INT,
    'long bpf_redirect_map(void *map, __u64 key, __u64 flags)',
    'Like bpf_redirect, but the target (a device, CPU or AF_XDP socket) is taken from key in a devmap, cpumap or xskmap; the low bits of flags give the action to return when key is not found. Returns XDP_REDIRECT on success.',
  ),
  helper(
    52,
    'bpf_sk_redirect_map',
    [CTX, MAP, ANY, ANY],
    INT,
    'long bpf_sk_redirect_map(struct __sk_buff *skb, void *map, __u32 key, __u64 flags)',
    'For sk_skb programs: sends the packet to the socket stored at key in a sockmap, into its receive queue with BPF_F_INGRESS or out otherwise. Returns SK_PASS on success, SK_DROP on error.',
  ),
  helper(
    53,
    'bpf_sock_map_update',
    [CTX, MAP, KEY, ANY],
    INT,
    'long bpf_sock_map_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags)',
    'From a sock_ops program, puts the socket of skops into a sockmap under key, creating or replacing the entry as flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST) allow. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    54,
    'bpf_xdp_adjust_meta',
    [CTX, ANY],
    INT,
    'long bpf_xdp_adjust_meta(struct xdp_md *xdp_md, int delta)',
    'Moves the start of the XDP metadata area (xdp_md->data_meta) by delta bytes, to make or release room for data handed to later stages. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    55,
    'bpf_perf_event_read_value',
    [MAP, ANY, WMEM, SZ],
    INT,
    'long bpf_perf_event_read_value(void *map, __u64 flags, struct bpf_perf_event_value *buf, __u32 buf_size)',
    'Reads a perf event counter from a perf event array map into buf (struct bpf_perf_event_value), with its enabled and running times so the value can be scaled. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    56,
    'bpf_perf_prog_read_value',
    [CTX, WMEM, SZ],
    INT,
    'long bpf_perf_prog_read_value(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, __u32 buf_size)',
    'From a perf_event program, reads the counter that fired into buf, with its enabled and running times. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    57,
    'bpf_getsockopt',
    [CTX, ANY, ANY, WMEM, SZ],
    INT,
    'long bpf_getsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)',
    'Reads a socket option of the full socket behind bpf_socket into optval, like getsockopt(2); only some options are allowed. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    58,
    'bpf_override_return',
    [CTX, ANY],
    INT,
    'long bpf_override_return(struct pt_regs *regs, __u64 rc)',
    'For kprobes on functions allowed for error injection: the probed function is skipped and returns rc instead. Needs CONFIG_BPF_KPROBE_OVERRIDE. Returns 0.',
  ),
  helper(
    59,
    'bpf_sock_ops_cb_flags_set',
    [CTX, ANY],
    INT,
    'long bpf_sock_ops_cb_flags_set(struct bpf_sock_ops *bpf_sock, int argval)',
    'From a sock_ops program, chooses which extra TCP callbacks (BPF_SOCK_OPS_*_CB_FLAG) the program gets for this connection. Returns 0 when all were set, a mask of those that could not be, or -EINVAL for a socket that is not a full TCP socket.',
  ),
  helper(
    60,
    'bpf_msg_redirect_map',
    [CTX, MAP, ANY, ANY],
    INT,
    'long bpf_msg_redirect_map(struct sk_msg_md *msg, void *map, __u32 key, __u64 flags)',
    'For sk_msg programs: sends the message to the socket stored at key in a sockmap, into its receive queue with BPF_F_INGRESS or out otherwise. Returns SK_PASS on success, SK_DROP on error.',
  ),
  helper(
    61,
    'bpf_msg_apply_bytes',
    [CTX, ANY],
    INT,
    'long bpf_msg_apply_bytes(struct sk_msg_md *msg, __u32 bytes)',
    'For sk_msg programs: applies the current verdict to the next bytes bytes of data, so the program is not run again until they have passed. Returns 0.',
  ),
  helper(
    62,
    'bpf_msg_cork_bytes',
    [CTX, ANY],
    INT,
    'long bpf_msg_cork_bytes(struct sk_msg_md *msg, __u32 bytes)',
    'For sk_msg programs: holds data back until bytes bytes have accumulated, then runs the verdict on all of it at once. Returns 0.',
  ),
  helper(
    63,
    'bpf_msg_pull_data',
    [CTX, ANY, ANY, ANY],
    INT,
    'long bpf_msg_pull_data(struct sk_msg_md *msg, __u32 start, __u32 end, __u64 flags)',
    'For sk_msg programs: makes bytes start to end of the message readable through msg->data and msg->data_end, copying when needed. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    64,
    'bpf_bind',
    [CTX, RMEM, SZ],
    INT,
    'long bpf_bind(struct bpf_sock_addr *ctx, struct sockaddr *addr, int addr_len)',
    'From a sock_addr program, binds the socket to the address addr (addr_len bytes), e.g. to choose the source IP of outgoing connections; port 0 lets the kernel pick a port. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    65,
    'bpf_xdp_adjust_tail',
    [CTX, ANY],
    INT,
    'long bpf_xdp_adjust_tail(struct xdp_md *xdp_md, int delta)',
    'Moves the end of the XDP frame (xdp_md->data_end), shortening or lengthening the packet by delta bytes. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    66,
    'bpf_skb_get_xfrm_state',
    [CTX, ANY, WMEM, SZ, ANY],
    INT,
    'long bpf_skb_get_xfrm_state(struct __sk_buff *skb, __u32 index, struct bpf_xfrm_state *xfrm_state, __u32 size, __u64 flags)',
    'Copies the IPsec (XFRM) state at position index of the security path of the packet into xfrm_state. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    67,
    'bpf_get_stack',
    [CTX, WMEM, SZ0, ANY],
    INT,
    'long bpf_get_stack(void *ctx, void *buf, __u32 size, __u64 flags)',
    'Writes the current kernel or user stack (flags choose) into buf as an array of addresses, up to size bytes. Returns the number of bytes written, or a negative error.',
  ),
  helper(
    68,
    'bpf_skb_load_bytes_relative',
    [CTX, ANY, WMEM, SZ, ANY],
    INT,
    'long bpf_skb_load_bytes_relative(const void *skb, __u32 offset, void *to, __u32 len, __u32 start_header)',
    'Like bpf_skb_load_bytes, but offset counts from the MAC header (BPF_HDR_START_MAC) or the network header (BPF_HDR_START_NET). Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    69,
    'bpf_fib_lookup',
    [CTX, WMEM, SZ, ANY],
    INT,
    'long bpf_fib_lookup(void *ctx, struct bpf_fib_lookup *params, int plen, __u32 flags)',
    'Asks the kernel routing tables (FIB) where the packet described by params would go and fills in the next hop, egress device and MAC addresses. Returns 0 when it can be forwarded, a positive BPF_FIB_LKUP_RET_* reason when not, or a negative error.',
  ),
  helper(
    70,
    'bpf_sock_hash_update',
    [CTX, MAP, KEY, ANY],
    INT,
    'long bpf_sock_hash_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags)',
    'From a sock_ops program, puts the socket of skops into a sockhash under key, creating or replacing the entry as flags allow. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    71,
    'bpf_msg_redirect_hash',
    [CTX, MAP, KEY, ANY],
    INT,
    'long bpf_msg_redirect_hash(struct sk_msg_md *msg, void *map, void *key, __u64 flags)',
    'For sk_msg programs: sends the message to the socket stored under key in a sockhash, into its receive queue with BPF_F_INGRESS or out otherwise. Returns SK_PASS on success, SK_DROP on error.',
  ),
  helper(
    72,
    'bpf_sk_redirect_hash',
    [CTX, MAP, KEY, ANY],
    INT,
    'long bpf_sk_redirect_hash(struct __sk_buff *skb, void *map, void *key, __u64 flags)',
    'For sk_skb programs: sends the packet to the socket stored under key in a sockhash, into its receive queue with BPF_F_INGRESS or out otherwise. Returns SK_PASS on success, SK_DROP on error.',
  ),
  helper(
    73,
    'bpf_lwt_push_encap',
    [CTX, ANY, RMEM, SZ],
    INT,
    'long bpf_lwt_push_encap(struct __sk_buff *skb, __u32 type, void *hdr, __u32 len)',
    'Wraps the packet in the layer 3 header hdr (len bytes); type picks plain IP encapsulation (BPF_LWT_ENCAP_IP) or IPv6 segment routing (BPF_LWT_ENCAP_SEG6*). Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    74,
    'bpf_lwt_seg6_store_bytes',
    [CTX, ANY, RMEM, SZ],
    INT,
    'long bpf_lwt_seg6_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len)',
    'Writes len bytes from from into the outer IPv6 segment routing header at offset; only its flags, tag and TLVs may change. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    75,
    'bpf_lwt_seg6_adjust_srh',
    [CTX, ANY, ANY],
    INT,
    'long bpf_lwt_seg6_adjust_srh(struct __sk_buff *skb, __u32 offset, __s32 delta)',
    'Grows or shrinks the TLV area of the outer IPv6 segment routing header by delta bytes, at offset. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    76,
    'bpf_lwt_seg6_action',
    [CTX, ANY, RMEM, SZ],
    INT,
    'long bpf_lwt_seg6_action(struct __sk_buff *skb, __u32 action, void *param, __u32 param_len)',
    'Runs the IPv6 segment routing action action (SEG6_LOCAL_ACTION_*) on the packet, with param (param_len bytes) as its argument. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    77,
    'bpf_rc_repeat',
    [CTX],
    INT,
    'long bpf_rc_repeat(void *ctx)',
    'For infrared (lirc_mode2) decoders: reports that the last key is still held (a repeat). Returns 0.',
  ),
  helper(
    78,
    'bpf_rc_keydown',
    [CTX, ANY, ANY, ANY],
    INT,
    'long bpf_rc_keydown(void *ctx, __u32 protocol, __u64 scancode, __u32 toggle)',
    'For infrared (lirc_mode2) decoders: reports a key press with its protocol, scancode and toggle bit, which the input layer maps to a key code. Returns 0.',
  ),
  helper(
    79,
    'bpf_skb_cgroup_id',
    [CTX],
    INT,
    '__u64 bpf_skb_cgroup_id(struct __sk_buff *skb)',
    'For tc egress: returns the id of the cgroup v2 to which the packet owner (its socket) belongs, or 0 when it cannot be found.',
  ),
  helper(
    80,
    'bpf_get_current_cgroup_id',
    [],
    INT,
    '__u64 bpf_get_current_cgroup_id(void)',
    'Returns the id of the cgroup v2 the current task runs in.',
  ),
  helper(
    82,
    'bpf_sk_select_reuseport',
    [CTX, MAP, KEY, ANY],
    INT,
    'long bpf_sk_select_reuseport(struct sk_reuseport_md *reuse, void *map, void *key, __u64 flags)',
    'For sk_reuseport programs: picks the socket stored at key in a reuseport socket array (or sockmap, sockhash) to receive the packet. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    83,
    'bpf_skb_ancestor_cgroup_id',
    [CTX, ANY],
    INT,
    '__u64 bpf_skb_ancestor_cgroup_id(struct __sk_buff *skb, int ancestor_level)',
    'Returns the id of the ancestor at depth ancestor_level (0 is the root) of the cgroup v2 of the socket owning the packet, or 0 when not found.',
  ),
  helper(
    84,
    'bpf_sk_lookup_tcp',
    [CTX, RMEM, SZ, ANY, ANY],
    'ptr_to_btf_id_or_null',
    'struct bpf_sock *bpf_sk_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)',
    'Finds the TCP socket matching tuple (IPv4 or IPv6, told apart by tuple_size) in network namespace netns. Returns a socket reference that must be given to bpf_sk_release, or NULL when none matches.',
  ),
  helper(
    85,
    'bpf_sk_lookup_udp',
    [CTX, RMEM, SZ, ANY, ANY],
    'ptr_to_btf_id_or_null',
    'struct bpf_sock *bpf_sk_lookup_udp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)',
    'Finds the UDP socket matching tuple (IPv4 or IPv6, told apart by tuple_size) in network namespace netns. Returns a socket reference that must be given to bpf_sk_release, or NULL when none matches.',
  ),
  helper(
    86,
    'bpf_sk_release',
    ['ptr_to_btf_id'],
    INT,
    'long bpf_sk_release(void *sock)',
    'Drops a socket reference obtained from a lookup such as bpf_sk_lookup_tcp; every non-NULL lookup result must be released. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    87,
    'bpf_map_push_elem',
    [MAP, VAL, ANY],
    INT,
    'long bpf_map_push_elem(void *map, const void *value, __u64 flags)',
    'Adds value to a queue or stack map; with BPF_EXIST a full map drops its oldest element to make room. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    88,
    'bpf_map_pop_elem',
    [MAP, VAL],
    INT,
    'long bpf_map_pop_elem(void *map, void *value)',
    'Takes the next element out of a queue or stack map and copies it into value. Returns 0 on success, a negative error (such as -ENOENT when empty).',
  ),
  helper(
    89,
    'bpf_map_peek_elem',
    [MAP, VAL],
    INT,
    'long bpf_map_peek_elem(void *map, void *value)',
    'Copies the next element of a queue or stack map into value and leaves it in the map. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    90,
    'bpf_msg_push_data',
    [CTX, ANY, ANY, ANY],
    INT,
    'long bpf_msg_push_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags)',
    'For sk_msg programs: inserts len bytes of space into the message at offset start, for the program to fill. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    91,
    'bpf_msg_pop_data',
    [CTX, ANY, ANY, ANY],
    INT,
    'long bpf_msg_pop_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags)',
    'For sk_msg programs: deletes len bytes from the message, starting at offset start. Invalidates packet pointers. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    92,
    'bpf_rc_pointer_rel',
    [CTX, ANY, ANY],
    INT,
    'long bpf_rc_pointer_rel(void *ctx, __s32 rel_x, __s32 rel_y)',
    'For infrared (lirc_mode2) decoders: reports a relative pointer (mouse) movement of rel_x, rel_y. Returns 0.',
  ),
  helper(
    93,
    'bpf_spin_lock',
    ['ptr_to_spin_lock'],
    INT,
    'long bpf_spin_lock(struct bpf_spin_lock *lock)',
    'Takes the bpf_spin_lock that lives inside a map value. Only one lock may be held at a time, and it must be released with bpf_spin_unlock before calling other helpers or returning. Returns 0.',
  ),
  helper(
    94,
    'bpf_spin_unlock',
    ['ptr_to_spin_lock'],
    INT,
    'long bpf_spin_unlock(struct bpf_spin_lock *lock)',
    'Releases a lock taken with bpf_spin_lock. Returns 0.',
  ),
  helper(
    95,
    'bpf_sk_fullsock',
    ['ptr_to_btf_id'],
    'ptr_to_btf_id_or_null',
    'struct bpf_sock *bpf_sk_fullsock(struct bpf_sock *sk)',
    'Gives access to every field of struct bpf_sock when sk is a full socket (not a request or time-wait socket). Returns NULL otherwise.',
  ),
  helper(
    96,
    'bpf_tcp_sock',
    ['ptr_to_btf_id'],
    'ptr_to_btf_id_or_null',
    'struct bpf_tcp_sock *bpf_tcp_sock(struct bpf_sock *sk)',
    'Returns a struct bpf_tcp_sock view of sk when it is a TCP socket, or NULL otherwise.',
  ),
  helper(
    97,
    'bpf_skb_ecn_set_ce',
    [CTX],
    INT,
    'long bpf_skb_ecn_set_ce(struct __sk_buff *skb)',
    'Signals congestion by setting the ECN field of the IP header to CE when it is ECT(0) or ECT(1). Returns 1 if CE is now set (by this call or earlier), 0 if not.',
  ),
  helper(
    98,
    'bpf_get_listener_sock',
    ['ptr_to_btf_id'],
    'ptr_to_btf_id_or_null',
    'struct bpf_sock *bpf_get_listener_sock(struct bpf_sock *sk)',
    'Returns the listening (TCP_LISTEN) socket behind sk, which may be a request socket, or NULL when there is none. The result must not be released.',
  ),
  helper(
    99,
    'bpf_skc_lookup_tcp',
    [CTX, RMEM, SZ, ANY, ANY],
    'ptr_to_btf_id_or_null',
    'struct bpf_sock *bpf_skc_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)',
    'Like bpf_sk_lookup_tcp, but may also return request and time-wait sockets (struct sock_common). A non-NULL result must be given to bpf_sk_release.',
  ),
  helper(
    100,
    'bpf_tcp_check_syncookie',
    ['ptr_to_btf_id', RMEM, SZ, RMEM, SZ],
    INT,
    'long bpf_tcp_check_syncookie(void *sk, void *iph, __u32 iph_len, struct tcphdr *th, __u32 th_len)',
    'Checks whether iph (IP header) and th (TCP header) hold a SYN-cookie ACK that the listening socket sk would accept. Returns 0 if so, a negative error otherwise.',
  ),
  helper(
    105,
    'bpf_strtol',
    [RMEM, SZ, ANY, 'ptr_to_long'],
    INT,
    'long bpf_strtol(const char *buf, unsigned long buf_len, __u64 flags, long *res)',
    'Parses a signed integer at the start of buf (buf_len bytes) in the base given by the low bits of flags (0, 8, 10 or 16) and stores it in res. Returns the number of characters used, or a negative error.',
  ),
  helper(
    106,
    'bpf_strtoul',
    [RMEM, SZ, ANY, 'ptr_to_long'],
    INT,
    'long bpf_strtoul(const char *buf, unsigned long buf_len, __u64 flags, unsigned long *res)',
    'Parses an unsigned integer at the start of buf (buf_len bytes) in the base given by the low bits of flags (0, 8, 10 or 16) and stores it in res. Returns the number of characters used, or a negative error.',
  ),
  helper(
    107,
    'bpf_sk_storage_get',
    [MAP, 'ptr_to_btf_id', RMEM_OR_NULL, ANY],
    'ptr_to_map_value_or_null',
    'void *bpf_sk_storage_get(void *map, void *sk, void *value, __u64 flags)',
    'Returns the value kept for socket sk in a socket storage map, creating it (from value, or zeroed) when flags has BPF_SK_STORAGE_GET_F_CREATE; NULL when absent and not created.',
  ),
  helper(
    108,
    'bpf_sk_storage_delete',
    [MAP, 'ptr_to_btf_id'],
    INT,
    'long bpf_sk_storage_delete(void *map, void *sk)',
    'Removes the value kept for socket sk from a socket storage map. Returns 0, -ENOENT when there was none, or -EINVAL when sk is not a full socket.',
  ),
  helper(
    109,
    'bpf_send_signal',
    [ANY],
    INT,
    'long bpf_send_signal(__u32 sig)',
    'Sends signal sig to the whole process of the current task. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    112,
    'bpf_probe_read_user',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read_user(void *dst, __u32 size, const void *unsafe_ptr)',
    'Copies size bytes from the user space address unsafe_ptr into dst, failing safely on a bad address. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    113,
    'bpf_probe_read_kernel',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read_kernel(void *dst, __u32 size, const void *unsafe_ptr)',
    'Copies size bytes from the kernel address unsafe_ptr into dst, failing safely on a bad address. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    114,
    'bpf_probe_read_user_str',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read_user_str(void *dst, __u32 size, const void *unsafe_ptr)',
    'Copies a NUL-terminated string from a user space address into dst, at most size bytes including the NUL. Returns the length copied including the NUL, or a negative error.',
  ),
  helper(
    115,
    'bpf_probe_read_kernel_str',
    [WMEM, SZ0, ANY],
    INT,
    'long bpf_probe_read_kernel_str(void *dst, __u32 size, const void *unsafe_ptr)',
    'Copies a NUL-terminated string from a kernel address into dst, at most size bytes including the NUL. Returns the length copied including the NUL, or a negative error.',
  ),
  helper(
    117,
    'bpf_send_signal_thread',
    [ANY],
    INT,
    'long bpf_send_signal_thread(__u32 sig)',
    'Sends signal sig to the current thread only. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    118,
    'bpf_jiffies64',
    [],
    INT,
    '__u64 bpf_jiffies64(void)',
    'Returns the 64-bit jiffies counter (kernel timer ticks since boot).',
  ),
  helper(
    120,
    'bpf_get_ns_current_pid_tgid',
    [ANY, ANY, WMEM, SZ],
    INT,
    'long bpf_get_ns_current_pid_tgid(__u64 dev, __u64 ino, struct bpf_pidns_info *nsdata, __u32 size)',
    'Fills nsdata (pid and tgid) as seen from the pid namespace given by dev and ino. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    121,
    'bpf_xdp_output',
    [CTX, MAP, ANY, RMEM, SZ0],
    INT,
    'long bpf_xdp_output(void *ctx, void *map, __u64 flags, void *data, __u64 size)',
    'From an XDP program, sends size bytes of data to user space through a perf event array map, like bpf_perf_event_output; flags can also append bytes of the packet. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    122,
    'bpf_get_netns_cookie',
    ['ptr_to_ctx_or_null'],
    INT,
    '__u64 bpf_get_netns_cookie(void *ctx)',
    'Returns the cookie of the network namespace of ctx, or of the initial namespace when ctx is NULL.',
  ),
  helper(
    123,
    'bpf_get_current_ancestor_cgroup_id',
    [ANY],
    INT,
    '__u64 bpf_get_current_ancestor_cgroup_id(int ancestor_level)',
    'Returns the id of the ancestor at depth ancestor_level of the cgroup v2 of the current task, or 0 when not found.',
  ),
  helper(
    124,
    'bpf_sk_assign',
    [CTX, 'ptr_to_btf_id', ANY],
    INT,
    'long bpf_sk_assign(void *ctx, void *sk, __u64 flags)',
    'Chooses the socket sk to receive the packet: on tc ingress it pins the packet to sk; in sk_lookup programs it picks the socket for a new connection. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    125,
    'bpf_ktime_get_boot_ns',
    [],
    INT,
    '__u64 bpf_ktime_get_boot_ns(void)',
    'Nanoseconds since the system booted, including time spent suspended (CLOCK_BOOTTIME).',
  ),
  helper(
    130,
    'bpf_ringbuf_output',
    [MAP, RMEM, SZ0, ANY],
    INT,
    'long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)',
    'Copies size bytes of data into a ring buffer map as one record; flags can force or skip waking the reader. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    131,
    'bpf_ringbuf_reserve',
    [MAP, SZ, ANY],
    'ptr_to_alloc_mem_or_null',
    'void *bpf_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags)',
    'Reserves size bytes in a ring buffer map and returns a pointer to them, or NULL when there is no room. Every reservation must be submitted or discarded.',
  ),
  helper(
    198,
    'bpf_ringbuf_reserve_dynptr',
    // The kernel's proto: a ring buffer map, a size checked at run time, flags, and the dynptr
    // (stackObjects in linuxKfuncs.ts) it initialises even when the reservation fails.
    [MAP, ANY, ANY, ANY],
    INT,
    'long bpf_ringbuf_reserve_dynptr(void *ringbuf, u32 size, u64 flags, struct bpf_dynptr *ptr)',
    'Reserves size bytes of a ring buffer map behind the dynptr ptr; whether it succeeded or not, the dynptr must be submitted or discarded (bpf_ringbuf_submit_dynptr / bpf_ringbuf_discard_dynptr).',
  ),
  helper(
    132,
    'bpf_ringbuf_submit',
    ['ptr_to_alloc_mem', ANY],
    'void',
    'void bpf_ringbuf_submit(void *data, __u64 flags)',
    'Publishes a record obtained from bpf_ringbuf_reserve so the reader can consume it.',
  ),
  helper(
    133,
    'bpf_ringbuf_discard',
    ['ptr_to_alloc_mem', ANY],
    'void',
    'void bpf_ringbuf_discard(void *data, __u64 flags)',
    'Drops a record obtained from bpf_ringbuf_reserve without publishing it.',
  ),
  helper(
    134,
    'bpf_ringbuf_query',
    [MAP, ANY],
    INT,
    '__u64 bpf_ringbuf_query(void *ringbuf, __u64 flags)',
    'Returns a snapshot of a ring buffer property chosen by flags (unread data, size, consumer or producer position), or 0 for unknown flags.',
  ),
  helper(
    135,
    'bpf_csum_level',
    [CTX, ANY],
    INT,
    'long bpf_csum_level(struct __sk_buff *skb, __u64 level)',
    'Raises, lowers or clears how many checksums of the packet count as verified (skb->csum_level), or reads it with BPF_CSUM_LEVEL_QUERY. Returns 0 (the level for a query) on success, a negative error otherwise.',
  ),
  helper(
    160,
    'bpf_ktime_get_coarse_ns',
    [],
    INT,
    '__u64 bpf_ktime_get_coarse_ns(void)',
    'A cheaper, lower-resolution version of bpf_ktime_get_ns (CLOCK_MONOTONIC_COARSE), in nanoseconds.',
  ),
  helper(
    164,
    'bpf_for_each_map_elem',
    [MAP, 'ptr_to_func', 'ptr_to_stack_or_null', ANY],
    INT,
    'long bpf_for_each_map_elem(void *map, void *callback_fn, void *callback_ctx, __u64 flags)',
    'Calls callback_fn for every element of map with the map, key, value and callback_ctx; the callback returns 0 to go on or 1 to stop. flags must be 0. Returns the number of elements visited, or a negative error.',
  ),
  helper(
    165,
    'bpf_snprintf',
    [WMEM, SZ0, 'ptr_to_const_str', RMEM_OR_NULL, SZ0],
    INT,
    'long bpf_snprintf(char *str, __u32 str_size, const char *fmt, __u64 *data, __u32 data_len)',
    'Formats into str (str_size bytes) from the constant format fmt and the u64 values in data (data_len bytes). Returns the length the full output needs including the NUL, or a negative error.',
  ),
  helper(
    173,
    'bpf_get_func_ip',
    [CTX],
    INT,
    '__u64 bpf_get_func_ip(void *ctx)',
    'Returns the address of the traced function, for kprobe and fentry/fexit programs.',
  ),
  helper(
    174,
    'bpf_get_attach_cookie',
    [CTX],
    INT,
    '__u64 bpf_get_attach_cookie(void *ctx)',
    'Returns the 64-bit cookie user space chose when it attached the program, or 0 if it gave none.',
  ),
  helper(
    177,
    'bpf_trace_vprintk',
    [RMEM, SZ, RMEM_OR_NULL, SZ0],
    INT,
    'long bpf_trace_vprintk(const char *fmt, __u32 fmt_size, const void *data, __u32 data_len)',
    'Like bpf_trace_printk, but the values come in the u64 array data (data_len bytes), so more than three can be printed. Returns the number of bytes written, or a negative error.',
  ),
  helper(
    181,
    'bpf_loop',
    [ANY, 'ptr_to_func', 'ptr_to_stack_or_null', ANY],
    INT,
    'long bpf_loop(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags)',
    'Calls callback_fn up to nr_loops times with the iteration index and callback_ctx; the callback returns 0 to go on or 1 to stop. flags must be 0. Returns the number of iterations run, or a negative error.',
  ),
  helper(
    182,
    'bpf_strncmp',
    [RMEM, SZ, 'ptr_to_const_str'],
    INT,
    'long bpf_strncmp(const char *s1, __u32 s1_sz, const char *s2)',
    'Compares at most s1_sz bytes of s1 with the constant string s2, like strncmp. Returns 0 when equal, a negative or positive value otherwise.',
  ),
  helper(
    188,
    'bpf_xdp_get_buff_len',
    [CTX],
    INT,
    '__u64 bpf_xdp_get_buff_len(struct xdp_md *xdp_md)',
    'Returns the total length of an XDP frame, counting the linear part and any fragments.',
  ),
  helper(
    189,
    'bpf_xdp_load_bytes',
    [CTX, ANY, WMEM, SZ],
    INT,
    'long bpf_xdp_load_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len)',
    'Copies len bytes of the XDP frame from offset into buf, reading across fragments. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    190,
    'bpf_xdp_store_bytes',
    [CTX, ANY, RMEM, SZ],
    INT,
    'long bpf_xdp_store_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len)',
    'Writes len bytes from buf into the XDP frame at offset, writing across fragments. Returns 0 on success, a negative error otherwise.',
  ),
  helper(
    208,
    'bpf_ktime_get_tai_ns',
    [],
    INT,
    '__u64 bpf_ktime_get_tai_ns(void)',
    'Nanoseconds of TAI (International Atomic Time, CLOCK_TAI): wall-clock time that does not jump for leap seconds.',
  ),
];

const helpers = completeHelperTable(helperTable('linux helpers', globalHelpers), generatedLinuxHelpers);

/**
 * Every helper of <linux/bpf.h> (generated): the curated prototypes above keep their kinds (read from
 * the kernel's bpf_func_proto) and docs; the others take the kinds derived from the header's C
 * prototype. Every Linux helper carries its effects as data, so the verifier guesses nothing from
 * names for this profile.
 */
function completeHelperTable(
  curated: ReadonlyMap<number, HelperPrototype>,
  generated: readonly GeneratedHelper[],
): ReadonlyMap<number, HelperPrototype> {
  const table = new Map<number, HelperPrototype>();
  for (const g of generated) {
    const own = curated.get(g.id);
    if (own && own.name !== g.name)
      throw new PlatformTableError(`linux helpers: id ${g.id} is ${g.name} in <linux/bpf.h>, not ${own.name}`);
    const effects = g.effects ?? {};
    table.set(
      g.id,
      own
        ? { ...own, effects }
        : {
            id: g.id,
            name: g.name,
            args: g.args,
            returns: g.returns,
            signature: g.signature,
            doc: `Linux helper ${g.id}; its contract is described in the bpf-helpers(7) manual page.`,
            effects,
          },
    );
  }
  for (const [id, own] of curated) if (!table.has(id)) table.set(id, { ...own, effects: {} });
  return table;
}

// ---- Which helpers each program type may call ---------------------------------------------------
/**
 * Every helper of the table that a probe target (a program type with the attach type libbpf sets
 * for the section) may not call: the kernel's recorded answer, see linuxHelperAvailability.ts.
 */
function unavailableTo(target: string, extra: readonly number[] = []): ReadonlySet<number> {
  const available = availableHelpers(target);
  if (!available)
    throw new PlatformTableError(`linux helper availability: the recording kernel refused every '${target}' program`);
  const forbidden = new Set<number>();
  for (const id of helpers.keys()) if (!available.has(id) && !extra.includes(id)) forbidden.add(id);
  return forbidden;
}

// ---- Context layouts ----------------------------------------------------------------------------
const u32 = (name: string, offset: number, writable = false, count?: number): ContextField =>
  field({ name, offset, size: 4, cType: '__u32', writable, ...(count !== undefined ? { count } : {}) });
const u64 = (name: string, offset: number, writable = false): ContextField =>
  field({ name, offset, size: 8, cType: '__u64', writable });

/** family, both addresses (v4 and v6) and ports, read-only, as __sk_buff and bpf_sock_ops lay them out from `at`. */
function socketAddressFields(at: number): ContextField[] {
  return [
    u32('family', at),
    u32('remote_ip4', at + 4),
    u32('local_ip4', at + 8),
    u32('remote_ip6', at + 12, false, 4),
    u32('local_ip6', at + 28, false, 4),
    u32('remote_port', at + 44),
    u32('local_port', at + 48),
  ];
}

// __sk_buff: which fields a program type may read and write differs per type; `variant` selects.
type SkbVariant = 'socket_filter' | 'tc' | 'cgroup_skb';
function skBuff(variant: SkbVariant): ReturnType<typeof layout> {
  const tc = variant === 'tc';
  const cgroup = variant === 'cgroup_skb';
  const fields: ContextField[] = [
    u32('len', 0),
    u32('pkt_type', 4),
    u32('mark', 8, tc || cgroup),
    u32('queue_mapping', 12, tc),
    u32('protocol', 16),
    u32('vlan_present', 20),
    u32('vlan_tci', 24),
    u32('vlan_proto', 28),
    u32('priority', 32, tc || cgroup),
    u32('ingress_ifindex', 36),
    u32('ifindex', 40),
    u32('tc_index', 44, tc),
    u32('cb', 48, true, 5),
    u32('hash', 68),
    u32('tc_classid', 72, tc),
    u32('napi_id', 84),
    u32('family', 88),
    u32('remote_ip4', 92),
    u32('local_ip4', 96),
    u32('remote_ip6', 100, false, 4),
    u32('local_ip6', 116, false, 4),
    u32('remote_port', 132),
    u32('local_port', 136),
    u64('tstamp', 152, tc || cgroup),
    u32('wire_len', 160),
    u32('gso_segs', 164),
    u32('gso_size', 176),
    field({ name: 'tstamp_type', offset: 180, size: 1, cType: '__u8' }),
    u64('hwtstamp', 184),
  ];
  // Direct packet access: tc (with metadata) and cgroup_skb; socket filters must use bpf_skb_load_bytes.
  if (tc || cgroup) {
    fields.push(field({ name: 'data', offset: 76, size: 4, cType: '__u32', kind: 'packet_start' }));
    fields.push(field({ name: 'data_end', offset: 80, size: 4, cType: '__u32', kind: 'packet_end' }));
  }
  if (tc) fields.push(field({ name: 'data_meta', offset: 140, size: 4, cType: '__u32', kind: 'packet_meta' }));
  fields.sort((a, b) => a.offset - b.offset);
  return layout('__sk_buff', 192, fields);
}

// The kernel's per-type rules for __sk_buff (sk_skb_is_valid_access, lwt_is_valid_access,
// flow_dissector_is_valid_access in net/core/filter.c): fields a type may not read are left out
// of its layout, so reading them is an error as in the kernel.
type RestrictedSkbVariant = 'sk_skb' | 'lwt' | 'flow_dissector';
function restrictedSkBuff(variant: RestrictedSkbVariant): ReturnType<typeof layout> {
  const packet = [
    field({ name: 'data', offset: 76, size: 4, cType: '__u32', kind: 'packet_start' }),
    field({ name: 'data_end', offset: 80, size: 4, cType: '__u32', kind: 'packet_end' }),
  ];
  // A flow dissector reads the packet and fills the keys; every other field is refused.
  if (variant === 'flow_dissector')
    return layout('__sk_buff', 192, [
      ...packet,
      field({
        name: 'flow_keys',
        offset: 144,
        size: 8,
        cType: 'struct bpf_flow_keys *',
        kind: 'context_memory',
        memorySize: 56, // sizeof(struct bpf_flow_keys)
      }),
    ]);
  const skSkb = variant === 'sk_skb';
  // sk_skb may write tc_index and priority only (not even cb); lwt mark, priority and cb.
  const fields: ContextField[] = [
    u32('len', 0),
    u32('pkt_type', 4),
    ...(skSkb ? [] : [u32('mark', 8, true)]),
    u32('queue_mapping', 12),
    u32('protocol', 16),
    u32('vlan_present', 20),
    u32('vlan_tci', 24),
    u32('vlan_proto', 28),
    u32('priority', 32, true),
    u32('ingress_ifindex', 36),
    u32('ifindex', 40),
    u32('tc_index', 44, skSkb),
    u32('cb', 48, !skSkb, 5),
    u32('hash', 68),
    ...packet,
    u32('napi_id', 84),
    // lwt programs run before a socket is known: the socket fields are refused.
    ...(skSkb ? socketAddressFields(88) : []),
    u32('gso_segs', 164),
    u32('gso_size', 176),
  ];
  fields.sort((a, b) => a.offset - b.offset);
  return layout('__sk_buff', 192, fields);
}

// BTF-typed tracing programs (tp_btf, fentry, fexit, fmod_ret, lsm): the context is the target's
// arguments as an array of u64 (at most MAX_BPF_FUNC_ARGS, 12). The kernel (btf_ctx_access) allows
// reads only, at offsets that are multiples of 8, of arguments the target has; a pointer argument
// loads as a kernel pointer whose loads the kernel turns into probe loads.
const tracingArguments = layout(
  'u64 args[]',
  96,
  Array.from({ length: 12 }, (_, i) =>
    field({ name: `args[${i}]`, offset: i * 8, size: 8, cType: '__u64', kind: 'trace_argument' }),
  ),
);

const ptRegsNames = [
  'r15',
  'r14',
  'r13',
  'r12',
  'rbp',
  'rbx',
  'r11',
  'r10',
  'r9',
  'r8',
  'rax',
  'rcx',
  'rdx',
  'rsi',
  'rdi',
  'orig_rax',
  'rip',
  'cs',
  'eflags',
  'rsp',
  'ss',
];
const ptRegsFields = ptRegsNames.map((name, i) => field({ name, offset: i * 8, size: 8, cType: 'unsigned long' }));

const xdpReturns = { 0: 'XDP_ABORTED', 1: 'XDP_DROP', 2: 'XDP_PASS', 3: 'XDP_TX', 4: 'XDP_REDIRECT' };
const tcReturns = {
  [-1]: 'TC_ACT_UNSPEC',
  0: 'TC_ACT_OK',
  1: 'TC_ACT_RECLASSIFY',
  2: 'TC_ACT_SHOT',
  3: 'TC_ACT_PIPE',
  4: 'TC_ACT_STOLEN',
  5: 'TC_ACT_QUEUED',
  6: 'TC_ACT_REPEAT',
  7: 'TC_ACT_REDIRECT',
};
const noPerTypeHelpers: ReadonlyMap<number, HelperPrototype> = new Map();

const cgroupSkb: Omit<ProgramType, 'sectionPrefixes' | 'returnRange' | 'forbiddenHelpers'> = {
  name: 'cgroup_skb',
  number: 8,
  context: skBuff('cgroup_skb'),
  helpers: noPerTypeHelpers,
  returnValues: {
    0: 'drop',
    1: 'allow',
    2: 'drop + congestion notification (egress)',
    3: 'allow + congestion notification (egress)',
  },
  hasPacket: true,
  packetReadOnly: true,
  description: 'cgroup_skb: runs on packets entering or leaving a cgroup; returns 1 to allow, 0 to drop.',
};

const sockAddr: Omit<ProgramType, 'sectionPrefixes'> = {
  name: 'cgroup_sock_addr',
  number: 18,
  context: layout('bpf_sock_addr', 72, [
    u32('user_family', 0),
    u32('user_ip4', 4, true),
    u32('user_ip6', 8, true, 4),
    u32('user_port', 24, true),
    u32('family', 28),
    u32('type', 32),
    u32('protocol', 36),
    u32('msg_src_ip4', 40, true),
    u32('msg_src_ip6', 44, true, 4),
    field({ name: 'sk', offset: 64, size: 8, cType: 'struct bpf_sock *' }),
  ]),
  helpers: noPerTypeHelpers,
  returnValues: { 0: 'reject', 1: 'allow' },
  returnRange: [0, 1],
  hasPacket: false,
  description:
    'cgroup sock_addr: runs at bind/connect/sendmsg/recvmsg/getpeername/getsockname; may rewrite the address; returns 1 to allow.',
};

const iterator: Omit<ProgramType, 'sectionPrefixes' | 'forbiddenHelpers'> = {
  // BPF_PROG_TYPE_TRACING attached as BPF_TRACE_ITER (libbpf's iter/ and iter.s/ sections). The
  // context is struct bpf_iter__<target> from the kernel's BTF: meta first, then the iterated
  // object(s), which are NULL at the end of the walk. Loads through them follow the object's BTF.
  name: 'iter',
  number: 26,
  context: layout('bpf_iter__*', 32, [
    field({ name: 'meta', offset: 0, size: 8, cType: 'struct bpf_iter_meta *', kind: 'kernel_object' }),
    field({ name: 'object', offset: 8, size: 8, cType: 'void *', kind: 'kernel_object_or_null' }),
    field({ name: 'object2', offset: 16, size: 8, cType: 'void *', kind: 'kernel_object_or_null' }),
    field({ name: 'object3', offset: 24, size: 8, cType: 'void *', kind: 'kernel_object_or_null' }),
  ]),
  helpers: noPerTypeHelpers,
  returnValues: { 0: 'continue', 1: 'stop (retry this object on the next read)' },
  returnRange: [0, 1],
  hasPacket: false,
  description:
    'Iterator (iter/TARGET): runs once per kernel object (task, map, socket...) when user space reads the iterator, writing text or binary records with bpf_seq_printf / bpf_seq_write.',
};

// ---- Socket-map, cgroup and lookup programs ---------------------------------------------------
const sockopt = (writable: readonly string[]): ReturnType<typeof layout> =>
  layout('bpf_sockopt', 40, [
    field({ name: 'sk', offset: 0, size: 8, cType: 'struct bpf_sock *' }),
    field({ name: 'optval', offset: 8, size: 8, cType: 'void *', kind: 'packet_start' }),
    field({ name: 'optval_end', offset: 16, size: 8, cType: 'void *', kind: 'packet_end' }),
    ...['level', 'optname', 'optlen', 'retval'].map((name, i) => u32(name, 24 + i * 4, writable.includes(name))),
  ]);

const skSkb: Omit<ProgramType, 'sectionPrefixes' | 'forbiddenHelpers'> = {
  name: 'sk_skb',
  number: 14,
  context: restrictedSkBuff('sk_skb'),
  helpers: noPerTypeHelpers,
  returnValues: { 0: 'SK_DROP', 1: 'SK_PASS' },
  hasPacket: true,
  description:
    'sk_skb: runs on data arriving at a socket in a sockmap/sockhash; a stream parser returns the message length, a verdict SK_PASS or SK_DROP (or redirects with bpf_sk_redirect_map).',
};

// The BTF-typed tracing family: the arguments of the target (a tracepoint, a kernel function, an LSM
// hook) as u64 slots, read-only. Only tp_btf is judged by the recording kernel; it refuses fentry,
// fexit, fmod_ret and lsm with EPERM before its verifier runs, so those are modelled on tp_btf.
const btfTracing = (
  name: string,
  number: number,
  description: string,
): Omit<ProgramType, 'sectionPrefixes' | 'forbiddenHelpers'> => ({
  name,
  number,
  context: tracingArguments,
  helpers: noPerTypeHelpers,
  returnValues: {},
  hasPacket: false,
  description,
  verdictCaveat: `${name} verdicts are modelled on tp_btf's (context, helpers) and not checked against a kernel here: the recording kernel refuses ${name} programs with EPERM before its verifier runs`,
});
const fentry = btfTracing(
  'fentry',
  26,
  'fentry/FUNCTION: runs at the entry of a kernel function through a BPF trampoline; ctx holds its arguments as u64 slots (modelled on tp_btf, not checked against a kernel here). Must return 0.',
);
const fexit = btfTracing(
  'fexit',
  26,
  'fexit/FUNCTION: runs when a kernel function returns; ctx holds its arguments, then its return value (modelled on tp_btf, not checked against a kernel here). Must return 0.',
);
const fmodRet = btfTracing(
  'fmod_ret',
  26,
  'fmod_ret/FUNCTION: runs before a kernel function that allows error injection and may replace its return value (modelled on tp_btf, not checked against a kernel here).',
);
const lsm = btfTracing(
  'lsm',
  29,
  'lsm/HOOK: runs at a Linux security module hook; ctx holds the hook arguments, then the previous verdict; returns 0 or a negative errno to deny (modelled on tp_btf, not checked against a kernel here).',
);

const programTypes: readonly ProgramType[] = [
  {
    name: 'socket_filter',
    number: 1,
    sectionPrefixes: ['socket'],
    context: skBuff('socket_filter'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('socket_filter'),
    returnValues: { 0: 'drop the packet' },
    hasPacket: false,
    description:
      'Socket filter: returns how many bytes of the packet to keep (0 drops it). No direct packet access; use bpf_skb_load_bytes.',
  },
  {
    name: 'kprobe',
    number: 2,
    sectionPrefixes: ['kprobe', 'kretprobe', 'uprobe', 'uretprobe', 'ksyscall', 'kretsyscall', 'usdt'],
    context: layout('pt_regs', 168, ptRegsFields),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('kprobe'),
    returnValues: {},
    hasPacket: false,
    description:
      'kprobe/uprobe: runs at a kernel or user function entry or return; the context is the saved registers (x86-64 struct pt_regs).',
  },
  // Multi-attach kprobes (BPF_TRACE_KPROBE_MULTI) have their own probe target; sleepable uprobes and
  // USDT probes add what a sleepable program may call (bpf_copy_from_user...).
  {
    name: 'kprobe',
    number: 2,
    sectionPrefixes: ['kprobe.multi', 'kretprobe.multi'],
    context: layout('pt_regs', 168, ptRegsFields),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('kprobe_multi'),
    returnValues: {},
    hasPacket: false,
    description:
      'kprobe.multi: one program attached to many kernel functions at once; the context is the saved registers.',
  },
  {
    name: 'kprobe',
    number: 2,
    sectionPrefixes: ['uprobe.s', 'uretprobe.s', 'usdt.s'],
    context: layout('pt_regs', 168, ptRegsFields),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('kprobe', sleepableExtras()),
    returnValues: {},
    hasPacket: false,
    description:
      'Sleepable uprobe/USDT probe: may fault user memory in (bpf_copy_from_user); the context is the saved registers.',
  },
  {
    name: 'sched_cls',
    number: 3,
    sectionPrefixes: ['tc', 'classifier', 'tcx/ingress', 'tcx/egress', 'netkit/primary', 'netkit/peer'],
    context: skBuff('tc'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('sched_cls'),
    returnValues: tcReturns,
    hasPacket: true,
    description:
      'tc classifier (sched_cls): runs on packets at the traffic-control layer, ingress or egress; returns a TC_ACT_* verdict.',
  },
  {
    name: 'sched_act',
    number: 4,
    sectionPrefixes: ['action'],
    context: skBuff('tc'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('sched_act'),
    returnValues: tcReturns,
    hasPacket: true,
    description: 'tc action (sched_act): like a classifier, attached as an action.',
  },
  {
    name: 'tracepoint',
    number: 5,
    sectionPrefixes: ['tracepoint', 'tp'],
    // The kernel's load-time rule (tp_prog_is_valid_access): any aligned read below
    // PERF_MAX_TRACE_SIZE (2048); the event's record size is checked only at attach time. The
    // common header is the same for every event.
    anyAlignedReadBelow: 2048,
    context: layout('trace_event_raw', 2048, [
      field({ name: 'common_type', offset: 0, size: 2, cType: 'unsigned short' }),
      field({ name: 'common_flags', offset: 2, size: 1, cType: 'unsigned char' }),
      field({ name: 'common_preempt_count', offset: 3, size: 1, cType: 'unsigned char' }),
      field({ name: 'common_pid', offset: 4, size: 4, cType: 'int' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('tracepoint'),
    returnValues: {},
    hasPacket: false,
    description:
      'Tracepoint: runs at a static kernel tracepoint; the context is the event record (fields after the common header depend on the event).',
  },
  {
    name: 'xdp',
    number: 6,
    sectionPrefixes: ['xdp', 'xdp.frags'],
    context: layout('xdp_md', 24, [
      field({ name: 'data', offset: 0, size: 4, cType: '__u32', kind: 'packet_start' }),
      field({ name: 'data_end', offset: 4, size: 4, cType: '__u32', kind: 'packet_end' }),
      field({ name: 'data_meta', offset: 8, size: 4, cType: '__u32', kind: 'packet_meta' }),
      u32('ingress_ifindex', 12),
      u32('rx_queue_index', 16),
      u32('egress_ifindex', 20),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('xdp'),
    returnValues: xdpReturns,
    // No returnRange: the kernel does not range-check XDP return values at load time (an unknown
    // action is treated as XDP_ABORTED at run time), so the verifier must not reject them.
    hasPacket: true,
    description:
      'XDP: runs on each received frame in the driver; returns XDP_ABORTED 0, DROP 1, PASS 2, TX 3 or REDIRECT 4.',
  },
  {
    name: 'perf_event',
    number: 7,
    sectionPrefixes: ['perf_event'],
    context: layout('bpf_perf_event_data', 184, [...ptRegsFields, u64('sample_period', 168), u64('addr', 176)]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('perf_event'),
    returnValues: {},
    hasPacket: false,
    description: 'perf_event: runs on a perf event sample; the context holds the registers, sample period and address.',
  },
  // The kernel checks the return value per attach point: ingress accepts 0..1, egress 0..3 (the
  // congestion-notification bits), so the two sections are two entries of one type.
  {
    ...cgroupSkb,
    sectionPrefixes: ['cgroup_skb/ingress', 'cgroup/skb'],
    forbiddenHelpers: unavailableTo('cgroup_skb/ingress'),
    returnRange: [0, 1],
  },
  {
    ...cgroupSkb,
    sectionPrefixes: ['cgroup_skb/egress'],
    forbiddenHelpers: unavailableTo('cgroup_skb/egress'),
    returnRange: [0, 3],
  },
  {
    name: 'cgroup_sock',
    number: 9,
    sectionPrefixes: [
      'cgroup/sock',
      'cgroup/sock_create',
      'cgroup/sock_release',
      'cgroup/post_bind4',
      'cgroup/post_bind6',
    ],
    context: layout('bpf_sock', 80, [
      u32('bound_dev_if', 0, true),
      u32('family', 4),
      u32('type', 8),
      u32('protocol', 12),
      u32('mark', 16, true),
      u32('priority', 20, true),
      u32('src_ip4', 24),
      u32('src_ip6', 28, false, 4),
      u32('src_port', 44),
      field({ name: 'dst_port', offset: 48, size: 2, cType: '__be16' }),
      u32('dst_ip4', 52),
      u32('dst_ip6', 56, false, 4),
      u32('state', 72),
      u32('rx_queue_mapping', 76),
    ]),
    helpers: noPerTypeHelpers,
    // The four attach types (sock_create, sock_release, post_bind4/6) offer the same helpers.
    forbiddenHelpers: unavailableTo('cgroup/sock_create'),
    returnValues: { 0: 'reject', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: false,
    description: 'cgroup_sock: runs when a socket is created, released or bound in a cgroup; returns 1 to allow.',
  },
  {
    name: 'sockops',
    number: 13,
    sectionPrefixes: ['sockops'],
    context: layout('bpf_sock_ops', 216, [
      u32('op', 0),
      u32('args', 4, true, 4), // union with reply / replylong[4]; the reply is written here
      ...socketAddressFields(20),
      u32('is_fullsock', 72),
      u32('snd_cwnd', 76),
      u32('srtt_us', 80),
      u32('bpf_sock_ops_cb_flags', 84),
      u32('state', 88),
      u32('rtt_min', 92),
      u32('snd_ssthresh', 96),
      u32('rcv_nxt', 100),
      u32('snd_nxt', 104),
      u32('snd_una', 108),
      u32('mss_cache', 112),
      u32('ecn_flags', 116),
      u32('rate_delivered', 120),
      u32('rate_interval_us', 124),
      u32('packets_out', 128),
      u32('retrans_out', 132),
      u32('total_retrans', 136),
      u32('segs_in', 140),
      u32('data_segs_in', 144),
      u32('segs_out', 148),
      u32('data_segs_out', 152),
      u32('lost_out', 156),
      u32('sacked_out', 160),
      u32('sk_txhash', 164, true),
      u64('bytes_received', 168),
      u64('bytes_acked', 176),
      field({ name: 'sk', offset: 184, size: 8, cType: 'struct bpf_sock *' }),
      field({ name: 'skb_data', offset: 192, size: 8, cType: 'void *', kind: 'packet_start' }),
      field({ name: 'skb_data_end', offset: 200, size: 8, cType: 'void *', kind: 'packet_end' }),
      u32('skb_len', 208),
      u32('skb_tcp_flags', 212),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('sockops'),
    returnValues: {},
    hasPacket: true,
    description: 'sockops: runs at TCP events of a socket (connect, established, RTO...); replies through ctx->reply.',
  },
  {
    name: 'raw_tracepoint',
    number: 17,
    sectionPrefixes: ['raw_tracepoint', 'raw_tp'],
    // Up to 12 u64 arguments (MAX_BPF_FUNC_ARGS); the real count depends on the tracepoint.
    context: layout('bpf_raw_tracepoint_args', 96, [
      field({ name: 'args', offset: 0, size: 8, count: 12, cType: '__u64' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('raw_tracepoint'),
    returnValues: {},
    hasPacket: false,
    description: 'Raw tracepoint: runs at a kernel tracepoint with the raw arguments as u64 values.',
  },
  {
    name: 'raw_tracepoint_writable',
    number: 24,
    sectionPrefixes: ['raw_tracepoint.w', 'raw_tp.w'],
    context: layout('bpf_raw_tracepoint_args', 96, [
      field({ name: 'args', offset: 0, size: 8, count: 12, cType: '__u64' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('raw_tracepoint.w'),
    returnValues: {},
    hasPacket: false,
    description:
      'Writable raw tracepoint: a raw tracepoint whose first argument is a buffer the program may write (nbd, bpf_test_run tracepoints).',
  },
  // Recorded attached to bpf_iter_task; the seq_file writers are offered to iterators only, and
  // bpf_copy_from_user(_task) to sleepable ones (iter.s).
  { ...iterator, sectionPrefixes: ['iter'], forbiddenHelpers: unavailableTo('iter') },
  { ...iterator, sectionPrefixes: ['iter.s'], forbiddenHelpers: unavailableTo('iter.s') },
  // The kernel gives these sections different helpers and return ranges by attach type: bpf_bind
  // only at connect, bpf_get/set_retval not at recvmsg/getpeername/getsockname (which must return
  // 1), and bind may return 0..3 (bit 1: skip the CAP_NET_BIND_SERVICE check). The first entry
  // (connect) answers `--type cgroup_sock_addr`: its helpers include every other entry's.
  {
    ...sockAddr,
    sectionPrefixes: ['cgroup/connect4', 'cgroup/connect6'],
    forbiddenHelpers: unavailableTo('cgroup/connect4'),
  },
  {
    ...sockAddr,
    sectionPrefixes: ['cgroup/bind4', 'cgroup/bind6'],
    forbiddenHelpers: unavailableTo('cgroup/bind4'),
    returnValues: {
      ...sockAddr.returnValues,
      2: 'reject (no CAP_NET_BIND_SERVICE check)',
      3: 'allow without the CAP_NET_BIND_SERVICE check',
    },
    returnRange: [0, 3],
  },
  {
    ...sockAddr,
    sectionPrefixes: ['cgroup/sendmsg4', 'cgroup/sendmsg6'],
    forbiddenHelpers: unavailableTo('cgroup/sendmsg4'),
  },
  {
    ...sockAddr,
    sectionPrefixes: [
      'cgroup/recvmsg4',
      'cgroup/recvmsg6',
      'cgroup/getpeername4',
      'cgroup/getpeername6',
      'cgroup/getsockname4',
      'cgroup/getsockname6',
    ],
    forbiddenHelpers: unavailableTo('cgroup/recvmsg4'),
    returnValues: { 1: 'continue (the only value allowed)' },
    returnRange: [1, 1],
  },
  // Lightweight tunnels: lwt_in and lwt_out may read the packet only, lwt_xmit may also write it.
  {
    name: 'lwt_in',
    number: 10,
    sectionPrefixes: ['lwt_in'],
    context: restrictedSkBuff('lwt'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('lwt_in'),
    returnValues: { 0: 'BPF_OK', 2: 'BPF_DROP' },
    hasPacket: true,
    packetReadOnly: true,
    description: 'lwt_in: runs on packets entering a lightweight tunnel route (input path); may read the packet.',
  },
  {
    name: 'lwt_out',
    number: 11,
    sectionPrefixes: ['lwt_out'],
    context: restrictedSkBuff('lwt'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('lwt_out'),
    returnValues: { 0: 'BPF_OK', 2: 'BPF_DROP' },
    hasPacket: true,
    packetReadOnly: true,
    description:
      'lwt_out: runs on packets leaving through a lightweight tunnel route (output path); may read the packet.',
  },
  {
    name: 'lwt_xmit',
    number: 12,
    sectionPrefixes: ['lwt_xmit'],
    context: restrictedSkBuff('lwt'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('lwt_xmit'),
    returnValues: { 0: 'BPF_OK', 2: 'BPF_DROP', 7: 'BPF_REDIRECT', 0x80: 'BPF_LWT_REROUTE' },
    hasPacket: true,
    description:
      'lwt_xmit: runs on packets transmitted through a lightweight tunnel route; may change the packet and push encapsulation headers.',
  },
  {
    name: 'lwt_seg6local',
    number: 19,
    sectionPrefixes: ['lwt_seg6local'],
    context: restrictedSkBuff('lwt'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('lwt_seg6local'),
    returnValues: { 0: 'BPF_OK', 2: 'BPF_DROP', 7: 'BPF_REDIRECT' },
    hasPacket: true,
    packetReadOnly: true,
    description:
      'lwt_seg6local: an SRv6 local action (End.BPF); reads the packet and edits the SRH through the bpf_lwt_seg6_* helpers.',
  },
  // sk_skb and sk_msg: the kernel does not range-check their verdicts at load time.
  { ...skSkb, sectionPrefixes: ['sk_skb/stream_parser'], forbiddenHelpers: unavailableTo('sk_skb/stream_parser') },
  {
    ...skSkb,
    sectionPrefixes: ['sk_skb/stream_verdict', 'sk_skb'],
    forbiddenHelpers: unavailableTo('sk_skb/stream_verdict'),
  },
  { ...skSkb, sectionPrefixes: ['sk_skb/verdict'], forbiddenHelpers: unavailableTo('sk_skb/verdict') },
  {
    name: 'sk_msg',
    number: 16,
    sectionPrefixes: ['sk_msg'],
    context: layout('sk_msg_md', 80, [
      field({ name: 'data', offset: 0, size: 8, cType: 'void *', kind: 'packet_start' }),
      field({ name: 'data_end', offset: 8, size: 8, cType: 'void *', kind: 'packet_end' }),
      u32('family', 16),
      u32('remote_ip4', 20),
      u32('local_ip4', 24),
      u32('remote_ip6', 28, false, 4),
      u32('local_ip6', 44, false, 4),
      u32('remote_port', 60),
      u32('local_port', 64),
      u32('size', 68),
      field({ name: 'sk', offset: 72, size: 8, cType: 'struct bpf_sock *' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('sk_msg'),
    returnValues: { 0: 'SK_DROP', 1: 'SK_PASS' },
    hasPacket: true,
    description:
      'sk_msg: runs on each sendmsg/sendfile of a socket in a sockmap/sockhash; the context is the message data; returns SK_PASS or SK_DROP.',
  },
  {
    name: 'flow_dissector',
    number: 22,
    sectionPrefixes: ['flow_dissector'],
    context: restrictedSkBuff('flow_dissector'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('flow_dissector'),
    returnValues: { 0: 'BPF_OK', 2: 'BPF_DROP' },
    hasPacket: true,
    packetReadOnly: true,
    description:
      'flow_dissector: parses a packet for the kernel flow dissector; reads data..data_end and fills skb->flow_keys (struct bpf_flow_keys).',
  },
  {
    name: 'cgroup_device',
    number: 15,
    sectionPrefixes: ['cgroup/dev'],
    context: layout('bpf_cgroup_dev_ctx', 12, [u32('access_type', 0), u32('major', 4), u32('minor', 8)]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('cgroup/dev'),
    returnValues: { 0: 'deny', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: false,
    description:
      'cgroup/dev: decides whether a task of the cgroup may open or create a device node; returns 1 to allow, 0 to deny.',
  },
  {
    name: 'cgroup_sysctl',
    number: 23,
    sectionPrefixes: ['cgroup/sysctl'],
    context: layout('bpf_sysctl', 8, [u32('write', 0), u32('file_pos', 4, true)]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('cgroup/sysctl'),
    returnValues: { 0: 'reject', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: false,
    description:
      'cgroup/sysctl: runs when a task of the cgroup reads or writes /proc/sys; may inspect and rewrite the value; returns 1 to allow.',
  },
  // getsockopt may rewrite the result (optlen, retval), setsockopt the request (level, optname,
  // optlen); both may read and write the option bytes optval..optval_end.
  {
    name: 'cgroup_sockopt',
    number: 25,
    sectionPrefixes: ['cgroup/getsockopt'],
    context: sockopt(['optlen', 'retval']),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('cgroup/getsockopt'),
    returnValues: { 0: 'reject (EPERM)', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: true,
    description: 'cgroup/getsockopt: runs after getsockopt in a cgroup; may rewrite the returned option.',
  },
  {
    name: 'cgroup_sockopt',
    number: 25,
    sectionPrefixes: ['cgroup/setsockopt'],
    context: sockopt(['level', 'optname', 'optlen']),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('cgroup/setsockopt'),
    returnValues: { 0: 'reject (EPERM)', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: true,
    description: 'cgroup/setsockopt: runs before setsockopt in a cgroup; may rewrite the request.',
  },
  {
    name: 'sk_lookup',
    number: 30,
    sectionPrefixes: ['sk_lookup'],
    context: layout('bpf_sk_lookup', 72, [
      field({ name: 'sk', offset: 0, size: 8, cType: 'struct bpf_sock *' }),
      u32('family', 8),
      u32('protocol', 12),
      u32('remote_ip4', 16),
      u32('remote_ip6', 20, false, 4),
      field({ name: 'remote_port', offset: 36, size: 2, cType: '__be16' }),
      u32('local_ip4', 40),
      u32('local_ip6', 44, false, 4),
      u32('local_port', 60),
      u32('ingress_ifindex', 64),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('sk_lookup'),
    returnValues: { 0: 'SK_DROP', 1: 'SK_PASS' },
    returnRange: [0, 1],
    hasPacket: false,
    description:
      'sk_lookup: picks the socket for a new connection or datagram (bpf_sk_assign) before the normal lookup; returns SK_PASS or SK_DROP.',
  },
  ...(['sk_reuseport', 'sk_reuseport/migrate'] as const).map((section): ProgramType => ({
    name: 'sk_reuseport',
    number: 21,
    sectionPrefixes: [section],
    context: layout('sk_reuseport_md', 56, [
      field({ name: 'data', offset: 0, size: 8, cType: 'void *', kind: 'packet_start' }),
      field({ name: 'data_end', offset: 8, size: 8, cType: 'void *', kind: 'packet_end' }),
      u32('len', 16),
      u32('eth_protocol', 20),
      u32('ip_protocol', 24),
      u32('bind_inany', 28),
      u32('hash', 32),
      field({ name: 'sk', offset: 40, size: 8, cType: 'struct bpf_sock *' }),
      field({ name: 'migrating_sk', offset: 48, size: 8, cType: 'struct bpf_sock *' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo(section),
    returnValues: { 0: 'SK_DROP', 1: 'SK_PASS' },
    hasPacket: true,
    packetReadOnly: true,
    description:
      'sk_reuseport: picks the socket of a SO_REUSEPORT group for a packet (bpf_sk_select_reuseport); may read the packet.',
  })),
  {
    name: 'netfilter',
    number: 32,
    sectionPrefixes: ['netfilter'],
    // struct bpf_nf_ctx (include/net/netfilter/nf_bpf_link.h): kernel objects, read through BTF.
    context: layout('bpf_nf_ctx', 16, [
      field({ name: 'state', offset: 0, size: 8, cType: 'const struct nf_hook_state *', kind: 'kernel_object' }),
      field({ name: 'skb', offset: 8, size: 8, cType: 'struct sk_buff *', kind: 'kernel_object' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('netfilter'),
    returnValues: { 0: 'NF_DROP', 1: 'NF_ACCEPT' },
    returnRange: [0, 1],
    hasPacket: false,
    description: 'netfilter: runs at a netfilter hook (BPF_LINK_TYPE_NETFILTER); returns NF_ACCEPT or NF_DROP.',
  },
  {
    name: 'syscall',
    number: 31,
    sectionPrefixes: ['syscall'],
    // The context is the buffer user space passes to BPF_PROG_TEST_RUN (ctx_in): any offset below
    // U16_MAX, read and written (syscall_prog_is_valid_access).
    anyAlignedReadBelow: 65535,
    context: layout('syscall ctx', 65535, [
      field({ name: 'bytes', offset: 0, size: 1, count: 65535, cType: '__u8', writable: true }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('syscall'),
    returnValues: {},
    hasPacket: false,
    description:
      "syscall: a sleepable program run only from user space with BPF_PROG_TEST_RUN (light skeletons use it to load others); ctx is the caller's buffer.",
  },
  {
    name: 'tp_btf',
    number: 26,
    sectionPrefixes: ['tp_btf'],
    context: tracingArguments,
    helpers: noPerTypeHelpers,
    forbiddenHelpers: unavailableTo('tp_btf'),
    returnValues: {},
    hasPacket: false,
    description:
      'tp_btf/TRACEPOINT: a BTF-typed raw tracepoint; ctx holds the tracepoint arguments as u64 slots, pointer arguments readable directly.',
  },
  { ...fentry, sectionPrefixes: ['fentry'], forbiddenHelpers: unavailableTo('fentry'), returnRange: [0, 0] },
  {
    ...fentry,
    sectionPrefixes: ['fentry.s'],
    forbiddenHelpers: unavailableTo('fentry', sleepableExtras()),
    returnRange: [0, 0],
  },
  { ...fexit, sectionPrefixes: ['fexit'], forbiddenHelpers: unavailableTo('fexit'), returnRange: [0, 0] },
  {
    ...fexit,
    sectionPrefixes: ['fexit.s'],
    forbiddenHelpers: unavailableTo('fexit', sleepableExtras()),
    returnRange: [0, 0],
  },
  { ...fmodRet, sectionPrefixes: ['fmod_ret'], forbiddenHelpers: unavailableTo('fmod_ret') },
  { ...fmodRet, sectionPrefixes: ['fmod_ret.s'], forbiddenHelpers: unavailableTo('fmod_ret', sleepableExtras()) },
  // An LSM program returns 0 or a negative errno (bpf_lsm_get_retval_range for the int hooks),
  // checked on r0's low 32 bits as a signed int (the kernel's return_32bit for LSM).
  {
    ...lsm,
    sectionPrefixes: ['lsm'],
    forbiddenHelpers: unavailableTo('lsm'),
    returnValues: { 0: 'allow' },
    returnRange: [-4095, 0],
    returnRangeOfInt32: true,
  },
  {
    ...lsm,
    sectionPrefixes: ['lsm.s'],
    forbiddenHelpers: unavailableTo('lsm', sleepableExtras()),
    returnValues: { 0: 'allow' },
    returnRange: [-4095, 0],
    returnRangeOfInt32: true,
  },
];

const mapTypes = mapTypeTable([
  mapType(1, 'hash', 'hash'),
  mapType(2, 'array', 'array'),
  mapType(3, 'prog_array', 'prog_array', { lookupReturnsValue: false }),
  mapType(4, 'perf_event_array', 'perf_event_array', { lookupReturnsValue: false }),
  mapType(5, 'percpu_hash', 'percpu_hash', { perCpu: true }),
  mapType(6, 'percpu_array', 'percpu_array', { perCpu: true }),
  mapType(7, 'stack_trace', 'other', { lookupReturnsValue: false }),
  mapType(8, 'cgroup_array', 'other', { lookupReturnsValue: false }),
  mapType(9, 'lru_hash', 'lru_hash'),
  mapType(10, 'lru_percpu_hash', 'lru_percpu_hash', { perCpu: true }),
  mapType(11, 'lpm_trie', 'lpm_trie'),
  mapType(12, 'array_of_maps', 'array_of_maps'),
  mapType(13, 'hash_of_maps', 'hash_of_maps'),
  mapType(14, 'devmap', 'other', { lookupReturnsValue: false }),
  mapType(15, 'sockmap', 'other', { lookupReturnsValue: false }),
  mapType(16, 'cpumap', 'other', { lookupReturnsValue: false }),
  mapType(17, 'xskmap', 'other', { lookupReturnsValue: false }),
  mapType(18, 'sockhash', 'other', { lookupReturnsValue: false }),
  mapType(19, 'cgroup_storage', 'other'),
  mapType(20, 'reuseport_sockarray', 'other', { lookupReturnsValue: false }),
  mapType(21, 'percpu_cgroup_storage', 'other', { perCpu: true }),
  mapType(22, 'queue', 'queue', { lookupReturnsValue: false }),
  mapType(23, 'stack', 'stack', { lookupReturnsValue: false }),
  mapType(24, 'sk_storage', 'other', { lookupReturnsValue: false }),
  mapType(25, 'devmap_hash', 'other', { lookupReturnsValue: false }),
  mapType(26, 'struct_ops', 'other', { lookupReturnsValue: false }),
  mapType(27, 'ringbuf', 'ringbuf', { lookupReturnsValue: false }),
  mapType(28, 'inode_storage', 'other', { lookupReturnsValue: false }),
  mapType(29, 'task_storage', 'other', { lookupReturnsValue: false }),
  mapType(30, 'bloom_filter', 'other', { lookupReturnsValue: false }),
  mapType(31, 'user_ringbuf', 'other', { lookupReturnsValue: false }),
  mapType(32, 'cgrp_storage', 'other', { lookupReturnsValue: false }),
]);

export const linuxProfile: PlatformProfile = {
  id: 'linux',
  displayName: 'Linux',
  helpers,
  programTypes,
  mapTypes,
  contextPointerSize: 4,
  // The kernel verifier accepts a division by a register that may be zero; the result is 0
  // (and modulo by zero leaves the dividend), as the ISA defines.
  allowsDivisionByZero: true,
  maxTailCalls: 33, // MAX_TAIL_CALL_CNT
  maxInstructions: 1_000_000, // BPF_COMPLEXITY_LIMIT_INSNS for privileged loaders (4096 unprivileged)
  combinedStackLimit: 512,
  // Registers and r0 are 64-bit and the verifier checks return ranges on the full r0; note that
  // BPF_PROG_TEST_RUN reports only the low 32 bits (attr.test.retval is a __u32).
  resultBits: 64,
  verifierPolicy: linuxVerifierPolicy,
  kernelFunctions: linuxKernelFunctions,
  dynptrHelpers: linuxDynptrHelpers,
  // Cilium's datapath (its only user) reads per-endpoint settings with CONFIG(), an lddw of a
  // `__config_` variable that the Cilium agent's loader replaces by the value before loading.
  loaderInlinedConstants: { section: '.rodata.config', prefix: '__config_' },
  programTypesOffering: linuxProgramTypesOffering,
  unprivilegedLoad: linuxUnprivilegedLoad,
  programTypeForSection: (section) => matchSection(programTypes, section, 'segment'),
  helper: (id, programType) => resolveHelper(helpers, id, programType),
};
