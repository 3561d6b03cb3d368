/*
 * sitenet.c - a species' sites from the density of all its ions'
 * positions, and each ion's most probable path over them (see sitenet.h
 * and kmeans-hops(1)).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "cell.h"
#include "hopfind.h"
#include "jobs.h"
#include "rng.h"
#include "sitenet.h"

/* Median of chi^2 with 3 degrees of freedom (sites.c). */
#define CHI2_3_MEDIAN 2.365974
/* A frame vibrates within RADIUS sigma of its site (sites.c). */
#define RADIUS 2.7955
/* Sites closer than SEP_MIN sigma are one (sites.c). */
#define SEP_MIN 3.0
/* A residence is confirmed by more than MIN_SAMPLES tau frames within the
 * radius, END_SAMPLES tau when cut by the run's start or end: one
 * independent sample of the vibration, where the adaptive mode, which
 * must also show that the site exists, asks for three. */
#define MIN_SAMPLES 1.0
#define END_SAMPLES 1.0
/* ... and by more than MIN_FRAMES frames within the radius, whatever tau:
 * an ion lingering on its way through a site can spend three frames
 * within its radius (on the benchmark's generated tours, accepting
 * three-frame residences where tau < 3 adds 4 to 6 % false hops). */
#define MIN_FRAMES 3.0
/* ... or, for an excursion (a residence between two confirmed ones at
 * one other state: the ion went there and came back, so it did not pass
 * through on its way elsewhere), by more than EXCURSION_FRAMES frames
 * within the radius.  The path's cost of two changes already asks that
 * they sit far nearer that site than the one left, the more frames the
 * longer tau. */
#define EXCURSION_FRAMES 1.0
/* A confirmed residence of at most PASS_MAX frames on the way between two
 * other sites is tested as a passage (passages()). */
#define PASS_MAX 32
/* It is a passage unless a stop there fits better by more than PASS_LR
 * samples (a likelihood ratio of e^3: the 5 % level of chi^2 with the
 * stop's 2 more change points). */
#define PASS_LR 3.0
/* The short visits are taken for a species when its ions make more than
 * the vibration alone would at the SHORT_ALPHA level (a Poisson count),
 * counted over SHORT_FRAMES simulated frames of the species, in
 * SHORT_REPS_MAX simulations of each ion at most. */
#define SHORT_ALPHA 0.05
#define SHORT_FRAMES 2e6
#define SHORT_REPS_MAX 40
/* The density between two sites is examined at DIP_GRID points and must
 * fall to DIP_DEPTH of the lower peak (sites.c). */
#define DIP_GRID 64
#define DIP_DEPTH 0.5
/* A site holds at least SITE_SAMPLES tau pooled positions within its
 * radius (the adaptive mode's confirmation of a residence). */
#define SITE_SAMPLES 3.0
/* Density bins of BIN sigma along each axis: the mean shift places a
 * site far more finely than a bin (the bins' offsets average out). */
#define BIN 1.0
/* The density is smoothed by a Gaussian of KERNEL sigma: narrower than
 * the vibration, so that a site visited rarely beside a busy one keeps
 * a maximum of its own (at 1 sigma it merges into its neighbour's when
 * it holds a few percent of its positions, 5 sigma away), wide enough
 * that the vibration about one site makes one maximum. */
#define KERNEL 0.85
/* The smoothing kernel reaches KERNEL_SD of its standard deviations. */
#define KERNEL_SD 3.0
/* Mean-shift steps at most, and the shift (in sigma) at which a site has
 * settled. */
#define SHIFTS 30
#define SHIFT_TOL 1e-3
/* Candidate states of a frame: the sites within CAND x the radius. */
#define CAND 2.0
/* Measure the sites again when step 4's sigma differs by more than this
 * fraction from the one they were found with. */
#define REMEASURE 0.10
/* Step 6: a dwell lasts more than SITE_SAMPLES tau frames out of every
 * site's radius and at least DWELL_FRAMES (an ion crossing from one site
 * to another stays out of both for a few frames), broken by returns
 * within a radius shorter than MIN_FRAMES, or shorter than DWELL_GAP tau
 * between two stretches at one place (means within the merge
 * tolerance: a wide vibration about a site one ion found reaches into
 * its neighbours' radii now and then); its positions scatter about
 * their mean by at most DWELL_RMS sigma per axis (a vibration, not a
 * passage). */
#define DWELL_FRAMES 9.0
#define DWELL_RMS 1.5
#define DWELL_GAP 1.0

void
hop_sitenet_opts_init(struct hop_sitenet_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_points = 4000000;
}

/* --- the nearest-site lookup --- */

/*
 * The folded cell cut into g[0] x g[1] x g[2] boxes; box b lists (in
 * idx[off[b] .. off[b + 1])) every site that can be nearest to a point in
 * it or within reach of it: those whose minimum-image distance to the
 * box's centre is at most the nearest's plus the box's diameter, or reach
 * plus half the diameter.  A box's sites are in the order of that
 * distance (dc), then of their index: a point of the box is at least
 * dc - half from a site (half: half the diameter), so a search stops at
 * the first site with dc - half beyond what it still needs.
 */
struct hop_sitenet_grid {
	unsigned g[3];
	size_t *off;
	uint32_t *idx;
	double *dc;
	double reach, half;
};

/* A search may stop at entry i when no point of the box can be within
 * need of its site or of any after it (the slack covers rounding). */
#define GRID_STOP(gr, i, need) ((gr)->dc[i] - (gr)->half > (need) + 1e-9)

static void
grid_free(struct hop_sitenet_grid *gr)
{
	if (gr == NULL)
		return;
	free(gr->off);
	free(gr->idx);
	free(gr->dc);
	free(gr);
}

/* An entry of a box, while the box is sorted. */
struct grid_entry {
	double dc;
	uint32_t s;
};

static int
cmp_entry(const void *a, const void *b)
{
	const struct grid_entry *x = a, *y = b;

	if (x->dc != y->dc)
		return (x->dc > y->dc) - (x->dc < y->dc);
	return (x->s > y->s) - (x->s < y->s);
}

/* Length of the cell along fractional axis k's normal: the spacing of
 * the lattice planes, 1 / |column k of inv|. */
static double
plane_spacing(const double inv[9], int k)
{
	return 1 / sqrt(inv[k] * inv[k] + inv[3 + k] * inv[3 + k] +
	    inv[6 + k] * inv[6 + k]);
}

/* Minimum-image distance between fractional points a and b. */
static double
frac_dist(const struct hop_sitenet *net, const double *a, const double *b)
{
	double d[3], r[3];
	int k;

	for (k = 0; k < 3; k++)
		d[k] = a[k] - b[k];
	return hop_frac_min_image(d, net->cell, r);
}

static struct hop_sitenet_grid *
grid_new(const struct hop_sitenet *net, double reach)
{
	struct hop_sitenet_grid *gr = calloc(1, sizeof(*gr));
	double vol = fabs(hop_cell_det(net->cell)), side, diam, *dn = NULL;
	struct grid_entry *box = NULL;
	size_t nb, b, cap = 0, used = 0, s, m;
	int k;

	if (gr == NULL)
		return NULL;
	gr->reach = reach;
	/* About two boxes per site, at least one per axis. */
	side = cbrt(vol / (2.0 * (double)(net->nsites ? net->nsites : 1)));
	if (side < reach / 2)
		side = reach / 2;
	nb = 1;
	for (k = 0; k < 3; k++) {
		double len = plane_spacing(net->inv, k);

		gr->g[k] = (unsigned)(len / side);
		if (gr->g[k] < 1)
			gr->g[k] = 1;
		if (gr->g[k] > 256)
			gr->g[k] = 256;
		nb *= gr->g[k];
	}
	{
		double half[3] = {0.5 / gr->g[0], 0.5 / gr->g[1],
		    0.5 / gr->g[2]}, r[3];

		/* The longest of the box's half-diagonals. */
		diam = 0;
		for (k = 0; k < 4; k++) {
			double f[3] = {half[0], k & 1 ? -half[1] : half[1],
			    k & 2 ? -half[2] : half[2]};

			hop_frac_to_cart(f, net->cell, r);
			if (2 * sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) >
			    diam)
				diam = 2 * sqrt(r[0] * r[0] + r[1] * r[1] +
				    r[2] * r[2]);
		}
	}
	gr->half = diam / 2;
	gr->off = malloc((nb + 1) * sizeof(*gr->off));
	dn = malloc((net->nsites ? net->nsites : 1) * sizeof(*dn));
	box = malloc((net->nsites ? net->nsites : 1) * sizeof(*box));
	if (gr->off == NULL || dn == NULL || box == NULL)
		goto fail;
	for (b = 0; b < nb; b++) {
		double c[3], best = INFINITY;

		c[0] = (b % gr->g[0] + 0.5) / gr->g[0];
		c[1] = (b / gr->g[0] % gr->g[1] + 0.5) / gr->g[1];
		c[2] = (b / gr->g[0] / gr->g[1] + 0.5) / gr->g[2];
		for (s = 0; s < net->nsites; s++) {
			dn[s] = frac_dist(net, c, net->site[s].frac);
			if (dn[s] < best)
				best = dn[s];
		}
		gr->off[b] = used;
		for (s = m = 0; s < net->nsites; s++) {
			if (dn[s] > best + diam && dn[s] > reach + diam / 2)
				continue;
			box[m].dc = dn[s];
			box[m++].s = (uint32_t)s;
		}
		qsort(box, m, sizeof(*box), cmp_entry);
		if (used + m > cap) {
			size_t nc = cap ? 2 * cap : 1024;
			uint32_t *ni;
			double *nd;

			while (nc < used + m)
				nc *= 2;
			if ((ni = realloc(gr->idx, nc * sizeof(*ni))) == NULL)
				goto fail;
			gr->idx = ni;
			if ((nd = realloc(gr->dc, nc * sizeof(*nd))) == NULL)
				goto fail;
			gr->dc = nd;
			cap = nc;
		}
		for (s = 0; s < m; s++) {
			gr->idx[used] = box[s].s;
			gr->dc[used++] = box[s].dc;
		}
	}
	gr->off[nb] = used;
	free(dn);
	free(box);
	return gr;
fail:
	free(dn);
	free(box);
	grid_free(gr);
	return NULL;
}

/* The box of fractional point f (any image). */
static size_t
grid_box(const struct hop_sitenet_grid *gr, const double f[3])
{
	size_t b = 0;
	int k;

	for (k = 2; k >= 0; k--) {
		double u = f[k] - floor(f[k]);
		unsigned i = (unsigned)(u * gr->g[k]);

		if (i >= gr->g[k])
			i = gr->g[k] - 1;
		b = b * gr->g[k] + i;
	}
	return b;
}

/* Site s's image nearest the unwrapped fractional point f: its
 * translation img and the Cartesian vector d from the image to the point;
 * returns |d|. */
static double
site_image(const struct hop_sitenet *net, uint32_t s, const double f[3],
    int32_t img[3], double d[3])
{
	double df[3];
	int k;

	for (k = 0; k < 3; k++) {
		double u = f[k] - net->site[s].frac[k];

		img[k] = (int32_t)floor(u + 0.5);
		df[k] = u - img[k];
	}
	hop_frac_to_cart(df, net->cell, d);
	return sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

uint32_t
hop_sitenet_nearest(const struct hop_sitenet *net, const double r[3],
    double *d, int32_t img[3])
{
	double f[3], best = INFINITY, v[3];
	int32_t im[3], bi[3] = {0, 0, 0};
	uint32_t bs = HOP_SITE_NONE;
	size_t b, i;

	if (d != NULL)
		*d = NAN;
	if (img != NULL)
		img[0] = img[1] = img[2] = 0;
	if (net->nsites == 0 || net->grid == NULL)
		return HOP_SITE_NONE;
	hop_cart_to_frac(r, net->inv, f);
	b = grid_box(net->grid, f);
	for (i = net->grid->off[b]; i < net->grid->off[b + 1]; i++) {
		uint32_t s = net->grid->idx[i];
		double dd;

		if (GRID_STOP(net->grid, i, best))
			break;
		dd = site_image(net, s, f, im, v);
		/* Ties go to the lower index, as in the order of sites. */
		if (dd < best || (dd == best && s < bs)) {
			best = dd;
			bs = s;
			memcpy(bi, im, sizeof(bi));
		}
	}
	if (d != NULL)
		*d = best;
	if (img != NULL)
		memcpy(img, bi, sizeof(bi));
	return bs;
}

/* --- building the sites --- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One ion's frames as floats, and its origin. */
static void
load_ion(const struct hop_posstore *s, size_t ion, size_t n, float *v[3],
    double org[3])
{
	int k;

	for (k = 0; k < 3; k++) {
		hop_posstore_get(s, 3 * ion + (size_t)k, 0, n, v[k]);
		org[k] = hop_posstore_origin(s, 3 * ion + (size_t)k);
	}
}

/*
 * Step 1: the species' vibration, the medians over its ions of sigma and
 * tau read at the plateau of their median vibration curve (the pool's
 * curves).  0 or -1 (out of memory).
 */
static int
species_vib(const struct hop_sitepool *pool, struct hop_vib *vib)
{
	size_t nions = pool->nions, nl = pool->nlags, i, plateau;
	double *sg = malloc(nions * sizeof(*sg)), *tu = malloc(nions *
	    sizeof(*tu));
	unsigned char *member = malloc(nions);
	int ret = -1;

	if (sg == NULL || tu == NULL || member == NULL)
		goto out;
	memset(member, 1, nions);
	if (hop_find_plateau((const double (*)[HOP_VIB_NLAGS])pool->curve,
	    member, nions, nl, &plateau) != 0)
		goto out;
	for (i = 0; i < nions; i++) {
		struct hop_vib one;

		hop_vib_from_curve(pool->curve[i], nl, plateau, &one);
		sg[i] = one.sigma;
		tu[i] = one.tau;
	}
	vib->sigma = median(sg, nions);
	vib->tau = median(tu, nions);
	vib->lag = hop_vib_lag(plateau) ? hop_vib_lag(plateau) : 1;
	if (!(vib->tau >= 1))
		vib->tau = 1;
	ret = 0;
out:
	free(sg);
	free(tu);
	free(member);
	return ret;
}

/*
 * The pooled, folded positions counted on a grid of g[0] x g[1] x g[2]
 * bins of about BIN sigma along each cell axis, held sparsely (a hash of
 * the occupied bins), so that a cell of any size costs memory in
 * proportion to the places the ions went.
 */
struct density {
	unsigned g[3];
	size_t cap, used;  /* hash slots (a power of two), occupied bins */
	uint64_t *key;     /* cap: 1 + bin index, 0 empty */
	float *cnt;        /* cap: raw counts */
	double (*sum)[3];  /* cap: the sums of their fractional positions */
	float *sm;         /* cap: smoothed */
	size_t stride;     /* frames between two counted positions of an ion */
	/* The smoothing kernel: bin offsets within KERNEL_SD sigma and their
	 * Gaussian weights. */
	int (*off)[3];
	double *kw;
	size_t nk;
};

static void
density_free(struct density *d)
{
	free(d->key);
	free(d->cnt);
	free(d->sum);
	free(d->sm);
	free(d->off);
	free(d->kw);
	memset(d, 0, sizeof(*d));
}

/* The key of bin (i, j, l), wrapped into the cell. */
static uint64_t
bin_key(const struct density *d, long i, long j, long l)
{
	long g0 = d->g[0], g1 = d->g[1], g2 = d->g[2];

	i = ((i % g0) + g0) % g0;
	j = ((j % g1) + g1) % g1;
	l = ((l % g2) + g2) % g2;
	return 1 + (uint64_t)i + (uint64_t)g0 * ((uint64_t)j + (uint64_t)g1 *
	    (uint64_t)l);
}

static size_t
slot_of(uint64_t key, size_t cap)
{
	key *= 0x9E3779B97F4A7C15ull;
	return (size_t)((key ^ (key >> 31)) & (cap - 1));
}

/* The slot of key, or SIZE_MAX when the bin is empty. */
static size_t
bin_find(const struct density *d, uint64_t key)
{
	size_t h;

	for (h = slot_of(key, d->cap); d->key[h] != 0; h = (h + 1) &
	    (d->cap - 1))
		if (d->key[h] == key)
			return h;
	return SIZE_MAX;
}

/* Count the position f (folded) in bin key.  0 or -1. */
static int
bin_add(struct density *d, uint64_t key, const double f[3])
{
	size_t h, i;

	if (2 * (d->used + 1) > d->cap) {
		size_t nc = d->cap ? 2 * d->cap : 4096;
		uint64_t *nk = calloc(nc, sizeof(*nk));
		float *ncnt = calloc(nc, sizeof(*ncnt));
		double (*nsum)[3] = calloc(nc, sizeof(*nsum));

		if (nk == NULL || ncnt == NULL || nsum == NULL) {
			free(nk);
			free(ncnt);
			free(nsum);
			return -1;
		}
		for (i = 0; i < d->cap; i++)
			if (d->key[i] != 0) {
				for (h = slot_of(d->key[i], nc); nk[h] != 0;
				    h = (h + 1) & (nc - 1))
					;
				nk[h] = d->key[i];
				ncnt[h] = d->cnt[i];
				memcpy(nsum[h], d->sum[i], sizeof(nsum[h]));
			}
		free(d->key);
		free(d->cnt);
		free(d->sum);
		d->key = nk;
		d->cnt = ncnt;
		d->sum = nsum;
		d->cap = nc;
	}
	for (h = slot_of(key, d->cap); d->key[h] != 0 && d->key[h] != key;
	    h = (h + 1) & (d->cap - 1))
		;
	if (d->key[h] == 0) {
		d->key[h] = key;
		d->used++;
	}
	d->cnt[h]++;
	for (i = 0; i < 3; i++)
		d->sum[h][i] += f[i];
	return 0;
}

/* Bin (i, j, l) of a key. */
static void
key_bin(const struct density *d, uint64_t key, long b[3])
{
	uint64_t k = key - 1;

	b[0] = (long)(k % d->g[0]);
	b[1] = (long)(k / d->g[0] % d->g[1]);
	b[2] = (long)(k / d->g[0] / d->g[1]);
}

/* The Cartesian vector of a step of (di, dj, dl) bins. */
static void
bin_step(const struct density *d, const struct hop_sitenet *net, double di,
    double dj, double dl, double r[3])
{
	double f[3] = {di / d->g[0], dj / d->g[1], dl / d->g[2]};

	hop_frac_to_cart(f, net->cell, r);
}

/* The smoothed counts of the hash slots [e0, e1). */
struct smooth {
	struct density *d;
	size_t e0, e1;
};

static void *
smooth_job(void *arg)
{
	const struct smooth *j = arg;
	struct density *d = j->d;
	size_t e;

	for (e = j->e0; e < j->e1; e++) {
		long b[3];
		double acc = 0;
		size_t q;

		if (d->key[e] == 0)
			continue;
		key_bin(d, d->key[e], b);
		for (q = 0; q < d->nk; q++) {
			size_t h2 = bin_find(d, bin_key(d, b[0] + d->off[q][0],
			    b[1] + d->off[q][1], b[2] + d->off[q][2]));

			if (h2 != SIZE_MAX)
				acc += d->kw[q] * d->cnt[h2];
		}
		d->sm[e] = (float)acc;
	}
	return NULL;
}

/*
 * Step 2: the folded positions (every stride-th frame of each ion) on the
 * sparse grid, and the density smoothed by a Gaussian of sigma at every
 * occupied bin (nthreads share the bins).  0 or -1.
 */
static int
density_build(struct density *d, const struct hop_sitenet *net,
    const struct hop_sitepool *pool, const size_t *perm, const double *tr,
    size_t ntrans, size_t max_points, unsigned nthreads)
{
	struct smooth *job;
	double sigma = KERNEL * net->vib.sigma, h = net->vib.sigma * BIN;
	long reach[3], i, j, l;
	unsigned t;
	size_t tt, kcap, ntr = tr != NULL && ntrans > 0 ? ntrans : 1,
	    extra = 1;
	int k;

	if (nthreads < 1)
		nthreads = 1;
	memset(d, 0, sizeof(*d));
	for (k = 0; k < 3; k++) {
		double len = plane_spacing(net->inv, k), g = ceil(len / h);

		/* A key holds 63 bits: at most 2^21 bins per axis. */
		d->g[k] = g < 4 ? 4 : g > (1 << 21) ? 1 << 21 : (unsigned)g;
		reach[k] = (long)ceil(KERNEL_SD * sigma / len * d->g[k]);
		if (reach[k] > (long)d->g[k] / 2)
			reach[k] = (long)d->g[k] / 2;
	}
	/* With the translates, every extra-th pooled position, so that at
	 * most max_points are counted. */
	if (max_points > 0 && (double)pool->nions * (double)pool->npts *
	    (double)ntr > (double)max_points)
		extra = (size_t)ceil((double)pool->nions * (double)pool->npts *
		    (double)ntr / (double)max_points);
	d->stride = pool->stride * extra;
	for (i = 0; i < (long)pool->nions; i++) {
		const double (*pt)[3] = (const double (*)[3])pool->pt +
		    perm[i] * pool->npts;

		for (tt = 0; tt < pool->npts; tt += extra) {
			double f0[3];
			size_t q;

			hop_cart_to_frac(pt[tt], net->inv, f0);
			for (q = 0; q < ntr; q++) {
				double f[3];
				long b[3];

				for (k = 0; k < 3; k++) {
					f[k] = f0[k] + (tr != NULL ?
					    tr[3 * q + k] : 0);
					f[k] -= floor(f[k]);
					if (f[k] >= 1)
						f[k] = 0;
					b[k] = (long)floor(f[k] * d->g[k]);
					if (b[k] >= (long)d->g[k])
						b[k] = (long)d->g[k] - 1;
				}
				if (bin_add(d, bin_key(d, b[0], b[1], b[2]),
				    f) != 0)
					return -1;
			}
		}
	}
	kcap = (size_t)(2 * reach[0] + 1) * (size_t)(2 * reach[1] + 1) *
	    (size_t)(2 * reach[2] + 1);
	d->off = malloc(kcap * sizeof(*d->off));
	d->kw = malloc(kcap * sizeof(*d->kw));
	d->sm = calloc(d->cap, sizeof(*d->sm));
	if (d->off == NULL || d->kw == NULL || d->sm == NULL)
		return -1;
	for (l = -reach[2]; l <= reach[2]; l++)
		for (j = -reach[1]; j <= reach[1]; j++)
			for (i = -reach[0]; i <= reach[0]; i++) {
				double r[3], dd;

				bin_step(d, net, (double)i, (double)j,
				    (double)l, r);
				dd = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
				if (dd > KERNEL_SD * KERNEL_SD * sigma * sigma)
					continue;
				d->off[d->nk][0] = (int)i;
				d->off[d->nk][1] = (int)j;
				d->off[d->nk][2] = (int)l;
				d->kw[d->nk++] = exp(-dd / (2 * sigma * sigma));
			}
	if ((job = calloc(nthreads, sizeof(*job))) == NULL)
		return -1;
	for (t = 0; t < nthreads; t++) {
		job[t].d = d;
		job[t].e0 = d->cap * t / nthreads;
		job[t].e1 = d->cap * (t + 1) / nthreads;
	}
	hop_jobs_run(smooth_job, job, sizeof(*job), nthreads);
	free(job);
	return 0;
}

/*
 * Around the fractional point c: the mean of the counted positions
 * within r of it (each count weighed by a Gaussian of h when h > 0: one
 * mean-shift step towards the density's maximum) into m, their number
 * into *w and their mean squared distance into *ms.  Returns the sum of
 * the Gaussian weights (the density at c, up to a constant).
 */
static double
mean_within(const struct density *d, const struct hop_sitenet *net,
    const double c[3], double r, double h, double m[3], double *w,
    double *ms)
{
	long lo[3], hi[3], i, j, l;
	double acc[3] = {0, 0, 0}, sw = 0, ss = 0, sg = 0, gw;
	int k;

	for (k = 0; k < 3; k++) {
		double reach = r / plane_spacing(net->inv, k) * d->g[k];

		lo[k] = (long)floor(c[k] * d->g[k] - 0.5 - reach);
		hi[k] = (long)ceil(c[k] * d->g[k] - 0.5 + reach);
		if (hi[k] - lo[k] >= (long)d->g[k])
			hi[k] = lo[k] + (long)d->g[k] - 1;
	}
	for (l = lo[2]; l <= hi[2]; l++)
		for (j = lo[1]; j <= hi[1]; j++)
			for (i = lo[0]; i <= hi[0]; i++) {
				long bi[3] = {i, j, l};
				double f[3], df[3], x[3], dd;
				size_t e = bin_find(d, bin_key(d, i, j, l));
				float cn;

				if (e == SIZE_MAX)
					continue;
				cn = d->cnt[e];
				/* The mean position of the bin's counts, in
				 * the image of the cell the bin index is in. */
				for (k = 0; k < 3; k++)
					f[k] = d->sum[e][k] / cn +
					    floor((double)bi[k] / d->g[k]);
				for (k = 0; k < 3; k++)
					df[k] = f[k] - c[k];
				hop_frac_to_cart(df, net->cell, x);
				dd = x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
				if (dd > r * r)
					continue;
				sw += cn;
				ss += cn * dd;
				gw = h > 0 ? cn * exp(-dd / (2 * h * h)) : cn;
				sg += gw;
				for (k = 0; k < 3; k++)
					acc[k] += gw * f[k];
			}
	*w = sw;
	*ms = sw > 0 ? ss / sw : 0;
	for (k = 0; k < 3; k++)
		m[k] = sg > 0 ? acc[k] / sg : c[k];
	return sg;
}

/*
 * Whether two sites d sigma apart holding na and nb positions are one:
 * the adaptive mode's test (sites.c's one_site), two Gaussian vibrations
 * na exp(-u^2 / 2) + nb exp(-(u - d)^2 / 2) along the line through both
 * whose sum does not fall between them to half its value at the less
 * visited one.  A rarely visited place at the edge of a busy site's
 * vibration is part of it.
 */
static int
one_site(double d, uint64_t na, uint64_t nb)
{
	double fa = (double)na + (double)nb * exp(-d * d / 2),
	    fb = (double)nb + (double)na * exp(-d * d / 2),
	    lo = fa < fb ? fa : fb, valley = lo;
	int m;

	if (d < 2)
		return 1;
	if (d > 40)
		return 0;
	for (m = 1; m < DIP_GRID; m++) {
		double u = d * m / DIP_GRID,
		    f = (double)na * exp(-u * u / 2) +
		    (double)nb * exp(-(u - d) * (u - d) / 2);

		if (f < valley)
			valley = f;
	}
	return valley > DIP_DEPTH * lo;
}

/* Sites in the order of frac x, then y, then z. */
static int
cmp_site(const void *a, const void *b)
{
	const struct hop_site *x = a, *y = b;
	int k;

	for (k = 0; k < 3; k++)
		if (x->frac[k] != y->frac[k])
			return (x->frac[k] > y->frac[k]) -
			    (x->frac[k] < y->frac[k]);
	return 0;
}

/* By the density at the site, highest first (held in mean_res while the
 * sites are found). */
static int
cmp_height_desc(const void *a, const void *b)
{
	const struct hop_site *x = a, *y = b;

	return (x->mean_res < y->mean_res) - (x->mean_res > y->mean_res);
}

/* Step 3 for the candidates [i0, i1). */
struct shift {
	const struct density *d;
	const struct hop_sitenet *net;
	struct hop_site *cand;
	size_t i0, i1;
};

static void *
shift_job(void *arg)
{
	const struct shift *j = arg;
	const struct hop_sitenet *net = j->net;
	double sigma = KERNEL * net->vib.sigma, r = RADIUS * net->vib.sigma;
	size_t i;

	for (i = j->i0; i < j->i1; i++) {
		struct hop_site *c = &j->cand[i];
		double m[3], w = 0, ms = 0, shift = INFINITY;
		int it, k;

		for (it = 0; it < SHIFTS && shift > SHIFT_TOL * sigma; it++) {
			c->mean_res = mean_within(j->d, net, c->frac,
			    KERNEL_SD * sigma, sigma, m, &w, &ms);
			shift = frac_dist(net, m, c->frac);
			memcpy(c->frac, m, sizeof(m));
		}
		/* The site is then the plain mean of the positions within
		 * the radius of that maximum: a mode is a noisy estimate
		 * where few positions are, a mean a precise one. */
		mean_within(j->d, net, c->frac, r, 0, m, &w, &ms);
		memcpy(c->frac, m, sizeof(m));
		mean_within(j->d, net, c->frac, r, 0, m, &w, &ms);
		for (k = 0; k < 3; k++)
			c->frac[k] -= floor(c->frac[k]);
		c->points = (uint64_t)llround(w);
		c->spread = sqrt(ms);
	}
	return NULL;
}

/*
 * Steps 2 and 3 with the vibration in net->vib: net->site and nsites
 * (o->threads share the density's smoothing and the mean shifts).  0, or
 * -1 (out of memory).
 */
static int
find_sites(struct hop_sitenet *net, const struct hop_sitepool *pool,
    const size_t *perm, const struct hop_sitenet_opts *o)
{
	unsigned nthreads = o->threads > 0 ? o->threads : 1, t;
	struct shift *job;
	struct density d;
	struct hop_site *cand = NULL;
	double r = RADIUS * net->vib.sigma, minpts, floor_sm;
	size_t nc = 0, cap = 0, b, i, j, kept;
	int ret = -1;

	free(net->site);
	net->site = NULL;
	net->nsites = 0;
	if (density_build(&d, net, pool, perm, o->trans, net->ntrans,
	    o->max_points, nthreads) != 0)
		goto out;
	/* A site holds at least one confirmed residence's worth of the
	 * counted positions. */
	minpts = SITE_SAMPLES * net->vib.tau / (double)d.stride;
	if (minpts < 1)
		minpts = 1;
	/* A maximum of the smoothed counts is a candidate when at least
	 * that of a Gaussian vibration of sigma holding minpts / 2
	 * positions: m (k^2 / (1 + k^2))^1.5 for m positions and a kernel
	 * of k sigma whose weight is 1 at its centre. */
	floor_sm = minpts / 2 * pow(KERNEL * KERNEL / (1 + KERNEL * KERNEL),
	    1.5);
	for (b = 0; b < d.cap; b++) {
		long bb[3], di, dj, dl;
		float val = d.sm[b];
		int peak = d.key[b] != 0 && val >= floor_sm && val > 0;

		if (peak)
			key_bin(&d, d.key[b], bb);
		for (dl = -1; peak && dl <= 1; dl++)
			for (dj = -1; peak && dj <= 1; dj++)
				for (di = -1; peak && di <= 1; di++) {
					uint64_t nk = bin_key(&d, bb[0] + di,
					    bb[1] + dj, bb[2] + dl);
					size_t e = bin_find(&d, nk);

					if (e == b || e == SIZE_MAX)
						continue;
					/* Ties go to the lower bin. */
					if (d.sm[e] > val || (d.sm[e] == val &&
					    nk < d.key[b]))
						peak = 0;
				}
		if (!peak)
			continue;
		if (nc == cap) {
			size_t ncap = cap ? 2 * cap : 256;
			struct hop_site *nn = realloc(cand,
			    ncap * sizeof(*nn));

			if (nn == NULL)
				goto out;
			cand = nn;
			cap = ncap;
		}
		memset(&cand[nc], 0, sizeof(cand[nc]));
		cand[nc].frac[0] = (bb[0] + 0.5) / d.g[0];
		cand[nc].frac[1] = (bb[1] + 0.5) / d.g[1];
		cand[nc].frac[2] = (bb[2] + 0.5) / d.g[2];
		nc++;
	}
	/* Step 3: mean shift to the densest point within the radius, the
	 * candidates shared by the threads. */
	if ((job = calloc(nthreads, sizeof(*job))) == NULL)
		goto out;
	for (t = 0; t < nthreads; t++) {
		job[t].d = &d;
		job[t].net = net;
		job[t].cand = cand;
		job[t].i0 = nc * t / nthreads;
		job[t].i1 = nc * (t + 1) / nthreads;
	}
	hop_jobs_run(shift_job, job, sizeof(*job), nthreads);
	free(job);
	/* Merge: the densest first, each absorbing those within the
	 * tolerance (a saddle between two sites, where a flat count would
	 * be highest, must not absorb them); drop those too little
	 * visited. */
	qsort(cand, nc, sizeof(*cand), cmp_height_desc);
	kept = 0;
	for (i = 0; i < nc; i++) {
		int dup = 0;

		if ((double)cand[i].points < minpts)
			continue;
		for (j = 0; j < kept && !dup; j++) {
			double dd = frac_dist(net, cand[i].frac,
			    cand[j].frac);

			dup = dd < net->merge || one_site(dd /
			    net->vib.sigma, cand[j].points, cand[i].points);
		}
		if (!dup)
			cand[kept++] = cand[i];
	}
	/* Pooled over translations, a site must still hold SITE_SAMPLES
	 * tau positions of its own copy (the adaptive mode's confirmed
	 * residence, not the more than tau that confirms one here): the
	 * pool places the sites and finds them where one copy is too
	 * sparse to show a maximum, but a place an ion went once is not
	 * made a site by its copies.  (At more than tau, CaF2 at 1000 K
	 * gets a site 1.18 A off an F site from one 14-frame excursion,
	 * and 2 hops; Li6PS5Cl's F1 rises by 0.008.)  A site the pool
	 * finds and no copy holds is dropped with all its copies. */
	if (net->ntrans > 1) {
		struct density d0;
		double own_min;
		size_t nk = 0;

		if (density_build(&d0, net, pool, perm, NULL, 1,
		    o->max_points, nthreads) != 0) {
			density_free(&d0);
			goto out;
		}
		own_min = SITE_SAMPLES * net->vib.tau / (double)d0.stride;
		if (own_min < 1)
			own_min = 1;
		for (i = 0; i < kept; i++) {
			double m[3], w = 0, ms = 0, ri = r;

			/* Its own positions: within half the distance to
			 * the nearest other site, as set_radii will have
			 * it, so that a busy neighbour's tail is not
			 * counted. */
			for (j = 0; j < kept; j++)
				if (j != i && frac_dist(net, cand[i].frac,
				    cand[j].frac) / 2 < ri)
					ri = frac_dist(net, cand[i].frac,
					    cand[j].frac) / 2;
			mean_within(&d0, net, cand[i].frac, ri, 0, m, &w, &ms);
			if (w >= own_min)
				cand[nk++] = cand[i];
		}
		kept = nk;
		density_free(&d0);
	}
	qsort(cand, kept, sizeof(*cand), cmp_site);
	for (i = 0; i < kept; i++) {
		hop_frac_to_cart(cand[i].frac, net->cell, cand[i].pos);
		cand[i].mean_res = NAN;
		/* Counts over the stride-th frames stand for all frames;
		 * counts over the translates, for all copies of the site. */
		cand[i].points = (uint64_t)llround((double)cand[i].points *
		    (double)d.stride / (double)net->ntrans);
	}
	net->site = cand;
	net->nsites = kept;
	cand = NULL;
	ret = 0;
out:
	free(cand);
	density_free(&d);
	return ret;
}

/* Each site's radius and the least distance between two sites. */
static void
set_radii(struct hop_sitenet *net, const struct hop_sitenet_opts *o)
{
	size_t i, j;

	net->sep = NAN;
	for (i = 0; i < net->nsites; i++) {
		double nn = INFINITY;

		for (j = 0; j < net->nsites; j++)
			if (j != i) {
				double dd = frac_dist(net, net->site[i].frac,
				    net->site[j].frac);

				if (dd < nn)
					nn = dd;
			}
		if (!(nn >= net->sep) && isfinite(nn))
			net->sep = nn;
		net->site[i].radius = o->radius > 0 ? o->radius :
		    nn / 2 < net->radius ? nn / 2 : net->radius;
	}
}

/*
 * Step 4: sigma from the median squared distance of the pooled positions
 * to their nearest site.  NaN when out of memory or no site.
 */
static double
pooled_sigma(const struct hop_sitenet *net, const struct hop_sitepool *pool)
{
	size_t m = pool->nions * pool->npts, i;
	double *d2, res;

	if (net->nsites == 0 || m == 0)
		return NAN;
	if ((d2 = malloc(m * sizeof(*d2))) == NULL)
		return NAN;
	for (i = 0; i < m; i++) {
		double dd;

		hop_sitenet_nearest(net, pool->pt[i], &dd, NULL);
		d2[i] = dd * dd;
	}
	/* GSL's selection, not a sort: the same median, in linear time. */
	res = sqrt(gsl_stats_median(d2, 1, m) / CHI2_3_MEDIAN);
	free(d2);
	return res;
}

void
hop_sitenet_free(struct hop_sitenet *net)
{
	if (net == NULL)
		return;
	grid_free(net->grid);
	free(net->site);
	free(net);
}

/* Steps 2 and 3, the radii and the lookup grid, with the sigma in
 * net->vib.  0 or -1 (out of memory). */
static int
build_with(struct hop_sitenet *net, const struct hop_sitepool *pool,
    const size_t *perm, const struct hop_sitenet_opts *o)
{
	net->merge = o->merge > 0 ? o->merge : SEP_MIN * net->vib.sigma;
	net->radius = o->radius > 0 ? o->radius : RADIUS * net->vib.sigma;
	if (find_sites(net, pool, perm, o) != 0)
		return -1;
	set_radii(net, o);
	grid_free(net->grid);
	net->grid = grid_new(net, CAND * RADIUS * net->vib.sigma);
	return net->grid == NULL ? -1 : 0;
}

/* --- the build in steps --- */

size_t
hop_sitenet_stride(size_t nions, size_t nframes, size_t max_points)
{
	size_t stride = 1;

	if (max_points == 0)
		return 1;
	/* The least power of two with nions ceil(nframes / stride) at most
	 * max_points, or the stride that keeps one frame. */
	while (stride < nframes && (double)nions * (double)((nframes +
	    stride - 1) / stride) > (double)max_points)
		stride *= 2;
	return stride;
}

struct hop_sitepool *
hop_sitepool_new(const double cell[9], size_t nframes, size_t stride,
    struct hop_err *err)
{
	struct hop_sitepool *p;
	double inv[9];

	if (nframes == 0) {
		hop_err_set(err, "no positions to find sites from");
		return NULL;
	}
	if (hop_cell_inverse(cell, inv) != 0) {
		hop_err_set(err, "the cell is singular: no sites can be "
		    "folded into it");
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		hop_err_set(err, "out of memory");
		return NULL;
	}
	memcpy(p->cell, cell, sizeof(p->cell));
	p->nframes = nframes;
	p->stride = stride ? stride : 1;
	p->npts = (nframes + p->stride - 1) / p->stride;
	return p;
}

void
hop_sitepool_free(struct hop_sitepool *p)
{
	if (p == NULL)
		return;
	free(p->key);
	free(p->curve);
	free(p->pt);
	free(p);
}

/* Room for m ions in all.  0 or -1. */
static int
pool_room(struct hop_sitepool *p, size_t m)
{
	size_t nc = p->cap ? p->cap : 64;
	uint32_t *k;
	double (*c)[HOP_VIB_NLAGS], (*pt)[3];

	if (m <= p->cap)
		return 0;
	while (nc < m)
		nc *= 2;
	if ((k = realloc(p->key, nc * sizeof(*k))) == NULL)
		return -1;
	p->key = k;
	if ((c = realloc(p->curve, nc * sizeof(*c))) == NULL)
		return -1;
	p->curve = c;
	if ((pt = realloc(p->pt, nc * p->npts * sizeof(*pt))) == NULL)
		return -1;
	p->pt = pt;
	p->cap = nc;
	return 0;
}

/*
 * Pool the m ions of store s listed in ions, with keys key, into slots
 * at .. at + m - 1 of p (room made for them; the count not changed), and
 * the lags of their curves into *nl (the same for every ion of a length).
 * Threads may fill disjoint slots of one pool at once.  0 or -1 (out of
 * memory).
 */
static int
pool_put(struct hop_sitepool *p, size_t at, const struct hop_posstore *s,
    const size_t *ions, const uint32_t *key, size_t m, size_t *nl)
{
	size_t n = p->nframes, i, q;
	float *v[3] = {NULL, NULL, NULL}, *scratch = NULL;
	double org[3];
	int k, ret = -1;

	for (k = 0; k < 3; k++)
		if ((v[k] = malloc(n * sizeof(float))) == NULL)
			goto out;
	if ((scratch = malloc(n * sizeof(float))) == NULL)
		goto out;
	for (i = 0; i < m; i++) {
		struct hop_pts pts = {v[0], v[1], v[2], n};
		double (*pt)[3] = p->pt + (at + i) * p->npts;

		load_ion(s, ions[i], n, v, org);
		memset(p->curve[at + i], 0, sizeof(p->curve[at + i]));
		*nl = hop_vib_curve(&pts, scratch, p->curve[at + i]);
		p->key[at + i] = key[i];
		for (q = 0; q < p->npts; q++)
			for (k = 0; k < 3; k++)
				pt[q][k] = org[k] + v[k][q * p->stride];
	}
	ret = 0;
out:
	for (k = 0; k < 3; k++)
		free(v[k]);
	free(scratch);
	return ret;
}

int
hop_sitepool_add(struct hop_sitepool *p, const struct hop_posstore *s,
    const size_t *ions, const uint32_t *key, size_t nions,
    struct hop_err *err)
{
	size_t n = p->nframes, nl = 0;

	if (hop_posstore_frames(s) != n) {
		hop_err_set(err, "%zu frames for a pool of %zu",
		    hop_posstore_frames(s), n);
		return -1;
	}
	if (pool_room(p, p->nions + nions) != 0 ||
	    pool_put(p, p->nions, s, ions, key, nions, &nl) != 0) {
		hop_err_set(err, "out of memory pooling %zu ions x %zu "
		    "frames", nions, n);
		return -1;
	}
	if (nions > 0)
		p->nlags = nl; /* the same for every ion of n frames */
	p->nions += nions;
	return 0;
}

int
hop_sitepool_merge(struct hop_sitepool *dst, const struct hop_sitepool *src,
    struct hop_err *err)
{
	size_t i, m, step;

	if (src->nframes != dst->nframes) {
		hop_err_set(err, "ions of %zu frames, not %zu", src->nframes,
		    dst->nframes);
		return -1;
	}
	if (memcmp(src->cell, dst->cell, sizeof(src->cell)) != 0) {
		hop_err_set(err, "another cell");
		return -1;
	}
	if (src->stride == 0 || dst->stride % src->stride != 0) {
		hop_err_set(err, "positions every %zu frames, which the "
		    "whole run's stride %zu is no multiple of", src->stride,
		    dst->stride);
		return -1;
	}
	if (src->nions > 0 && dst->nions > 0 && src->nlags != dst->nlags) {
		hop_err_set(err, "curves of %zu lags, not %zu", src->nlags,
		    dst->nlags);
		return -1;
	}
	if (pool_room(dst, dst->nions + src->nions) != 0) {
		hop_err_set(err, "out of memory pooling %zu ions",
		    dst->nions + src->nions);
		return -1;
	}
	step = dst->stride / src->stride;
	for (i = 0; i < src->nions; i++) {
		size_t at = dst->nions + i;

		dst->key[at] = src->key[i];
		memcpy(dst->curve[at], src->curve[i], sizeof(src->curve[i]));
		for (m = 0; m < dst->npts; m++)
			memcpy(dst->pt[at * dst->npts + m],
			    src->pt[i * src->npts + m * step],
			    sizeof(dst->pt[0]));
	}
	if (src->nions > 0)
		dst->nlags = src->nlags;
	dst->nions += src->nions;
	return 0;
}

/* The pool's ions in the order of their keys. */
static const struct hop_sitepool *sort_pool;

static int
cmp_key(const void *a, const void *b)
{
	uint32_t x = sort_pool->key[*(const size_t *)a],
	    y = sort_pool->key[*(const size_t *)b];

	return (x > y) - (x < y);
}

/* The nearest-site lookup made again.  0, or -1 with err set (out of
 * memory). */
static int
regrid(struct hop_sitenet *net, struct hop_err *err)
{
	grid_free(net->grid);
	net->grid = grid_new(net, CAND * RADIUS * net->vib.sigma);
	if (net->grid == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

/* After the sites changed: their radii and the lookup made again.  0, or
 * -1 with err set (out of memory). */
static int
resettle(struct hop_sitenet *net, const struct hop_sitenet_opts *o,
    struct hop_err *err)
{
	set_radii(net, o);
	return regrid(net, err);
}

int
hop_sitenet_prune(struct hop_sitenet *net, const uint64_t *visits,
    const struct hop_sitenet_opts *o, struct hop_err *err)
{
	size_t i, kept = 0;

	for (i = 0; i < net->nsites; i++)
		if (visits[i] > 0)
			net->site[kept++] = net->site[i];
	for (i = 0; i < kept; i++) {
		net->site[i].visits = 0;
		net->site[i].frames = 0;
		net->site[i].mean_res = NAN;
	}
	if (kept < net->nsites) {
		net->nsites = kept;
		return resettle(net, o, err);
	}
	return 0;
}

int
hop_sitenet_ready(struct hop_sitenet *net, struct hop_err *err)
{
	if (hop_cell_inverse(net->cell, net->inv) != 0) {
		hop_err_set(err, "the cell is singular");
		return -1;
	}
	return regrid(net, err);
}

struct hop_sitenet *
hop_sitenet_from_pool(const struct hop_sitepool *pool,
    const struct hop_sitenet_opts *o, struct hop_err *err)
{
	struct hop_sitenet *net;
	size_t *perm = NULL, i, nions = pool->nions, n = pool->nframes;

	if (nions == 0 || n == 0) {
		hop_err_set(err, "no positions to find sites from");
		return NULL;
	}
	if (pool->stride != hop_sitenet_stride(nions, n, o->max_points)) {
		hop_err_set(err, "positions every %zu frames, where %zu ions "
		    "of %zu frames take them every %zu", pool->stride, nions,
		    n, hop_sitenet_stride(nions, n, o->max_points));
		return NULL;
	}
	if ((net = calloc(1, sizeof(*net))) == NULL ||
	    (perm = malloc(nions * sizeof(*perm))) == NULL)
		goto nomem;
	for (i = 0; i < nions; i++)
		perm[i] = i;
	/* Not reentrant: one pool sorted at a time (no threads here). */
	sort_pool = pool;
	qsort(perm, nions, sizeof(*perm), cmp_key);
	sort_pool = NULL;
	for (i = 1; i < nions; i++)
		if (pool->key[perm[i]] == pool->key[perm[i - 1]]) {
			hop_err_set(err, "atom %u is pooled twice",
			    pool->key[perm[i]]);
			goto fail;
		}
	memcpy(net->cell, pool->cell, sizeof(net->cell));
	if (hop_cell_inverse(net->cell, net->inv) != 0) {
		hop_err_set(err, "the cell is singular: no sites can be "
		    "folded into it");
		goto fail;
	}
	net->nions = nions;
	net->nframes = n;
	net->min_frames = o->min_frames;
	net->ntrans = o->trans != NULL && o->ntrans > 0 ? o->ntrans : 1;
	net->sigma_curve = NAN;
	if (species_vib(pool, &net->vib) != 0)
		goto nomem;
	if (o->sigma > 0) {
		net->vib.sigma = o->sigma;
	} else {
		net->sigma_curve = net->vib.sigma;
		if (!(net->vib.sigma > 0)) {
			hop_err_set(err, n < 2 ? "one frame: no vibration to "
			    "scale the sites by (sites from the data need a "
			    "run)" : "the ions do not move: no vibration to "
			    "scale the sites by");
			goto fail;
		}
	}
	if (build_with(net, pool, perm, o) != 0)
		goto nomem;
	if (net->nsites == 0) {
		hop_err_set(err, "no site found: no place holds %.3g frames "
		    "of vibration (sigma %.3g A)", SITE_SAMPLES *
		    net->vib.tau, net->vib.sigma);
		goto fail;
	}
	if (!(o->sigma > 0)) {
		double s4 = pooled_sigma(net, pool);

		if (s4 > 0 && fabs(s4 - net->vib.sigma) > REMEASURE *
		    net->vib.sigma) {
			net->vib.sigma = s4;
			if (build_with(net, pool, perm, o) != 0)
				goto nomem;
		}
	}
	net->ncand = net->nsites;
	free(perm);
	return net;
nomem:
	hop_err_set(err, "out of memory finding sites from %zu ions x %zu "
	    "frames", nions, n);
fail:
	free(perm);
	hop_sitenet_free(net);
	return NULL;
}

/*
 * hop_sitenet_build's share of the ions for one thread: ions[i0 .. i1 - 1]
 * pooled into those slots of the one pool (steps 1 to 4 then read it),
 * then followed over the candidate sites for their residences (step 5)
 * and dwells (step 6).  The sites do not depend on the shares: the pool
 * holds the same numbers in the same slots, the visits are sums of
 * integers, and the dwells are sorted before they are merged.
 */
struct share {
	const struct hop_posstore *s;
	const size_t *ions;
	const uint32_t *key;
	size_t i0, i1;
	struct hop_sitepool *pool;     /* pooling: the one pool */
	size_t nlags;                  /* pooling: the curves' lags */
	const struct hop_sitenet *net; /* following: the candidates */
	uint64_t *visits;              /* following: residences per site */
	struct hop_sitenet_dwells dw;  /* following: dwells (step 6) */
	int no_dwells;                 /* following: no dwells sought */
	uint64_t short_found;          /* following: the short visits, and */
	uint64_t short_null;           /* the simulations' */
	int failed;                    /* out of memory */
};

static void *
share_pool(void *arg)
{
	struct share *sh = arg;

	sh->failed = pool_put(sh->pool, sh->i0, sh->s, sh->ions + sh->i0,
	    sh->key + sh->i0, sh->i1 - sh->i0, &sh->nlags) != 0;
	return NULL;
}

/* Residences as hop_sitenet_tally counts them, into the share's own
 * visits (the net is shared, read only). */
static void *
share_follow(void *arg)
{
	struct share *sh = arg;
	size_t n = hop_posstore_frames(sh->s), i, t;
	struct hop_sitenet_ws *w = hop_sitenet_ws_new(sh->net, n);
	struct hop_sitenet_path path;
	float *v[3] = {NULL, NULL, NULL};
	double org[3];
	int k;

	sh->failed = 1;
	if (w == NULL)
		goto out;
	for (k = 0; k < 3; k++)
		if ((v[k] = malloc(n * sizeof(float))) == NULL)
			goto out;
	for (i = sh->i0; i < sh->i1; i++) {
		load_ion(sh->s, sh->ions[i], n, v, org);
		if (hop_sitenet_assign(sh->net, w, org, v[0], v[1], v[2], n,
		    &path, NULL) != 0 || (!sh->no_dwells &&
		    hop_sitenet_dwells_find(sh->net, &path, org, v[0], v[1],
		    v[2], &sh->dw) != 0))
			goto out;
		for (t = 0; t < path.n && path.nstates > 0; t++)
			if ((t == 0 || path.state[t] != path.state[t - 1]) &&
			    !path.pass[t])
				sh->visits[path.states[path.state[t]].site]++;
		sh->short_found += path.short_found;
		sh->short_null += path.short_null;
	}
	sh->failed = 0;
out:
	for (k = 0; k < 3; k++)
		free(v[k]);
	hop_sitenet_ws_free(w);
	return NULL;
}

/*
 * The whole build in one process, the per-ion work (pooling, step 5's
 * paths) shared by nthreads threads (hop_jobs_run): steps 1 to 4 over
 * the pool of every ion (hop_sitenet_from_pool), then step 5: a site
 * where no ion has a residence is dropped (positions that gathered in
 * one place without any ion staying there: the paths of hops repeated
 * back and forth, say), once; and step 6: the places where an ion dwelt
 * out of every site are added.
 */
struct hop_sitenet *
hop_sitenet_build(const struct hop_posstore *s, const size_t *ions,
    const uint32_t *key, size_t nions, const double cell[9],
    const struct hop_sitenet_opts *o, unsigned nthreads, struct hop_err *err)
{
	struct hop_sitenet_opts oo;
	struct hop_sitenet *net = NULL;
	struct hop_sitepool *pool;
	struct share *sh = NULL;
	size_t n = hop_posstore_frames(s), i;
	uint32_t *own = NULL;
	uint64_t *visits = NULL, found = 0, null = 0;
	unsigned t;

	if (nions == 0 || n == 0) {
		hop_err_set(err, "no positions to find sites from");
		return NULL;
	}
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > nions)
		nthreads = (unsigned)nions;
	if ((pool = hop_sitepool_new(cell, n, hop_sitenet_stride(nions, n,
	    o->max_points), err)) == NULL)
		return NULL;
	if (key == NULL) {
		if ((own = malloc(nions * sizeof(*own))) == NULL)
			goto nomem;
		for (i = 0; i < nions; i++)
			own[i] = (uint32_t)i;
		key = own;
	}
	if ((sh = calloc(nthreads, sizeof(*sh))) == NULL ||
	    pool_room(pool, nions) != 0)
		goto nomem;
	for (t = 0; t < nthreads; t++) {
		sh[t].s = s;
		sh[t].ions = ions;
		sh[t].key = key;
		sh[t].i0 = nions * t / nthreads;
		sh[t].i1 = nions * (t + 1) / nthreads;
		sh[t].pool = pool;
	}
	hop_jobs_run(share_pool, sh, sizeof(*sh), nthreads);
	for (t = 0; t < nthreads; t++)
		if (sh[t].failed)
			goto nomem;
	pool->nions = nions;
	pool->nlags = sh[0].nlags; /* the same for every ion of n frames */
	oo = *o;
	oo.threads = nthreads;
	if ((net = hop_sitenet_from_pool(pool, &oo, err)) == NULL)
		goto fail;
	hop_sitepool_free(pool);
	pool = NULL;
	/* Taken without the simulations: the same paths. */
	if (o->no_short_test)
		net->short_visits = HOP_SHORT_TAKE;
	for (t = 0; t < nthreads; t++) {
		sh[t].net = net;
		sh[t].no_dwells = o->no_dwells;
		if ((sh[t].visits = calloc(net->nsites, sizeof(uint64_t))) ==
		    NULL)
			goto nomem;
	}
	hop_jobs_run(share_follow, sh, sizeof(*sh), nthreads);
	if ((visits = calloc(net->nsites, sizeof(*visits))) == NULL)
		goto nomem;
	for (t = 0; t < nthreads; t++) {
		if (sh[t].failed)
			goto nomem;
		for (i = 0; i < net->nsites; i++)
			visits[i] += sh[t].visits[i];
		if (t > 0 && hop_sitenet_dwells_cat(&sh[0].dw, &sh[t].dw) != 0)
			goto nomem;
		found += sh[t].short_found;
		null += sh[t].short_null;
	}
	if (hop_sitenet_prune(net, visits, o, NULL) != 0 ||
	    hop_sitenet_dwell_sites(net, &sh[0].dw, o, NULL) != 0)
		goto nomem;
	if (o->no_short_test)
		net->short_visits = HOP_SHORT_COUNT;
	else
		hop_sitenet_short_decide(net, found, null);
	goto out;
nomem:
	hop_err_set(err, "out of memory finding sites from %zu ions x %zu "
	    "frames", nions, n);
fail:
	hop_sitenet_free(net);
	net = NULL;
out:
	for (t = 0; sh != NULL && t < nthreads; t++) {
		free(sh[t].visits);
		hop_sitenet_dwells_clear(&sh[t].dw);
	}
	free(sh);
	free(visits);
	free(own);
	hop_sitepool_free(pool);
	return net;
}

/* --- one ion's path --- */

/* A candidate state of one frame. */
struct cand {
	uint32_t state;  /* index into the ion's states */
	uint32_t prev;   /* the same state's candidate at t - 1, or
	                    UINT32_MAX */
	double cost;     /* emission cost */
};

struct hop_sitenet_ws {
	size_t n;
	size_t *off;                    /* n + 1: frame t's candidates */
	struct cand *c;                 /* ncap */
	size_t ncap;
	unsigned char *sw;              /* ncap: entered by a change */
	uint32_t *from;                 /* n: best candidate index at t - 1 */
	double *V, *Vn;                 /* path costs, vcap */
	size_t vcap;
	uint32_t *state;                /* n */
	unsigned char *at;              /* n */
	unsigned char *pass;            /* n: passages() */
	struct hop_sitenet_state *st;   /* the ion's states */
	size_t nst, stcap;
	uint32_t *hash;                 /* hcap: state + 1, 0 empty */
	size_t hcap;
	float *sim;                     /* 3 n, made when first needed: a
	                                   simulated vibration */
	double *step;                   /* n, with sim: squared steps */
};

struct hop_sitenet_ws *
hop_sitenet_ws_new(const struct hop_sitenet *net, size_t n)
{
	struct hop_sitenet_ws *w = calloc(1, sizeof(*w));
	size_t one = n ? n : 1;

	(void)net;
	if (w == NULL)
		return NULL;
	w->n = n;
	w->off = malloc((one + 1) * sizeof(*w->off));
	w->from = malloc(one * sizeof(*w->from));
	w->state = malloc(one * sizeof(*w->state));
	w->at = malloc(one);
	w->pass = malloc(one);
	if (w->off == NULL || w->from == NULL || w->state == NULL ||
	    w->at == NULL || w->pass == NULL) {
		hop_sitenet_ws_free(w);
		return NULL;
	}
	return w;
}

void
hop_sitenet_ws_free(struct hop_sitenet_ws *w)
{
	if (w == NULL)
		return;
	free(w->off);
	free(w->c);
	free(w->sw);
	free(w->from);
	free(w->V);
	free(w->Vn);
	free(w->state);
	free(w->at);
	free(w->pass);
	free(w->st);
	free(w->hash);
	free(w->sim);
	free(w->step);
	free(w);
}

static size_t
hash_of(uint32_t site, const int32_t img[3], size_t cap)
{
	uint64_t h = site * 0x9E3779B97F4A7C15ull;

	h ^= (uint64_t)(uint32_t)img[0] * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)(uint32_t)img[1] * 0x165667B19E3779F9ull;
	h ^= (uint64_t)(uint32_t)img[2] * 0x27D4EB2F165667C5ull;
	h ^= h >> 29;
	return (size_t)(h & (cap - 1));
}

/* The ion's state for (site, img), added when new.  UINT32_MAX when out
 * of memory. */
static uint32_t
state_of(struct hop_sitenet_ws *w, const struct hop_sitenet *net,
    uint32_t site, const int32_t img[3])
{
	size_t h, i;

	if (2 * (w->nst + 1) > w->hcap) {
		size_t nc = w->hcap ? 2 * w->hcap : 64;
		uint32_t *nh = calloc(nc, sizeof(*nh));

		if (nh == NULL)
			return UINT32_MAX;
		for (i = 0; i < w->nst; i++) {
			h = hash_of(w->st[i].site, w->st[i].img, nc);
			while (nh[h] != 0)
				h = (h + 1) & (nc - 1);
			nh[h] = (uint32_t)i + 1;
		}
		free(w->hash);
		w->hash = nh;
		w->hcap = nc;
	}
	for (h = hash_of(site, img, w->hcap); w->hash[h] != 0;
	    h = (h + 1) & (w->hcap - 1)) {
		const struct hop_sitenet_state *q = &w->st[w->hash[h] - 1];

		if (q->site == site && q->img[0] == img[0] &&
		    q->img[1] == img[1] && q->img[2] == img[2])
			return w->hash[h] - 1;
	}
	if (w->nst == w->stcap) {
		size_t nc = w->stcap ? 2 * w->stcap : 64;
		struct hop_sitenet_state *ns = realloc(w->st,
		    nc * sizeof(*ns));

		if (ns == NULL)
			return UINT32_MAX;
		w->st = ns;
		w->stcap = nc;
	}
	w->st[w->nst].site = site;
	memcpy(w->st[w->nst].img, img, sizeof(w->st[0].img));
	{
		double f[3];
		int k;

		for (k = 0; k < 3; k++)
			f[k] = net->site[site].frac[k] + img[k];
		hop_frac_to_cart(f, net->cell, w->st[w->nst].centre);
	}
	w->hash[h] = (uint32_t)w->nst + 1;
	return (uint32_t)w->nst++;
}

/* Room for m candidates in all. 0 or -1. */
static int
cand_room(struct hop_sitenet_ws *w, size_t m)
{
	size_t nc;
	struct cand *c;
	unsigned char *sw;

	if (m <= w->ncap)
		return 0;
	nc = w->ncap ? 2 * w->ncap : 4096;
	while (nc < m)
		nc *= 2;
	if ((c = realloc(w->c, nc * sizeof(*c))) == NULL)
		return -1;
	w->c = c;
	if ((sw = realloc(w->sw, nc)) == NULL)
		return -1;
	w->sw = sw;
	w->ncap = nc;
	return 0;
}

/* Room for m path costs. 0 or -1. */
static int
cost_room(struct hop_sitenet_ws *w, size_t m)
{
	double *a, *b;

	if (m <= w->vcap)
		return 0;
	if ((a = realloc(w->V, m * sizeof(*a))) == NULL)
		return -1;
	w->V = a;
	if ((b = realloc(w->Vn, m * sizeof(*b))) == NULL)
		return -1;
	w->Vn = b;
	w->vcap = m;
	return 0;
}

/* Squared distance from frame t to state q's centre. */
static double
d2_state(const struct hop_sitenet_ws *w, uint32_t q, const double origin[3],
    const float *x, const float *y, const float *z, size_t t)
{
	const double *c = w->st[q].centre;
	double dx = origin[0] + x[t] - c[0], dy = origin[1] + y[t] - c[1],
	    dz = origin[2] + z[t] - c[2];

	return dx * dx + dy * dy + dz * dz;
}

/*
 * The candidates of every frame: each site image within the lookup's
 * reach, and the nearest always.  0 or -1.
 */
static int
candidates(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, double wt)
{
	const struct hop_sitenet_grid *gr = net->grid;
	size_t t, used = 0, i, j;

	for (t = 0; t < n; t++) {
		double r[3] = {origin[0] + x[t], origin[1] + y[t],
		    origin[2] + z[t]}, f[3], d[3], best = INFINITY;
		size_t b, first = used, bi = SIZE_MAX;
		uint32_t bs = UINT32_MAX;
		int32_t img[3];

		hop_cart_to_frac(r, net->inv, f);
		b = grid_box(gr, f);
		w->off[t] = used;
		if (cand_room(w, used + (gr->off[b + 1] - gr->off[b])) != 0)
			return -1;
		for (i = gr->off[b]; i < gr->off[b + 1]; i++) {
			uint32_t s = gr->idx[i], q;
			double dd;

			if (GRID_STOP(gr, i, best > gr->reach ? best :
			    gr->reach))
				break;
			dd = site_image(net, s, f, img, d);
			/* Of sites equally near, the lowest index is the
			 * nearest. */
			if (dd > gr->reach && (dd > best || (dd == best &&
			    s > bs)))
				continue;
			if ((q = state_of(w, net, s, img)) == UINT32_MAX)
				return -1;
			if (dd < best || (dd == best && s < bs)) {
				/* The former nearest stays only within
				 * reach. */
				if (bi != SIZE_MAX && best > gr->reach) {
					w->c[bi] = w->c[--used];
				}
				best = dd;
				bs = s;
				bi = used;
			}
			w->c[used].state = q;
			w->c[used].prev = UINT32_MAX;
			w->c[used].cost = wt * dd * dd;
			used++;
		}
		/* Link each candidate to the same state at t - 1. */
		if (t > 0)
			for (i = first; i < used; i++)
				for (j = w->off[t - 1]; j < first; j++)
					if (w->c[j].state == w->c[i].state) {
						w->c[i].prev = (uint32_t)(j -
						    w->off[t - 1]);
						break;
					}
	}
	w->off[n] = used;
	return 0;
}

/*
 * The most probable path (Viterbi) over the candidates: a frame at a
 * state costs wt |x - c|^2, each change of state lambda; a state missing
 * from the previous frame's candidates is entered by a change.  Each
 * frame's state into w->state.  0 or -1.
 */
static int
viterbi(struct hop_sitenet_ws *w, size_t n, double lambda)
{
	size_t t, i, m, best = 0, cmax = 0;

	for (t = 0; t < n; t++)
		if (w->off[t + 1] - w->off[t] > cmax)
			cmax = w->off[t + 1] - w->off[t];
	if (cost_room(w, cmax) != 0)
		return -1;
	for (i = w->off[0]; i < w->off[1]; i++) {
		w->V[i - w->off[0]] = w->c[i].cost;
		w->sw[i] = 0;
	}
	for (t = 1; t < n; t++) {
		size_t pm = w->off[t] - w->off[t - 1];
		double vmin;
		double *sv;

		best = 0;
		for (i = 1; i < pm; i++)
			if (w->V[i] < w->V[best])
				best = i;
		vmin = w->V[best];
		w->from[t] = (uint32_t)best;
		m = w->off[t + 1] - w->off[t];
		for (i = 0; i < m; i++) {
			const struct cand *c = &w->c[w->off[t] + i];
			double stay = c->prev != UINT32_MAX ?
			    w->V[c->prev] - vmin : INFINITY;

			w->sw[w->off[t] + i] = 0;
			if (lambda < stay) {
				w->sw[w->off[t] + i] = 1;
				stay = lambda;
			}
			w->Vn[i] = stay + c->cost;
		}
		sv = w->V;
		w->V = w->Vn;
		w->Vn = sv;
	}
	m = w->off[n] - w->off[n - 1];
	best = 0;
	for (i = 1; i < m; i++)
		if (w->V[i] < w->V[best])
			best = i;
	for (t = n; t-- > 0;) {
		const struct cand *c = &w->c[w->off[t] + best];

		w->state[t] = c->state;
		if (t > 0)
			best = w->sw[w->off[t] + best] ? w->from[t] : c->prev;
	}
	return 0;
}

/*
 * The frames [t0, t1) between residences at states a and b go to a up to
 * one change point and to b after it, the point that puts them nearest
 * their sites in sum of squares (sites.c's fold).
 */
static void
fold(struct hop_sitenet_ws *w, const double origin[3], const float *x,
    const float *y, const float *z, size_t t0, size_t t1, uint32_t a,
    uint32_t b)
{
	double sum = 0, best = 0;
	size_t u, cut = t0;

	for (u = t0; u < t1 && a != b; u++) {
		sum += d2_state(w, a, origin, x, y, z, u) -
		    d2_state(w, b, origin, x, y, z, u);
		if (sum < best) {
			best = sum;
			cut = u + 1;
		}
	}
	for (u = t0; u < t1; u++)
		w->state[u] = u < cut ? a : b;
}

/*
 * A residence is confirmed by more than MIN_SAMPLES tau and more than
 * MIN_FRAMES frames within its site's radius (more than END_SAMPLES tau
 * at the run's start or end), or as an excursion by more than
 * EXCURSION_FRAMES, and by min_frames frames; the frames between two
 * confirmed residences are folded into them; with none confirmed, the
 * longest residence counts (sites.c's confirm).  w->at and w->from serve
 * as scratch: the residence's verdict per frame (0 no, 1 confirmed, 2 an
 * excursion if bracketed by one state) and the next confirmed state.
 */
static void
confirm(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n)
{
	size_t t, e, prev_end = 0, best = 0, best_len = 0;
	/* Frames vibrate independently at best: a residence needs more
	 * than MIN_FRAMES frames at the site whatever tau. */
	double tau = net->vib.tau;
	double need = MIN_SAMPLES * tau > MIN_FRAMES ? MIN_SAMPLES * tau :
	    MIN_FRAMES,
	    need_end = END_SAMPLES * tau;
	uint32_t prev = 0, last, *next = w->from;
	unsigned char *ok = w->at;
	int have = 0;

	for (t = 0; t < n; t = e) {
		for (e = t; e < n && w->state[e] == w->state[t]; e++)
			;
		if (e - t > best_len) {
			best_len = e - t;
			best = t;
		}
	}
	for (t = 0; t < n; t = e) {
		uint32_t q = w->state[t];
		double r = net->site[w->st[q].site].radius;
		size_t in = 0;
		int v = 0;

		for (e = t; e < n && w->state[e] == q; e++)
			in += d2_state(w, q, origin, x, y, z, e) < r * r;
		if (t == best)
			v = 1;
		else if (e - t >= net->min_frames)
			v = (double)in > (t == 0 || e == n ? need_end : need) ?
			    1 : (double)in > EXCURSION_FRAMES ? 2 : 0;
		memset(ok + t, v, e - t);
	}
	last = UINT32_MAX;
	for (t = n; t > 0; t--) {
		if (ok[t - 1] == 1)
			last = w->state[t - 1];
		next[t - 1] = last;
	}
	last = UINT32_MAX;
	for (t = 0; t < n; t = e) {
		uint32_t q = w->state[t];

		for (e = t; e < n && w->state[e] == q; e++)
			;
		/* An excursion's bracket: the confirmed residences before
		 * and after it at one state, not its own (the longest
		 * residence is always confirmed, so one side has one). */
		if (ok[t] == 0 || (ok[t] == 2 && (last != next[t] ||
		    last == q)))
			continue;
		if (ok[t] == 1)
			last = q;
		fold(w, origin, x, y, z, prev_end, t, have ? prev : q, q);
		have = 1;
		prev = q;
		prev_end = e;
	}
	for (t = prev_end; t < n; t++)
		w->state[t] = prev;
}

/* Whether state m's centre lies on the segment from a's to b's: within
 * m's radius of it, its foot strictly between the ends. */
static int
on_segment(const struct hop_sitenet *net, const struct hop_sitenet_ws *w,
    uint32_t a, uint32_t m, uint32_t b)
{
	const double *ca = w->st[a].centre, *cm = w->st[m].centre,
	    *cb = w->st[b].centre;
	double d[3], v[3], dd = 0, dv = 0, r2 = 0, u, r;
	int k;

	for (k = 0; k < 3; k++) {
		d[k] = cb[k] - ca[k];
		v[k] = cm[k] - ca[k];
		dd += d[k] * d[k];
		dv += d[k] * v[k];
	}
	if (!(dd > 0))
		return 0;
	u = dv / dd;
	for (k = 0; k < 3; k++)
		r2 += (v[k] - u * d[k]) * (v[k] - u * d[k]);
	r = net->site[w->st[m].site].radius;
	return u > 0 && u < 1 && r2 < r * r;
}

/* The squared distances of the frames w0 + [i, j) to their places on
 * the way from c0 to c1 at constant speed (frame w0 + u a fraction
 * (u + 1 - i) / (j + 1 - i) of it); stops above cap. */
static double
ramp(const double origin[3], const float *x, const float *y,
    const float *z, size_t w0, size_t i, size_t j, const double *c0,
    const double *c1, double cap)
{
	double c = 0;
	size_t u;

	for (u = i; u < j && c <= cap; u++) {
		double f = (double)(u + 1 - i) / (double)(j + 1 - i),
		    r[3] = {x[w0 + u], y[w0 + u], z[w0 + u]};
		int k;

		for (k = 0; k < 3; k++) {
			double d = origin[k] + r[k] - c0[k] -
			    f * (c1[k] - c0[k]);

			c += d * d;
		}
	}
	return c;
}

/*
 * Whether the frames [w0, w1) are a passage from state a to state b
 * through m: the least sum of squared distances to a path that stays at
 * a, moves at constant speed to b and stays there exceeds that of a
 * path that also stops at m (stays at a, moves to m, stays there, moves
 * to b, stays there) by no more than PASS_LR samples' worth (2 sigma^2
 * tau each), over the best change points of each.
 */
static int
passage_fits(const struct hop_sitenet *net, const struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t w0, size_t w1, uint32_t a, uint32_t m, uint32_t b)
{
	double sa[3 * PASS_MAX + 2], sm[3 * PASS_MAX + 2], sb[3 * PASS_MAX + 2],
	    in[3 * PASS_MAX + 2], out[3 * PASS_MAX + 2];
	const double *ca = w->st[a].centre, *cm = w->st[m].centre,
	    *cb = w->st[b].centre;
	double line = INFINITY, stop = INFINITY, lo = INFINITY,
	    unit = 2 * net->vib.sigma * net->vib.sigma * net->vib.tau;
	size_t nw = w1 - w0, i, j;

	sa[0] = sm[0] = sb[0] = 0;
	for (i = 0; i < nw; i++) {
		sa[i + 1] = sa[i] + d2_state(w, a, origin, x, y, z, w0 + i);
		sm[i + 1] = sm[i] + d2_state(w, m, origin, x, y, z, w0 + i);
		sb[i + 1] = sb[i] + d2_state(w, b, origin, x, y, z, w0 + i);
	}
	/* Line: a on [0, i), on its way over [i, j), b on [j, nw). */
	for (i = 0; i <= nw; i++)
		for (j = i; j <= nw; j++) {
			double c = sa[i] + sb[nw] - sb[j];

			c += ramp(origin, x, y, z, w0, i, j, ca, cb, line - c);
			if (c < line)
				line = c;
		}
	/* Stop: in[j], the best a on [0, i) and on the way to m over
	 * [i, j); out[k], the best on the way from m over [k, l) and b on
	 * [l, nw); m on [j, k) between. */
	for (j = 0; j <= nw; j++) {
		in[j] = out[j] = INFINITY;
		for (i = 0; i <= j; i++) {
			double c = sa[i] + ramp(origin, x, y, z, w0, i, j, ca,
			    cm, in[j] - sa[i]);

			if (c < in[j])
				in[j] = c;
		}
	}
	for (i = 0; i <= nw; i++)
		for (j = i; j <= nw; j++) {
			double c = sb[nw] - sb[j] + ramp(origin, x, y, z, w0,
			    i, j, cm, cb, out[i] - (sb[nw] - sb[j]));

			if (c < out[i])
				out[i] = c;
		}
	for (j = 0; j <= nw; j++) {
		if (in[j] - sm[j] < lo)
			lo = in[j] - sm[j];
		if (lo + sm[j] + out[j] < stop)
			stop = lo + sm[j] + out[j];
	}
	return line - stop <= PASS_LR * unit;
}

/*
 * Passages: a residence of at most PASS_MAX frames at a state m between
 * residences at two other states a and b, m on the segment from a to b
 * (on_segment), whose frames, with as many before it at a and after it
 * at b, a straight passage from a to b fits about as well as a stop at m
 * (passage_fits), is marked in w->pass (1 for each of its frames, 0
 * elsewhere): the pooled crossings of many ions can make a site between
 * two others where no ion stops, and step 5 does not count such a
 * residence as a visit.
 */
static void
passages(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n)
{
	size_t p = 0, t, e, f;

	memset(w->pass, 0, n);
	for (t = 0; t < n && w->state[t] == w->state[0]; t++)
		;
	for (; t < n; p = t, t = e) {
		uint32_t a = w->state[p], m = w->state[t], b;
		size_t len;

		for (e = t; e < n && w->state[e] == m; e++)
			;
		if (e == n)
			break;
		b = w->state[e];
		for (f = e; f < n && w->state[f] == b; f++)
			;
		len = e - t;
		if (a != b && len <= PASS_MAX && on_segment(net, w, a, m, b) &&
		    passage_fits(net, w, origin, x, y, z,
		    t - (t - p < len ? t - p : len),
		    e + (f - e < len ? f - e : len), a, m, b))
			memset(w->pass + t, 1, len);
	}
}

/* Forget the states from keep on (added while counting a simulation). */
static void
trim_states(struct hop_sitenet_ws *w, size_t keep)
{
	size_t i, h;

	w->nst = keep;
	memset(w->hash, 0, w->hcap * sizeof(*w->hash));
	for (i = 0; i < keep; i++) {
		h = hash_of(w->st[i].site, w->st[i].img, w->hcap);
		while (w->hash[h] != 0)
			h = (h + 1) & (w->hcap - 1);
		w->hash[h] = (uint32_t)i + 1;
	}
}

/*
 * Each frame's other state into w->from: the image of the site nearest
 * it when that is not its residence's and it lies within that site's
 * radius, else UINT32_MAX.  A frame within half the sites' least
 * distance (and half the cell's least width) of its residence's centre
 * is nearest that.  0 or -1.
 */
static int
others(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n)
{
	double width = hop_cell_width(net->cell), near = (net->sep < width ?
	    net->sep : width) / 2;
	size_t t;

	for (t = 0; t < n; t++) {
		double r[3] = {origin[0] + x[t], origin[1] + y[t],
		    origin[2] + z[t]}, d;
		const struct hop_sitenet_state *q = &w->st[w->state[t]];
		int32_t img[3];
		uint32_t s;

		w->from[t] = UINT32_MAX;
		if (d2_state(w, w->state[t], origin, x, y, z, t) < near * near)
			continue;
		s = hop_sitenet_nearest(net, r, &d, img);
		if (s == HOP_SITE_NONE || !(d < net->site[s].radius) ||
		    (s == q->site && img[0] == q->img[0] &&
		    img[1] == q->img[1] && img[2] == q->img[2]))
			continue;
		if ((w->from[t] = state_of(w, net, s, img)) == UINT32_MAX)
			return -1;
	}
	return 0;
}

/*
 * The excursions the path did not take.  The path weighs a frame at
 * 1 / tau of an independent sample, so a visit of fewer than tau frames
 * seldom pays for its two changes there, though it is one sample of the
 * vibration.  A run of more than EXCURSION_FRAMES consecutive frames
 * nearest one other site image and within its radius (others()), inside
 * a residence (the frames just before and after it at the residence's
 * state a), goes to that image b when one of its frames x, as one sample
 * of the vibration, lies within b's median vibration radius
 * (|x - b|^2 < CHI2_3_MEDIAN sigma^2) and favours b by more than two
 * changes: (|x - a|^2 - |x - b|^2) / (2 sigma^2) > 2 lambda.  Taken
 * when apply is set.  Returns how many runs go (or would go).
 */
static uint64_t
take_runs(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, double lambda, int apply)
{
	double s2 = net->vib.sigma * net->vib.sigma;
	const uint32_t *other = w->from;
	uint64_t count = 0;
	size_t t, e, u;

	for (t = 0; t < n; t = e) {
		uint32_t a = w->state[t], b = other[t];
		int take = 0;

		for (e = t + 1; e < n && other[e] == b && w->state[e] == a;
		    e++)
			;
		if (b == UINT32_MAX || t == 0 || e == n ||
		    w->state[t - 1] != a || w->state[e] != a ||
		    (double)(e - t) <= EXCURSION_FRAMES)
			continue;
		for (u = t; u < e && !take; u++) {
			double da = d2_state(w, a, origin, x, y, z, u),
			    db = d2_state(w, b, origin, x, y, z, u);

			take = db < CHI2_3_MEDIAN * s2 &&
			    (da - db) / (2 * s2) > 2 * lambda;
		}
		count += (uint64_t)take;
		for (u = t; u < e && take && apply; u++)
			w->state[u] = b;
	}
	return count;
}

unsigned
hop_sitenet_short_reps(const struct hop_sitenet *net)
{
	double frames = (double)net->nions * (double)net->nframes,
	    r = frames > 0 ? ceil(SHORT_FRAMES / frames) : SHORT_REPS_MAX;

	return r < 1 ? 1 : r > SHORT_REPS_MAX ? SHORT_REPS_MAX : (unsigned)r;
}

/* A seed from the ion's own data, so that its simulations are the same
 * whichever thread or part of a split run assigns it. */
static uint64_t
ion_seed(const double origin[3], const float *x, const float *y,
    const float *z)
{
	uint64_t h = 0, b;
	double v[6] = {origin[0], origin[1], origin[2], x[0], y[0], z[0]};
	int k;

	for (k = 0; k < 6; k++) {
		memcpy(&b, &v[k], sizeof(b));
		h = hop_rng_seed(h ^ b, (uint64_t)k);
	}
	return h;
}

/*
 * The short visits the ion's vibration alone makes: reps simulations of
 * a Gaussian AR(1) vibration of the species' sigma per axis about the
 * centres of the ion's residences (w->state, before the short visits are
 * taken), of lag-1 correlation rho from the ion's median squared step
 * within a residence (2 sigma^2 (1 - rho) times the median of chi^2_3),
 * each counted by take_runs.  The states the simulations add are
 * forgotten.  The count, or -1 (out of memory).
 */
static int64_t
short_null(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, double lambda)
{
	double sigma = net->vib.sigma, rho = 0, inno;
	unsigned reps = hop_sitenet_short_reps(net), r;
	uint64_t rs = ion_seed(origin, x, y, z), count = 0;
	size_t keep = w->nst, t, m = 0;
	float *sx, *sy, *sz;
	int k;

	if (w->sim == NULL &&
	    ((w->sim = malloc(3 * w->n * sizeof(*w->sim))) == NULL ||
	    (w->step = malloc(w->n * sizeof(*w->step))) == NULL)) {
		free(w->sim);
		w->sim = NULL;
		return -1;
	}
	sx = w->sim;
	sy = sx + w->n;
	sz = sy + w->n;
	for (t = 1; t < n; t++)
		if (w->state[t] == w->state[t - 1]) {
			double dx = x[t] - x[t - 1], dy = y[t] - y[t - 1],
			    dz = z[t] - z[t - 1];

			w->step[m++] = dx * dx + dy * dy + dz * dz;
		}
	if (m > 0)
		rho = 1 - gsl_stats_median(w->step, 1, m) /
		    (2 * sigma * sigma * CHI2_3_MEDIAN);
	if (!(rho > 0))
		rho = 0;
	if (rho > 0.999)
		rho = 0.999;
	inno = sigma * sqrt(1 - rho * rho);
	for (r = 0; r < reps; r++) {
		double e[3];

		for (k = 0; k < 3; k++)
			e[k] = sigma * hop_rng_gauss(&rs);
		for (t = 0; t < n; t++) {
			const double *c = w->st[w->state[t]].centre;

			for (k = 0; k < 3 && t > 0; k++)
				e[k] = rho * e[k] + inno * hop_rng_gauss(&rs);
			sx[t] = (float)(c[0] - origin[0] + e[0]);
			sy[t] = (float)(c[1] - origin[1] + e[1]);
			sz[t] = (float)(c[2] - origin[2] + e[2]);
		}
		if (others(net, w, origin, sx, sy, sz, n) != 0)
			return -1;
		count += take_runs(net, w, origin, sx, sy, sz, n, lambda, 0);
	}
	trim_states(w, keep);
	return (int64_t)count;
}

/* The short visits (take_runs), taken unless net skips them; with a net
 * not yet decided, counted into path with those of the simulations
 * (short_null).  0 or -1 (out of memory). */
static int
short_visits(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, double lambda, struct hop_sitenet_path *path)
{
	int64_t null = 0;
	uint64_t found;

	if (net->short_visits == HOP_SHORT_SKIP)
		return 0;
	if (net->short_visits == HOP_SHORT_COUNT &&
	    (null = short_null(net, w, origin, x, y, z, n, lambda)) < 0)
		return -1;
	if (others(net, w, origin, x, y, z, n) != 0)
		return -1;
	found = take_runs(net, w, origin, x, y, z, n, lambda, 1);
	if (net->short_visits == HOP_SHORT_COUNT) {
		path->short_found = found;
		path->short_null = (uint64_t)null;
	}
	return 0;
}

int
hop_sitenet_short_decide(struct hop_sitenet *net, uint64_t found,
    uint64_t null)
{
	double mean = ((double)null + 1) / hop_sitenet_short_reps(net);

	if (found > UINT_MAX)
		found = UINT_MAX;
	net->short_visits = found > 0 && gsl_cdf_poisson_Q((unsigned)found -
	    1, mean) < SHORT_ALPHA ? HOP_SHORT_TAKE : HOP_SHORT_SKIP;
	net->short_found = found;
	net->short_null = mean;
	return net->short_visits;
}

int
hop_sitenet_assign(const struct hop_sitenet *net, struct hop_sitenet_ws *w,
    const double origin[3], const float *x, const float *y, const float *z,
    size_t n, struct hop_sitenet_path *path, struct hop_err *err)
{
	double sigma = net->vib.sigma, tau = net->vib.tau, wt, lambda;
	size_t t;

	memset(path, 0, sizeof(*path));
	w->nst = 0;
	if (w->hash != NULL)
		memset(w->hash, 0, w->hcap * sizeof(*w->hash));
	if (n == 0 || net->nsites == 0) {
		path->n = n;
		return 0;
	}
	if (n > w->n) {
		hop_err_set(err, "%zu frames for a workspace of %zu", n, w->n);
		return -1;
	}
	/* The adaptive mode's weights (sites.c's segment). */
	wt = 1 / (2 * sigma * sigma * tau);
	lambda = log((double)n / tau);
	if (lambda < 1)
		lambda = 1;
	if (candidates(net, w, origin, x, y, z, n, wt) != 0 ||
	    viterbi(w, n, lambda) != 0) {
		hop_err_set(err, "out of memory assigning %zu frames to %zu "
		    "sites", n, net->nsites);
		return -1;
	}
	confirm(net, w, origin, x, y, z, n);
	if (short_visits(net, w, origin, x, y, z, n, lambda, path) != 0) {
		hop_err_set(err, "out of memory assigning %zu frames to %zu "
		    "sites", n, net->nsites);
		return -1;
	}
	passages(net, w, origin, x, y, z, n);
	path->nres = 0;
	for (t = 0; t < n; t++) {
		uint32_t q = w->state[t];
		double r = net->site[w->st[q].site].radius;

		w->at[t] = d2_state(w, q, origin, x, y, z, t) < r * r;
		path->nres += t == 0 || q != w->state[t - 1];
	}
	path->n = n;
	path->state = w->state;
	path->at = w->at;
	path->pass = w->pass;
	path->states = w->st;
	path->nstates = w->nst;
	return 0;
}

void
hop_sitenet_tally(struct hop_sitenet *net, const struct hop_sitenet_path *path)
{
	size_t t, e;

	for (t = 0; t < path->n && path->nstates > 0; t = e) {
		struct hop_site *s = &net->site[path->states[path->state[t]]
		    .site];

		for (e = t; e < path->n && path->state[e] == path->state[t];
		    e++)
			;
		if (path->pass[t])
			continue;
		s->visits++;
		s->frames += e - t;
		s->mean_res = (double)s->frames / (double)s->visits;
	}
}

/* --- step 6: the sites that only the time order shows --- */

void
hop_sitenet_dwells_clear(struct hop_sitenet_dwells *dw)
{
	free(dw->d);
	memset(dw, 0, sizeof(*dw));
}

/* Room for m more dwells.  0 or -1. */
static int
dwell_room(struct hop_sitenet_dwells *dw, size_t m)
{
	size_t cap = dw->cap ? dw->cap : 16;
	struct hop_sitenet_dwell *nd;

	if (dw->n + m <= dw->cap)
		return 0;
	while (cap < dw->n + m)
		cap *= 2;
	if ((nd = realloc(dw->d, cap * sizeof(*nd))) == NULL)
		return -1;
	dw->d = nd;
	dw->cap = cap;
	return 0;
}

/* One stretch of an ion's frames out of every site's radius (or a chain
 * of them): the sums of its positions and of their squares, relative to
 * the ion's origin, and its frames. */
struct stretch {
	double sum[3], sq, m;
};

/* One more frame of a stretch, at (x, y, z). */
static void
stretch_add(struct stretch *st, float x, float y, float z)
{
	st->sum[0] += x;
	st->sum[1] += y;
	st->sum[2] += z;
	st->sq += (double)x * x + (double)y * y + (double)z * z;
	st->m++;
}

/* The end of the stretch out of every radius that starts at frame b
 * (path->at[b] == 0): returns within a radius shorter than MIN_FRAMES
 * belong to it.  Its frames out of every radius are summed into st. */
static size_t
stretch_end(const struct hop_sitenet_path *path, const float *x,
    const float *y, const float *z, size_t b, struct stretch *st)
{
	size_t e = b, n = path->n, k;

	while (e < n) {
		size_t in = e;

		if (!path->at[e]) {
			e++;
			continue;
		}
		while (in < n && path->at[in])
			in++;
		if ((double)(in - e) >= MIN_FRAMES || in == n)
			break;
		e = in;
	}
	memset(st, 0, sizeof(*st));
	for (k = b; k < e; k++)
		if (!path->at[k])
			stretch_add(st, x[k], y[k], z[k]);
	return e;
}

/* Whether a chain of stretches is long enough to be a dwell. */
static int
long_enough(const struct hop_sitenet *net, const struct stretch *c)
{
	return c->m > SITE_SAMPLES * net->vib.tau && c->m >= DWELL_FRAMES;
}

/* A chain of stretches as a dwell into out when it is one: long enough,
 * a vibration about its mean, and that mean no site's.  0 or -1. */
static int
dwell_judge(const struct hop_sitenet *net, const struct stretch *c,
    const double origin[3], struct hop_sitenet_dwells *out)
{
	double mean[3], ms, f[3], dmin;
	int k;

	if (!long_enough(net, c))
		return 0;
	for (k = 0; k < 3; k++)
		mean[k] = c->sum[k] / c->m;
	ms = c->sq / c->m - (mean[0] * mean[0] + mean[1] * mean[1] +
	    mean[2] * mean[2]);
	if (ms > 3 * DWELL_RMS * DWELL_RMS * net->vib.sigma * net->vib.sigma)
		return 0;
	for (k = 0; k < 3; k++)
		mean[k] += origin[k];
	/* Vibration about a known site is no new one. */
	hop_sitenet_nearest(net, mean, &dmin, NULL);
	if (!(dmin >= net->merge))
		return 0;
	if (dwell_room(out, 1) != 0)
		return -1;
	hop_cart_to_frac(mean, net->inv, f);
	for (k = 0; k < 3; k++)
		out->d[out->n].frac[k] = f[k] - floor(f[k]);
	out->d[out->n].frames = c->m;
	out->n++;
	return 0;
}

/*
 * The dwells of the ion's own sites (the adaptive mode's, sites.h, from
 * the species' vibration): each site's frames within the species' radius
 * of its centre, judged as a chain of stretches is.  A chain out of every
 * radius can run on from a place into the ion's walk to a neighbour, or
 * be cut where its wide vibration reaches into one; the adaptive mode,
 * which sees the ion's frames in time order with its own sites, finds
 * the place.  0 or -1.
 */
static int
own_site_dwells(const struct hop_sitenet *net, const double origin[3],
    const float *x, const float *y, const float *z, size_t n,
    struct hop_sitenet_dwells *out)
{
	struct hop_pts p = {x, y, z, n};
	struct hop_sites_ws *w = hop_sites_ws_new(n);
	uint8_t *lab = malloc(n ? n : 1);
	struct hop_sites *s = malloc(sizeof(*s));
	struct stretch *st = calloc(HOP_LABELS_MAX, sizeof(*st));
	int ret = -1;
	size_t t;
	unsigned c;

	if (w == NULL || lab == NULL || s == NULL || st == NULL ||
	    hop_sites_find(w, &p, &net->vib, lab, s) != 0)
		goto out;
	for (t = 0; t < n; t++) {
		double d[3] = {x[t] - s->centre[lab[t]][0],
		    y[t] - s->centre[lab[t]][1], z[t] - s->centre[lab[t]][2]};

		if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <=
		    net->radius * net->radius)
			stretch_add(&st[lab[t]], x[t], y[t], z[t]);
	}
	ret = 0;
	for (c = 0; c < s->k && ret == 0; c++)
		ret = dwell_judge(net, &st[c], origin, out);
out:
	hop_sites_ws_free(w);
	free(lab);
	free(s);
	free(st);
	return ret;
}

int
hop_sitenet_dwells_find(const struct hop_sitenet *net,
    const struct hop_sitenet_path *path, const double origin[3],
    const float *x, const float *y, const float *z,
    struct hop_sitenet_dwells *out)
{
	struct stretch chain, st;
	size_t t = 0, n = path->n, end = 0, n0 = out->n, n1, i, j, kept;
	int k, any = 0;

	/* With translations the density holds every copy of a site: a
	 * place seen in one copy only is no site (step 3). */
	if (net->ntrans > 1 || path->nstates == 0)
		return 0;
	memset(&chain, 0, sizeof(chain));
	for (;;) {
		size_t b, e;
		double d2 = 0;

		while (t < n && path->at[t])
			t++;
		if (t >= n)
			break;
		b = t;
		e = t = stretch_end(path, x, y, z, b, &st);
		/* Joined to the chain across a return into a neighbour's
		 * radius shorter than DWELL_GAP tau, when both lie at one
		 * place (their means within the merge tolerance). */
		for (k = 0; k < 3 && chain.m > 0 && st.m > 0; k++) {
			double u = st.sum[k] / st.m - chain.sum[k] / chain.m;

			d2 += u * u;
		}
		if (chain.m > 0 && st.m >= MIN_FRAMES &&
		    (double)(b - end) < DWELL_GAP * net->vib.tau &&
		    d2 < net->merge * net->merge) {
			for (k = 0; k < 3; k++)
				chain.sum[k] += st.sum[k];
			chain.sq += st.sq;
			chain.m += st.m;
			end = e;
			continue;
		}
		any |= long_enough(net, &chain);
		if (dwell_judge(net, &chain, origin, out) != 0)
			return -1;
		chain = st;
		end = e;
	}
	any |= long_enough(net, &chain);
	if (dwell_judge(net, &chain, origin, out) != 0)
		return -1;
	/* Where a chain was long enough, dwell or not, the ion's own sites
	 * too (the adaptive mode's; seldom needed, so not always taken:
	 * they cost as much again as the rest of the network mode).  Their
	 * frames are its vibration about a place, where a chain also holds
	 * its walks to and from it: a chain within the merge tolerance of
	 * one of them is dropped. */
	if (!any)
		return 0;
	n1 = out->n;
	if (own_site_dwells(net, origin, x, y, z, n, out) != 0)
		return -1;
	kept = n0;
	for (i = n0; i < n1; i++) {
		for (j = n1; j < out->n; j++)
			if (frac_dist(net, out->d[i].frac, out->d[j].frac) <
			    net->merge)
				break;
		if (j == out->n)
			out->d[kept++] = out->d[i];
	}
	for (j = n1; j < out->n; j++)
		out->d[kept++] = out->d[j];
	out->n = kept;
	return 0;
}

int
hop_sitenet_dwells_cat(struct hop_sitenet_dwells *dst,
    const struct hop_sitenet_dwells *src)
{
	if (src->n == 0)
		return 0;
	if (dwell_room(dst, src->n) != 0)
		return -1;
	memcpy(dst->d + dst->n, src->d, src->n * sizeof(*src->d));
	dst->n += src->n;
	return 0;
}

/* Longest first, then by frac: an order that does not depend on the
 * order the dwells were found in. */
static int
cmp_dwell(const void *a, const void *b)
{
	const struct hop_sitenet_dwell *x = a, *y = b;
	int k;

	if (x->frames != y->frames)
		return (x->frames < y->frames) - (x->frames > y->frames);
	for (k = 0; k < 3; k++)
		if (x->frac[k] != y->frac[k])
			return (x->frac[k] > y->frac[k]) -
			    (x->frac[k] < y->frac[k]);
	return 0;
}

int
hop_sitenet_dwell_sites(struct hop_sitenet *net,
    struct hop_sitenet_dwells *dw, const struct hop_sitenet_opts *o,
    struct hop_err *err)
{
	size_t i, j, k, nnew = 0, added = 0;
	struct hop_site *ns;

	if (dw->n == 0 || o->no_dwells)
		return 0;
	qsort(dw->d, dw->n, sizeof(*dw->d), cmp_dwell);
	/* The longest first, each absorbing the later ones within the
	 * merge tolerance of it (their frame-weighted mean, minimum
	 * image); an absorbed dwell is marked by frames < 0. */
	for (i = 0; i < dw->n; i++) {
		double sum[3] = {0, 0, 0}, wsum = dw->d[i].frames;

		if (dw->d[i].frames < 0)
			continue;
		for (j = i + 1; j < dw->n; j++) {
			double df;

			if (dw->d[j].frames < 0 || !(frac_dist(net,
			    dw->d[i].frac, dw->d[j].frac) < net->merge))
				continue;
			for (k = 0; k < 3; k++) {
				df = dw->d[j].frac[k] - dw->d[i].frac[k];
				sum[k] += dw->d[j].frames * (df - floor(df +
				    0.5));
			}
			wsum += dw->d[j].frames;
			dw->d[j].frames = -1;
		}
		for (k = 0; k < 3; k++) {
			dw->d[i].frac[k] += sum[k] / wsum;
			dw->d[i].frac[k] -= floor(dw->d[i].frac[k]);
		}
		dw->d[i].frames = wsum;
		dw->d[nnew++] = dw->d[i];
	}
	dw->n = nnew;
	if ((ns = realloc(net->site, (net->nsites + nnew) *
	    sizeof(*ns))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	net->site = ns;
	/* A merged dwell within the merge tolerance of a site (or of a
	 * longer dwell's site) is vibration about it. */
	for (i = 0; i < nnew; i++) {
		struct hop_site *s = &net->site[net->nsites];
		int near = 0;

		for (j = 0; j < net->nsites && !near; j++) {
			double dd = frac_dist(net, dw->d[i].frac,
			    net->site[j].frac);

			near = dd < net->merge;
		}
		if (near)
			continue;
		memset(s, 0, sizeof(*s));
		memcpy(s->frac, dw->d[i].frac, sizeof(s->frac));
		hop_frac_to_cart(s->frac, net->cell, s->pos);
		s->points = (uint64_t)llround(dw->d[i].frames);
		s->mean_res = NAN;
		net->nsites++;
		added++;
	}
	if (added == 0)
		return 0;
	qsort(net->site, net->nsites, sizeof(*net->site), cmp_site);
	return resettle(net, o, err);
}
