/*
 * siteocc.c - per-frame site assignment with the flicker filter, and the
 * analysis of the jumps (see siteocc.h).
 *
 * The nearest site is found through a grid of bins over the fractional
 * cell, each bin at least one radius wide in the first frame's cell
 * (perpendicular widths), so that every site within the radius of a point
 * lies in the point's bin or one of its 26 neighbours; a point's search
 * takes only the bins the radius reaches in its frame's cell (more than
 * the neighbours when the cell has shrunk).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "jobs.h"
#include "poisson.h"
#include "siteocc.h"
#include "stats.h"

struct ion_state {
	int32_t cur;        /* confirmed site, -1 none yet */
	int32_t cand;       /* candidate site, -1 none */
	uint64_t since;     /* arrival on cur */
	uint64_t last_on;   /* last frame on cur */
	uint64_t cand_start;
	uint32_t cand_len;  /* frames on cand in the current run */
	int edge;           /* the residence on cur began before the run */
};

struct hop_siteocc {
	const struct hop_siteset *s;
	double cell0[9], inv0[9];
	uint32_t nions;
	double radius;
	unsigned min_visit;
	uint64_t frame;
	struct ion_state *st;
	uint64_t *occ, *visits;
	uint64_t between, flicker;
	/* The bins: nb[3] per axis, sites of bin b at
	 * bin_sites[bin_start[b] .. bin_start[b + 1]). */
	unsigned nb[3];
	size_t *bin_start;
	uint32_t *bin_sites;
	struct hop_jump *jumps;
	size_t njumps, capjumps;
	struct hop_residence *res;
	size_t nres, capres;
	int32_t *scratch;   /* nions: one frame's raw sites */
	int finished;
};

static double
perp_width(const double cell[9], int d)
{
	const double *b = &cell[3 * ((d + 1) % 3)], *c = &cell[3 * ((d + 2) %
	    3)];
	double x[3] = {b[1] * c[2] - b[2] * c[1], b[2] * c[0] - b[0] * c[2],
	    b[0] * c[1] - b[1] * c[0]};

	return fabs(hop_cell_det(cell)) / sqrt(x[0] * x[0] + x[1] * x[1] +
	    x[2] * x[2]);
}

static unsigned
bin_of(double f, unsigned nb)
{
	long b = (long)floor(f * nb);

	b %= (long)nb;
	if (b < 0)
		b += nb;
	return (unsigned)b;
}

double
hop_siteset_min_distance(const struct hop_siteset *s, const double cell[9])
{
	double inv[9];

	if (hop_cell_inverse(cell, inv) != 0)
		return NAN;
	return hop_siteset_closest(s, s->n, cell, NULL);
}

struct hop_siteocc *
hop_siteocc_new(const struct hop_siteset *s, const double cell[9],
    uint32_t nions, double radius, unsigned min_visit, struct hop_err *err)
{
	struct hop_siteocc *o = calloc(1, sizeof(*o));
	size_t nbins, i, *fill = NULL;
	int d;

	if (o == NULL)
		goto oom;
	o->s = s;
	memcpy(o->cell0, cell, sizeof(o->cell0));
	if (hop_cell_inverse(cell, o->inv0) != 0) {
		hop_err_set(err, "the cell is singular");
		free(o);
		return NULL;
	}
	o->nions = nions;
	o->radius = radius;
	o->min_visit = min_visit ? min_visit : 1;
	for (d = 0; d < 3; d++) {
		double nbd = floor(perp_width(cell, d) / radius);

		o->nb[d] = nbd < 1 ? 1 : nbd > 200 ? 200 : (unsigned)nbd;
	}
	nbins = (size_t)o->nb[0] * o->nb[1] * o->nb[2];
	o->st = calloc(nions ? nions : 1, sizeof(*o->st));
	o->occ = calloc(s->n ? s->n : 1, sizeof(uint64_t));
	o->visits = calloc(s->n ? s->n : 1, sizeof(uint64_t));
	o->bin_start = calloc(nbins + 1, sizeof(size_t));
	o->bin_sites = calloc(s->n ? s->n : 1, sizeof(uint32_t));
	fill = calloc(nbins, sizeof(size_t));
	if (o->st == NULL || o->occ == NULL || o->visits == NULL ||
	    o->bin_start == NULL || o->bin_sites == NULL || fill == NULL)
		goto oom;
	for (i = 0; i < nions; i++) {
		o->st[i].cur = -1;
		o->st[i].cand = -1;
	}
	for (i = 0; i < s->n; i++) {
		const double *f = &s->frac[3 * i];
		size_t b = ((size_t)bin_of(f[0], o->nb[0]) * o->nb[1] +
		    bin_of(f[1], o->nb[1])) * o->nb[2] + bin_of(f[2], o->nb[2]);

		o->bin_start[b + 1]++;
	}
	for (i = 0; i < nbins; i++)
		o->bin_start[i + 1] += o->bin_start[i];
	for (i = 0; i < s->n; i++) {
		const double *f = &s->frac[3 * i];
		size_t b = ((size_t)bin_of(f[0], o->nb[0]) * o->nb[1] +
		    bin_of(f[1], o->nb[1])) * o->nb[2] + bin_of(f[2], o->nb[2]);

		o->bin_sites[o->bin_start[b] + fill[b]++] = (uint32_t)i;
	}
	free(fill);
	return o;
oom:
	free(fill);
	hop_siteocc_free(o);
	hop_err_set(err, "out of memory");
	return NULL;
}

void
hop_siteocc_free(struct hop_siteocc *o)
{
	if (o == NULL)
		return;
	free(o->st);
	free(o->occ);
	free(o->visits);
	free(o->bin_start);
	free(o->bin_sites);
	free(o->jumps);
	free(o->res);
	free(o->scratch);
	free(o);
}

/* Bin i of an axis of n bins, -n < i < 2 n, wrapped into the cell. */
static size_t
wrap(int i, unsigned n)
{
	return (size_t)(i < 0 ? i + (int)n : i >= (int)n ? i - (int)n : i);
}

/*
 * The nearest site to fractional f within the radius, or -1; rho[d]: the
 * radius in bins along axis d in the frame's cell.  The bins searched are
 * those the radius reaches: of the 26 neighbours, those it reaches in the
 * first frame's cell, more when the cell has shrunk (every bin of an axis
 * once when it reaches them all).
 */
static int32_t
nearest(const struct hop_siteocc *o, const double f[3], const double *cell,
    const double rho[3])
{
	int b[3], d, i0, i1, i2;
	int lo[3], hi[3];
	double best = o->radius * o->radius;
	int32_t site = -1;

	for (d = 0; d < 3; d++) {
		double u = f[d] * o->nb[d] - floor(f[d] * o->nb[d]);

		b[d] = (int)bin_of(f[d], o->nb[d]);
		/* The slack covers rounding. */
		if (rho[d] + 1 < o->nb[d]) {
			lo[d] = b[d] + (int)floor(u - rho[d] - 1e-9);
			hi[d] = b[d] + (int)floor(u + rho[d] + 1e-9);
		}
		if (!(rho[d] + 1 < o->nb[d]) ||
		    hi[d] - lo[d] + 1 >= (int)o->nb[d]) {
			lo[d] = 0;
			hi[d] = (int)o->nb[d] - 1;
		}
	}
	for (i0 = lo[0]; i0 <= hi[0]; i0++)
	for (i1 = lo[1]; i1 <= hi[1]; i1++)
	for (i2 = lo[2]; i2 <= hi[2]; i2++) {
		size_t bin = ((size_t)wrap(i0, o->nb[0]) * o->nb[1] +
		    wrap(i1, o->nb[1])) * o->nb[2] + wrap(i2, o->nb[2]), k;

		for (k = o->bin_start[bin]; k < o->bin_start[bin + 1]; k++) {
			uint32_t s = o->bin_sites[k];
			const double *sf = &o->s->frac[3 * s];
			double df[3] = {f[0] - sf[0], f[1] - sf[1],
			    f[2] - sf[2]}, r[3], d2;

			hop_min_image_frac(df);
			hop_frac_to_cart(df, cell, r);
			d2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
			if (d2 < best) {
				best = d2;
				site = (int32_t)s;
			}
		}
	}
	return site;
}

static int
add_jump(struct hop_siteocc *o, const struct hop_jump *j, struct hop_err *err)
{
	if (o->njumps == o->capjumps) {
		size_t cap = o->capjumps ? 2 * o->capjumps : 1024;
		void *p = realloc(o->jumps, cap * sizeof(*o->jumps));

		if (p == NULL) {
			hop_err_set(err, "out of memory");
			return -1;
		}
		o->jumps = p;
		o->capjumps = cap;
	}
	o->jumps[o->njumps++] = *j;
	return 0;
}

static int
add_res(struct hop_siteocc *o, uint32_t ion, const struct ion_state *st,
    int edge, struct hop_err *err)
{
	struct hop_residence *r;

	if (o->nres == o->capres) {
		size_t cap = o->capres ? 2 * o->capres : 1024;
		void *p = realloc(o->res, cap * sizeof(*o->res));

		if (p == NULL) {
			hop_err_set(err, "out of memory");
			return -1;
		}
		o->res = p;
		o->capres = cap;
	}
	r = &o->res[o->nres++];
	r->ion = ion;
	r->site = (uint32_t)st->cur;
	r->first = st->since;
	r->last = st->last_on;
	r->edge = edge;
	return 0;
}

/* The site-to-site vector from a to b in the first frame's cell. */
static void
site_vec(const struct hop_siteocc *o, uint32_t a, uint32_t b, double v[3])
{
	double df[3];
	int k;

	for (k = 0; k < 3; k++)
		df[k] = o->s->frac[3 * b + k] - o->s->frac[3 * a + k];
	hop_frac_min_image(df, o->cell0, v);
}

/* Each ion's nearest site within the radius (-1: none) in one frame of
 * pos, cell c (inverse inv).  Reads o only. */
static void
assign(const struct hop_siteocc *o, const double *pos, const double *c,
    const double inv[9], int32_t *sites)
{
	double rho[3];
	uint32_t i;
	int d;

	for (d = 0; d < 3; d++)
		rho[d] = o->radius / perp_width(c, d) * o->nb[d];
	for (i = 0; i < o->nions; i++) {
		double f[3];

		hop_cart_to_frac(&pos[3 * (size_t)i], inv, f);
		sites[i] = nearest(o, f, c, rho);
	}
}

/* The filter over one frame's raw sites. */
static int
advance(struct hop_siteocc *o, const int32_t *sites, struct hop_err *err)
{
	uint64_t t = o->frame;
	uint32_t i;

	for (i = 0; i < o->nions; i++) {
		struct ion_state *st = &o->st[i];
		int32_t a = sites[i];

		if (a < 0) {
			o->between++;
			continue;
		}
		if (a == st->cur) {
			o->occ[a]++;
			st->last_on = t;
			if (st->cand >= 0) {
				o->flicker += st->cand_len;
				o->between += st->cand_len;
				st->cand = -1;
			}
			continue;
		}
		if (a != st->cand) {
			if (st->cand >= 0) {
				o->flicker += st->cand_len;
				o->between += st->cand_len;
			}
			st->cand = a;
			st->cand_start = t;
			st->cand_len = 0;
		}
		st->cand_len++;
		if (st->cand_len < o->min_visit)
			continue;
		/* Confirmed: the ion now resides on cand. */
		if (st->cur >= 0) {
			struct hop_jump j;

			j.ion = i;
			j.from = (uint32_t)st->cur;
			j.to = (uint32_t)a;
			j.left = st->last_on;
			j.arrived = st->cand_start;
			site_vec(o, j.from, j.to, j.vec);
			if (add_jump(o, &j, err) != 0 ||
			    add_res(o, i, st, st->edge, err) != 0)
				return -1;
			st->edge = 0;
		} else
			st->edge = 1;
		st->cur = a;
		st->since = st->cand_start;
		st->last_on = t;
		o->occ[a] += st->cand_len;
		o->visits[a]++;
		st->cand = -1;
	}
	o->frame++;
	return 0;
}

int
hop_siteocc_frame(struct hop_siteocc *o, const double *pos,
    const double *cell, int32_t *sites, struct hop_err *err)
{
	double inv[9];
	const double *c = cell != NULL ? cell : o->cell0;

	if (cell == NULL)
		memcpy(inv, o->inv0, sizeof(inv));
	else if (hop_cell_inverse(cell, inv) != 0) {
		hop_err_set(err, "frame %llu: the cell is singular",
		    (unsigned long long)o->frame);
		return -1;
	}
	if (o->scratch == NULL && (o->scratch = malloc((o->nions ? o->nions :
	    1) * sizeof(int32_t))) == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	assign(o, pos, c, inv, o->scratch);
	if (sites != NULL)
		memcpy(sites, o->scratch, o->nions * sizeof(int32_t));
	return advance(o, o->scratch, err);
}

/* One thread's share of a batch: frames f0 .. f1. */
struct batch {
	const struct hop_siteocc *o;
	const double *pos, *cells, *inv; /* inv: 9 per frame, or NULL */
	size_t f0, f1;
	int32_t *sites;
};

static void *
run_batch(void *arg)
{
	const struct batch *b = arg;
	const struct hop_siteocc *o = b->o;
	size_t f, n3 = 3 * (size_t)o->nions;

	for (f = b->f0; f < b->f1; f++)
		assign(o, b->pos + f * n3, b->cells ? b->cells + 9 * f :
		    o->cell0, b->inv ? b->inv + 9 * f : o->inv0,
		    b->sites + f * o->nions);
	return NULL;
}

int
hop_siteocc_batch(struct hop_siteocc *o, const double *pos,
    const double *cells, size_t nframes, unsigned nthreads,
    struct hop_err *err)
{
	struct batch *b = NULL;
	int32_t *sites = NULL;
	double *inv = NULL;
	size_t f;
	unsigned j;
	int ret = -1;

	if (nframes == 0)
		return 0;
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > nframes)
		nthreads = (unsigned)nframes;
	b = calloc(nthreads, sizeof(*b));
	sites = malloc(nframes * (o->nions ? o->nions : 1) * sizeof(int32_t));
	if (cells != NULL)
		inv = malloc(nframes * 9 * sizeof(double));
	if (b == NULL || sites == NULL || (cells != NULL && inv == NULL)) {
		hop_err_set(err, "out of memory");
		goto out;
	}
	for (f = 0; cells != NULL && f < nframes; f++)
		if (hop_cell_inverse(cells + 9 * f, inv + 9 * f) != 0) {
			hop_err_set(err, "frame %llu: the cell is singular",
			    (unsigned long long)(o->frame + f));
			goto out;
		}
	for (j = 0; j < nthreads; j++) {
		b[j].o = o;
		b[j].pos = pos;
		b[j].cells = cells;
		b[j].inv = inv;
		b[j].f0 = nframes * j / nthreads;
		b[j].f1 = nframes * (j + 1) / nthreads;
		b[j].sites = sites;
	}
	hop_jobs_run(run_batch, b, sizeof(*b), nthreads);
	for (f = 0; f < nframes; f++)
		if (advance(o, sites + f * o->nions, err) != 0)
			goto out;
	ret = 0;
out:
	free(b);
	free(sites);
	free(inv);
	return ret;
}

int
hop_siteocc_finish(struct hop_siteocc *o, struct hop_err *err)
{
	uint32_t i;

	if (o->finished)
		return 0;
	for (i = 0; i < o->nions; i++) {
		struct ion_state *st = &o->st[i];

		if (st->cand >= 0) {
			o->flicker += st->cand_len;
			o->between += st->cand_len;
			st->cand = -1;
		}
		if (st->cur >= 0 && add_res(o, i, st, 1, err) != 0)
			return -1;
	}
	o->finished = 1;
	return 0;
}

uint64_t hop_siteocc_frames(const struct hop_siteocc *o) { return o->frame; }
uint32_t hop_siteocc_ions(const struct hop_siteocc *o) { return o->nions; }
double hop_siteocc_radius(const struct hop_siteocc *o) { return o->radius; }

uint64_t
hop_siteocc_site_frames(const struct hop_siteocc *o, size_t i)
{
	return o->occ[i];
}

uint64_t
hop_siteocc_site_visits(const struct hop_siteocc *o, size_t i)
{
	return o->visits[i];
}

uint64_t
hop_siteocc_between_frames(const struct hop_siteocc *o)
{
	return o->between;
}

uint64_t
hop_siteocc_flicker_frames(const struct hop_siteocc *o)
{
	return o->flicker;
}

const struct hop_jump *
hop_siteocc_jumps(const struct hop_siteocc *o, size_t *n)
{
	*n = o->njumps;
	return o->jumps;
}

const struct hop_residence *
hop_siteocc_residences(const struct hop_siteocc *o, size_t *n)
{
	*n = o->nres;
	return o->res;
}

/* --- analysis --- */

void
hop_sitejumps_free(struct hop_sitejumps *r)
{
	free(r->trans);
	free(r->occ_type);
	free(r->occ_per_site);
	free(r->nsites_type);
	free(r->res);
	free(r->site_res_ps);
	free(r->site_res_n);
	free(r->jt);
	memset(r, 0, sizeof(*r));
}

/* Jumps sorted by from type, to type, distance. */
struct jkey {
	uint32_t a, b;
	double d;
	size_t j;
};

static int
cmp_jkey(const void *x, const void *y)
{
	const struct jkey *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->d > q->d) - (p->d < q->d);
}

static double
len3(const double *v)
{
	return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

int
hop_sitejumps_analyse(const struct hop_siteocc *o,
    const struct hop_siteset *s, double dt_ps, unsigned dims, double tol_A,
    struct hop_sitejumps *r, struct hop_err *err)
{
	size_t nt = s->ntypes, i, k, nj = o->njumps, start;
	struct jkey *key = NULL;
	size_t *jtype = NULL;
	double *tmp = NULL, *type_time = NULL;
	double nt_ion, sum2 = 0, sum4 = 0, scale;
	uint64_t *ret_n = NULL, *ret_d = NULL, ret_all = 0;

	memset(r, 0, sizeof(*r));
	r->ntypes = nt;
	r->trans = calloc(nt ? nt * nt : 1, sizeof(uint64_t));
	r->occ_type = calloc(nt ? nt : 1, sizeof(double));
	r->occ_per_site = calloc(nt ? nt : 1, sizeof(double));
	r->nsites_type = calloc(nt ? nt : 1, sizeof(size_t));
	r->res = calloc(nt ? nt : 1, sizeof(*r->res));
	r->jt = calloc(nj ? nj : 1, sizeof(*r->jt));
	r->site_res_ps = calloc(s->n ? s->n : 1, sizeof(double));
	r->site_res_n = calloc(s->n ? s->n : 1, sizeof(uint64_t));
	key = calloc(nj ? nj : 1, sizeof(*key));
	jtype = calloc(nj ? nj : 1, sizeof(size_t));
	tmp = calloc(o->nres ? o->nres : 1, sizeof(double));
	type_time = calloc(nt ? nt : 1, sizeof(double));
	if (r->trans == NULL || r->occ_type == NULL || r->occ_per_site ==
	    NULL || r->nsites_type == NULL || r->res == NULL || r->jt == NULL ||
	    key == NULL || jtype == NULL || tmp == NULL || type_time == NULL ||
	    r->site_res_ps == NULL || r->site_res_n == NULL) {
		hop_err_set(err, "out of memory");
		goto fail;
	}
	r->njumps = nj;
	r->t_ps = o->frame > 1 ? (double)(o->frame - 1) * dt_ps : NAN;
	nt_ion = (double)o->nions * r->t_ps;
	/* Occupancy by type. */
	for (i = 0; i < s->n; i++) {
		uint32_t t = s->type[i];

		r->nsites_type[t]++;
		r->occ_type[t] += o->frame ? (double)o->occ[i] /
		    (double)o->frame : NAN;
		type_time[t] += (double)o->occ[i] * dt_ps;
	}
	for (k = 0; k < nt; k++)
		r->occ_per_site[k] = r->nsites_type[k] ? r->occ_type[k] /
		    (double)r->nsites_type[k] : NAN;
	r->between = o->frame && o->nions ? (double)o->between /
	    ((double)o->frame * o->nions) : NAN;
	/* Transitions and jump sums. */
	for (i = 0; i < nj; i++) {
		const struct hop_jump *j = &o->jumps[i];
		double l2 = j->vec[0] * j->vec[0] + j->vec[1] * j->vec[1] +
		    j->vec[2] * j->vec[2];

		r->trans[s->type[j->from] * nt + s->type[j->to]]++;
		sum2 += l2;
		sum4 += l2 * l2;
		key[i].a = s->type[j->from];
		key[i].b = s->type[j->to];
		key[i].d = len3(j->vec);
		key[i].j = i;
	}
	scale = 1.0 / (2.0 * dims * nt_ion);
	r->d_jump = sum2 * scale;
	r->dd_jump = sqrt(sum4) * scale;
	/* Jump types: sorted, split at distance gaps above tol. */
	qsort(key, nj, sizeof(*key), cmp_jkey);
	start = 0;
	for (i = 1; i <= nj; i++) {
		struct hop_jumptype *t;
		size_t m;

		if (i < nj && key[i].a == key[start].a &&
		    key[i].b == key[start].b &&
		    key[i].d - key[i - 1].d <= tol_A)
			continue;
		t = &r->jt[r->njt];
		t->from = key[start].a;
		t->to = key[start].b;
		t->dmin_A = key[start].d;
		t->dmax_A = key[i - 1].d;
		t->count = i - start;
		t->dist_A = 0;
		for (m = start; m < i; m++) {
			t->dist_A += key[m].d;
			jtype[key[m].j] = r->njt;
		}
		t->dist_A /= (double)t->count;
		snprintf(t->name, sizeof(t->name), "%s-%s@%.2f",
		    s->type_name[t->from], s->type_name[t->to], t->dist_A);
		r->njt++;
		start = i;
	}
	for (k = 0; k < r->njt; k++) {
		struct hop_jumptype *t = &r->jt[k];
		double lo, hi;

		hop_poisson_interval(t->count, 0.95, &lo, &hi);
		t->rate_ion_ps = (double)t->count / nt_ion;
		t->rate_ion_lo = lo / nt_ion;
		t->rate_ion_hi = hi / nt_ion;
		t->drate_ion_ps = sqrt((double)t->count) / nt_ion;
		t->rate_ps = (double)t->count / r->t_ps;
		t->rate_from_ps = type_time[t->from] > 0 ?
		    (double)t->count / type_time[t->from] : NAN;
	}
	/* Returns: a jump whose destination is where the ion was before
	 * its previous jump.  Jumps are in time order per ion. */
	ret_n = calloc(r->njt ? r->njt : 1, sizeof(uint64_t));
	ret_d = calloc(r->njt ? r->njt : 1, sizeof(uint64_t));
	if (ret_n == NULL || ret_d == NULL) {
		hop_err_set(err, "out of memory");
		goto fail;
	}
	{
		size_t *lastj = malloc((o->nions ? o->nions : 1) *
		    sizeof(size_t));

		if (lastj == NULL) {
			hop_err_set(err, "out of memory");
			goto fail;
		}
		for (i = 0; i < o->nions; i++)
			lastj[i] = SIZE_MAX;
		for (i = 0; i < nj; i++) {
			const struct hop_jump *j = &o->jumps[i];
			size_t p = lastj[j->ion];

			if (p != SIZE_MAX) {
				int back = o->jumps[p].from == j->to;

				ret_d[jtype[i]]++;
				ret_n[jtype[i]] += back;
				r->nreturn_pairs++;
				ret_all += back;
			}
			lastj[j->ion] = i;
		}
		free(lastj);
	}
	for (k = 0; k < r->njt; k++)
		r->jt[k].returns = ret_d[k] ? (double)ret_n[k] /
		    (double)ret_d[k] : NAN;
	r->returns = r->nreturn_pairs ? (double)ret_all /
	    (double)r->nreturn_pairs : NAN;
	/* Residences per site and per type. */
	for (i = 0; i < o->nres; i++) {
		const struct hop_residence *x = &o->res[i];

		if (x->edge)
			continue;
		r->site_res_ps[x->site] += (double)(x->last - x->first + 1) *
		    dt_ps;
		r->site_res_n[x->site]++;
	}
	for (i = 0; i < s->n; i++)
		r->site_res_ps[i] = r->site_res_n[i] ? r->site_res_ps[i] /
		    (double)r->site_res_n[i] : NAN;
	for (k = 0; k < nt; k++) {
		struct hop_restats *q = &r->res[k];
		size_t n = 0;
		struct hop_summary sm;

		for (i = 0; i < o->nres; i++) {
			const struct hop_residence *x = &o->res[i];

			if (s->type[x->site] != k)
				continue;
			if (x->edge) {
				q->edge++;
				continue;
			}
			tmp[n++] = (double)(x->last - x->first + 1) * dt_ps;
		}
		q->n = n;
		hop_summary(tmp, n, &sm);
		q->mean_ps = sm.mean;
		q->sem_ps = n >= 2 ? sm.std / sqrt((double)n) : NAN;
		q->median_ps = sm.median;
		q->q25_ps = hop_quantile(tmp, n, 0.25);
		q->q75_ps = hop_quantile(tmp, n, 0.75);
		q->max_ps = sm.max;
	}
	free(key);
	free(jtype);
	free(tmp);
	free(type_time);
	free(ret_n);
	free(ret_d);
	return 0;
fail:
	free(key);
	free(jtype);
	free(tmp);
	free(type_time);
	free(ret_n);
	free(ret_d);
	hop_sitejumps_free(r);
	return -1;
}
