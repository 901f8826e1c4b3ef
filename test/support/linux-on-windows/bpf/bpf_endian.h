// Stand-in for libbpf's <bpf/bpf_endian.h> in the eBPF for Windows build (see ../README.md).
#pragma once
#include_next <bpf_endian.h>
