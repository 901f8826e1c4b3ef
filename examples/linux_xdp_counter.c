// A Linux XDP program (system libbpf headers), so the Linux profile has an example.
// Counts frames per IP protocol in a per-CPU array and drops UDP to the discard port (9).
//
// Build: clang -target bpf -O2 -g -I/usr/include/x86_64-linux-gnu -c linux_xdp_counter.c -o linux_xdp_counter.o
// Load:  bpftool prog load linux_xdp_counter.o /sys/fs/bpf/xdp_counter   (as root)
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define DISCARD_PORT 9

struct
{
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __type(key, __u32);   // IP protocol number
    __type(value, __u64); // frames seen
    __uint(max_entries, 256);
} proto_counts SEC(".maps");

SEC("xdp")
int xdp_counter(struct xdp_md* ctx)
{
    // On Linux data/data_end are 32-bit fields; the casts make them pointers.
    void* data = (void*)(long)ctx->data;
    void* data_end = (void*)(long)ctx->data_end;

    struct ethhdr* eth = data;
    if ((void*)(eth + 1) > data_end)
        return XDP_PASS;
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;

    struct iphdr* ip = (void*)(eth + 1);
    if ((void*)(ip + 1) > data_end)
        return XDP_PASS;

    __u32 proto = ip->protocol;
    __u64* count = bpf_map_lookup_elem(&proto_counts, &proto);
    if (count)
        *count += 1;

    if (ip->protocol == IPPROTO_UDP && ip->ihl == 5) {
        struct udphdr* udp = (void*)(ip + 1);
        if ((void*)(udp + 1) > data_end)
            return XDP_PASS;
        if (udp->dest == bpf_htons(DISCARD_PORT)) {
            bpf_printk("xdp_counter: dropped UDP to port %d", DISCARD_PORT);
            return XDP_DROP;
        }
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL"; // bpf_trace_printk is GPL-only on Linux
