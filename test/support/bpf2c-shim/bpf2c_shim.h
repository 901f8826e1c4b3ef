/* Lets eBPF for Windows' bpf2c.h and bpf2c's generated C compile with gcc on Linux (tests only): the
 * Windows source annotations mean nothing, and the kernel's *NoFence and Interlocked* calls map to
 * plain accesses and GCC atomics. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#define _In_
#define _Out_
#define _Inout_
#define _Field_z_
#define _Field_size_(n)
#define _Outptr_result_buffer_maybenull_(n)
#define _Outptr_result_buffer_(n)
#define __declspec(x)
#define ReadNoFence64(p) (*(p))
#define ReadNoFence(p) (*(volatile const int32_t*)(p))
#define ReadNoFence16(p) (*(p))
#define ReadNoFence8(p) (*(p))
#define WriteNoFence64(p, v) (*(p) = (v))
#define WriteNoFence(p, v) (*(volatile int32_t*)(p) = (int32_t)(v))
#define WriteNoFence16(p, v) (*(p) = (v))
#define WriteNoFence8(p, v) (*(p) = (v))
#define InterlockedExchangeAdd64(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr64(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd64(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor64(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchange64(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedCompareExchange64(p, x, c) __sync_val_compare_and_swap((p), (c), (x))
#define InterlockedCompareExchange(p, x, c) __sync_val_compare_and_swap((p), (c), (x))
#define PreFetchCacheLine(l, a) __builtin_prefetch((const void*)(a))
