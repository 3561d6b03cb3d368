/*
 * test_fuzz_corpus.c - replay every seed of every fuzz target (the list in
 * tests/fuzz/seeds.txt, crashes found by the fuzzers included) through the
 * fuzz drivers themselves.  This runs in make check on the release and the
 * sanitizer builds, with or without clang's libFuzzer, so an input that
 * once crashed a reader stays a regression test.  Each seed must come back
 * without a crash; the count of replayed files per target is checked too,
 * so that a seed directory that went missing is noticed.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "t.h"

/* Each driver defines LLVMFuzzerTestOneInput: give each its own name. */
#define LLVMFuzzerTestOneInput fuzz_xdatcar
#include "../fuzz/fuzz_xdatcar.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_incar
#include "../fuzz/fuzz_incar.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_stream
#include "../fuzz/fuzz_stream.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_lammps
#include "../fuzz/fuzz_lammps.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_extxyz
#include "../fuzz/fuzz_extxyz.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_vasprun
#include "../fuzz/fuzz_vasprun.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_h5
#include "../fuzz/fuzz_h5.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_traj
#include "../fuzz/fuzz_traj.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cp2kcell
#include "../fuzz/fuzz_cp2kcell.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sitefile
#include "../fuzz/fuzz_sitefile.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_siteref
#include "../fuzz/fuzz_siteref.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_table
#include "../fuzz/fuzz_table.c"
#undef LLVMFuzzerTestOneInput

typedef int (*driver_fn)(const uint8_t *, size_t);

static const struct {
	const char *name;
	driver_fn fn;
	unsigned min_seeds; /* at least this many files must be replayed */
} targets[] = {
	{"xdatcar", fuzz_xdatcar, 30},
	{"incar", fuzz_incar, 5},
	{"stream", fuzz_stream, 20},
	{"lammps", fuzz_lammps, 40},
	{"extxyz", fuzz_extxyz, 30},
	{"vasprun", fuzz_vasprun, 30},
	{"h5", fuzz_h5, 14},
	{"traj", fuzz_traj, 8},
	{"cp2kcell", fuzz_cp2kcell, 3},
	{"sitefile", fuzz_sitefile, 4},
	{"siteref", fuzz_siteref, 6},
	{"table", fuzz_table, 5},
};

/* Feed one file to fn. 1 when replayed, 0 when not a regular file. */
static int
replay_file(const char *path, driver_fn fn)
{
	struct stat st;
	unsigned char *buf;
	size_t n;
	FILE *fp;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	buf = malloc((size_t)st.st_size + 1);
	n = buf != NULL ? fread(buf, 1, (size_t)st.st_size, fp) : 0;
	fclose(fp);
	if (buf == NULL)
		return 0;
	fn(buf, n);
	free(buf);
	return 1;
}

static unsigned
replay_dir(const char *dir, driver_fn fn)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;
	char path[4096];

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n += (unsigned)replay_file(path, fn);
	}
	closedir(d);
	return n;
}

int
main(void)
{
	FILE *fp = fopen("tests/fuzz/seeds.txt", "r");
	char line[1024], name[64];
	size_t i;

	T_OK("fuzz corpus: seeds.txt readable", fp != NULL);
	if (fp == NULL)
		return t_done();
	for (i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		unsigned n = 0;
		char *tok, *save;

		rewind(fp);
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (line[0] == '#' || (tok = strtok_r(line, " \n",
			    &save)) == NULL || strcmp(tok, targets[i].name) != 0)
				continue;
			while ((tok = strtok_r(NULL, " \n", &save)) != NULL)
				n += replay_dir(tok, targets[i].fn);
		}
		snprintf(name, sizeof(name), "fuzz corpus: %s seeds replayed",
		    targets[i].name);
		if (n >= targets[i].min_seeds)
			printf("pass\t%s\n", name);
		else {
			printf("fail\t%s: %u files, want at least %u\n", name,
			    n, targets[i].min_seeds);
			t_failed = 1;
		}
	}
	fclose(fp);
	return t_done();
}
