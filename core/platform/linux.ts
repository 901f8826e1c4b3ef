// The Linux profile, from the kernel UAPI (<linux/bpf.h>, linux-libc-dev) and libbpf's
// <bpf/bpf_helper_defs.h> (libbpf-dev): helper ids and C prototypes, program types with libbpf's
// section names, context layouts (offsets proven against <linux/bpf.h> by a unit test that runs
// clang), return codes and map type numbers. One-line helper docs are the first sentence of each
// helper's description in that documentation. Argument and return kinds are the kernel's
// bpf_func_proto kinds mapped onto ours (ARG_PTR_TO_UNINIT_MEM -> writable mem, ARG_PTR_TO_MEM |
// MEM_RDONLY -> readable mem, socket pointers -> ptr_to_btf_id).
//
// Modelled helpers: ids 1..100 except 81 (bpf_get_local_storage returns a non-NULL map value, a
// return kind our contract lacks) and 101..104 (sysctl), plus the commonly used later ones.
// Which program type may call which helper is an allow-list per type, derived from the kernel's
// *_func_proto functions (approximate for the long tail, exact for the helpers a beginner meets:
// packet helpers, XDP adjust/redirect, tracing reads, printk).
import { field, helper, helperTable, layout, mapType, mapTypeTable, matchSection, resolveHelper } from './build';
import type { ContextField, HelperPrototype, PlatformProfile, ProgramType } from './types';

const MAP = 'ptr_to_map' as const;
const PROGMAP = 'ptr_to_map_of_programs' as const;
const KEY = 'ptr_to_map_key' as const;
const VAL = 'ptr_to_map_value' as const;
const CTX = 'ptr_to_ctx' as const;
const RMEM = 'ptr_to_readable_mem' as const;
const RMEM_OR_NULL = 'ptr_to_readable_mem_or_null' as const;
const WMEM = 'ptr_to_writable_mem' as const;
const SZ = 'const_size' as const;
const SZ0 = 'const_size_or_zero' as const;
const ANY = 'anything' as const;
const INT = 'integer' as const;

const globalHelpers: readonly HelperPrototype[] = [
  helper(1, 'bpf_map_lookup_elem', [MAP, KEY], 'ptr_to_map_value_or_null', 'void *bpf_map_lookup_elem(void *map, const void *key)', 'Perform a lookup in map for an entry associated to key.'),
  helper(2, 'bpf_map_update_elem', [MAP, KEY, VAL, ANY], INT, 'long bpf_map_update_elem(void *map, const void *key, const void *value, __u64 flags)', 'Add or update the value of the entry associated to key in map with value.'),
  helper(3, 'bpf_map_delete_elem', [MAP, KEY], INT, 'long bpf_map_delete_elem(void *map, const void *key)', 'Delete entry with key from map.'),
  helper(4, 'bpf_probe_read', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read(void *dst, __u32 size, const void *unsafe_ptr)', 'For tracing programs, safely attempt to read size bytes from kernel space address unsafe_ptr and store the data in dst.'),
  helper(5, 'bpf_ktime_get_ns', [], INT, '__u64 bpf_ktime_get_ns(void)', 'Return the time elapsed since system boot, in nanoseconds.'),
  helper(6, 'bpf_trace_printk', [RMEM, SZ, ANY, ANY, ANY], INT, 'long bpf_trace_printk(const char *fmt, __u32 fmt_size, ...)', 'This helper is a "printk()-like" facility for debugging.', { printk: true }),
  helper(7, 'bpf_get_prandom_u32', [], INT, '__u32 bpf_get_prandom_u32(void)', 'Get a pseudo-random number.'),
  helper(8, 'bpf_get_smp_processor_id', [], INT, '__u32 bpf_get_smp_processor_id(void)', 'Get the SMP (symmetric multiprocessing) processor id.'),
  helper(9, 'bpf_skb_store_bytes', [CTX, ANY, RMEM, SZ, ANY], INT, 'long bpf_skb_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags)', 'Store len bytes from address from into the packet associated to skb, at offset.'),
  helper(10, 'bpf_l3_csum_replace', [CTX, ANY, ANY, ANY, ANY], INT, 'long bpf_l3_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 size)', 'Recompute the layer 3 (e.g.'),
  helper(11, 'bpf_l4_csum_replace', [CTX, ANY, ANY, ANY, ANY], INT, 'long bpf_l4_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 flags)', 'Recompute the layer 4 (e.g.'),
  helper(12, 'bpf_tail_call', [CTX, PROGMAP, ANY], 'integer_or_no_return_if_succeed', 'long bpf_tail_call(void *ctx, void *prog_array_map, __u32 index)', 'This special helper is used to trigger a "tail call", or in other words, to jump into another eBPF program.'),
  helper(13, 'bpf_clone_redirect', [CTX, ANY, ANY], INT, 'long bpf_clone_redirect(struct __sk_buff *skb, __u32 ifindex, __u64 flags)', 'Clone and redirect the packet associated to skb to another net device of index ifindex.'),
  helper(14, 'bpf_get_current_pid_tgid', [], INT, '__u64 bpf_get_current_pid_tgid(void)', 'Get the current pid and tgid.'),
  helper(15, 'bpf_get_current_uid_gid', [], INT, '__u64 bpf_get_current_uid_gid(void)', 'Get the current uid and gid.'),
  helper(16, 'bpf_get_current_comm', [WMEM, SZ], INT, 'long bpf_get_current_comm(void *buf, __u32 size_of_buf)', 'Copy the comm attribute of the current task into buf of size_of_buf.'),
  helper(17, 'bpf_get_cgroup_classid', [CTX], INT, '__u32 bpf_get_cgroup_classid(struct __sk_buff *skb)', 'Retrieve the classid for the current task, i.e.'),
  helper(18, 'bpf_skb_vlan_push', [CTX, ANY, ANY], INT, 'long bpf_skb_vlan_push(struct __sk_buff *skb, __be16 vlan_proto, __u16 vlan_tci)', 'Push a vlan_tci (VLAN tag control information) of protocol vlan_proto to the packet associated to skb, then update the checksum.'),
  helper(19, 'bpf_skb_vlan_pop', [CTX], INT, 'long bpf_skb_vlan_pop(struct __sk_buff *skb)', 'Pop a VLAN header from the packet associated to skb.'),
  helper(20, 'bpf_skb_get_tunnel_key', [CTX, WMEM, SZ, ANY], INT, 'long bpf_skb_get_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags)', 'Get tunnel metadata.'),
  helper(21, 'bpf_skb_set_tunnel_key', [CTX, RMEM, SZ, ANY], INT, 'long bpf_skb_set_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags)', 'Populate tunnel metadata for packet associated to skb.'),
  helper(22, 'bpf_perf_event_read', [MAP, ANY], INT, '__u64 bpf_perf_event_read(void *map, __u64 flags)', 'Read the value of a perf event counter.'),
  helper(23, 'bpf_redirect', [ANY, ANY], INT, 'long bpf_redirect(__u32 ifindex, __u64 flags)', 'Redirect the packet to another net device of index ifindex.'),
  helper(24, 'bpf_get_route_realm', [CTX], INT, '__u32 bpf_get_route_realm(struct __sk_buff *skb)', 'Retrieve the realm or the route, that is to say the tclassid field of the destination for the skb.'),
  helper(25, 'bpf_perf_event_output', [CTX, MAP, ANY, RMEM, SZ0], INT, 'long bpf_perf_event_output(void *ctx, void *map, __u64 flags, void *data, __u64 size)', 'Write raw data blob into a special BPF perf event held by map of type BPF_MAP_TYPE_PERF_EVENT_ARRAY.'),
  helper(26, 'bpf_skb_load_bytes', [CTX, ANY, WMEM, SZ], INT, 'long bpf_skb_load_bytes(const void *skb, __u32 offset, void *to, __u32 len)', 'This helper was provided as an easy way to load data from a packet.'),
  helper(27, 'bpf_get_stackid', [CTX, MAP, ANY], INT, 'long bpf_get_stackid(void *ctx, void *map, __u64 flags)', 'Walk a user or a kernel stack and return its id.'),
  helper(28, 'bpf_csum_diff', [RMEM_OR_NULL, SZ0, RMEM_OR_NULL, SZ0, ANY], INT, '__s64 bpf_csum_diff(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size, __wsum seed)', 'Compute a checksum difference, from the raw buffer pointed by from, of length from_size (that must be a multiple of 4), towards the raw buffer pointed by to, of size to_size (same remark).'),
  helper(29, 'bpf_skb_get_tunnel_opt', [CTX, WMEM, SZ], INT, 'long bpf_skb_get_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size)', 'Retrieve tunnel options metadata for the packet associated to skb, and store the raw tunnel option data to the buffer opt of size.'),
  helper(30, 'bpf_skb_set_tunnel_opt', [CTX, RMEM, SZ], INT, 'long bpf_skb_set_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size)', 'Set tunnel options metadata for the packet associated to skb to the option data contained in the raw buffer opt of size.'),
  helper(31, 'bpf_skb_change_proto', [CTX, ANY, ANY], INT, 'long bpf_skb_change_proto(struct __sk_buff *skb, __be16 proto, __u64 flags)', 'Change the protocol of the skb to proto.'),
  helper(32, 'bpf_skb_change_type', [CTX, ANY], INT, 'long bpf_skb_change_type(struct __sk_buff *skb, __u32 type)', 'Change the packet type for the packet associated to skb.'),
  helper(33, 'bpf_skb_under_cgroup', [CTX, MAP, ANY], INT, 'long bpf_skb_under_cgroup(struct __sk_buff *skb, void *map, __u32 index)', 'Check whether skb is a descendant of the cgroup2 held by map of type BPF_MAP_TYPE_CGROUP_ARRAY, at index.'),
  helper(34, 'bpf_get_hash_recalc', [CTX], INT, '__u32 bpf_get_hash_recalc(struct __sk_buff *skb)', 'Retrieve the hash of the packet, skb->hash.'),
  helper(35, 'bpf_get_current_task', [], INT, '__u64 bpf_get_current_task(void)', 'Get the current task.'),
  helper(36, 'bpf_probe_write_user', [ANY, RMEM, SZ], INT, 'long bpf_probe_write_user(void *dst, const void *src, __u32 len)', 'Attempt in a safe way to write len bytes from the buffer src to dst in memory.'),
  helper(37, 'bpf_current_task_under_cgroup', [MAP, ANY], INT, 'long bpf_current_task_under_cgroup(void *map, __u32 index)', 'Check whether the probe is being run is the context of a given subset of the cgroup2 hierarchy.'),
  helper(38, 'bpf_skb_change_tail', [CTX, ANY, ANY], INT, 'long bpf_skb_change_tail(struct __sk_buff *skb, __u32 len, __u64 flags)', 'Resize (trim or grow) the packet associated to skb to the new len.'),
  helper(39, 'bpf_skb_pull_data', [CTX, ANY], INT, 'long bpf_skb_pull_data(struct __sk_buff *skb, __u32 len)', 'Pull in non-linear data in case the skb is non-linear and not all of len are part of the linear section.'),
  helper(40, 'bpf_csum_update', [CTX, ANY], INT, '__s64 bpf_csum_update(struct __sk_buff *skb, __wsum csum)', 'Add the checksum csum into skb->csum in case the driver has supplied a checksum for the entire packet into that field.'),
  helper(41, 'bpf_set_hash_invalid', [CTX], 'void', 'void bpf_set_hash_invalid(struct __sk_buff *skb)', 'Invalidate the current skb->hash.'),
  helper(42, 'bpf_get_numa_node_id', [], INT, 'long bpf_get_numa_node_id(void)', 'Return the id of the current NUMA node.'),
  helper(43, 'bpf_skb_change_head', [CTX, ANY, ANY], INT, 'long bpf_skb_change_head(struct __sk_buff *skb, __u32 len, __u64 flags)', 'Grows headroom of packet associated to skb and adjusts the offset of the MAC header accordingly, adding len bytes of space.'),
  helper(44, 'bpf_xdp_adjust_head', [CTX, ANY], INT, 'long bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)', 'Adjust (move) xdp_md->data by delta bytes.'),
  helper(45, 'bpf_probe_read_str', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read_str(void *dst, __u32 size, const void *unsafe_ptr)', 'Copy a NUL terminated string from an unsafe kernel address unsafe_ptr to dst.'),
  helper(46, 'bpf_get_socket_cookie', [CTX], INT, '__u64 bpf_get_socket_cookie(void *ctx)', 'If the struct sk_buff pointed by skb has a known socket, retrieve the cookie (generated by the kernel) of this socket.'),
  helper(47, 'bpf_get_socket_uid', [CTX], INT, '__u32 bpf_get_socket_uid(struct __sk_buff *skb)', 'Get the owner UID of the socked associated to skb.'),
  helper(48, 'bpf_set_hash', [CTX, ANY], INT, 'long bpf_set_hash(struct __sk_buff *skb, __u32 hash)', 'Set the full hash for skb (set the field skb->hash) to value hash.'),
  helper(49, 'bpf_setsockopt', [CTX, ANY, ANY, RMEM, SZ], INT, 'long bpf_setsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)', 'Emulate a call to setsockopt() on the socket associated to bpf_socket, which must be a full socket.'),
  helper(50, 'bpf_skb_adjust_room', [CTX, ANY, ANY, ANY], INT, 'long bpf_skb_adjust_room(struct __sk_buff *skb, __s32 len_diff, __u32 mode, __u64 flags)', 'Grow or shrink the room for data in the packet associated to skb by len_diff, and according to the selected mode.'),
  helper(51, 'bpf_redirect_map', [MAP, ANY, ANY], INT, 'long bpf_redirect_map(void *map, __u64 key, __u64 flags)', 'Redirect the packet to the endpoint referenced by map at index key.'),
  helper(52, 'bpf_sk_redirect_map', [CTX, MAP, ANY, ANY], INT, 'long bpf_sk_redirect_map(struct __sk_buff *skb, void *map, __u32 key, __u64 flags)', 'Redirect the packet to the socket referenced by map (of type BPF_MAP_TYPE_SOCKMAP) at index key.'),
  helper(53, 'bpf_sock_map_update', [CTX, MAP, KEY, ANY], INT, 'long bpf_sock_map_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags)', 'Add an entry to, or update a map referencing sockets.'),
  helper(54, 'bpf_xdp_adjust_meta', [CTX, ANY], INT, 'long bpf_xdp_adjust_meta(struct xdp_md *xdp_md, int delta)', 'Adjust the address pointed by xdp_md->data_meta by delta (which can be positive or negative).'),
  helper(55, 'bpf_perf_event_read_value', [MAP, ANY, WMEM, SZ], INT, 'long bpf_perf_event_read_value(void *map, __u64 flags, struct bpf_perf_event_value *buf, __u32 buf_size)', 'Read the value of a perf event counter, and store it into buf of size buf_size.'),
  helper(56, 'bpf_perf_prog_read_value', [CTX, WMEM, SZ], INT, 'long bpf_perf_prog_read_value(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, __u32 buf_size)', 'For en eBPF program attached to a perf event, retrieve the value of the event counter associated to ctx and store it in the structure pointed by buf and of size buf_size.'),
  helper(57, 'bpf_getsockopt', [CTX, ANY, ANY, WMEM, SZ], INT, 'long bpf_getsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)', 'Emulate a call to getsockopt() on the socket associated to bpf_socket, which must be a full socket.'),
  helper(58, 'bpf_override_return', [CTX, ANY], INT, 'long bpf_override_return(struct pt_regs *regs, __u64 rc)', 'Used for error injection, this helper uses kprobes to override the return value of the probed function, and to set it to rc.'),
  helper(59, 'bpf_sock_ops_cb_flags_set', [CTX, ANY], INT, 'long bpf_sock_ops_cb_flags_set(struct bpf_sock_ops *bpf_sock, int argval)', 'Attempt to set the value of the bpf_sock_ops_cb_flags field for the full TCP socket associated to bpf_sock_ops to argval.'),
  helper(60, 'bpf_msg_redirect_map', [CTX, MAP, ANY, ANY], INT, 'long bpf_msg_redirect_map(struct sk_msg_md *msg, void *map, __u32 key, __u64 flags)', 'This helper is used in programs implementing policies at the socket level.'),
  helper(61, 'bpf_msg_apply_bytes', [CTX, ANY], INT, 'long bpf_msg_apply_bytes(struct sk_msg_md *msg, __u32 bytes)', 'For socket policies, apply the verdict of the eBPF program to the next bytes (number of bytes) of message msg.'),
  helper(62, 'bpf_msg_cork_bytes', [CTX, ANY], INT, 'long bpf_msg_cork_bytes(struct sk_msg_md *msg, __u32 bytes)', 'For socket policies, prevent the execution of the verdict eBPF program for message msg until bytes (byte number) have been accumulated.'),
  helper(63, 'bpf_msg_pull_data', [CTX, ANY, ANY, ANY], INT, 'long bpf_msg_pull_data(struct sk_msg_md *msg, __u32 start, __u32 end, __u64 flags)', 'For socket policies, pull in non-linear data from user space for msg and set pointers msg->data and msg->data_end to start and end bytes offsets into msg, respectively.'),
  helper(64, 'bpf_bind', [CTX, RMEM, SZ], INT, 'long bpf_bind(struct bpf_sock_addr *ctx, struct sockaddr *addr, int addr_len)', 'Bind the socket associated to ctx to the address pointed by addr, of length addr_len.'),
  helper(65, 'bpf_xdp_adjust_tail', [CTX, ANY], INT, 'long bpf_xdp_adjust_tail(struct xdp_md *xdp_md, int delta)', 'Adjust (move) xdp_md->data_end by delta bytes.'),
  helper(66, 'bpf_skb_get_xfrm_state', [CTX, ANY, WMEM, SZ, ANY], INT, 'long bpf_skb_get_xfrm_state(struct __sk_buff *skb, __u32 index, struct bpf_xfrm_state *xfrm_state, __u32 size, __u64 flags)', 'Retrieve the XFRM state (IP transform framework, see also ip-xfrm(8)) at index in XFRM "security path" for skb.'),
  helper(67, 'bpf_get_stack', [CTX, WMEM, SZ0, ANY], INT, 'long bpf_get_stack(void *ctx, void *buf, __u32 size, __u64 flags)', 'Return a user or a kernel stack in bpf program provided buffer.'),
  helper(68, 'bpf_skb_load_bytes_relative', [CTX, ANY, WMEM, SZ, ANY], INT, 'long bpf_skb_load_bytes_relative(const void *skb, __u32 offset, void *to, __u32 len, __u32 start_header)', 'This helper is similar to bpf_skb_load_bytes() in that it provides an easy way to load len bytes from offset from the packet associated to skb, into the buffer pointed by to.'),
  helper(69, 'bpf_fib_lookup', [CTX, WMEM, SZ, ANY], INT, 'long bpf_fib_lookup(void *ctx, struct bpf_fib_lookup *params, int plen, __u32 flags)', 'Do FIB lookup in kernel tables using parameters in params.'),
  helper(70, 'bpf_sock_hash_update', [CTX, MAP, KEY, ANY], INT, 'long bpf_sock_hash_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags)', 'Add an entry to, or update a sockhash map referencing sockets.'),
  helper(71, 'bpf_msg_redirect_hash', [CTX, MAP, KEY, ANY], INT, 'long bpf_msg_redirect_hash(struct sk_msg_md *msg, void *map, void *key, __u64 flags)', 'This helper is used in programs implementing policies at the socket level.'),
  helper(72, 'bpf_sk_redirect_hash', [CTX, MAP, KEY, ANY], INT, 'long bpf_sk_redirect_hash(struct __sk_buff *skb, void *map, void *key, __u64 flags)', 'This helper is used in programs implementing policies at the skb socket level.'),
  helper(73, 'bpf_lwt_push_encap', [CTX, ANY, RMEM, SZ], INT, 'long bpf_lwt_push_encap(struct __sk_buff *skb, __u32 type, void *hdr, __u32 len)', 'Encapsulate the packet associated to skb within a Layer 3 protocol header.'),
  helper(74, 'bpf_lwt_seg6_store_bytes', [CTX, ANY, RMEM, SZ], INT, 'long bpf_lwt_seg6_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len)', 'Store len bytes from address from into the packet associated to skb, at offset.'),
  helper(75, 'bpf_lwt_seg6_adjust_srh', [CTX, ANY, ANY], INT, 'long bpf_lwt_seg6_adjust_srh(struct __sk_buff *skb, __u32 offset, __s32 delta)', 'Adjust the size allocated to TLVs in the outermost IPv6 Segment Routing Header contained in the packet associated to skb, at position offset by delta bytes.'),
  helper(76, 'bpf_lwt_seg6_action', [CTX, ANY, RMEM, SZ], INT, 'long bpf_lwt_seg6_action(struct __sk_buff *skb, __u32 action, void *param, __u32 param_len)', 'Apply an IPv6 Segment Routing action of type action to the packet associated to skb.'),
  helper(77, 'bpf_rc_repeat', [CTX], INT, 'long bpf_rc_repeat(void *ctx)', 'This helper is used in programs implementing IR decoding, to report a successfully decoded repeat key message.'),
  helper(78, 'bpf_rc_keydown', [CTX, ANY, ANY, ANY], INT, 'long bpf_rc_keydown(void *ctx, __u32 protocol, __u64 scancode, __u32 toggle)', 'This helper is used in programs implementing IR decoding, to report a successfully decoded key press with scancode, toggle value in the given protocol.'),
  helper(79, 'bpf_skb_cgroup_id', [CTX], INT, '__u64 bpf_skb_cgroup_id(struct __sk_buff *skb)', 'Return the cgroup v2 id of the socket associated with the skb.'),
  helper(80, 'bpf_get_current_cgroup_id', [], INT, '__u64 bpf_get_current_cgroup_id(void)', 'Get the current cgroup id based on the cgroup within which the current task is running.'),
  helper(82, 'bpf_sk_select_reuseport', [CTX, MAP, KEY, ANY], INT, 'long bpf_sk_select_reuseport(struct sk_reuseport_md *reuse, void *map, void *key, __u64 flags)', 'Select a SO_REUSEPORT socket from a BPF_MAP_TYPE_REUSEPORT_SOCKARRAY map.'),
  helper(83, 'bpf_skb_ancestor_cgroup_id', [CTX, ANY], INT, '__u64 bpf_skb_ancestor_cgroup_id(struct __sk_buff *skb, int ancestor_level)', 'Return id of cgroup v2 that is ancestor of cgroup associated with the skb at the ancestor_level.'),
  helper(84, 'bpf_sk_lookup_tcp', [CTX, RMEM, SZ, ANY, ANY], 'ptr_to_btf_id_or_null', 'struct bpf_sock *bpf_sk_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)', 'Look for TCP socket matching tuple, optionally in a child network namespace netns.'),
  helper(85, 'bpf_sk_lookup_udp', [CTX, RMEM, SZ, ANY, ANY], 'ptr_to_btf_id_or_null', 'struct bpf_sock *bpf_sk_lookup_udp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)', 'Look for UDP socket matching tuple, optionally in a child network namespace netns.'),
  helper(86, 'bpf_sk_release', ['ptr_to_btf_id'], INT, 'long bpf_sk_release(void *sock)', 'Release the reference held by sock.'),
  helper(87, 'bpf_map_push_elem', [MAP, VAL, ANY], INT, 'long bpf_map_push_elem(void *map, const void *value, __u64 flags)', 'Push an element value in map.'),
  helper(88, 'bpf_map_pop_elem', [MAP, VAL], INT, 'long bpf_map_pop_elem(void *map, void *value)', 'Pop an element from map.'),
  helper(89, 'bpf_map_peek_elem', [MAP, VAL], INT, 'long bpf_map_peek_elem(void *map, void *value)', 'Get an element from map without removing it.'),
  helper(90, 'bpf_msg_push_data', [CTX, ANY, ANY, ANY], INT, 'long bpf_msg_push_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags)', 'For socket policies, insert len bytes into msg at offset start.'),
  helper(91, 'bpf_msg_pop_data', [CTX, ANY, ANY, ANY], INT, 'long bpf_msg_pop_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags)', 'Will remove len bytes from a msg starting at byte start.'),
  helper(92, 'bpf_rc_pointer_rel', [CTX, ANY, ANY], INT, 'long bpf_rc_pointer_rel(void *ctx, __s32 rel_x, __s32 rel_y)', 'This helper is used in programs implementing IR decoding, to report a successfully decoded pointer movement.'),
  helper(93, 'bpf_spin_lock', ['ptr_to_spin_lock'], INT, 'long bpf_spin_lock(struct bpf_spin_lock *lock)', 'Acquire a spinlock represented by the pointer lock, which is stored as part of a value of a map.'),
  helper(94, 'bpf_spin_unlock', ['ptr_to_spin_lock'], INT, 'long bpf_spin_unlock(struct bpf_spin_lock *lock)', 'Release the lock previously locked by a call to bpf_spin_lock(lock).'),
  helper(95, 'bpf_sk_fullsock', ['ptr_to_btf_id'], 'ptr_to_btf_id_or_null', 'struct bpf_sock *bpf_sk_fullsock(struct bpf_sock *sk)', 'This helper gets a struct bpf_sock pointer such that all the fields in this bpf_sock can be accessed.'),
  helper(96, 'bpf_tcp_sock', ['ptr_to_btf_id'], 'ptr_to_btf_id_or_null', 'struct bpf_tcp_sock *bpf_tcp_sock(struct bpf_sock *sk)', 'This helper gets a struct bpf_tcp_sock pointer from a struct bpf_sock pointer.'),
  helper(97, 'bpf_skb_ecn_set_ce', [CTX], INT, 'long bpf_skb_ecn_set_ce(struct __sk_buff *skb)', 'Set ECN (Explicit Congestion Notification) field of IP header to CE (Congestion Encountered) if current value is ECT (ECN Capable Transport).'),
  helper(98, 'bpf_get_listener_sock', ['ptr_to_btf_id'], 'ptr_to_btf_id_or_null', 'struct bpf_sock *bpf_get_listener_sock(struct bpf_sock *sk)', 'Return a struct bpf_sock pointer in TCP_LISTEN state.'),
  helper(99, 'bpf_skc_lookup_tcp', [CTX, RMEM, SZ, ANY, ANY], 'ptr_to_btf_id_or_null', 'struct bpf_sock *bpf_skc_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)', 'Look for TCP socket matching tuple, optionally in a child network namespace netns.'),
  helper(100, 'bpf_tcp_check_syncookie', ['ptr_to_btf_id', RMEM, SZ, RMEM, SZ], INT, 'long bpf_tcp_check_syncookie(void *sk, void *iph, __u32 iph_len, struct tcphdr *th, __u32 th_len)', 'Check whether iph and th contain a valid SYN cookie ACK for the listening socket in sk.'),
  helper(105, 'bpf_strtol', [RMEM, SZ, ANY, 'ptr_to_long'], INT, 'long bpf_strtol(const char *buf, unsigned long buf_len, __u64 flags, long *res)', 'Convert the initial part of the string from buffer buf of size buf_len to a long integer according to the given base and save the result in res.'),
  helper(106, 'bpf_strtoul', [RMEM, SZ, ANY, 'ptr_to_long'], INT, 'long bpf_strtoul(const char *buf, unsigned long buf_len, __u64 flags, unsigned long *res)', 'Convert the initial part of the string from buffer buf of size buf_len to an unsigned long integer according to the given base and save the result in res.'),
  helper(107, 'bpf_sk_storage_get', [MAP, 'ptr_to_btf_id', RMEM_OR_NULL, ANY], 'ptr_to_map_value_or_null', 'void *bpf_sk_storage_get(void *map, void *sk, void *value, __u64 flags)', 'Get a bpf-local-storage from a sk.'),
  helper(108, 'bpf_sk_storage_delete', [MAP, 'ptr_to_btf_id'], INT, 'long bpf_sk_storage_delete(void *map, void *sk)', 'Delete a bpf-local-storage from a sk.'),
  helper(109, 'bpf_send_signal', [ANY], INT, 'long bpf_send_signal(__u32 sig)', 'Send signal sig to the process of the current task.'),
  helper(112, 'bpf_probe_read_user', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read_user(void *dst, __u32 size, const void *unsafe_ptr)', 'Safely attempt to read size bytes from user space address unsafe_ptr and store the data in dst.'),
  helper(113, 'bpf_probe_read_kernel', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read_kernel(void *dst, __u32 size, const void *unsafe_ptr)', 'Safely attempt to read size bytes from kernel space address unsafe_ptr and store the data in dst.'),
  helper(114, 'bpf_probe_read_user_str', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read_user_str(void *dst, __u32 size, const void *unsafe_ptr)', 'Copy a NUL terminated string from an unsafe user address unsafe_ptr to dst.'),
  helper(115, 'bpf_probe_read_kernel_str', [WMEM, SZ0, ANY], INT, 'long bpf_probe_read_kernel_str(void *dst, __u32 size, const void *unsafe_ptr)', 'Copy a NUL terminated string from an unsafe kernel address unsafe_ptr to dst.'),
  helper(117, 'bpf_send_signal_thread', [ANY], INT, 'long bpf_send_signal_thread(__u32 sig)', 'Send signal sig to the thread corresponding to the current task.'),
  helper(118, 'bpf_jiffies64', [], INT, '__u64 bpf_jiffies64(void)', 'Obtain the 64bit jiffies'),
  helper(121, 'bpf_xdp_output', [CTX, MAP, ANY, RMEM, SZ0], INT, 'long bpf_xdp_output(void *ctx, void *map, __u64 flags, void *data, __u64 size)', 'Write raw data blob into a special BPF perf event held by map of type BPF_MAP_TYPE_PERF_EVENT_ARRAY.'),
  helper(122, 'bpf_get_netns_cookie', ['ptr_to_ctx_or_null'], INT, '__u64 bpf_get_netns_cookie(void *ctx)', 'Retrieve the cookie (generated by the kernel) of the network namespace the input ctx is associated with.'),
  helper(123, 'bpf_get_current_ancestor_cgroup_id', [ANY], INT, '__u64 bpf_get_current_ancestor_cgroup_id(int ancestor_level)', 'Return id of cgroup v2 that is ancestor of the cgroup associated with the current task at the ancestor_level.'),
  helper(124, 'bpf_sk_assign', [CTX, 'ptr_to_btf_id', ANY], INT, 'long bpf_sk_assign(void *ctx, void *sk, __u64 flags)', 'Helper is overloaded depending on BPF program type.'),
  helper(125, 'bpf_ktime_get_boot_ns', [], INT, '__u64 bpf_ktime_get_boot_ns(void)', 'Return the time elapsed since system boot, in nanoseconds.'),
  helper(130, 'bpf_ringbuf_output', [MAP, RMEM, SZ0, ANY], INT, 'long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags)', 'Copy size bytes from data into a ring buffer ringbuf.'),
  helper(131, 'bpf_ringbuf_reserve', [MAP, SZ, ANY], 'ptr_to_alloc_mem_or_null', 'void *bpf_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags)', 'Reserve size bytes of payload in a ring buffer ringbuf.'),
  helper(132, 'bpf_ringbuf_submit', ['ptr_to_alloc_mem', ANY], 'void', 'void bpf_ringbuf_submit(void *data, __u64 flags)', 'Submit reserved ring buffer sample, pointed to by data.'),
  helper(133, 'bpf_ringbuf_discard', ['ptr_to_alloc_mem', ANY], 'void', 'void bpf_ringbuf_discard(void *data, __u64 flags)', 'Discard reserved ring buffer sample, pointed to by data.'),
  helper(134, 'bpf_ringbuf_query', [MAP, ANY], INT, '__u64 bpf_ringbuf_query(void *ringbuf, __u64 flags)', 'Query various characteristics of provided ring buffer.'),
  helper(135, 'bpf_csum_level', [CTX, ANY], INT, 'long bpf_csum_level(struct __sk_buff *skb, __u64 level)', 'Change the skbs checksum level by one layer up or down, or reset it entirely to none in order to have the stack perform checksum validation.'),
  helper(160, 'bpf_ktime_get_coarse_ns', [], INT, '__u64 bpf_ktime_get_coarse_ns(void)', 'Return a coarse-grained version of the time elapsed since system boot, in nanoseconds.'),
  helper(164, 'bpf_for_each_map_elem', [MAP, 'ptr_to_func', 'ptr_to_stack_or_null', ANY], INT, 'long bpf_for_each_map_elem(void *map, void *callback_fn, void *callback_ctx, __u64 flags)', 'For each element in map, call callback_fn function with map, callback_ctx and other map-specific parameters.'),
  helper(165, 'bpf_snprintf', [WMEM, SZ0, 'ptr_to_const_str', RMEM_OR_NULL, SZ0], INT, 'long bpf_snprintf(char *str, __u32 str_size, const char *fmt, __u64 *data, __u32 data_len)', 'Outputs a string into the str buffer of size str_size based on a format string stored in a read-only map pointed by fmt.'),
  helper(173, 'bpf_get_func_ip', [CTX], INT, '__u64 bpf_get_func_ip(void *ctx)', 'Get address of the traced function (for tracing and kprobe programs).'),
  helper(174, 'bpf_get_attach_cookie', [CTX], INT, '__u64 bpf_get_attach_cookie(void *ctx)', 'Get bpf_cookie value provided (optionally) during the program attachment.'),
  helper(177, 'bpf_trace_vprintk', [RMEM, SZ, RMEM_OR_NULL, SZ0], INT, 'long bpf_trace_vprintk(const char *fmt, __u32 fmt_size, const void *data, __u32 data_len)', 'Behaves like bpf_trace_printk() helper, but takes an array of u64 to format and can handle more format args as a result.'),
  helper(181, 'bpf_loop', [ANY, 'ptr_to_func', 'ptr_to_stack_or_null', ANY], INT, 'long bpf_loop(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags)', 'For nr_loops, call callback_fn function with callback_ctx as the context parameter.'),
  helper(182, 'bpf_strncmp', [RMEM, SZ, 'ptr_to_const_str'], INT, 'long bpf_strncmp(const char *s1, __u32 s1_sz, const char *s2)', 'Do strncmp() between s1 and s2.'),
  helper(188, 'bpf_xdp_get_buff_len', [CTX], INT, '__u64 bpf_xdp_get_buff_len(struct xdp_md *xdp_md)', 'Get the total size of a given xdp buff (linear and paged area)'),
  helper(189, 'bpf_xdp_load_bytes', [CTX, ANY, WMEM, SZ], INT, 'long bpf_xdp_load_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len)', 'This helper is provided as an easy way to load data from a xdp buffer.'),
  helper(190, 'bpf_xdp_store_bytes', [CTX, ANY, RMEM, SZ], INT, 'long bpf_xdp_store_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len)', 'Store len bytes from buffer buf into the frame associated to xdp_md, at offset.'),
  helper(208, 'bpf_ktime_get_tai_ns', [], INT, '__u64 bpf_ktime_get_tai_ns(void)', 'A nonsettable system-wide clock derived from wall-clock time but ignoring leap seconds.'),
];

const helpers = helperTable('linux helpers', globalHelpers);

// ---- Which helpers each program type may call (kernel *_func_proto) ------------------------------
// bpf_base_func_proto: every program type.
const BASE = [1, 2, 3, 5, 7, 8, 12, 42, 87, 88, 89, 93, 94, 118, 125, 130, 131, 132, 133, 134, 160, 164, 181, 182];
// Privileged additions to the base set (CAP_BPF/CAP_PERFMON; we model a privileged loader).
const BASE_PRIV = [6, 35, 113, 115, 165, 177];
// bpf_tracing_func_proto and friends: kprobe, tracepoint, raw_tracepoint, perf_event.
const TRACING = [4, 14, 15, 16, 22, 25, 27, 36, 37, 45, 55, 67, 80, 109, 112, 114, 117, 123, 174];
// The cgroup base set (current task identity), shared by cgroup_skb, cgroup_sock, sock_addr, sockops.
const CGROUP = [14, 15, 16, 80, 123, 122];
// Socket lookups offered to tc, xdp and sock_addr.
const SK_LOOKUP = [84, 85, 86, 99];
// skb readers shared by socket filters, tc and cgroup_skb.
const SKB_READ = [26, 68, 46, 47, 25];

function allow(...groups: (readonly number[])[]): ReadonlySet<number> {
  const allowed = new Set(groups.flat());
  const forbidden = new Set<number>();
  for (const id of helpers.keys()) if (!allowed.has(id)) forbidden.add(id);
  return forbidden;
}

// ---- Context layouts ----------------------------------------------------------------------------
const u32 = (name: string, offset: number, writable = false, count?: number): ContextField =>
  field({ name, offset, size: 4, cType: '__u32', writable, ...(count !== undefined ? { count } : {}) });
const u64 = (name: string, offset: number, writable = false): ContextField => field({ name, offset, size: 8, cType: '__u64', writable });

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

const ptRegsNames = ['r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi', 'rdi', 'orig_rax', 'rip', 'cs', 'eflags', 'rsp', 'ss'];
const ptRegsFields = ptRegsNames.map((name, i) => field({ name, offset: i * 8, size: 8, cType: 'unsigned long' }));

const xdpReturns = { 0: 'XDP_ABORTED', 1: 'XDP_DROP', 2: 'XDP_PASS', 3: 'XDP_TX', 4: 'XDP_REDIRECT' };
const tcReturns = { [-1]: 'TC_ACT_UNSPEC', 0: 'TC_ACT_OK', 1: 'TC_ACT_RECLASSIFY', 2: 'TC_ACT_SHOT', 3: 'TC_ACT_PIPE', 4: 'TC_ACT_STOLEN', 5: 'TC_ACT_QUEUED', 6: 'TC_ACT_REPEAT', 7: 'TC_ACT_REDIRECT' };
const noPerTypeHelpers: ReadonlyMap<number, HelperPrototype> = new Map();

const programTypes: readonly ProgramType[] = [
  {
    name: 'socket_filter',
    number: 1,
    sectionPrefixes: ['socket'],
    context: skBuff('socket_filter'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, SKB_READ),
    returnValues: { 0: 'drop the packet' },
    hasPacket: false,
    description: 'Socket filter: returns how many bytes of the packet to keep (0 drops it). No direct packet access; use bpf_skb_load_bytes.',
  },
  {
    name: 'kprobe',
    number: 2,
    sectionPrefixes: ['kprobe', 'kretprobe', 'uprobe', 'uretprobe', 'ksyscall', 'kretsyscall', 'usdt'],
    context: layout('pt_regs', 168, ptRegsFields),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, TRACING, [58, 173]),
    returnValues: {},
    hasPacket: false,
    description: 'kprobe/uprobe: runs at a kernel or user function entry or return; the context is the saved registers (x86-64 struct pt_regs).',
  },
  {
    name: 'sched_cls',
    number: 3,
    sectionPrefixes: ['tc', 'classifier', 'tcx/ingress', 'tcx/egress'],
    context: skBuff('tc'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, SKB_READ, SK_LOOKUP, [
      9, 10, 11, 13, 17, 18, 19, 20, 21, 23, 24, 28, 29, 30, 31, 32, 33, 34, 38, 39, 40, 41, 43, 48, 50, 66, 69, 79, 83, 95, 96, 97, 98, 100, 124, 135,
    ]),
    returnValues: tcReturns,
    hasPacket: true,
    description: 'tc classifier (sched_cls): runs on packets at the traffic-control layer, ingress or egress; returns a TC_ACT_* verdict.',
  },
  {
    name: 'sched_act',
    number: 4,
    sectionPrefixes: ['action'],
    context: skBuff('tc'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, SKB_READ, SK_LOOKUP, [
      9, 10, 11, 13, 17, 18, 19, 20, 21, 23, 24, 28, 29, 30, 31, 32, 33, 34, 38, 39, 40, 41, 43, 48, 50, 66, 69, 79, 83, 95, 96, 97, 98, 100, 124, 135,
    ]),
    returnValues: tcReturns,
    hasPacket: true,
    description: 'tc action (sched_act): like a classifier, attached as an action.',
  },
  {
    name: 'tracepoint',
    number: 5,
    sectionPrefixes: ['tracepoint', 'tp'],
    // The real bound is the event's record size (tracefs format), unknown statically; a page is the
    // upper bound the kernel allows for any event. The common header is the same for every event.
    context: layout('trace_event_raw', 4096, [
      field({ name: 'common_type', offset: 0, size: 2, cType: 'unsigned short' }),
      field({ name: 'common_flags', offset: 2, size: 1, cType: 'unsigned char' }),
      field({ name: 'common_preempt_count', offset: 3, size: 1, cType: 'unsigned char' }),
      field({ name: 'common_pid', offset: 4, size: 4, cType: 'int' }),
    ]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, TRACING),
    returnValues: {},
    hasPacket: false,
    description: 'Tracepoint: runs at a static kernel tracepoint; the context is the event record (fields after the common header depend on the event).',
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
    forbiddenHelpers: allow(BASE, BASE_PRIV, SK_LOOKUP, [23, 25, 28, 44, 51, 54, 65, 69, 100, 121, 188, 189, 190]),
    returnValues: xdpReturns,
    returnRange: [0, 4],
    hasPacket: true,
    description: 'XDP: runs on each received frame in the driver; returns XDP_ABORTED 0, DROP 1, PASS 2, TX 3 or REDIRECT 4.',
  },
  {
    name: 'perf_event',
    number: 7,
    sectionPrefixes: ['perf_event'],
    context: layout('bpf_perf_event_data', 184, [...ptRegsFields, u64('sample_period', 168), u64('addr', 176)]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, TRACING, [56, 119]),
    returnValues: {},
    hasPacket: false,
    description: 'perf_event: runs on a perf event sample; the context holds the registers, sample period and address.',
  },
  {
    name: 'cgroup_skb',
    number: 8,
    sectionPrefixes: ['cgroup_skb/ingress', 'cgroup_skb/egress', 'cgroup/skb'],
    context: skBuff('cgroup_skb'),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, SKB_READ, CGROUP, [79, 83, 95, 96, 97, 98, 107, 108]),
    returnValues: { 0: 'drop', 1: 'allow', 2: 'drop + congestion notification (egress)', 3: 'allow + congestion notification (egress)' },
    // Ingress only accepts 0..1; egress accepts 0..3. One type serves both sections, so the wider range.
    returnRange: [0, 3],
    hasPacket: true,
    description: 'cgroup_skb: runs on packets entering or leaving a cgroup; returns 1 to allow, 0 to drop.',
  },
  {
    name: 'cgroup_sock',
    number: 9,
    sectionPrefixes: ['cgroup/sock', 'cgroup/sock_create', 'cgroup/sock_release', 'cgroup/post_bind4', 'cgroup/post_bind6'],
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
    forbiddenHelpers: allow(BASE, BASE_PRIV, CGROUP, [46, 107, 108]),
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
      u32('family', 20),
      u32('remote_ip4', 24),
      u32('local_ip4', 28),
      u32('remote_ip6', 32, false, 4),
      u32('local_ip6', 48, false, 4),
      u32('remote_port', 64),
      u32('local_port', 68),
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
    forbiddenHelpers: allow(BASE, BASE_PRIV, CGROUP, [25, 46, 49, 53, 57, 59, 70, 96, 107, 108]),
    returnValues: {},
    hasPacket: true,
    description: 'sockops: runs at TCP events of a socket (connect, established, RTO...); replies through ctx->reply.',
  },
  {
    name: 'raw_tracepoint',
    number: 17,
    sectionPrefixes: ['raw_tracepoint', 'raw_tp'],
    // Up to 12 u64 arguments (MAX_BPF_FUNC_ARGS); the real count depends on the tracepoint.
    context: layout('bpf_raw_tracepoint_args', 96, [field({ name: 'args', offset: 0, size: 8, count: 12, cType: '__u64' })]),
    helpers: noPerTypeHelpers,
    forbiddenHelpers: allow(BASE, BASE_PRIV, TRACING),
    returnValues: {},
    hasPacket: false,
    description: 'Raw tracepoint: runs at a kernel tracepoint with the raw arguments as u64 values.',
  },
  {
    name: 'cgroup_sock_addr',
    number: 18,
    sectionPrefixes: [
      'cgroup/bind4', 'cgroup/bind6', 'cgroup/connect4', 'cgroup/connect6', 'cgroup/sendmsg4', 'cgroup/sendmsg6',
      'cgroup/recvmsg4', 'cgroup/recvmsg6', 'cgroup/getpeername4', 'cgroup/getpeername6', 'cgroup/getsockname4', 'cgroup/getsockname6',
    ],
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
    forbiddenHelpers: allow(BASE, BASE_PRIV, CGROUP, SK_LOOKUP, [25, 46, 49, 57, 64, 107, 108]),
    returnValues: { 0: 'reject', 1: 'allow' },
    returnRange: [0, 1],
    hasPacket: false,
    description: 'cgroup sock_addr: runs at bind/connect/sendmsg/recvmsg/getpeername/getsockname; may rewrite the address; returns 1 to allow.',
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
  // Registers and r0 are 64-bit and the verifier checks return ranges on the full r0; note that
  // BPF_PROG_TEST_RUN reports only the low 32 bits (attr.test.retval is a __u32).
  resultBits: 64,
  programTypeForSection: (section) => matchSection(programTypes, section, 'segment'),
  helper: (id, programType) => resolveHelper(helpers, id, programType),
};
