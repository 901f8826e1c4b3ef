// The path katran's newer sources include its bpf_helpers.h by; see ../../../bpf_helpers.h.
#pragma once
#include <bpf_helpers.h>
