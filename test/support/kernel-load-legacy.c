// Loads each program of a BPF object into the kernel on its own, for objects the system libbpf
// (>= 1.0) refuses: iproute2-style `maps` sections (`struct bpf_elf_map`, as Cilium keeps its
// tail-call map) next to BTF `.maps`, and tail-call programs in sections libbpf cannot type
// (`2/1`). It does by hand what a loader does: parse the ELF (libelf), create every map once per
// object (legacy `maps`, BTF `.maps` with their map-in-map inner templates, `.rodata*`/`.data*`/
// `.bss` arrays holding the globals, read-only ones frozen as loaders freeze them), link the
// `.text` subprograms a program calls, apply map / global / call relocations, and load each
// program alone with the object's BTF, func_info and line_info (so global functions are judged as
// the kernel judges them and the log names C lines). Pinning fields are ignored: nothing is
// pinned, and every map and program goes when the process exits. CO-RE relocations are not
// applied: a program that needs one is reported without a verdict (no log) and a note. With -i,
// a data section's variables are loaded as immediates instead (each `ld_imm64` of a variable's
// address becomes its 1/2/4/8-byte value), as Cilium's loader does with `.rodata.config`.
// Built and run by test/support/kernelLegacy.ts (gcc, libelf, the system libbpf's low-level
// bpf_*/btf__* calls); not part of the product.
//
//   kernel-load-legacy [-t TYPE] [-i SECTION] OBJECT
//     TYPE: a program type name (sched_cls, xdp, ...) for every program, as Cilium's loader gives
//     each program of an object its entry program's type; without it each section's name decides
//     (libbpf's table). SECTION: the data section to inline (see above).
//   one record per program on stdout:
//     @@prog NAME SECTION
//     @@note TEXT                      (zero or more: why the kernel could not be asked)
//     @@stats processed N insns ... / verification time N usec   (when the kernel gives them)
//     @@verdict accepted|rejected ERRNO
//     (the verifier log at level 1, when rejected)
//     @@end
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The kernel caps log_size at UINT32_MAX >> 2; 16 MiB holds the tail that names the error. */
#define LOG_SIZE (16u << 20)
#define MAX_SECS 4096
#define MAX_MAPS 1024
#define MAX_PIECES 256
#define R_BPF_64_64 1
#define R_BPF_64_32 10

/* iproute2's legacy map definition (`maps` section). */
struct bpf_elf_map {
	uint32_t type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

struct section {
	const char *name;
	GElf_Shdr sh;
	Elf_Data *data;
	Elf_Data *rel; /* its SHT_REL section's data, if any */
	int data_map;  /* map index of a .rodata/.data/.bss section, else -1 */
};

struct map {
	char name[64];
	uint32_t type, key_size, value_size, max_entries, flags;
	uint32_t btf_key, btf_value;
	int inner;      /* index of the inner-map template, or -1 */
	int sec;        /* defining section (legacy `maps`, `.maps`, or the data section) */
	uint64_t off;   /* the definition's offset in its section (symbol value) */
	uint32_t legacy_id;
	int fd;
};

struct ext_info {
	const uint8_t *base; /* first {sec_name_off, num_info} block */
	uint32_t len, rec_size;
};

static struct section secs[MAX_SECS];
static size_t nsecs;
static struct map maps[MAX_MAPS];
static int nmaps;
static Elf_Data *symbols;
static size_t symtab_link;
static int legacy_sec = -1, btf_maps_sec = -1;
static struct btf *btf;
static int btf_fd = -1;
static struct ext_info func_ext, line_ext;
static uint32_t core_relo_len;
static const uint8_t *core_base;
static uint32_t core_rec_size;
static char license[128] = "GPL";
/* -i SECTION: that section's variables are loaded as immediates (Cilium's `.rodata.config`). */
static const char *inline_section;
static int inline_sec = -1;

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	(void)fmt;
	(void)args;
	return 0;
}

static const char *sym_name(Elf *elf, const GElf_Sym *s)
{
	return elf_strptr(elf, symtab_link, s->st_name);
}

static int nsyms(void)
{
	return symbols ? (int)(symbols->d_size / sizeof(Elf64_Sym)) : 0;
}

static int is_data_section(const struct section *s)
{
	return (s->sh.sh_flags & SHF_ALLOC) && !(s->sh.sh_flags & SHF_EXECINSTR) && s->sh.sh_size > 0 &&
	       (!strncmp(s->name, ".rodata", 7) || !strncmp(s->name, ".data", 5) || !strncmp(s->name, ".bss", 4));
}

static int add_map(const char *name, int sec, uint64_t off)
{
	if (nmaps == MAX_MAPS)
		return -1;
	struct map *m = &maps[nmaps];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->inner = -1;
	m->sec = sec;
	m->off = off;
	m->fd = -1;
	return nmaps++;
}

/* `__uint(x, N)` is `int (*x)[N]`: the number is the array's length. */
static int btf_uint_member(const struct btf_type *t, uint32_t *out)
{
	if (!btf_is_ptr(t))
		return -1;
	const struct btf_type *arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr))
		return -1;
	*out = btf_array(arr)->nelems;
	return 0;
}

/* Fill map m from a BTF map definition struct (`.maps`); its `values` array names an inner map. */
static int parse_btf_map(int m, uint32_t struct_id)
{
	const struct btf_type *st = btf__type_by_id(btf, btf__resolve_type(btf, struct_id));
	if (!st || !btf_is_struct(st))
		return -1;
	const struct btf_member *mem = btf_members(st);
	for (int i = 0; i < btf_vlen(st); i++, mem++) {
		const char *n = btf__name_by_offset(btf, mem->name_off);
		const struct btf_type *t = btf__type_by_id(btf, mem->type);
		if (!n || !t)
			continue;
		if (!strcmp(n, "type"))
			btf_uint_member(t, &maps[m].type);
		else if (!strcmp(n, "max_entries"))
			btf_uint_member(t, &maps[m].max_entries);
		else if (!strcmp(n, "map_flags"))
			btf_uint_member(t, &maps[m].flags);
		else if (!strcmp(n, "key_size"))
			btf_uint_member(t, &maps[m].key_size);
		else if (!strcmp(n, "value_size"))
			btf_uint_member(t, &maps[m].value_size);
		else if ((!strcmp(n, "key") || !strcmp(n, "value")) && btf_is_ptr(t)) {
			long size = btf__resolve_size(btf, t->type);
			if (size < 0)
				return -1;
			if (n[0] == 'k') {
				maps[m].key_size = (uint32_t)size;
				maps[m].btf_key = t->type;
			} else {
				maps[m].value_size = (uint32_t)size;
				maps[m].btf_value = t->type;
			}
		} else if (!strcmp(n, "values") && btf_is_array(t)) {
			/* `struct inner *values[]`: the pointed-to struct defines the inner map. */
			const struct btf_type *p = btf__type_by_id(btf, btf_array(t)->type);
			if (!p || !btf_is_ptr(p))
				continue;
			if (maps[m].type == BPF_MAP_TYPE_PROG_ARRAY)
				continue; /* initial programs of a program array, not an inner map */
			char inner_name[64];
			snprintf(inner_name, sizeof(inner_name), "%.50s.inner", maps[m].name);
			int in = add_map(inner_name, -1, 0);
			if (in < 0 || parse_btf_map(in, p->type))
				return -1;
			maps[m].inner = in;
		}
	}
	/* Map-in-map values hold map ids (4 bytes) whatever the definition says. */
	if (maps[m].inner >= 0 && !maps[m].value_size)
		maps[m].value_size = 4;
	return 0;
}

/* The offset of symbol `name` in section `sec` (the definition's place), or -1. */
static long long symbol_offset(Elf *elf, int sec, const char *name)
{
	GElf_Sym s;
	for (int i = 0; i < nsyms(); i++) {
		if (!gelf_getsym(symbols, i, &s) || s.st_shndx != sec)
			continue;
		const char *n = sym_name(elf, &s);
		if (n && !strcmp(n, name))
			return (long long)s.st_value;
	}
	return -1;
}

/*
 * Clang leaves a DATASEC's size and its variables' offsets for the loader to fill from the ELF
 * (as libbpf does before loading BTF); the kernel also wants the variables in offset order.
 */
static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void fix_datasecs(Elf *elf)
{
	for (uint32_t id = 1; id < btf__type_cnt(btf); id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(btf, id);
		if (!btf_is_datasec(t))
			continue;
		const char *name = btf__name_by_offset(btf, t->name_off);
		int sec = -1;
		for (size_t i = 0; i < nsecs && name; i++)
			if (secs[i].name && !strcmp(secs[i].name, name))
				sec = (int)i;
		if (sec < 0)
			continue;
		t->size = (uint32_t)secs[sec].sh.sh_size;
		struct btf_var_secinfo *v = btf_var_secinfos(t);
		for (int i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *var = btf__type_by_id(btf, v[i].type);
			long long off = symbol_offset(elf, sec, btf__name_by_offset(btf, var->name_off));
			if (off >= 0)
				v[i].offset = (uint32_t)off;
		}
		qsort(v, btf_vlen(t), sizeof(*v), cmp_vsi);
	}
}

static void parse_ext_block(const uint8_t *raw, uint32_t hdr_len, uint32_t off, uint32_t len, struct ext_info *out)
{
	if (len < 4)
		return;
	const uint8_t *p = raw + hdr_len + off;
	out->rec_size = *(const uint32_t *)p;
	out->base = p + 4;
	out->len = len - 4;
}

/* .BTF.ext: func_info, line_info and CO-RE relocation blocks, per section name. */
static void read_btf_ext(Elf_Data *ext)
{
	if (!ext || ext->d_size < 24)
		return;
	const uint8_t *raw = ext->d_buf;
	uint32_t hdr_len = *(const uint32_t *)(raw + 4);
	const uint32_t *h = (const uint32_t *)(raw + 8);
	parse_ext_block(raw, hdr_len, h[0], h[1], &func_ext);
	parse_ext_block(raw, hdr_len, h[2], h[3], &line_ext);
	if (hdr_len >= 32 && h[5] >= 4) {
		core_base = raw + hdr_len + h[4] + 4;
		core_rec_size = *(const uint32_t *)(raw + hdr_len + h[4]);
		core_relo_len = h[5] - 4;
	}
}

/* Records of `info` for section `name`: *count of them, each rec_size bytes. */
static const uint8_t *ext_records(const struct ext_info *info, const char *name, uint32_t *count)
{
	const uint8_t *p = info->base, *end = info->base + info->len;
	*count = 0;
	while (p && p + 8 <= end) {
		uint32_t name_off = ((const uint32_t *)p)[0], n = ((const uint32_t *)p)[1];
		const char *sec = btf__name_by_offset(btf, name_off);
		if (sec && !strcmp(sec, name)) {
			*count = n;
			return p + 8;
		}
		p += 8 + (size_t)n * info->rec_size;
	}
	return NULL;
}

static int create_map(int m)
{
	struct map *d = &maps[m];
	if (d->fd >= 0)
		return d->fd;
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = d->flags);
	if (d->inner >= 0) {
		int inner = create_map(d->inner);
		if (inner < 0)
			return -1;
		opts.inner_map_fd = inner;
	}
	uint32_t max = d->max_entries;
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !max)
		max = libbpf_num_possible_cpus();
	char name[BPF_OBJ_NAME_LEN] = "";
	for (size_t i = 0, j = 0; d->name[i] && j < sizeof(name) - 1; i++)
		if ((d->name[i] >= 'a' && d->name[i] <= 'z') || (d->name[i] >= 'A' && d->name[i] <= 'Z') ||
		    (d->name[i] >= '0' && d->name[i] <= '9') || d->name[i] == '_' || d->name[i] == '.')
			name[j++] = d->name[i];
	if (btf_fd >= 0 && d->btf_value) {
		opts.btf_fd = btf_fd;
		opts.btf_key_type_id = d->btf_key;
		opts.btf_value_type_id = d->btf_value;
		d->fd = bpf_map_create(d->type, name, d->key_size, d->value_size, max, &opts);
		if (d->fd >= 0)
			return d->fd;
		opts.btf_fd = 0;
		opts.btf_key_type_id = 0;
		opts.btf_value_type_id = 0;
	}
	d->fd = bpf_map_create(d->type, name, d->key_size, d->value_size, max, &opts);
	if (d->fd < 0)
		fprintf(stderr, "map %s (type %u): %s\n", d->name, d->type, strerror(errno));
	return d->fd;
}

/* A global-data array holding the section's bytes; read-only sections frozen, as loaders do. */
static int create_data_map(int m)
{
	const struct section *s = &secs[maps[m].sec];
	if (create_map(m) < 0)
		return -1;
	void *value = calloc(1, s->sh.sh_size);
	if (!value)
		return -1;
	if (s->sh.sh_type != SHT_NOBITS && s->data && s->data->d_buf)
		memcpy(value, s->data->d_buf, s->data->d_size < s->sh.sh_size ? s->data->d_size : s->sh.sh_size);
	uint32_t zero = 0;
	int err = bpf_map_update_elem(maps[m].fd, &zero, value, 0);
	free(value);
	if (!err && !strncmp(s->name, ".rodata", 7))
		err = bpf_map_freeze(maps[m].fd);
	return err;
}

/*
 * The value of the variable at `off` of the inlined section (1, 2, 4 or 8 bytes, little-endian,
 * by its BTF DATASEC entry), as Cilium's loader reads it to replace the map-value load.
 */
static int inline_value(uint32_t off, uint64_t *value)
{
	int ds = btf ? btf__find_by_name_kind(btf, inline_section, BTF_KIND_DATASEC) : -1;
	if (ds <= 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(btf, ds);
	const struct btf_var_secinfo *v = btf_var_secinfos(t);
	const struct section *s = &secs[inline_sec];
	for (int i = 0; i < btf_vlen(t); i++) {
		if (v[i].offset != off)
			continue;
		if ((v[i].size != 1 && v[i].size != 2 && v[i].size != 4 && v[i].size != 8) ||
		    off + v[i].size > s->sh.sh_size)
			return -1;
		uint8_t buf[8] = { 0 };
		if (s->sh.sh_type != SHT_NOBITS && s->data && off + v[i].size <= s->data->d_size)
			memcpy(buf, (const uint8_t *)s->data->d_buf + off, v[i].size);
		*value = 0;
		for (int b = (int)v[i].size - 1; b >= 0; b--)
			*value = (*value << 8) | buf[b];
		return 0;
	}
	return -1;
}

static int find_map(int sec, uint64_t off)
{
	for (int i = 0; i < nmaps; i++)
		if (maps[i].sec == sec && maps[i].off == off)
			return i;
	return -1;
}

/* Every map of the object, once: legacy `maps`, BTF `.maps`, global-data sections. */
static int collect_maps(Elf *elf)
{
	GElf_Sym s;
	if (legacy_sec >= 0) {
		const struct section *ls = &secs[legacy_sec];
		for (int i = 0; i < nsyms(); i++) {
			if (!gelf_getsym(symbols, i, &s) || s.st_shndx != legacy_sec || GELF_ST_TYPE(s.st_info) == STT_SECTION)
				continue;
			if (s.st_value + sizeof(struct bpf_elf_map) > ls->data->d_size)
				return -1;
			struct bpf_elf_map def;
			memcpy(&def, (const uint8_t *)ls->data->d_buf + s.st_value, sizeof(def));
			int m = add_map(sym_name(elf, &s), legacy_sec, s.st_value);
			if (m < 0)
				return -1;
			maps[m].type = def.type;
			maps[m].key_size = def.size_key;
			maps[m].value_size = def.size_value;
			maps[m].max_entries = def.max_elem;
			maps[m].flags = def.flags;
			maps[m].legacy_id = def.id;
			maps[m].inner = def.inner_id; /* an id until resolved below */
		}
		/* inner_id names another legacy map's id (0: none). */
		for (int m = 0; m < nmaps; m++) {
			uint32_t want = (uint32_t)maps[m].inner;
			maps[m].inner = -1;
			for (int k = 0; want && k < nmaps; k++)
				if (maps[k].legacy_id == want && k != m)
					maps[m].inner = k;
		}
	}
	if (btf_maps_sec >= 0 && btf) {
		for (uint32_t id = 1; id < btf__type_cnt(btf); id++) {
			const struct btf_type *t = btf__type_by_id(btf, id);
			const char *n = btf__name_by_offset(btf, t->name_off);
			if (!btf_is_datasec(t) || !n || strcmp(n, ".maps"))
				continue;
			const struct btf_var_secinfo *v = btf_var_secinfos(t);
			for (int i = 0; i < btf_vlen(t); i++) {
				const struct btf_type *var = btf__type_by_id(btf, v[i].type);
				const char *vn = btf__name_by_offset(btf, var->name_off);
				long long off = symbol_offset(elf, btf_maps_sec, vn);
				int m = add_map(vn, btf_maps_sec, off < 0 ? v[i].offset : (uint64_t)off);
				if (m < 0 || parse_btf_map(m, var->type))
					return -1;
			}
		}
	}
	for (size_t i = 0; i < nsecs; i++) {
		if (!secs[i].name || !is_data_section(&secs[i]) || (int)i == inline_sec)
			continue;
		int m = add_map(secs[i].name, (int)i, 0);
		if (m < 0)
			return -1;
		maps[m].type = BPF_MAP_TYPE_ARRAY;
		maps[m].key_size = 4;
		maps[m].value_size = (uint32_t)secs[i].sh.sh_size;
		maps[m].max_entries = 1;
		maps[m].flags = BPF_F_MMAPABLE | (!strncmp(secs[i].name, ".rodata", 7) ? BPF_F_RDONLY_PROG : 0);
		if (btf) {
			int ds = btf__find_by_name_kind(btf, secs[i].name, BTF_KIND_DATASEC);
			if (ds > 0)
				maps[m].btf_value = (uint32_t)ds;
		}
		secs[i].data_map = m;
	}
	for (int m = 0; m < nmaps; m++) {
		int err = maps[m].sec >= 0 && secs[maps[m].sec].data_map == m ? create_data_map(m) : create_map(m) < 0;
		if (err) {
			fprintf(stderr, "cannot create map %s\n", maps[m].name);
			return -1;
		}
	}
	return 0;
}

/* One piece of a program being linked: a function copied from a section. */
struct piece {
	int sec;
	uint64_t start, end; /* instruction indexes in the section */
	size_t at;           /* where it starts in the linked program */
};

struct linked {
	struct bpf_insn *insns;
	size_t cnt, cap;
	struct piece pieces[MAX_PIECES];
	int npieces;
	char note[256];
};

/* The function of section `sec` containing instruction `idx` (FUNC symbols; else the whole section). */
static void function_bounds(int sec, uint64_t idx, uint64_t *start, uint64_t *end)
{
	GElf_Sym s;
	*start = 0;
	*end = secs[sec].sh.sh_size / 8;
	for (int i = 0; i < nsyms(); i++) {
		if (!gelf_getsym(symbols, i, &s) || s.st_shndx != sec || GELF_ST_TYPE(s.st_info) != STT_FUNC)
			continue;
		uint64_t a = s.st_value / 8, b = (s.st_value + s.st_size) / 8;
		if (a <= idx && idx < b) {
			*start = a;
			*end = b;
		}
	}
}

static int append_piece(struct linked *l, int sec, uint64_t start, uint64_t end)
{
	for (int i = 0; i < l->npieces; i++)
		if (l->pieces[i].sec == sec && l->pieces[i].start == start)
			return i;
	if (l->npieces == MAX_PIECES)
		return -1;
	size_t n = end - start;
	if (l->cnt + n > l->cap) {
		l->cap = (l->cnt + n) * 2;
		l->insns = realloc(l->insns, l->cap * sizeof(*l->insns));
		if (!l->insns)
			return -1;
	}
	memcpy(l->insns + l->cnt, (const struct bpf_insn *)secs[sec].data->d_buf + start, n * sizeof(*l->insns));
	l->pieces[l->npieces] = (struct piece){ .sec = sec, .start = start, .end = end, .at = l->cnt };
	l->cnt += n;
	return l->npieces++;
}

/* The relocation of section `sec` at byte offset `off`, if any. */
static int relocation_at(int sec, uint64_t off, GElf_Rel *out)
{
	Elf_Data *rel = secs[sec].rel;
	if (!rel)
		return 0;
	size_t n = rel->d_size / sizeof(Elf64_Rel);
	for (size_t i = 0; i < n; i++) {
		if (gelf_getrel(rel, (int)i, out) && out->r_offset == off)
			return 1;
	}
	return 0;
}

/* Apply one piece's relocations and link the functions it calls (appending them). */
static int relocate_piece(struct linked *l, int p)
{
	struct piece pc = l->pieces[p];
	for (uint64_t k = pc.start; k < pc.end; k++) {
		struct bpf_insn *insn = &l->insns[pc.at + (k - pc.start)];
		GElf_Rel r;
		int has = relocation_at(pc.sec, k * 8, &r);
		GElf_Sym s;
		if (has && !gelf_getsym(symbols, (int)GELF_R_SYM(r.r_info), &s))
			return -1;
		int is_call = insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
		int is_func_ptr = insn->code == (BPF_LD | BPF_IMM | BPF_DW) && has && s.st_shndx < nsecs &&
				  (secs[s.st_shndx].sh.sh_flags & SHF_EXECINSTR);
		if (is_call || is_func_ptr) {
			int tsec = has ? (int)s.st_shndx : pc.sec;
			/* Call targets: symbol + imm + 1 instructions (a FUNC symbol's imm is -1). */
			int64_t target = has ? (int64_t)(s.st_value / 8) + insn->imm + (is_call ? 1 : 0)
					     : (int64_t)k + insn->imm + 1;
			if (is_func_ptr)
				target = (int64_t)(s.st_value / 8) + insn->imm / 8;
			if (tsec >= (int)nsecs || target < 0 || (uint64_t)target >= secs[tsec].sh.sh_size / 8) {
				snprintf(l->note, sizeof(l->note), "call target outside its section at insn %llu",
					 (unsigned long long)k);
				return -1;
			}
			uint64_t a, b;
			function_bounds(tsec, (uint64_t)target, &a, &b);
			size_t here = pc.at + (k - pc.start);
			int q = append_piece(l, tsec, a, b);
			if (q < 0)
				return -1;
			insn = &l->insns[here]; /* append may have moved the buffer */
			int64_t dest = (int64_t)l->pieces[q].at + (target - (int64_t)a);
			if (is_call)
				insn->imm = (int32_t)(dest - (int64_t)here - 1);
			else {
				insn->src_reg = BPF_PSEUDO_FUNC;
				insn->imm = (int32_t)(dest - (int64_t)here - 1);
				insn[1].imm = 0;
			}
			if (is_func_ptr)
				k++;
			continue;
		}
		if (!has)
			continue;
		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW) || GELF_R_TYPE(r.r_info) != R_BPF_64_64) {
			snprintf(l->note, sizeof(l->note), "unsupported relocation type %llu at insn %llu",
				 (unsigned long long)GELF_R_TYPE(r.r_info), (unsigned long long)k);
			return -1;
		}
		int ssec = s.st_shndx;
		if (ssec == legacy_sec || ssec == btf_maps_sec) {
			int m = find_map(ssec, s.st_value);
			if (m < 0) {
				snprintf(l->note, sizeof(l->note), "no map at offset %llu of its section",
					 (unsigned long long)s.st_value);
				return -1;
			}
			insn->src_reg = BPF_PSEUDO_MAP_FD;
			insn->imm = maps[m].fd;
		} else if (ssec > 0 && ssec == inline_sec) {
			uint64_t value;
			uint32_t off = (uint32_t)(insn->imm + (int32_t)s.st_value);
			if (inline_value(off, &value)) {
				snprintf(l->note, sizeof(l->note), "no variable at offset %u of %s to inline", off,
					 inline_section);
				return -1;
			}
			insn->src_reg = 0;
			insn->imm = (int32_t)(uint32_t)value;
			insn[1].imm = (int32_t)(uint32_t)(value >> 32);
		} else if (ssec > 0 && (size_t)ssec < nsecs && secs[ssec].data_map >= 0) {
			insn[1].imm = insn->imm + (int32_t)s.st_value;
			insn->src_reg = BPF_PSEUDO_MAP_VALUE;
			insn->imm = maps[secs[ssec].data_map].fd;
		} else {
			snprintf(l->note, sizeof(l->note), "relocation against an unsupported symbol at insn %llu",
				 (unsigned long long)k);
			return -1;
		}
		k++;
	}
	return 0;
}

/* func_info / line_info of the linked program: each piece's records, moved to where it sits. */
static void *linked_ext(const struct linked *l, const struct ext_info *info, uint32_t *count)
{
	*count = 0;
	if (!info->base)
		return NULL;
	uint8_t *out = NULL;
	size_t n = 0;
	for (int i = 0; i < l->npieces; i++) {
		uint32_t cnt;
		const uint8_t *rec = ext_records(info, secs[l->pieces[i].sec].name, &cnt);
		for (uint32_t k = 0; rec && k < cnt; k++, rec += info->rec_size) {
			uint32_t insn = *(const uint32_t *)rec / 8;
			if (insn < l->pieces[i].start || insn >= l->pieces[i].end)
				continue;
			out = realloc(out, (n + 1) * info->rec_size);
			if (!out)
				return NULL;
			memcpy(out + n * info->rec_size, rec, info->rec_size);
			*(uint32_t *)(out + n * info->rec_size) = (uint32_t)(insn - l->pieces[i].start + l->pieces[i].at);
			n++;
		}
	}
	*count = (uint32_t)n;
	return out;
}

static int has_core_relos(const struct linked *l)
{
	struct ext_info core = { .base = core_base, .len = core_relo_len, .rec_size = core_rec_size };
	for (int i = 0; core_base && i < l->npieces; i++) {
		uint32_t cnt;
		const uint8_t *rec = ext_records(&core, secs[l->pieces[i].sec].name, &cnt);
		for (uint32_t k = 0; rec && k < cnt; k++, rec += core_rec_size) {
			uint32_t insn = *(const uint32_t *)rec / 8;
			if (insn >= l->pieces[i].start && insn < l->pieces[i].end)
				return 1;
		}
	}
	return 0;
}

static enum bpf_prog_type type_by_name(const char *name)
{
	for (int t = 1; t < 64; t++) {
		const char *n = libbpf_bpf_prog_type_str((enum bpf_prog_type)t);
		if (n && !strcmp(n, name))
			return (enum bpf_prog_type)t;
	}
	return BPF_PROG_TYPE_UNSPEC;
}

/* The stats lines of a level-4 log ("processed N insns ...", "verification time N usec"). */
static void print_stats(const char *log)
{
	for (const char *p = log; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && (!strncmp(p, "processed ", 10) || !strncmp(p, "verification time", 17)))
			printf("@@stats %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void load_one(const char *name, int sec, uint64_t start, uint64_t end, enum bpf_prog_type forced, char *log)
{
	struct linked l = { 0 };
	printf("@@prog %s %s\n", name, secs[sec].name);
	enum bpf_prog_type type = forced;
	enum bpf_attach_type attach = 0;
	if (libbpf_prog_type_by_name(secs[sec].name, &type, &attach) || forced)
		type = forced;
	int err = 0;
	if (type == BPF_PROG_TYPE_UNSPEC) {
		printf("@@note no program type for section %s (give -t)\n", secs[sec].name);
		err = -EINVAL;
	} else if (append_piece(&l, sec, start, end) < 0) {
		err = -ENOMEM;
	} else {
		for (int p = 0; p < l.npieces && !err; p++)
			if (relocate_piece(&l, p))
				err = -EINVAL;
		if (err)
			printf("@@note %s\n", l.note[0] ? l.note : "could not link the program");
		else if (has_core_relos(&l)) {
			printf("@@note CO-RE relocations are not applied by this loader\n");
			err = -EOPNOTSUPP;
		}
	}
	if (!err) {
		uint32_t nfunc = 0, nline = 0;
		void *finfo = btf_fd >= 0 ? linked_ext(&l, &func_ext, &nfunc) : NULL;
		void *linfo = btf_fd >= 0 ? linked_ext(&l, &line_ext, &nline) : NULL;
		char pname[BPF_OBJ_NAME_LEN];
		snprintf(pname, sizeof(pname), "%s", name);
		LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .log_buf = log,
			    .log_size = LOG_SIZE, .log_level = 4);
		if (finfo && nfunc) {
			opts.prog_btf_fd = btf_fd;
			opts.func_info = finfo;
			opts.func_info_cnt = nfunc;
			opts.func_info_rec_size = func_ext.rec_size;
			if (linfo && nline) {
				opts.line_info = linfo;
				opts.line_info_cnt = nline;
				opts.line_info_rec_size = line_ext.rec_size;
			}
		}
		/* Judge with the stats log only: a level-1 log that overflows turns an acceptance into
		 * ENOSPC. Only a rejection is loaded again for its full log. */
		log[0] = 0;
		int fd = bpf_prog_load(type, pname, license, l.insns, l.cnt, &opts);
		err = fd < 0 ? -errno : 0;
		print_stats(log);
		if (fd >= 0)
			close(fd);
		else {
			log[0] = 0;
			opts.log_level = 1;
			int again = bpf_prog_load(type, pname, license, l.insns, l.cnt, &opts);
			if (again >= 0) {
				close(again);
				log[0] = 0;
			}
		}
		free(finfo);
		free(linfo);
	} else
		log[0] = 0;
	printf("@@verdict %s %d\n", err ? "rejected" : "accepted", err);
	if (err)
		printf("%s\n", log);
	printf("@@end\n");
	fflush(stdout);
	free(l.insns);
}

int main(int argc, char **argv)
{
	enum bpf_prog_type forced = BPF_PROG_TYPE_UNSPEC;
	int a = 1;
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "-t")) {
			forced = type_by_name(argv[a + 1]);
			if (forced == BPF_PROG_TYPE_UNSPEC) {
				fprintf(stderr, "unknown program type %s\n", argv[a + 1]);
				return 2;
			}
		} else if (!strcmp(argv[a], "-i"))
			inline_section = argv[a + 1];
		else
			break;
	}
	if (a != argc - 1) {
		fprintf(stderr, "usage: %s [-t TYPE] [-i SECTION] OBJECT\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet_print);
	elf_version(EV_CURRENT);
	int file = open(argv[a], O_RDONLY);
	Elf *elf = file < 0 ? NULL : elf_begin(file, ELF_C_READ, NULL);
	size_t shstrndx;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		printf("@@open-error %d\n", errno ? errno : EINVAL);
		return 1;
	}
	Elf_Data *ext = NULL;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		size_t i = elf_ndxscn(scn);
		if (i >= MAX_SECS) {
			printf("@@open-error %d\n", E2BIG);
			return 1;
		}
		struct section *s = &secs[i];
		gelf_getshdr(scn, &s->sh);
		s->name = elf_strptr(elf, shstrndx, s->sh.sh_name);
		s->data = elf_getdata(scn, NULL);
		s->data_map = -1;
		if (i + 1 > nsecs)
			nsecs = i + 1;
		if (s->sh.sh_type == SHT_SYMTAB) {
			symbols = s->data;
			symtab_link = s->sh.sh_link;
		}
		if (!s->name)
			continue;
		if (!strcmp(s->name, "maps"))
			legacy_sec = (int)i;
		else if (!strcmp(s->name, ".maps"))
			btf_maps_sec = (int)i;
		else if (inline_section && !strcmp(s->name, inline_section))
			inline_sec = (int)i;
		else if (!strcmp(s->name, ".BTF.ext"))
			ext = s->data;
		else if (!strcmp(s->name, "license") && s->data && s->data->d_size)
			snprintf(license, sizeof(license), "%.*s", (int)s->data->d_size, (const char *)s->data->d_buf);
	}
	for (size_t i = 0; i < nsecs; i++)
		if (secs[i].sh.sh_type == SHT_REL && secs[i].sh.sh_info < nsecs)
			secs[secs[i].sh.sh_info].rel = secs[i].data;
	if (!symbols) {
		printf("@@open-error %d\n", ENOENT);
		return 1;
	}
	btf = btf__parse_elf(argv[a], NULL);
	if (libbpf_get_error(btf))
		btf = NULL;
	if (btf) {
		fix_datasecs(elf);
		read_btf_ext(ext);
		btf_fd = btf__load_into_kernel(btf) ? -1 : btf__fd(btf);
		if (btf_fd < 0)
			fprintf(stderr, "the kernel refused the object's BTF: loading without func_info/line_info\n");
	}
	if (collect_maps(elf)) {
		printf("@@open-error %d\n", errno ? errno : EINVAL);
		return 1;
	}
	char *log = malloc(LOG_SIZE);
	if (!log)
		return 3;
	/* Programs: the FUNC symbols (global or static) of executable sections other than .text. */
	GElf_Sym s;
	for (int i = 0; i < nsyms(); i++) {
		if (!gelf_getsym(symbols, i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC || s.st_shndx == 0 ||
		    s.st_shndx >= nsecs)
			continue;
		const struct section *sec = &secs[s.st_shndx];
		if (!(sec->sh.sh_flags & SHF_EXECINSTR) || !strcmp(sec->name, ".text"))
			continue;
		load_one(sym_name(elf, &s), s.st_shndx, s.st_value / 8, (s.st_value + s.st_size) / 8, forced, log);
	}
	free(log);
	return 0;
}
