/*
 * density.c - density grids and their CHGCAR and cube files (see
 * density.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "density.h"

#define BOHR_A 0.529177210903 /* CODATA 2018 */

void
hop_density_dims(const double cell[9], double spacing_A, unsigned n[3])
{
	int d;

	for (d = 0; d < 3; d++) {
		const double *v = &cell[3 * d];
		double len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
		double m = ceil(len / spacing_A);

		n[d] = !(m >= 1) ? 1 : m > 1000 ? 1000 : (unsigned)m;
	}
}

int
hop_density_init(struct hop_density *g, const unsigned n[3],
    struct hop_err *err)
{
	uint64_t nv = (uint64_t)n[0] * n[1] * n[2];

	memset(g, 0, sizeof(*g));
	if (nv == 0 || nv > (1u << 30)) {
		hop_err_set(err, "a grid of %u x %u x %u voxels is out of "
		    "range (1 to 2^30)", n[0], n[1], n[2]);
		return -1;
	}
	if ((g->count = calloc((size_t)nv, sizeof(uint64_t))) == NULL) {
		hop_err_set(err, "out of memory (a grid of %llu voxels)",
		    (unsigned long long)nv);
		return -1;
	}
	memcpy(g->n, n, sizeof(g->n));
	return 0;
}

void
hop_density_free(struct hop_density *g)
{
	free(g->count);
	memset(g, 0, sizeof(*g));
}

void
hop_density_add(struct hop_density *g, const double *f, uint32_t m)
{
	uint32_t i;
	int d;

	for (i = 0; i < m; i++) {
		size_t idx[3];

		for (d = 0; d < 3; d++) {
			double x = f[3 * (size_t)i + d];
			long b;

			/* The nearest grid point: VASP and cube files give
			 * values at the points k / n, origin included. */
			x -= floor(x);
			b = (long)floor(x * g->n[d] + 0.5);
			if (b >= (long)g->n[d])
				b -= (long)g->n[d];
			if (b < 0)
				b = 0;
			idx[d] = (size_t)b;
		}
		g->count[(idx[0] * g->n[1] + idx[1]) * g->n[2] + idx[2]]++;
	}
	g->nadded += m;
}

void
hop_density_frame(struct hop_density *g)
{
	g->frames++;
}

static const char *const elements[] = {
	"H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg",
	"Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr",
	"Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br",
	"Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd",
	"Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La",
	"Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er",
	"Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au",
	"Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
	"Pa", "U"
};

int
hop_element_z(const char *name)
{
	char sym[3] = {0, 0, 0};
	size_t i;

	if (!isupper((unsigned char)name[0]))
		return 0;
	sym[0] = name[0];
	if (islower((unsigned char)name[1]))
		sym[1] = name[1];
	for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++)
		if (strcmp(elements[i], sym) == 0)
			return (int)i + 1;
	/* "Li" failing as a two-letter symbol cannot happen; a one-letter
	 * symbol followed by a lower-case letter that makes no element
	 * ("Bx") names none. */
	return 0;
}

/* ions / A^3 of voxel v. */
static double
rho(const struct hop_density *g, size_t v, double vol)
{
	double dv = vol / ((double)g->n[0] * g->n[1] * g->n[2]);

	return (double)g->count[v] / ((double)g->frames * dv);
}

static uint32_t
total_atoms(const struct hop_dens_struct *st)
{
	uint32_t s, n = 0;

	for (s = 0; s < st->nspecies; s++)
		n += st->species[s].count;
	return n;
}

int
hop_density_write_chgcar(const struct hop_density *g,
    const struct hop_dens_struct *st, FILE *fp, struct hop_err *err)
{
	double vol = fabs(hop_cell_det(st->cell));
	uint32_t s, i, nat = total_atoms(st);
	size_t i0, i1, i2, k = 0;
	double *plane;

	if (g->frames == 0) {
		hop_err_set(err, "no frames for the density");
		return -1;
	}
	fprintf(fp, "%s\n1.0\n", st->title ? st->title : "density");
	for (i = 0; i < 3; i++)
		fprintf(fp, " %21.15f %21.15f %21.15f\n", st->cell[3 * i],
		    st->cell[3 * i + 1], st->cell[3 * i + 2]);
	for (s = 0; s < st->nspecies; s++)
		if (st->species[s].count)
			fprintf(fp, " %s", st->species[s].name);
	fprintf(fp, "\n");
	for (s = 0; s < st->nspecies; s++)
		if (st->species[s].count)
			fprintf(fp, " %u", st->species[s].count);
	fprintf(fp, "\nDirect\n");
	for (i = 0; i < nat; i++) {
		double f[3];
		int d;

		for (d = 0; d < 3; d++) {
			f[d] = st->frac[3 * (size_t)i + d];
			f[d] -= floor(f[d]);
		}
		fprintf(fp, " %.10f %.10f %.10f\n", f[0], f[1], f[2]);
	}
	fprintf(fp, "\n %u %u %u\n", g->n[0], g->n[1], g->n[2]);
	/* x fastest: each plane of constant z gathered first (the grid is
	 * stored z fastest), so that memory is walked at a constant short
	 * stride instead of one page per value. */
	plane = malloc((size_t)g->n[0] * g->n[1] * sizeof(double));
	if (plane == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i2 = 0; i2 < g->n[2]; i2++) {
		for (i0 = 0; i0 < g->n[0]; i0++)
			for (i1 = 0; i1 < g->n[1]; i1++)
				plane[i1 * g->n[0] + i0] = rho(g, (i0 * g->n[1] +
				    i1) * g->n[2] + i2, vol) * vol;
		for (i1 = 0; i1 < (size_t)g->n[0] * g->n[1]; i1++) {
			fprintf(fp, " %.7E", plane[i1]);
			if (++k % 5 == 0)
				fputc('\n', fp);
		}
	}
	free(plane);
	if (k % 5 != 0)
		fputc('\n', fp);
	return 0;
}

int
hop_density_write_cube(const struct hop_density *g,
    const struct hop_dens_struct *st, FILE *fp, struct hop_err *err)
{
	double vol = fabs(hop_cell_det(st->cell));
	double b3 = BOHR_A * BOHR_A * BOHR_A;
	uint32_t s, i, nat = total_atoms(st), a = 0;
	size_t i0, i1, i2;
	int d;

	if (g->frames == 0) {
		hop_err_set(err, "no frames for the density");
		return -1;
	}
	fprintf(fp, "%s\nnumber density, ions per bohr^3 (hopsites)\n",
	    st->title ? st->title : "density");
	fprintf(fp, "%5u %12.6f %12.6f %12.6f\n", nat, 0.0, 0.0, 0.0);
	for (d = 0; d < 3; d++)
		fprintf(fp, "%5u %12.6f %12.6f %12.6f\n", g->n[d],
		    st->cell[3 * d] / BOHR_A / g->n[d],
		    st->cell[3 * d + 1] / BOHR_A / g->n[d],
		    st->cell[3 * d + 2] / BOHR_A / g->n[d]);
	for (s = 0; s < st->nspecies; s++)
		for (i = 0; i < st->species[s].count; i++, a++) {
			double f[3], r[3];
			int z = hop_element_z(st->species[s].name);

			for (d = 0; d < 3; d++) {
				f[d] = st->frac[3 * (size_t)a + d];
				f[d] -= floor(f[d]);
			}
			hop_frac_to_cart(f, st->cell, r);
			fprintf(fp, "%5d %12.6f %12.6f %12.6f %12.6f\n", z,
			    (double)z, r[0] / BOHR_A, r[1] / BOHR_A,
			    r[2] / BOHR_A);
		}
	for (i0 = 0; i0 < g->n[0]; i0++)
		for (i1 = 0; i1 < g->n[1]; i1++) {
			for (i2 = 0; i2 < g->n[2]; i2++) {
				size_t v = (i0 * g->n[1] + i1) * g->n[2] + i2;

				fprintf(fp, " %.6E", rho(g, v, vol) * b3);
				if (i2 % 6 == 5)
					fputc('\n', fp);
			}
			if (g->n[2] % 6 != 0)
				fputc('\n', fp);
		}
	return 0;
}
