/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Copyright Authors of Cilium */

#pragma once

/* WARNING: Do not change these ids without updating pkg/bpf/collection.go */
#define CILIUM_MAP_CALLS	2
