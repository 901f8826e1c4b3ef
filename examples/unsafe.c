// DELIBERATELY UNSAFE — for the verifier demo. Do not copy these patterns.
//
// Each program below compiles with clang but must be REJECTED by the verifier (ours in the editor,
// PREVAIL on eBPF for Windows). Open this file to see the squiggles, hover them for the reason,
// and apply the quick fix. The safe version of each pattern is in xdp_load_balancer.c.
//
// Build: clang -target bpf -O2 -g -ffreestanding -I ../include -c unsafe.c -o unsafe.o
#include "bpf_helpers.h"
#include "xdp_hooks.h"
#include "net/if_ether.h"
#include "net/ip.h"

struct
{
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 64);
} packet_counts SEC(".maps");

// UNSAFE 1: the map value pointer may be NULL (the key may be absent), and it is dereferenced
// without a check. Fix: `if (!count) return XDP_PASS;` before using it.
SEC("xdp/missing_null_check")
int missing_null_check(xdp_md_t* ctx)
{
    __u32 key = ctx->ingress_ifindex;
    __u64* count = bpf_map_lookup_elem(&packet_counts, &key);
    *count += 1; // <-- possible NULL dereference
    return XDP_PASS;
}

// UNSAFE 2: only the Ethernet header is bounds-checked, but the IPv4 protocol byte (offset 23)
// is read. Fix: check `(void *)(ip + 1) > data_end` before reading ip->protocol.
SEC("xdp/read_past_end")
int read_past_end(xdp_md_t* ctx)
{
    void* data = ctx->data;
    void* data_end = ctx->data_end;
    struct ethhdr* eth = data;
    if ((void*)(eth + 1) > data_end)
        return XDP_PASS;
    struct iphdr* ip = (void*)(eth + 1);
    if (ip->protocol == IPPROTO_UDP) // <-- reads past the checked range
        return XDP_DROP;
    return XDP_PASS;
}
