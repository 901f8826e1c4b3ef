// A layer-4 load balancer for eBPF for Windows' XDP hook, in the spirit of Cilium on Windows.
//
// A frame addressed to a service (virtual IP + port + protocol) is rewritten to one of the
// service's backends and sent back out of the receiving interface (XDP_TX); everything else
// passes to the stack. Per-CPU counters record what happened; a miss is logged with bpf_printk.
//
// Build: clang -target bpf -O2 -g -ffreestanding -I ../include -c xdp_load_balancer.c -o xdp_load_balancer.o
#include "bpf_helpers.h"
#include "bpf_endian.h"
#include "xdp_hooks.h"
#include "net/if_ether.h"
#include "net/ip.h"
#include "net/tcp.h"
#include "net/udp.h"

#define MAX_BACKENDS 16

// services: (VIP, port, protocol) -> a slice of the backends array.
struct service_key
{
    __be32 vip;   // network order
    __be16 port;  // network order
    __u8 proto;   // IPPROTO_TCP or IPPROTO_UDP
    __u8 pad;     // always 0, so that keys compare bytewise
};

struct service
{
    __u32 backend_first; // index of the first backend in `backends`
    __u32 backend_count; // number of consecutive backends
};

struct backend
{
    __be32 ip;           // network order
    __u8 mac[ETH_ALEN];  // next-hop MAC of the backend
    __u16 pad;
};

struct lb_stats
{
    __u64 forwarded; // rewritten and sent with XDP_TX
    __u64 bytes;     // bytes of forwarded frames
    __u64 misses;    // IPv4 TCP/UDP frames that matched no service
    __u64 errors;    // service without a usable backend
};

struct
{
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, struct service_key);
    __type(value, struct service);
    __uint(max_entries, 256);
} services SEC(".maps");

struct
{
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, struct backend);
    __uint(max_entries, MAX_BACKENDS);
} backends SEC(".maps");

struct
{
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __type(key, __u32);
    __type(value, struct lb_stats);
    __uint(max_entries, 1);
} stats SEC(".maps");

// RFC 1624 incremental update of a one's-complement checksum when a 32-bit word changes.
// The sum is byte-order independent, so network-order values are used as they are in memory.
static __always_inline void csum_replace4(__sum16* sum, __be32 from, __be32 to)
{
    __u32 s = (__u16)~*sum;
    s += (~from & 0xffff) + (~from >> 16);
    s += (to & 0xffff) + (to >> 16);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    *sum = (__sum16)~s;
}

static __always_inline struct lb_stats* get_stats(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&stats, &zero);
}

SEC("xdp")
int xdp_load_balancer(xdp_md_t* ctx)
{
    void* data = ctx->data;
    void* data_end = ctx->data_end;

    // Ethernet: every header is bounds-checked against data_end before it is read.
    struct ethhdr* eth = data;
    if ((void*)(eth + 1) > data_end)
        return XDP_PASS;
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS; // ARP, IPv6, ... go to the stack

    struct iphdr* ip = (void*)(eth + 1);
    if ((void*)(ip + 1) > data_end)
        return XDP_PASS;
    if (ip->ihl != 5)
        return XDP_PASS; // IP options: leave such frames to the stack

    struct service_key key = {.vip = ip->daddr, .proto = ip->protocol};
    __be16 source_port;
    __sum16* l4_check; // NULL when the checksum must not be touched (UDP without checksum)
    void* l4 = (void*)(ip + 1);
    if (ip->protocol == IPPROTO_TCP) {
        struct tcphdr* tcp = l4;
        if ((void*)(tcp + 1) > data_end)
            return XDP_PASS;
        key.port = tcp->dest;
        source_port = tcp->source;
        l4_check = &tcp->check;
    } else if (ip->protocol == IPPROTO_UDP) {
        struct udphdr* udp = l4;
        if ((void*)(udp + 1) > data_end)
            return XDP_PASS;
        key.port = udp->dest;
        source_port = udp->source;
        l4_check = udp->check ? &udp->check : NULL;
    } else {
        return XDP_PASS;
    }

    struct lb_stats* st = get_stats();
    struct service* svc = bpf_map_lookup_elem(&services, &key);
    if (!svc) {
        bpf_printk("lb: no service for %x:%u proto %u", bpf_ntohl(key.vip), bpf_ntohs(key.port), key.proto);
        if (st)
            st->misses++;
        return XDP_PASS;
    }

    // Pick a backend by a hash of the client address and port, so one flow sticks to one backend.
    __u32 count = svc->backend_count;
    if (count == 0 || count > MAX_BACKENDS) {
        if (st)
            st->errors++;
        return XDP_DROP;
    }
    __u32 hash = ip->saddr ^ ((__u32)source_port << 16) ^ key.port;
    __u32 index = svc->backend_first + hash % count;
    struct backend* be = bpf_map_lookup_elem(&backends, &index);
    if (!be) {
        if (st)
            st->errors++;
        return XDP_DROP;
    }

    // Rewrite the destination: IP (and both checksums that cover it), then the MAC addresses.
    __be32 old_daddr = ip->daddr;
    ip->daddr = be->ip;
    csum_replace4(&ip->check, old_daddr, be->ip);
    if (l4_check)
        csum_replace4(l4_check, old_daddr, be->ip); // the TCP/UDP pseudo-header includes daddr

    __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, be->mac, ETH_ALEN);

    if (st) {
        st->forwarded++;
        st->bytes += (__u64)(data_end - data);
    }
    return XDP_TX;
}
