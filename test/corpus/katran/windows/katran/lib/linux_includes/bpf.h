// The path katran's newer sources include its bpf.h by; see ../../../bpf.h.
#pragma once
#include <bpf.h>
