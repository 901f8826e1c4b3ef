// UDP header for eBPF programs (written for vscode-ebpf).
#pragma once
#include "../ebpf_types.h"

struct udphdr
{
    __be16 source;
    __be16 dest;
    __be16 len;
    __sum16 check;
};
EBPF_ASSERT_SIZE(struct udphdr, 8);
