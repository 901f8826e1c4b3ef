/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Copyright Authors of Cilium */

/*
 * This is just a dummy header with dummy values to allow for test
 * compilation without the full code generation engine backend.
 */
#define DROP_NOTIFY
#ifndef SKIP_DEBUG
#define DEBUG
#endif
#define SECLABEL 2
#define SECLABEL_IPV4 2
#define SECLABEL_IPV6 2
#define CALLS_MAP test_cilium_calls_65535
