// katran's "bpf_helpers.h" (helpers by Linux id) in the eBPF for Windows build: eBPF for Windows'
// helpers instead. Written for this test, not katran's.
#pragma once
#include <bpf.h>
