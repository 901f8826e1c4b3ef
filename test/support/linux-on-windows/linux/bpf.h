// Stand-in for the Linux UAPI <linux/bpf.h> in the eBPF for Windows build (see ../README.md).
#pragma once
#include <linux/types.h>
// include_next: a project's compatibility folder, searched before this one, may have its own bpf_helpers.h.
#include_next <bpf_helpers.h>

// `struct xdp_md` is eBPF for Windows' XDP context (tag `xdp_md_` in tests/include/xdp_hooks.h).
#define xdp_md xdp_md_
#include <xdp_hooks.h>

// xdp-for-windows drops the packet for any action but XDP_PASS and XDP_TX, as Linux does for XDP_ABORTED.
#define XDP_ABORTED 0
