#!/bin/sh
# Refreshes this selection from eBPF for Windows (MIT, see LICENSE.txt) at a pinned commit:
#   sh refresh.sh /path/to/ebpf-for-windows.git [COMMIT]
# Copies bpf2c's expected `_raw.c` outputs for the chosen samples, the samples' sources, the
# headers they and include/bpf2c.h need, and the license. Nothing here is modified.
set -eu
GIT_DIR=${1:?usage: refresh.sh EBPF_FOR_WINDOWS_GIT_DIR [COMMIT]}
COMMIT=${2:-0be2d1c3f36cf85146faa21df3550b6a92712545}
HERE=$(cd "$(dirname "$0")" && pwd)
SAMPLES="atomic_instruction_fetch_add bpf_call divide_by_zero global_vars_and_map global_vars hash_of_map
map_in_map_btf multiple_programs bpf2bpf_loop droppacket lru_map_test pidtgid tail_call tail_call_multiple
test_sample_ebpf bindmonitor bindmonitor_bpf2bpf test_utility_helpers cgroup_connect_authorization6 sockops"
get() { mkdir -p "$HERE/$(dirname "$2")"; git --git-dir="$GIT_DIR" show "$COMMIT:$1" > "$HERE/$2"; }
get LICENSE.txt LICENSE.txt
for h in bpf2c.h bpf_endian.h bpf_helper_defs.h bpf_helpers.h bpf_helpers_platform.h ebpf_nethooks.h \
  ebpf_structs.h ebpf_windows.h net/if_ether.h net/ip.h net/udp.h; do
  get "include/$h" "include/$h"
done
get tests/include/xdp_hooks.h sample/include/xdp_hooks.h
get tests/socket/socket_tests_common.h sample/include/socket_tests_common.h
get undocked/tests/sample/ext/inc/sample_ext_helpers.h sample/ext/inc/sample_ext_helpers.h
get tests/sample/sample_common_routines.h sample/sample_common_routines.h
get tests/sample/sample_test_common.h sample/sample_test_common.h
for s in $SAMPLES; do
  if git --git-dir="$GIT_DIR" cat-file -e "$COMMIT:tests/sample/$s.c" 2>/dev/null; then
    get "tests/sample/$s.c" "sample/$s.c"
  else
    get "tests/sample/undocked/$s.c" "sample/undocked/$s.c"
  fi
  get "tests/bpf2c_tests/expected/${s}_raw.c" "expected/${s}_raw.c"
done
echo "$COMMIT" > "$HERE/COMMIT"
