// Platform glue for eBPF for Windows programs (written for vscode-ebpf).
// Defines SEC() and emits the `.ebpf_for_windows` marker section by which tools (our detector,
// cilium/ebpf) recognise an object built for eBPF for Windows rather than Linux.
#pragma once

#include "ebpf_types.h"

#define EBPF_FOR_WINDOWS 1

#ifndef SEC
#define SEC(name) __attribute__((section(name), used))
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif

// The marker: one byte in its own section. `static` + `used` keeps it in the object without
// clashing when several headers are included; nothing reads its value.
static const bool __ebpf_for_windows_marker __attribute__((section(".ebpf_for_windows"), used)) = true;
