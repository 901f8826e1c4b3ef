// cilium/ebpf's examples/headers/bpf_endian.h (libbpf's) in the eBPF for Windows build: eBPF for
// Windows' bpf_endian.h. Written for this test.
#pragma once
#include <bpf/bpf_endian.h>
