// The XDP hook of eBPF for Windows (provided by xdp-for-windows). Written for vscode-ebpf from the
// ABI facts. NOTE the differences from Linux: data/data_end are 64-bit pointers (source- but not
// binary-compatible), the return codes are PASS=1 DROP=2 TX=3, and bpf_xdp_adjust_head is 65536.
#pragma once

#include "ebpf_types.h"

typedef struct xdp_md
{
    void* data;               // first byte of the frame
    void* data_end;           // one past the last byte
    uint64_t data_meta;       // metadata (before data)
    uint32_t ingress_ifindex; // receiving interface
} xdp_md_t;

EBPF_ASSERT_OFFSET(xdp_md_t, data, 0);
EBPF_ASSERT_OFFSET(xdp_md_t, data_end, 8);
EBPF_ASSERT_OFFSET(xdp_md_t, data_meta, 16);
EBPF_ASSERT_OFFSET(xdp_md_t, ingress_ifindex, 24);
EBPF_ASSERT_SIZE(xdp_md_t, 32);

typedef enum _xdp_action
{
    XDP_PASS = 1, // hand the frame to the network stack
    XDP_DROP = 2, // drop the frame
    XDP_TX = 3,   // bounce the (possibly rewritten) frame out of the receiving interface
} xdp_action_t;

#ifndef EBPF_HELPER
#define EBPF_HELPER(ret, name, args, id) static ret(*const name) args = (void*)(id)
#endif

// Move the start of the frame by delta bytes (negative grows headroom). Invalidates packet pointers.
EBPF_HELPER(long, bpf_xdp_adjust_head, (xdp_md_t * ctx, int delta), 65536);
