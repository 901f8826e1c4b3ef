// katran's "bpf.h" (its copy of the Linux UAPI header) in the eBPF for Windows build: written for
// this test, not katran's (see test/support/linux-on-windows/README.md).
//
// <string.h> comes first: katran's headers include it (pckt_encap.h) after this one, and
// eBPF for Windows' bpf_helper_defs.h turns memcpy/memset into macros that would garble glibc's
// declarations of them. The calls still become eBPF for Windows' memory helpers.
#pragma once
#include <string.h>
#include <linux/bpf.h>
