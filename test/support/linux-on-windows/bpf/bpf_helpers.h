// Stand-in for libbpf's <bpf/bpf_helpers.h> in the eBPF for Windows build (see ../README.md).
#pragma once
#include <linux/bpf.h>
