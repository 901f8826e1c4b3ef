// C sources the server tests open. Written into a temp workspace so that quoted includes and
// compile_commands.json behave as in a real project.

export const LINUX_SAFE = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
    __u32 key = ctx->ingress_ifindex;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    if (!value)
        return XDP_PASS;
    *value += 1;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;

/** The NULL check removed: line 16 (0-based 15) is the lookup, 0-based 16 the dereference. */
export const LINUX_UNSAFE = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
    __u32 key = ctx->ingress_ifindex;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    *value += 1;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;
export const UNSAFE_LOOKUP_LINE = 14;
export const UNSAFE_DEREF_LINE = 15;

/** A syntax error on 0-based line 13 (`return` without `;` before `}` is fine; this is not). */
export const LINUX_SYNTAX_ERROR = LINUX_SAFE.replace(
  '__u32 key = ctx->ingress_ifindex;',
  '__u32 key = ctx->ingress_ifindex +;',
);
export const SYNTAX_ERROR_LINE = 13;

/** Reads a stack buffer that was never written (uninitialised stack). */
export const LINUX_UNINIT_STACK = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u64);
    __type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int lookup_uninit(struct xdp_md *ctx)
{
    __u64 key;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    if (!value)
        return XDP_PASS;
    return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`;

/** Reads the IP header after checking only the Ethernet header. */
export const LINUX_PACKET_OOB = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int read_past_end(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if (ip->protocol == IPPROTO_UDP)
        return XDP_DROP;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;
export const OOB_ACCESS_LINE = 15;

/**
 * A realistic program of at least `lines` lines: one XDP program calling many inlined parsing
 * steps, each with a packet bounds check and a NULL-checked map update (so the verifier has
 * real work on every line).
 */
export function largeProgram(lines: number): string {
  const head = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, __u64);
} stats SEC(".maps");
`;
  const steps: string[] = [];
  const calls: string[] = [];
  let n = 0;
  const count = () => (head + steps.join('') + calls.join('')).split('\n').length + 12;
  while (count() < lines) {
    steps.push(`
static __always_inline int step_${n}(struct xdp_md *ctx, __u64 *acc)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *data_end = (void *)(long)ctx->data_end;
    if (data + ${(n % 48) + 2} > data_end)
        return 0;
    __u32 key = data[${(n % 48) + 1}];
    __u64 *value = bpf_map_lookup_elem(&stats, &key);
    if (!value)
        return 0;
    *value += ${n + 1};
    *acc ^= *value << ${n % 13};
    return 1;
}
`);
    calls.push(`    if (!step_${n}(ctx, &acc))\n        return XDP_PASS;\n`);
    n++;
  }
  return `${head}${steps.join('')}
SEC("xdp")
int big_program(struct xdp_md *ctx)
{
    __u64 acc = 0;
${calls.join('')}    return acc & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;
}
