// Ethernet header for eBPF programs (written for vscode-ebpf).
#pragma once
#include "../ebpf_types.h"

#define ETH_ALEN 6
#define ETH_P_IP 0x0800   // IPv4 (host order; compare with bpf_htons)
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86DD

struct ethhdr
{
    uint8_t h_dest[ETH_ALEN];
    uint8_t h_source[ETH_ALEN];
    __be16 h_proto;
};
EBPF_ASSERT_SIZE(struct ethhdr, 14);
