// Loads each program of a BPF object into the kernel on its own, as the kernel selftests' test
// loader does: for every program, open the object afresh, enable that program alone (`?` sections
// included), load, and print the verdict and the verifier log. Built and run by
// test/support/kernelEach.ts (gcc, the system libbpf); not part of the product.
//
//   kernel-load-each OBJECT        one record per program on stdout:
//     @@prog NAME SECTION
//     @@verdict accepted|rejected ERRNO
//     (the verifier log, when rejected)
//     @@end
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel caps log_size at UINT32_MAX >> 2; 16 MiB holds the tail that names the error. */
#define LOG_SIZE (16u << 20)

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	(void)fmt;
	(void)args;
	return 0;
}

/* Open the object with program number `only` the one to load (its `?` marker overridden). */
static struct bpf_object *open_with_only(const char *file, int only, struct bpf_program **target)
{
	struct bpf_object *obj = bpf_object__open_file(file, NULL);
	if (!obj)
		return NULL;
	struct bpf_program *p;
	int k = 0;
	*target = NULL;
	bpf_object__for_each_program(p, obj) {
		bpf_program__set_autoload(p, k == only);
		if (k == only)
			*target = p;
		k++;
	}
	return obj;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet_print);
	char *log = malloc(LOG_SIZE);
	if (!log)
		return 3;

	struct bpf_object *probe = bpf_object__open_file(argv[1], NULL);
	if (!probe) {
		printf("@@open-error %d\n", errno);
		return 1;
	}
	struct bpf_program *p;
	int count = 0;
	bpf_object__for_each_program(p, probe) count++;
	bpf_object__close(probe);

	for (int i = 0; i < count; i++) {
		struct bpf_program *target = NULL;
		struct bpf_object *obj = open_with_only(argv[1], i, &target);
		if (!obj) {
			printf("@@open-error %d\n", errno);
			return 1;
		}
		if (!target) {
			bpf_object__close(obj);
			continue;
		}
		/* Judge without a log first: a log_level 1 log that overflows its buffer turns an
		 * accepted program into ENOSPC. Only a rejection is loaded again for its log. */
		int err = bpf_object__load(obj);
		if (err) {
			bpf_object__close(obj);
			obj = open_with_only(argv[1], i, &target);
			if (!obj) {
				printf("@@open-error %d\n", errno);
				return 1;
			}
			log[0] = 0;
			bpf_program__set_log_buf(target, log, LOG_SIZE);
			bpf_program__set_log_level(target, 1);
			int again = bpf_object__load(obj);
			if (!again)
				log[0] = 0;
		}
		printf("@@prog %s %s\n", bpf_program__name(target), bpf_program__section_name(target));
		printf("@@verdict %s %d\n", err ? "rejected" : "accepted", err);
		if (err)
			printf("%s\n", log);
		printf("@@end\n");
		fflush(stdout);
		bpf_object__close(obj);
	}
	free(log);
	return 0;
}
