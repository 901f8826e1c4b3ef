// TCP header for eBPF programs (written for vscode-ebpf). Flags are read as bitfields.
#pragma once
#include "../ebpf_types.h"

struct tcphdr
{
    __be16 source;
    __be16 dest;
    __be32 seq;
    __be32 ack_seq;
    uint16_t res1 : 4, doff : 4, fin : 1, syn : 1, rst : 1, psh : 1, ack : 1, urg : 1, ece : 1, cwr : 1;
    __be16 window;
    __sum16 check;
    __be16 urg_ptr;
};
EBPF_ASSERT_SIZE(struct tcphdr, 20);
EBPF_ASSERT_OFFSET(struct tcphdr, check, 16);
