/*
 * vscode-ebpf native runner: loads a module in bpf2c's shape (its metadata table), creates its
 * maps and global sections, binds helpers by id, and runs one program on the input file named by
 * argv[1] (one directive per line: program, name, conformance, memory, ctx, ptr, packet, meta,
 * mapinit; hex for bytes). Prints r0, the program chain, the packet, printk text and every map
 * entry, one per line; argv[2] = N repeats the run N times and prints the time per run.
 */
#define _GNU_SOURCE
#include "ebpf_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef EBPF_NATIVE_TABLE
#error "build with -DEBPF_NATIVE_TABLE=<prefix>_metadata_table"
#endif
extern metadata_table_t EBPF_NATIVE_TABLE;

#define FRAME_SIZE 4096
#define HEADROOM 256

static size_t
from_hex(const char* text, uint8_t* out, size_t room)
{
    size_t n = 0;
    for (const char* p = text; p[0] && p[1] && n < room; p += 2) {
        unsigned v;
        if (sscanf(p, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
    }
    return n;
}

static void
print_hex(const char* label, const uint8_t* bytes, size_t n)
{
    printf("%s ", label);
    for (size_t i = 0; i < n; i++)
        printf("%02x", bytes[i]);
    printf("\n");
}

void
ebpf_rt_set_pointer_fields(void)
{
    for (int i = 0; i < ebpf_rt.pointer_field_count; i++) {
        int offset = ebpf_rt.pointer_fields[i][0], size = ebpf_rt.pointer_fields[i][1], kind = ebpf_rt.pointer_fields[i][2];
        size_t at = kind == 0 ? ebpf_rt.data : kind == 1 ? ebpf_rt.data_end : ebpf_rt.meta;
        uint64_t address = (uint64_t)(uintptr_t)(ebpf_rt.frame + at);
        if (size == 8)
            memcpy(ebpf_rt.ctx + offset, &address, 8);
        else {
            uint32_t low = (uint32_t)address;
            memcpy(ebpf_rt.ctx + offset, &low, 4);
        }
    }
}

bool
ebpf_native_load_packet(void* context, uint64_t offset, uint32_t size, uint64_t* value)
{
    (void)context;
    size_t length = ebpf_rt.data_end - ebpf_rt.data;
    if (offset > length || size > length - offset)
        return false;
    uint64_t v = 0;
    for (uint32_t i = 0; i < size; i++)
        v = (v << 8) | ebpf_rt.frame[ebpf_rt.data + offset + i];
    *value = v;
    return true;
}

uint64_t
ebpf_native_memory_length(void* context)
{
    (void)context;
    return ebpf_rt.memory_size;
}

static void
print_maps(map_entry_t* maps, size_t count)
{
    for (size_t m = 0; m < count; m++) {
        ebpf_rt_map_t* map = &ebpf_rt.maps[m];
        if (map->kind == RT_MAP_ARRAY) {
            for (uint32_t i = 0; i < map->max_entries; i++) {
                printf("map %zu %02x%02x%02x%02x ", m, i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, i >> 24);
                print_hex("", map->data + (size_t)i * map->value_size, map->value_size);
            }
        } else if (map->kind == RT_MAP_HASH || map->kind == RT_MAP_LRU_HASH) {
            size_t slot = (size_t)map->key_size + map->value_size;
            for (uint32_t i = 0; i < map->capacity; i++) {
                if (map->used[i] != 1)
                    continue;
                printf("map %zu ", m);
                for (uint32_t b = 0; b < map->key_size; b++)
                    printf("%02x", map->data[i * slot + b]);
                print_hex("", map->data + i * slot + map->key_size, map->value_size);
            }
        }
    }
    (void)maps;
}

static void
print_guid(const char* label, const GUID* g)
{
    const uint8_t* b = (const uint8_t*)g;
    printf(" %s=", label);
    for (size_t i = 0; i < sizeof(GUID); i++)
        printf("%02x", b[i]);
}

/* The module's tables, one line per item, for comparing two modules (ours and bpf2c's). */
static int
print_metadata(void)
{
    program_entry_t* programs;
    size_t program_count;
    map_entry_t* maps;
    size_t map_count;
    global_variable_section_info_t* globals;
    size_t global_count;
    map_initial_values_t* initial;
    size_t initial_count;
    bpf2c_version_t version;
    EBPF_NATIVE_TABLE.programs(&programs, &program_count);
    EBPF_NATIVE_TABLE.maps(&maps, &map_count);
    EBPF_NATIVE_TABLE.global_variable_sections(&globals, &global_count);
    EBPF_NATIVE_TABLE.map_initial_values(&initial, &initial_count);
    EBPF_NATIVE_TABLE.version(&version);
    printf("version %u.%u.%u\n", version.major, version.minor, version.revision);
    for (size_t m = 0; m < map_count; m++) {
        const ebpf_map_definition_in_file_t* d = &maps[m].definition;
        printf(
            "map %s type=%u key=%u value=%u max=%u inner=%u pinning=%u id=%u inner_id=%u\n",
            maps[m].name,
            (unsigned)d->type,
            d->key_size,
            d->value_size,
            d->max_entries,
            d->inner_map_idx,
            (unsigned)d->pinning,
            d->id,
            d->inner_id);
    }
    for (size_t g = 0; g < global_count; g++) {
        printf("global %s size=%zu data=", globals[g].name, globals[g].size);
        for (size_t i = 0; i < globals[g].size; i++)
            printf("%02x", ((const uint8_t*)globals[g].initial_data)[i]);
        printf("\n");
    }
    for (size_t v = 0; v < initial_count; v++) {
        printf("initial %s", initial[v].name);
        for (size_t k = 0; k < initial[v].count; k++)
            printf(" %s", initial[v].values[k] ? initial[v].values[k] : "-");
        printf("\n");
    }
    for (size_t p = 0; p < program_count; p++) {
        printf(
            "program %s section=%s pe=%s instructions=%zu",
            programs[p].program_name,
            programs[p].section_name,
            programs[p].pe_section_name,
            programs[p].bpf_instruction_count);
        print_guid("type", programs[p].program_type);
        print_guid("attach", programs[p].expected_attach_type);
        printf(" helpers=");
        for (uint16_t h = 0; h < programs[p].helper_count; h++)
            printf("%s%u:%s", h ? "," : "", programs[p].helpers[h].helper_id, programs[p].helpers[h].name);
        printf(" maps=");
        for (uint16_t m = 0; m < programs[p].referenced_map_count; m++)
            printf("%s%s", m ? "," : "", maps[programs[p].referenced_map_indices[m]].name);
        printf("\n");
    }
    return 0;
}

/* The native debug session breaks here (stopOnExit): the program and its tail calls returned
   r0; the packet and the maps are as they left them. noinline and the asm keep the call. */
__attribute__((noinline, used)) void
ebpf_rt_run_finished(uint64_t r0, void* context)
{
    __asm__ volatile("" : : "r"(r0), "r"(context) : "memory");
}

int
main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "--metadata") == 0)
        return print_metadata();
    static char line[1 << 20];
    static uint8_t bytes[1 << 19];
    if (argc < 2) {
        fprintf(stderr, "usage: runner INPUT [REPEAT]\n");
        return 2;
    }
    FILE* input = fopen(argv[1], "r");
    if (!input) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    long repeat = argc > 2 ? atol(argv[2]) : 0;

    program_entry_t* programs;
    size_t program_count;
    map_entry_t* maps;
    size_t map_count;
    global_variable_section_info_t* globals;
    size_t global_count;
    map_initial_values_t* initial;
    size_t initial_count;
    EBPF_NATIVE_TABLE.programs(&programs, &program_count);
    EBPF_NATIVE_TABLE.maps(&maps, &map_count);
    EBPF_NATIVE_TABLE.global_variable_sections(&globals, &global_count);
    EBPF_NATIVE_TABLE.map_initial_values(&initial, &initial_count);

    ebpf_rt.windows = ebpf_rt_platform_windows;
    ebpf_rt.map_count = map_count;
    ebpf_rt.maps = calloc(map_count + 1, sizeof(ebpf_rt_map_t));
    map_data_t* map_data = calloc(map_count + 1, sizeof(map_data_t));
    for (size_t i = 0; i < map_count; i++) {
        ebpf_rt_map_init(&ebpf_rt.maps[i], ebpf_rt_map_kind(i), &maps[i].definition, maps[i].name);
        map_data[i].address = (uintptr_t)&ebpf_rt.maps[i];
        map_data[i].array_data = ebpf_rt.maps[i].kind == RT_MAP_ARRAY ? ebpf_rt.maps[i].data : NULL;
    }
    global_variable_section_data_t* global_data = calloc(global_count + 1, sizeof(global_variable_section_data_t));
    for (size_t g = 0; g < global_count; g++) {
        for (size_t i = 0; i < map_count; i++)
            if (strcmp(maps[i].name, globals[g].name) == 0)
                global_data[g].address_of_map_value = ebpf_rt.maps[i].data;
        if (!global_data[g].address_of_map_value)
            global_data[g].address_of_map_value = calloc(globals[g].size + 8, 1);
        memcpy(global_data[g].address_of_map_value, globals[g].initial_data, globals[g].size);
    }
    for (size_t v = 0; v < initial_count; v++)
        for (size_t i = 0; i < map_count; i++) {
            if (strcmp(maps[i].name, initial[v].name) != 0)
                continue;
            for (size_t k = 0; k < initial[v].count; k++) {
                if (!initial[v].values[k])
                    continue;
                for (size_t p = 0; p < program_count; p++)
                    if (strcmp(programs[p].program_name, initial[v].values[k]) == 0) {
                        uint32_t key = (uint32_t)k, value = (uint32_t)p;
                        ebpf_rt_map_update(&ebpf_rt.maps[i], (uint8_t*)&key, (uint8_t*)&value, 0);
                    }
            }
        }
    program_runtime_context_t* contexts = calloc(program_count, sizeof(program_runtime_context_t));
    for (size_t p = 0; p < program_count; p++) {
        helper_function_data_t* helpers = calloc(programs[p].helper_count + 1, sizeof(helper_function_data_t));
        for (uint16_t h = 0; h < programs[p].helper_count; h++)
            helpers[h].address = ebpf_rt_bind_helper(programs[p].helpers[h].helper_id, &helpers[h].tail_call);
        contexts[p].helper_data = helpers;
        contexts[p].map_data = map_data;
        contexts[p].global_variable_section_data = global_data;
    }

    ebpf_rt.frame = mmap(NULL, FRAME_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (ebpf_rt.frame == MAP_FAILED) {
        fprintf(stderr, "cannot map the packet buffer below 4 GB\n");
        return 2;
    }
    ebpf_rt.frame_size = FRAME_SIZE;
    ebpf_rt.meta = ebpf_rt.data = ebpf_rt.data_end = HEADROOM;
    int program = 0;
    char program_name[256] = "";
    bool has_packet = false;
    while (fgets(line, sizeof(line), input)) {
        line[strcspn(line, "\r\n")] = 0;
        char* arg = strchr(line, ' ');
        arg = arg ? arg + 1 : line + strlen(line);
        if (strncmp(line, "program ", 8) == 0)
            program = atoi(arg);
        else if (strncmp(line, "name ", 5) == 0)
            snprintf(program_name, sizeof(program_name), "%s", arg);
        else if (strncmp(line, "conformance ", 12) == 0)
            ebpf_rt.conformance = atoi(arg) != 0;
        else if (strncmp(line, "memory ", 7) == 0) {
            ebpf_rt.memory_size = from_hex(arg, bytes, sizeof(bytes));
            ebpf_rt.memory = malloc(ebpf_rt.memory_size + 8);
            memcpy(ebpf_rt.memory, bytes, ebpf_rt.memory_size);
        } else if (strncmp(line, "ctx ", 4) == 0) {
            ebpf_rt.ctx_size = from_hex(arg, bytes, sizeof(bytes));
            ebpf_rt.ctx = aligned_alloc(8, (ebpf_rt.ctx_size + 15) / 8 * 8);
            memcpy(ebpf_rt.ctx, bytes, ebpf_rt.ctx_size);
        } else if (strncmp(line, "ptr ", 4) == 0 && ebpf_rt.pointer_field_count < 16) {
            int* f = ebpf_rt.pointer_fields[ebpf_rt.pointer_field_count++];
            sscanf(arg, "%d %d %d", &f[0], &f[1], &f[2]);
        } else if (strncmp(line, "packet ", 7) == 0) {
            size_t n = from_hex(arg, bytes, FRAME_SIZE - HEADROOM);
            memcpy(ebpf_rt.frame + HEADROOM, bytes, n);
            ebpf_rt.data_end = HEADROOM + n;
            has_packet = true;
        } else if (strncmp(line, "meta ", 5) == 0) {
            size_t n = from_hex(arg, bytes, 32);
            memcpy(ebpf_rt.frame + HEADROOM - n, bytes, n);
            ebpf_rt.meta = HEADROOM - n;
        } else if (strncmp(line, "mapprog ", 8) == 0) {
            /* A program array slot naming a program (the launch configuration's "program"). */
            size_t index;
            uint32_t key;
            char name[256];
            if (sscanf(arg, "%zu %x %255s", &index, &key, name) == 3 && index < map_count)
                for (size_t p = 0; p < program_count; p++)
                    if (strcmp(programs[p].program_name, name) == 0) {
                        uint32_t value = (uint32_t)p;
                        ebpf_rt_map_update(&ebpf_rt.maps[index], (uint8_t*)&key, (uint8_t*)&value, 0);
                    }
        } else if (strncmp(line, "mapinit ", 8) == 0) {
            size_t index;
            char key[1024], value[1 << 14];
            if (sscanf(arg, "%zu %1023s %16383s", &index, key, value) == 3 && index < map_count) {
                uint8_t k[512], v[8192];
                from_hex(key, k, sizeof(k));
                from_hex(value, v, sizeof(v));
                ebpf_rt_map_update(&ebpf_rt.maps[index], k, v, 0);
            }
        }
    }
    fclose(input);
    /* The name decides when the index names another program: modules may order programs differently. */
    bool index_matches = program >= 0 && (size_t)program < program_count &&
                         strcmp(programs[program].program_name, program_name) == 0;
    for (size_t p = 0; program_name[0] && !index_matches && p < program_count; p++)
        if (strcmp(programs[p].program_name, program_name) == 0) {
            program = (int)p;
            break;
        }
    if (program < 0 || (size_t)program >= program_count) {
        fprintf(stderr, "no program %d (the module has %zu)\n", program, program_count);
        return 2;
    }
    ebpf_rt_set_pointer_fields();
    void* context = ebpf_rt.conformance ? (void*)ebpf_rt.memory : (void*)ebpf_rt.ctx;

    uint64_t r0 = 0;
    int current = program;
    /* The chain is printed whole after the run: printk lines may be written while it runs. */
    volatile int chain[34]; /* volatile: kept across the unwind longjmp */
    volatile int chain_length = 0;
    chain[chain_length++] = current;
    int outcome = setjmp(ebpf_rt.unwind);
    if (outcome == 0) {
        for (;;) {
            ebpf_rt.pending_tail_call = -1;
            r0 = programs[current].function(context, &contexts[current]);
            if (ebpf_rt.pending_tail_call < 0 || (size_t)ebpf_rt.pending_tail_call >= program_count)
                break;
            current = ebpf_rt.pending_tail_call;
            if (chain_length < (int)(sizeof(chain) / sizeof(chain[0])))
                chain[chain_length++] = current;
        }
    } else if (outcome == 1) {
        r0 = 0; /* the conformance suite's unwind helper stopped the program */
    }
    printf("chain ");
    for (int i = 0; i < chain_length; i++)
        printf("%s%s", i > 0 ? "," : "", programs[chain[i]].program_name);
    printf("\n");
    if (ebpf_rt.windows)
        r0 = (uint32_t)r0;
    ebpf_rt_run_finished(r0, context);
    if (ebpf_rt.error)
        printf("error %s\n", ebpf_rt.error);
    printf("r0 %016llx\n", (unsigned long long)r0);
    if (has_packet || ebpf_rt.pointer_field_count > 0) {
        print_hex("packet", ebpf_rt.frame + ebpf_rt.data, ebpf_rt.data_end - ebpf_rt.data);
        print_hex("meta", ebpf_rt.frame + ebpf_rt.meta, ebpf_rt.data - ebpf_rt.meta);
    }
    if (ebpf_rt.memory)
        print_hex("memory", ebpf_rt.memory, ebpf_rt.memory_size);
    print_hex("printk", (const uint8_t*)ebpf_rt.printk, ebpf_rt.printk_length);
    print_maps(maps, map_count);

    if (repeat > 0 && !ebpf_rt.error) {
        struct timespec t0, t1;
        volatile uint64_t sink = 0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long n = 0; n < repeat; n++) {
            ebpf_rt.printk_length = 0;
            ebpf_rt.tail_calls = 0;
            sink += programs[program].function(context, &contexts[program]);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / (double)repeat;
        printf("ns_per_run %.2f\n", ns);
        (void)sink;
    }
    return 0;
}
