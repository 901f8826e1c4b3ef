// The three workloads of bench/vm.bench.ts, each as a BPF program (C for clang -target bpf) and
// as the same work in plain C for the system compiler.

export interface Workload {
  readonly name: string;
  readonly what: string;
  /** BPF side: an XDP program for Linux. */
  readonly bpf: string;
  /** Native side: `uint64_t work(uint8_t *pkt, uint32_t len)` doing the same work once. */
  readonly native: string;
  /** Runs per timing (the packet workload is small, so it runs many times). */
  readonly runs: number;
}

const BPF_HEAD = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
char LICENSE[] SEC("license") = "GPL";
`;

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'lcg',
    what: 'arithmetic loop: 40,000 iterations of 64-bit multiply-add-xorshift',
    runs: 20,
    bpf: `${BPF_HEAD}
SEC("xdp") int lcg(struct xdp_md *ctx) {
  __u64 x = ctx->ingress_ifindex + 1;
  for (int i = 0; i < 40000; i++) { x = x * 6364136223846793005ULL + 1442695040888963407ULL; x ^= x >> 33; }
  return (x & 1) + 1;
}`,
    native: `uint64_t work(uint8_t *pkt, uint32_t len) {
  (void)pkt; uint64_t x = len ? 1 : 2;
  for (int i = 0; i < 40000; i++) { x = x * 6364136223846793005ULL + 1442695040888963407ULL; x ^= x >> 33; }
  return (x & 1) + 1;
}`,
  },
  {
    name: 'maps',
    what: 'map-heavy: 2,000 hash lookups/updates and array increments',
    runs: 20,
    bpf: `${BPF_HEAD}
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64); __uint(max_entries, 128); } h SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 64); } a SEC(".maps");
SEC("xdp") int maps(struct xdp_md *ctx) {
  __u64 total = 0;
  for (__u32 i = 0; i < 2000; i++) {
    __u32 k = (i * 2654435761u) & 63;
    __u64 *v = bpf_map_lookup_elem(&h, &k);
    if (v) { *v += i; total += *v; }
    else { __u64 init = i; bpf_map_update_elem(&h, &k, &init, BPF_ANY); }
    __u32 j = i & 63;
    __u64 *c = bpf_map_lookup_elem(&a, &j);
    if (c) *c += 1;
  }
  return (total & 1) + 1;
}`,
    native: `#define N 64
static uint32_t hk[128]; static uint64_t hv[128]; static int hn; static uint64_t arr[64];
static uint64_t *hfind(uint32_t k) { for (int i = 0; i < hn; i++) if (hk[i] == k) return &hv[i]; return 0; }
uint64_t work(uint8_t *pkt, uint32_t len) {
  (void)pkt; (void)len; uint64_t total = 0;
  for (uint32_t i = 0; i < 2000; i++) {
    uint32_t k = (i * 2654435761u) & 63;
    uint64_t *v = hfind(k);
    if (v) { *v += i; total += *v; } else if (hn < 128) { hk[hn] = k; hv[hn++] = i; }
    arr[i & 63] += 1;
  }
  return (total & 1) + 1;
}`,
  },
  {
    name: 'parse',
    what: 'packet parsing: Ethernet/IPv4/UDP checks, address swap, IPv4 checksum (one UDP frame per run)',
    runs: 100000,
    bpf: `${BPF_HEAD}
SEC("xdp") int parse(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP) return XDP_PASS;
  struct udphdr *udp = (void *)(ip + 1);
  if ((void *)(udp + 1) > end) return XDP_DROP;
  __be32 t = ip->saddr; ip->saddr = ip->daddr; ip->daddr = t;
  __be16 p = udp->source; udp->source = udp->dest; udp->dest = p;
  ip->check = 0;
  __u32 sum = 0; __u16 *w = (__u16 *)ip;
  for (int i = 0; i < 10; i++) sum += w[i];
  sum = (sum & 0xffff) + (sum >> 16); sum += sum >> 16;
  ip->check = ~sum;
  return XDP_TX;
}`,
    native: `struct eth { uint8_t d[6], s[6]; uint16_t proto; };
uint64_t work(uint8_t *pkt, uint32_t len) {
  uint8_t *end = pkt + len;
  if (pkt + 14 > end || *(uint16_t *)(pkt + 12) != 0x0008) return 2;
  uint8_t *ip = pkt + 14;
  if (ip + 20 > end || ip[9] != 17) return 2;
  uint8_t *udp = ip + 20;
  if (udp + 8 > end) return 1;
  uint32_t t; memcpy(&t, ip + 12, 4); memcpy(ip + 12, ip + 16, 4); memcpy(ip + 16, &t, 4);
  uint16_t p; memcpy(&p, udp, 2); memcpy(udp, udp + 2, 2); memcpy(udp + 2, &p, 2);
  ip[10] = ip[11] = 0;
  uint32_t sum = 0; for (int i = 0; i < 10; i++) { uint16_t w; memcpy(&w, ip + 2 * i, 2); sum += w; }
  sum = (sum & 0xffff) + (sum >> 16); sum += sum >> 16;
  uint16_t c = ~sum; memcpy(ip + 10, &c, 2);
  return 3;
}`,
  },
];

/** A UDP frame for the workloads (the same bytes on every side). */
export const UDP_FRAME = Uint8Array.from(
  Buffer.from(
    '020000000001020000000002080045000024123440004011abcdc0a8010a0a0000649c400035001000006162636465666768',
    'hex',
  ),
);
