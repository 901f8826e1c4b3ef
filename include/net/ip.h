// IPv4 header for eBPF programs (written for vscode-ebpf). Little-endian bitfield order.
#pragma once
#include "../ebpf_types.h"

#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

struct iphdr
{
    uint8_t ihl : 4, version : 4; // header length in 32-bit words; version 4
    uint8_t tos;
    __be16 tot_len;
    __be16 id;
    __be16 frag_off;
    uint8_t ttl;
    uint8_t protocol;
    __sum16 check;
    __be32 saddr;
    __be32 daddr;
};
EBPF_ASSERT_SIZE(struct iphdr, 20);
EBPF_ASSERT_OFFSET(struct iphdr, daddr, 16);
