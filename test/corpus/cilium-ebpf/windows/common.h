// cilium/ebpf's examples/headers/common.h ("a compact version of vmlinux.h") in the eBPF for
// Windows build: written for this test, not cilium's (see test/support/linux-on-windows/README.md).
// The same names from eBPF for Windows' headers (types, helpers, maps, struct xdp_md, XDP actions)
// and the packet headers from the Linux UAPI.
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
