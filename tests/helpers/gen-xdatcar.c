/*
 * gen-xdatcar - write a synthetic VASP 5 XDATCAR to standard output, for
 * benchmarks and for tests too large to keep as files.
 *
 *     gen-xdatcar ATOMS FRAMES [variable]
 *
 * Species Li (the first half of the atoms) and O, a 10 A cubic cell
 * (slightly larger in each frame with "variable", whose header block then
 * repeats as in an NpT run), coordinates of 8 decimals in VASP's layout.
 * Coordinate k of atom i in frame f is a reproducible pseudo-random value
 * (see coord() below), so tests can check any of them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Coordinate k of atom i in frame f, in units of 1e-8. */
static uint32_t
coord(uint64_t f, uint64_t i, int k)
{
	uint64_t z = (f * 0x9e3779b97f4a7c15u) ^ (i * 3 + (uint64_t)k + 1) *
	    0xbf58476d1ce4e5b9u;

	z ^= z >> 31;
	z *= 0x94d049bb133111ebu;
	z ^= z >> 29;
	return (uint32_t)(z % 100000000u);
}

static void
header(unsigned long long natoms, double a)
{
	printf("synthetic Li O\n           1\n");
	printf("    %10.6f    0.000000    0.000000\n", a);
	printf("     0.000000   %10.6f    0.000000\n", a);
	printf("     0.000000    0.000000   %10.6f\n", a);
	printf("   Li   O\n   %llu   %llu\n", natoms / 2, natoms - natoms / 2);
}

int
main(int argc, char **argv)
{
	unsigned long long natoms, nframes, f, i;
	static char line[64];
	int variable, k;
	char *end;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen-xdatcar ATOMS FRAMES [variable]\n");
		return 2;
	}
	natoms = strtoull(argv[1], &end, 10);
	nframes = strtoull(argv[2], &end, 10);
	variable = argc == 4 && strcmp(argv[3], "variable") == 0;
	if (natoms < 2) {
		fprintf(stderr, "gen-xdatcar: at least 2 atoms\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	for (f = 0; f < nframes; f++) {
		if (f == 0 || variable)
			header(natoms, 10.0 + (variable ? 0.001 * f : 0));
		printf("Direct configuration=%6llu\n", f + 1);
		for (i = 0; i < natoms; i++) {
			char *p = line;

			/* printf is the bottleneck at a GB: format by hand. */
			for (k = 0; k < 3; k++) {
				uint32_t v = coord(f, i, k);
				int d;

				memcpy(p, "  0.", 4);
				for (d = 7; d >= 0; d--, v /= 10)
					p[4 + d] = (char)('0' + v % 10);
				p += 12;
			}
			*p++ = '\n';
			fwrite(line, 1, (size_t)(p - line), stdout);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return 1;
	return 0;
}
