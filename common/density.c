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
#include "jobs.h"
#include "numfmt.h"

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

static uint64_t
voxels(const double cell[9], double spacing_A)
{
	unsigned n[3];

	hop_density_dims(cell, spacing_A, n);
	return (uint64_t)n[0] * n[1] * n[2];
}

double
hop_density_spacing(const double cell[9], double spacing_A,
    uint64_t max_voxels)
{
	double lo = spacing_A, hi = spacing_A;
	int i;

	if (max_voxels < 1)
		max_voxels = 1;
	if (voxels(cell, spacing_A) <= max_voxels)
		return spacing_A;
	/* The grid shrinks as the spacing grows: double it until the grid
	 * fits (a spacing longer than every cell vector gives one voxel),
	 * then bisect; 60 halvings leave 2^-60 of the bracket. */
	for (i = 0; i < 2048 && voxels(cell, hi) > max_voxels; i++) {
		lo = hi;
		hi *= 2;
	}
	for (i = 0; i < 60; i++) {
		double mid = lo + (hi - lo) / 2;

		if (voxels(cell, mid) > max_voxels)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
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

/*
 * The grid's values as text, formatted by nthreads threads: the values
 * come in slices of the outer index (i2 for a CHGCAR, whose plane of
 * constant i2 is x fastest; i0 for a cube, z fastest), each thread
 * formatting a run of slices into its own buffer per round, and the
 * buffers are written in order, so that the text is the same whatever
 * the threads.
 */
struct vjob {
	const struct hop_density *g;
	int cube;
	double vol, scale;     /* value = rho * scale */
	size_t s0, s1;         /* slices */
	double *tmp;           /* CHGCAR: the slices gathered, x fastest */
	char *buf;
	size_t len, cap;
};

/* Slices of a round per thread: about 2^21 values, at most 32 (the
 * CHGCAR's gather then reads runs of 32 values of the z-fastest grid:
 * a read per value a page apart costs more than formatting it). */
static size_t
slices_per_job(size_t slice)
{
	size_t u = ((size_t)1 << 21) / (slice ? slice : 1);

	return u < 1 ? 1 : u > 32 ? 32 : u;
}

static void
put_value(struct vjob *j, double v, int cube)
{
	int n;

	if (j->cap - j->len < 2)
		return;
	j->buf[j->len++] = ' ';
	n = hop_fmt_e(j->buf + j->len, j->cap - j->len, v, cube ? 6 : 7);
	if (n > 0)
		j->len += (size_t)n < j->cap - j->len ? (size_t)n :
		    j->cap - j->len - 1;
}

static void *
format_job(void *arg)
{
	struct vjob *j = arg;
	const struct hop_density *g = j->g;
	size_t n0 = g->n[0], n1 = g->n[1], n2 = g->n[2], s, a, b;

	j->len = 0;
	if (j->s0 >= j->s1)
		return NULL;
	if (j->cube) {
		/* Slice i0: rows of constant i1, z fastest, six a line. */
		for (s = j->s0; s < j->s1; s++)
			for (a = 0; a < n1; a++) {
				for (b = 0; b < n2; b++) {
					put_value(j, rho(g, (s * n1 + a) * n2 +
					    b, j->vol) * j->scale, 1);
					if (b % 6 == 5)
						j->buf[j->len++] = '\n';
				}
				if (n2 % 6 != 0)
					j->buf[j->len++] = '\n';
			}
		return NULL;
	}
	/* Slices i2 .. gathered with the z-fastest grid read once (one
	 * run of i2 per voxel column), then written x fastest. */
	{
		size_t m = j->s1 - j->s0, plane = n0 * n1, i0, i1, k;

		/* Blocks of 8 values of i0: 8 streams of reads at a constant
		 * stride, each write a whole cache line. */
		for (b = 0; b < n0; b += 8)
			for (i1 = 0; i1 < n1; i1++)
				for (i0 = b; i0 < n0 && i0 < b + 8; i0++) {
					size_t v = (i0 * n1 + i1) * n2 + j->s0;

					for (s = 0; s < m; s++)
						j->tmp[s * plane + i1 * n0 +
						    i0] = rho(g, v + s,
						    j->vol) * j->scale;
				}
		k = j->s0 * plane;
		for (a = 0; a < m * plane; a++) {
			put_value(j, j->tmp[a], 0);
			if (++k % 5 == 0)
				j->buf[j->len++] = '\n';
		}
	}
	return NULL;
}

static int
write_values(const struct hop_density *g, int cube, double vol,
    double scale, unsigned nthreads, FILE *fp, struct hop_err *err)
{
	size_t nslices = cube ? g->n[0] : g->n[2];
	size_t slice = cube ? (size_t)g->n[1] * g->n[2] :
	    (size_t)g->n[0] * g->n[1];
	size_t u = slices_per_job(slice), s;
	struct vjob *job;
	unsigned t;
	int ret = -1;

	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > (nslices + u - 1) / u)
		nthreads = (unsigned)((nslices + u - 1) / u);
	job = calloc(nthreads, sizeof(*job));
	if (job == NULL)
		goto oom;
	for (t = 0; t < nthreads; t++) {
		job[t].g = g;
		job[t].cube = cube;
		job[t].vol = vol;
		job[t].scale = scale;
		/* At most 16 characters a value and a newline each. */
		job[t].cap = u * slice * 17 + 64;
		if ((job[t].buf = malloc(job[t].cap)) == NULL)
			goto oom;
		if (!cube && (job[t].tmp = malloc(u * slice *
		    sizeof(double))) == NULL)
			goto oom;
	}
	for (s = 0; s < nslices; s += (size_t)nthreads * u) {
		for (t = 0; t < nthreads; t++) {
			size_t a = s + t * u;

			job[t].s0 = a < nslices ? a : nslices;
			job[t].s1 = a + u < nslices ? a + u : nslices;
		}
		hop_jobs_run(format_job, job, sizeof(*job), nthreads);
		for (t = 0; t < nthreads; t++)
			if (job[t].len > 0 && fwrite(job[t].buf, 1, job[t].len,
			    fp) != job[t].len) {
				hop_err_set(err, "write error");
				goto out;
			}
	}
	if (!cube && ((size_t)g->n[0] * g->n[1] * g->n[2]) % 5 != 0)
		fputc('\n', fp);
	ret = 0;
	goto out;
oom:
	hop_err_set(err, "out of memory");
out:
	for (t = 0; job != NULL && t < nthreads; t++) {
		free(job[t].buf);
		free(job[t].tmp);
	}
	free(job);
	return ret;
}

int
hop_density_write_chgcar(const struct hop_density *g,
    const struct hop_dens_struct *st, unsigned nthreads, FILE *fp,
    struct hop_err *err)
{
	double vol = fabs(hop_cell_det(st->cell));
	uint32_t s, i, nat = total_atoms(st);

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
	return write_values(g, 0, vol, vol, nthreads, fp, err);
}

int
hop_density_write_cube(const struct hop_density *g,
    const struct hop_dens_struct *st, unsigned nthreads, FILE *fp,
    struct hop_err *err)
{
	double vol = fabs(hop_cell_det(st->cell));
	double b3 = BOHR_A * BOHR_A * BOHR_A;
	uint32_t s, i, nat = total_atoms(st), a = 0;
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
	return write_values(g, 1, vol, b3, nthreads, fp, err);
}
