/*
 * vscode-ebpf native runtime: maps (array, hash, LRU hash, program array; per-CPU types behave as
 * one CPU) and the helpers the examples and fixtures use, with the result codes of each platform
 * (Linux -errno, eBPF for Windows the negated ebpf_result_t), as core/vm does.
 */
#include "ebpf_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

ebpf_rt_state_t ebpf_rt;

enum
{
    E_NOT_FOUND,
    E_EXISTS,
    E_TOO_BIG,
    E_INVALID
};

static int64_t
error_code(int e)
{
    static const int64_t linux_codes[] = {-2, -17, -7, -22};
    static const int64_t windows_codes[] = {-19, -26, -29, -6};
    return ebpf_rt.windows ? windows_codes[e] : linux_codes[e];
}

void
ebpf_rt_map_init(ebpf_rt_map_t* map, int kind, const ebpf_map_definition_in_file_t* def, const char* name)
{
    memset(map, 0, sizeof(*map));
    map->kind = kind;
    map->key_size = def->key_size;
    map->value_size = def->value_size;
    map->max_entries = def->max_entries;
    map->name = name;
    bool hashed = kind == RT_MAP_HASH || kind == RT_MAP_LRU_HASH;
    size_t slot = hashed ? def->key_size + def->value_size : def->value_size;
    size_t n = def->max_entries ? def->max_entries : 1;
    if (hashed) {
        /* Open addressing at most half full: a power of two at least twice max_entries. */
        size_t capacity = 2;
        while (capacity < 2 * n)
            capacity *= 2;
        n = capacity;
    }
    map->capacity = (uint32_t)n;
    /* Values are 8-byte aligned as programs expect of map memory. */
    map->data = aligned_alloc(8, ((slot * n) + 7) / 8 * 8 + 8);
    memset(map->data, 0, slot * n + 8);
    map->used = calloc(n, 1);
    map->last_used = calloc(n, sizeof(uint64_t));
    if (kind == RT_MAP_PROG_ARRAY)
        for (uint32_t i = 0; i < def->max_entries; i++)
            memset(map->data + (size_t)i * def->value_size, 0xff, def->value_size);
}

static size_t
hash_slot_size(const ebpf_rt_map_t* map)
{
    return (size_t)map->key_size + map->value_size;
}

static uint32_t
hash_of(const uint8_t* key, uint32_t size)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < size; i++)
        h = (h ^ key[i]) * 16777619u;
    return h;
}

/* The slot holding key, or -1; *free_slot gets the first reusable slot on the probe path. */
static long
hash_probe(const ebpf_rt_map_t* map, const uint8_t* key, long* free_slot)
{
    uint32_t mask = map->capacity - 1;
    long reusable = -1;
    for (uint32_t n = 0, i = hash_of(key, map->key_size) & mask; n < map->capacity; n++, i = (i + 1) & mask) {
        if (map->used[i] == 0) {
            if (free_slot)
                *free_slot = reusable >= 0 ? reusable : (long)i;
            return -1;
        }
        if (map->used[i] == 2) {
            if (reusable < 0)
                reusable = (long)i;
        } else if (memcmp(map->data + (size_t)i * hash_slot_size(map), key, map->key_size) == 0)
            return (long)i;
    }
    if (free_slot)
        *free_slot = reusable;
    return -1;
}

static long
hash_find(const ebpf_rt_map_t* map, const uint8_t* key)
{
    return hash_probe(map, key, NULL);
}

uint8_t*
ebpf_rt_map_lookup(ebpf_rt_map_t* map, const uint8_t* key)
{
    if (map->kind == RT_MAP_ARRAY) {
        uint32_t index;
        memcpy(&index, key, 4);
        return index < map->max_entries ? map->data + (size_t)index * map->value_size : NULL;
    }
    if (map->kind != RT_MAP_HASH && map->kind != RT_MAP_LRU_HASH)
        return NULL;
    long i = hash_find(map, key);
    if (i < 0)
        return NULL;
    map->last_used[i] = ++ebpf_rt.lru_clock;
    return map->data + (size_t)i * hash_slot_size(map) + map->key_size;
}

int64_t
ebpf_rt_map_update(ebpf_rt_map_t* map, const uint8_t* key, const uint8_t* value, uint64_t flags)
{
    if ((flags & 0xff) > 2)
        return error_code(E_INVALID);
    if (map->kind == RT_MAP_ARRAY || map->kind == RT_MAP_PROG_ARRAY) {
        uint32_t index;
        memcpy(&index, key, 4);
        if (index >= map->max_entries)
            return error_code(E_TOO_BIG);
        if (flags == 1)
            return error_code(E_EXISTS);
        memcpy(map->data + (size_t)index * map->value_size, value, map->value_size);
        return 0;
    }
    if (map->kind != RT_MAP_HASH && map->kind != RT_MAP_LRU_HASH)
        return error_code(E_INVALID);
    long free_slot = -1;
    long i = hash_probe(map, key, &free_slot);
    if (i >= 0) {
        if (flags == 1)
            return error_code(E_EXISTS);
    } else {
        if (flags == 2)
            return error_code(E_NOT_FOUND);
        if (map->count >= map->max_entries) {
            if (map->kind != RT_MAP_LRU_HASH)
                return error_code(E_TOO_BIG);
            long oldest = -1;
            for (uint32_t j = 0; j < map->capacity; j++)
                if (map->used[j] == 1 && (oldest < 0 || map->last_used[j] < map->last_used[oldest]))
                    oldest = (long)j;
            map->used[oldest] = 2;
            map->count--;
            hash_probe(map, key, &free_slot);
        }
        i = free_slot;
        map->used[i] = 1;
        map->count++;
        memcpy(map->data + (size_t)i * hash_slot_size(map), key, map->key_size);
    }
    map->last_used[i] = ++ebpf_rt.lru_clock;
    memcpy(map->data + (size_t)i * hash_slot_size(map) + map->key_size, value, map->value_size);
    return 0;
}

int64_t
ebpf_rt_map_delete(ebpf_rt_map_t* map, const uint8_t* key)
{
    if (map->kind == RT_MAP_PROG_ARRAY) {
        uint32_t index;
        memcpy(&index, key, 4);
        if (index >= map->max_entries)
            return error_code(E_NOT_FOUND);
        memset(map->data + (size_t)index * map->value_size, 0xff, map->value_size);
        return 0;
    }
    if (map->kind != RT_MAP_HASH && map->kind != RT_MAP_LRU_HASH)
        return error_code(E_INVALID);
    long i = hash_find(map, key);
    if (i < 0)
        return error_code(E_NOT_FOUND);
    map->used[i] = 2; /* a tombstone keeps later keys on this probe path reachable */
    map->count--;
    return 0;
}

#define ARGS uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, void* ctx
#define UNUSED_ARGS ((void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)ctx)
#define AS_MAP(x) ((ebpf_rt_map_t*)(uintptr_t)(x))
#define AS_BYTES(x) ((uint8_t*)(uintptr_t)(x))

uint64_t
ebpf_rt_unimplemented(ARGS)
{
    UNUSED_ARGS;
    ebpf_rt.error = "a helper the native runtime does not implement was called";
    longjmp(ebpf_rt.unwind, 2);
}

uint64_t
ebpf_rt_conformance_unwind(ARGS)
{
    UNUSED_ARGS;
    if (a1 == 0)
        longjmp(ebpf_rt.unwind, 1);
    return a1;
}

uint64_t
ebpf_rt_bpf_map_lookup_elem(ARGS)
{
    UNUSED_ARGS;
    return (uint64_t)(uintptr_t)ebpf_rt_map_lookup(AS_MAP(a1), AS_BYTES(a2));
}

uint64_t
ebpf_rt_bpf_map_update_elem(ARGS)
{
    UNUSED_ARGS;
    return (uint64_t)ebpf_rt_map_update(AS_MAP(a1), AS_BYTES(a2), AS_BYTES(a3), a4);
}

uint64_t
ebpf_rt_bpf_map_delete_elem(ARGS)
{
    UNUSED_ARGS;
    return (uint64_t)ebpf_rt_map_delete(AS_MAP(a1), AS_BYTES(a2));
}

uint64_t
ebpf_rt_bpf_tail_call(ARGS)
{
    UNUSED_ARGS;
    ebpf_rt_map_t* map = AS_MAP(a2);
    uint32_t index = (uint32_t)a3;
    if (map->kind != RT_MAP_PROG_ARRAY || index >= map->max_entries || ebpf_rt.tail_calls >= 33)
        return (uint64_t)(ebpf_rt.windows ? error_code(E_INVALID) : (int64_t)-2);
    int32_t target;
    memcpy(&target, map->data + (size_t)index * map->value_size, 4);
    if (target < 0)
        return (uint64_t)(ebpf_rt.windows ? error_code(E_INVALID) : (int64_t)-2);
    ebpf_rt.pending_tail_call = target;
    ebpf_rt.tail_call_sites[ebpf_rt.tail_calls] = __builtin_return_address(0);
    ebpf_rt.tail_call_targets[ebpf_rt.tail_calls] = target;
    ebpf_rt.tail_calls++;
    return 0;
}

/* printk: %d %i %u %x %X %c %s %p %% with l / ll / h / z length modifiers. */
static uint64_t
printk(const char* fmt, uint64_t size, const uint64_t* args, int nargs)
{
    char out[1024];
    size_t o = 0;
    int used = 0;
    for (uint64_t i = 0; i < size && fmt[i] && o + 64 < sizeof(out); i++) {
        if (fmt[i] != '%') {
            out[o++] = fmt[i];
            continue;
        }
        char spec[16] = "%";
        size_t s = 1;
        i++;
        while (i < size && strchr("-+ #0123456789.lhz", fmt[i]) && s < 12)
            spec[s++] = fmt[i++];
        if (i >= size)
            break;
        char conv = fmt[i];
        if (conv == '%') {
            out[o++] = '%';
            continue;
        }
        uint64_t v = used < nargs ? args[used] : 0;
        used++;
        /* Normalise the length modifier to ll (values are 64-bit) unless narrower. */
        int longs = 0;
        size_t t = 1, w = 1;
        char clean[16] = "%";
        for (; t < s; t++) {
            if (spec[t] == 'l' || spec[t] == 'z')
                longs++;
            else if (spec[t] != 'h')
                clean[w++] = spec[t];
        }
        if (conv == 's') {
            clean[w++] = 's';
            clean[w] = 0;
            o += (size_t)snprintf(out + o, sizeof(out) - o, clean, (const char*)(uintptr_t)v);
        } else if (conv == 'c') {
            clean[w++] = 'c';
            clean[w] = 0;
            o += (size_t)snprintf(out + o, sizeof(out) - o, clean, (int)(char)v);
        } else if (conv == 'p') {
            o += (size_t)snprintf(out + o, sizeof(out) - o, "0x%llx", (unsigned long long)v);
        } else {
            clean[w++] = 'l';
            clean[w++] = 'l';
            clean[w++] = conv;
            clean[w] = 0;
            if (conv == 'd' || conv == 'i') {
                long long sv = longs ? (long long)v : (long long)(int32_t)v;
                o += (size_t)snprintf(out + o, sizeof(out) - o, clean, sv);
            } else {
                unsigned long long uv = longs ? (unsigned long long)v : (unsigned long long)(uint32_t)v;
                o += (size_t)snprintf(out + o, sizeof(out) - o, clean, uv);
            }
        }
        if (o >= sizeof(out))
            o = sizeof(out) - 1;
    }
    out[o] = 0;
    size_t room = sizeof(ebpf_rt.printk) - ebpf_rt.printk_length;
    if (room > o + 2) {
        memcpy(ebpf_rt.printk + ebpf_rt.printk_length, out, o);
        ebpf_rt.printk_length += o;
        ebpf_rt.printk[ebpf_rt.printk_length++] = '\n';
    }
    /* Under a debugger (the native debug session sets EBPF_RT_LIVE_PRINTK) each line is also
       written at once, so it reaches the debug console while the program is stopped. */
    static int live = -1;
    if (live < 0)
        live = getenv("EBPF_RT_LIVE_PRINTK") != NULL;
    if (live) {
        fputs("printk-live ", stdout);
        for (size_t i = 0; i < o; i++)
            printf("%02x", (unsigned char)out[i]);
        fputs("\n", stdout);
        fflush(stdout);
    }
    return (uint64_t)o;
}

uint64_t
ebpf_rt_bpf_trace_printk(ARGS)
{
    UNUSED_ARGS;
    uint64_t args[3] = {a3, a4, a5};
    return printk((const char*)(uintptr_t)a1, a2, args, 3);
}
uint64_t
ebpf_rt_bpf_trace_printk2(ARGS)
{
    UNUSED_ARGS;
    return printk((const char*)(uintptr_t)a1, a2, NULL, 0);
}
uint64_t
ebpf_rt_bpf_trace_printk3(ARGS)
{
    UNUSED_ARGS;
    uint64_t args[1] = {a3};
    return printk((const char*)(uintptr_t)a1, a2, args, 1);
}
uint64_t
ebpf_rt_bpf_trace_printk4(ARGS)
{
    UNUSED_ARGS;
    uint64_t args[2] = {a3, a4};
    return printk((const char*)(uintptr_t)a1, a2, args, 2);
}
uint64_t
ebpf_rt_bpf_trace_printk5(ARGS)
{
    UNUSED_ARGS;
    uint64_t args[3] = {a3, a4, a5};
    return printk((const char*)(uintptr_t)a1, a2, args, 3);
}

uint64_t
ebpf_rt_bpf_get_smp_processor_id(ARGS)
{
    UNUSED_ARGS;
    return 0;
}

uint64_t
ebpf_rt_bpf_ktime_get_ns(ARGS)
{
    UNUSED_ARGS;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* core/vm's default process: pid = tgid = 4242, uid = gid = 1000. */
uint64_t
ebpf_rt_bpf_get_current_pid_tgid(ARGS)
{
    UNUSED_ARGS;
    return (4242ull << 32) | 4242ull;
}

uint64_t
ebpf_rt_bpf_get_current_uid_gid(ARGS)
{
    UNUSED_ARGS;
    return (1000ull << 32) | 1000ull;
}

static uint64_t
adjust(int64_t delta, int head)
{
    size_t headroom_floor = ebpf_rt.meta;
    if (head) {
        int64_t data = (int64_t)ebpf_rt.data + delta;
        if (data < (int64_t)headroom_floor || data + 14 > (int64_t)ebpf_rt.data_end)
            return (uint64_t)(int64_t)-22;
        ebpf_rt.data = (size_t)data;
        if (ebpf_rt.meta > ebpf_rt.data)
            ebpf_rt.meta = ebpf_rt.data;
    } else {
        int64_t end = (int64_t)ebpf_rt.data_end + delta;
        if (end < (int64_t)ebpf_rt.data + 14 || end > (int64_t)ebpf_rt.frame_size)
            return (uint64_t)(int64_t)-22;
        if (delta > 0)
            memset(ebpf_rt.frame + ebpf_rt.data_end, 0, (size_t)delta);
        ebpf_rt.data_end = (size_t)end;
    }
    ebpf_rt_set_pointer_fields();
    return 0;
}

uint64_t
ebpf_rt_bpf_xdp_adjust_head(ARGS)
{
    UNUSED_ARGS;
    return adjust((int64_t)(int32_t)a2, 1);
}

uint64_t
ebpf_rt_bpf_xdp_adjust_tail(ARGS)
{
    UNUSED_ARGS;
    return adjust((int64_t)(int32_t)a2, 0);
}

uint64_t
ebpf_rt_bpf_csum_diff(ARGS)
{
    UNUSED_ARGS;
    uint64_t sum = a5;
    const uint8_t* from = AS_BYTES(a1);
    const uint8_t* to = AS_BYTES(a3);
    for (uint64_t i = 0; i + 4 <= a2; i += 4) {
        uint32_t w;
        memcpy(&w, from + i, 4);
        sum += (uint32_t)~w;
    }
    for (uint64_t i = 0; i + 4 <= a4; i += 4) {
        uint32_t w;
        memcpy(&w, to + i, 4);
        sum += w;
    }
    sum = (sum & 0xffffffffull) + (sum >> 32);
    sum = (sum & 0xffffffffull) + (sum >> 32);
    return sum;
}

uint64_t
ebpf_rt_bpf_memcpy(ARGS)
{
    UNUSED_ARGS;
    memmove(AS_BYTES(a1), AS_BYTES(a3), (size_t)(a2 < a4 ? a2 : a4));
    return 0;
}

uint64_t
ebpf_rt_bpf_memset(ARGS)
{
    UNUSED_ARGS;
    memset(AS_BYTES(a1), (int)a3, (size_t)a2);
    return 0;
}
