/*
 * mechanism.c - see mechanism.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "mechanism.h"
#include "rng.h"

/* --- union-find --- */

int
hop_uf_init(struct hop_uf *u, size_t n)
{
	u->n = n;
	u->parent = NULL;
	u->rank = NULL;
	if (n > UINT32_MAX)
		return -1;
	u->parent = malloc((n > 0 ? n : 1) * sizeof(*u->parent));
	u->rank = malloc(n > 0 ? n : 1);
	if (u->parent == NULL || u->rank == NULL) {
		hop_uf_free(u);
		return -1;
	}
	hop_uf_reset(u);
	return 0;
}

void
hop_uf_reset(struct hop_uf *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		u->parent[i] = (uint32_t)i;
	memset(u->rank, 0, u->n);
}

uint32_t
hop_uf_find(struct hop_uf *u, uint32_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

int
hop_uf_union(struct hop_uf *u, uint32_t a, uint32_t b)
{
	a = hop_uf_find(u, a);
	b = hop_uf_find(u, b);
	if (a == b)
		return 0;
	if (u->rank[a] < u->rank[b]) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	u->parent[b] = a;
	if (u->rank[a] == u->rank[b])
		u->rank[a]++;
	return 1;
}

void
hop_uf_free(struct hop_uf *u)
{
	free(u->parent);
	free(u->rank);
	u->parent = NULL;
	u->rank = NULL;
	u->n = 0;
}

/* --- classes --- */

static const char *const class_names[HOP_MECH_NCLASS] = {
	"isolated", "back-and-forth", "exchange", "knock-off", "string",
	"concerted", "other"
};

const char *
hop_mech_class_name(unsigned c)
{
	return c < HOP_MECH_NCLASS ? class_names[c] : NULL;
}

static int
cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static double
dist3(const double a[3], const double b[3])
{
	double d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];

	return sqrt(d0 * d0 + d1 * d1 + d2 * d2);
}

/* The median of the positive values among v[0..n-1] (sorted in place),
 * NaN when there is none. */
static double
median_positive(double *v, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		if (v[i] > 0 && isfinite(v[i]))
			v[k++] = v[i];
	if (k == 0)
		return NAN;
	qsort(v, k, sizeof(*v), cmp_double);
	return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
}

int
hop_mech_defaults(const struct hop_event *hops, size_t n,
    struct hop_mech_params *p, double *site_sep, struct hop_err *err)
{
	double *v = malloc((n > 0 ? n : 1) * sizeof(*v)), s;
	size_t i;

	if (v == NULL) {
		hop_err_set(err, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		v[i] = dist3(hops[i].to_centre, hops[i].from_centre);
	s = median_positive(v, n);
	if (isnan(s)) {
		for (i = 0; i < n; i++)
			v[i] = dist3(hops[i].end_pos, hops[i].start_pos);
		s = median_positive(v, n);
	}
	if (p->lag == UINT64_MAX) {
		for (i = 0; i < n; i++)
			v[i] = (double)(hops[i].end - hops[i].start);
		qsort(v, n, sizeof(*v), cmp_double);
		p->lag = n > 0 ? (uint64_t)v[(n - 1) / 2] : 0;
	}
	free(v);
	*site_sep = s;
	if (isnan(p->cos_min))
		p->cos_min = HOP_MECH_COS_MIN;
	if (p->max_classify == 0)
		p->max_classify = HOP_MECH_MAX_CLASSIFY;
	if ((isfinite(p->cutoff) && isfinite(p->r_match)) || !isnan(s) ||
	    n == 0) {
		if (!isfinite(p->cutoff))
			p->cutoff = HOP_MECH_CUTOFF_FACTOR * s;
		if (!isfinite(p->r_match))
			p->r_match = HOP_MECH_MATCH_FACTOR * s;
		return 0;
	}
	hop_err_set(err, "no hop has a positive length: give --cutoff and "
	    "--merge-tol");
	return -1;
}

/* --- the workspace --- */

struct hop_mech {
	size_t n;
	uint32_t natoms;
	uint64_t T;
	struct hop_mech_params p;
	double cell[9], inv[9];
	struct hop_event *h;
	double *f0;        /* fractional start positions, 3 per hop */
	double *disp;      /* to - from, 3 per hop, and its length */
	double *dlen;
	int64_t *s, *e;    /* shifted times */
	uint32_t *order;   /* hops by shifted start */
	uint32_t *tmp;
	uint32_t *label;   /* per root: group id + 1 */
	uint32_t *seen;    /* per atom: stamp, for counting ions */
	uint32_t stamp;
	uint32_t *aux;     /* per group member: scratch */
	struct hop_uf uf;
	struct hop_mech_groups g;
};

void
hop_mech_free(struct hop_mech *m)
{
	if (m == NULL)
		return;
	free(m->h);
	free(m->f0);
	free(m->disp);
	free(m->dlen);
	free(m->s);
	free(m->e);
	free(m->order);
	free(m->tmp);
	free(m->label);
	free(m->seen);
	free(m->aux);
	hop_uf_free(&m->uf);
	free(m->g.group);
	free(m->g.member);
	free(m->g.first);
	free(m->g.hops);
	free(m->g.ions);
	free(m->g.cls);
	free(m);
}

struct hop_mech *
hop_mech_new(const struct hop_event *hops, size_t n, uint32_t natoms,
    const double cell[9], uint64_t nframes, const struct hop_mech_params *p,
    struct hop_err *err)
{
	struct hop_mech *m;
	size_t i, n1 = n > 0 ? n : 1;
	int k;

	if (n > UINT32_MAX - 1) {
		hop_err_set(err, "too many hops (%zu)", n);
		return NULL;
	}
	if (nframes == 0 || nframes > (uint64_t)INT64_MAX / 4) {
		hop_err_set(err, "the run's length (%llu frames) is out of "
		    "range", (unsigned long long)nframes);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (hops[i].start > hops[i].end || hops[i].end >= nframes) {
			hop_err_set(err, "hop %zu: frames %llu to %llu are "
			    "outside the run's %llu frames", i + 1,
			    (unsigned long long)hops[i].start,
			    (unsigned long long)hops[i].end,
			    (unsigned long long)nframes);
			return NULL;
		}
		if (hops[i].slot >= natoms) {
			hop_err_set(err, "hop %zu: atom slot %u is not below "
			    "the %u atoms", i + 1, hops[i].slot, natoms);
			return NULL;
		}
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		goto nomem;
	m->n = n;
	m->natoms = natoms;
	m->T = nframes;
	m->p = *p;
	memcpy(m->cell, cell, sizeof(m->cell));
	if (hop_cell_inverse(cell, m->inv) != 0) {
		hop_err_set(err, "the cell is singular or not finite");
		hop_mech_free(m);
		return NULL;
	}
	m->h = malloc(n1 * sizeof(*m->h));
	m->f0 = malloc(3 * n1 * sizeof(double));
	m->disp = malloc(3 * n1 * sizeof(double));
	m->dlen = malloc(n1 * sizeof(double));
	m->s = malloc(n1 * sizeof(int64_t));
	m->e = malloc(n1 * sizeof(int64_t));
	m->order = malloc(n1 * sizeof(uint32_t));
	m->tmp = malloc(n1 * sizeof(uint32_t));
	m->label = malloc(n1 * sizeof(uint32_t));
	m->seen = calloc(natoms > 0 ? natoms : 1, sizeof(uint32_t));
	m->aux = malloc(4 * n1 * sizeof(uint32_t));
	m->g.group = malloc(n1 * sizeof(uint32_t));
	m->g.member = malloc(n1 * sizeof(uint32_t));
	m->g.first = malloc(n1 * sizeof(uint32_t));
	m->g.hops = malloc(n1 * sizeof(uint32_t));
	m->g.ions = malloc(n1 * sizeof(uint32_t));
	m->g.cls = malloc(n1);
	if (m->h == NULL || m->f0 == NULL || m->disp == NULL ||
	    m->dlen == NULL || m->s == NULL || m->e == NULL ||
	    m->order == NULL || m->tmp == NULL || m->label == NULL ||
	    m->seen == NULL || m->aux == NULL || m->g.group == NULL ||
	    m->g.member == NULL || m->g.first == NULL || m->g.hops == NULL ||
	    m->g.ions == NULL || m->g.cls == NULL ||
	    hop_uf_init(&m->uf, n) != 0)
		goto nomem;
	if (n > 0)
		memcpy(m->h, hops, n * sizeof(*hops));
	for (i = 0; i < n; i++) {
		hop_cart_to_frac(hops[i].start_pos, m->inv, &m->f0[3 * i]);
		for (k = 0; k < 3; k++)
			m->disp[3 * i + k] = hops[i].to_centre[k] -
			    hops[i].from_centre[k];
		m->dlen[i] = dist3(hops[i].to_centre, hops[i].from_centre);
	}
	m->g.nhops = n;
	return m;
nomem:
	hop_mech_free(m);
	hop_err_set(err, "out of memory");
	return NULL;
}

void
hop_mech_times(const struct hop_mech *m, size_t i, int64_t *s, int64_t *e)
{
	*s = m->s[i];
	*e = m->e[i];
}

/* Minimum-image distance between sites a and b (Cartesian). */
static double
site_dist(const struct hop_mech *m, const double a[3], const double b[3])
{
	double d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};

	return hop_min_image(d, m->cell, m->inv);
}

/* Does hop i end where hop j started (hand-off i -> j)? */
static int
handoff(const struct hop_mech *m, uint32_t i, uint32_t j)
{
	return m->h[i].slot != m->h[j].slot &&
	    site_dist(m, m->h[i].to_centre, m->h[j].from_centre) <=
	    m->p.r_match;
}

/* Sort the hop indices in order by shifted start (then index): a radix
 * sort would do as well; a merge sort keeps it stable and simple. */
static void
sort_by_start(struct hop_mech *m)
{
	size_t n = m->n, w, i;
	uint32_t *a = m->order, *b = m->tmp;

	for (i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t lo = i, mid = i + w < n ? i + w : n,
			    hi = i + 2 * w < n ? i + 2 * w : n, x = lo, y = mid,
			    k = lo;

			while (x < mid && y < hi)
				b[k++] = m->s[a[y]] < m->s[a[x]] ? a[y++] :
				    a[x++];
			while (x < mid)
				b[k++] = a[x++];
			while (y < hi)
				b[k++] = a[y++];
		}
		{
			uint32_t *t = a;

			a = b;
			b = t;
		}
	}
	if (a != m->order)
		memcpy(m->order, a, n * sizeof(*a));
}

/* The class of group g (its members by start in mem[0..k-1]). */
static unsigned
classify(struct hop_mech *m, const uint32_t *mem, size_t k)
{
	size_t a, b, nedge = 0;
	uint32_t *out = m->aux, *in = m->aux + k, *firsti = m->aux + 2 * k,
	    *lasti = m->aux + 3 * k;
	int distinct = 1, all_return = 1;

	if (k == 1)
		return HOP_MECH_ISOLATED;
	if (k > m->p.max_classify)
		return HOP_MECH_OTHER;
	/* Per ion of the group: its first and last hop (members are by
	 * start, and one ion's hops do not overlap). */
	m->stamp++;
	if (m->stamp == 0) {
		memset(m->seen, 0, m->natoms * sizeof(*m->seen));
		m->stamp = 1;
	}
	for (a = 0; a < k; a++) {
		firsti[a] = lasti[a] = UINT32_MAX;
		out[a] = in[a] = UINT32_MAX;
	}
	for (a = 0; a < k; a++) {
		uint32_t slot = m->h[mem[a]].slot;

		for (b = 0; b < a; b++)
			if (m->h[mem[b]].slot == slot)
				break;
		if (b < a) {
			distinct = 0;
			lasti[b] = (uint32_t)a;
		} else {
			firsti[a] = lasti[a] = (uint32_t)a;
		}
	}
	for (a = 0; a < k; a++)
		if (firsti[a] != UINT32_MAX &&
		    site_dist(m, m->h[mem[lasti[a]]].to_centre,
		    m->h[mem[firsti[a]]].from_centre) > m->p.r_match)
			all_return = 0;
	if (all_return)
		return HOP_MECH_BACK;
	if (!distinct)
		return HOP_MECH_OTHER;
	/* Hand-offs: at most one out and one in per hop, else no path. */
	for (a = 0; a < k; a++)
		for (b = 0; b < k; b++) {
			if (a == b || !handoff(m, mem[a], mem[b]))
				continue;
			if (out[a] != UINT32_MAX || in[b] != UINT32_MAX)
				return HOP_MECH_OTHER;
			out[a] = (uint32_t)b;
			in[b] = (uint32_t)a;
			nedge++;
		}
	if (k == 2 && nedge == 2)
		return HOP_MECH_EXCHANGE;
	if (nedge == k - 1 || nedge == k) {
		size_t start = 0, seen = 0, x;

		if (nedge == k - 1)
			while (start < k && in[start] != UINT32_MAX)
				start++;
		/* Follow the hand-offs from the head (a ring: from any). */
		for (x = start; x != UINT32_MAX && seen <= k;
		    x = out[x] == UINT32_MAX ? UINT32_MAX : out[x]) {
			seen++;
			if (nedge == k && out[x] == start)
				break;
		}
		if (seen == k)
			return k == 2 ? HOP_MECH_KNOCKOFF : HOP_MECH_STRING;
		return HOP_MECH_OTHER;
	}
	if (nedge > 0)
		return HOP_MECH_OTHER;
	for (a = 0; a < k; a++)
		for (b = a + 1; b < k; b++) {
			uint32_t i = mem[a], j = mem[b];
			double dot = 0;
			int c;

			if (m->s[j] > m->e[i] || m->s[i] > m->e[j])
				return HOP_MECH_OTHER;
			if (!(m->dlen[i] > 0 && m->dlen[j] > 0))
				return HOP_MECH_OTHER;
			for (c = 0; c < 3; c++)
				dot += m->disp[3 * i + c] * m->disp[3 * j + c];
			if (!(dot / (m->dlen[i] * m->dlen[j]) > m->p.cos_min))
				return HOP_MECH_OTHER;
		}
	return HOP_MECH_CONCERTED;
}

const struct hop_mech_groups *
hop_mech_find(struct hop_mech *m, const uint64_t *shift)
{
	struct hop_mech_groups *g = &m->g;
	size_t n = m->n, a, b, ng = 0, c;
	double cut2 = m->p.cutoff * m->p.cutoff;
	int64_t lag = (int64_t)m->p.lag;

	for (a = 0; a < n; a++) {
		uint64_t s = m->h[a].start, d = m->h[a].end - m->h[a].start;

		if (shift != NULL)
			s = (s + shift[m->h[a].slot] % m->T) % m->T;
		m->s[a] = (int64_t)s;
		m->e[a] = (int64_t)(s + d);
	}
	sort_by_start(m);
	hop_uf_reset(&m->uf);
	g->links = 0;
	/* The sweep: each hop against the hops starting after it (or with
	 * it) no later than its end + lag. */
	for (a = 0; a < n; a++) {
		uint32_t i = m->order[a];
		int64_t until = m->e[i] + lag;
		const double *fi = &m->f0[3 * i];

		for (b = a + 1; b < n; b++) {
			uint32_t j = m->order[b];
			const double *fj = &m->f0[3 * j];
			double f[3], r[3];
			int k;

			if (m->s[j] > until)
				break;
			for (k = 0; k < 3; k++) {
				f[k] = fj[k] - fi[k];
				f[k] -= floor(f[k] + 0.5);
			}
			hop_frac_to_cart(f, m->cell, r);
			if (r[0] * r[0] + r[1] * r[1] + r[2] * r[2] > cut2)
				continue;
			g->links++;
			hop_uf_union(&m->uf, i, j);
		}
	}
	/* Groups numbered by their first hop's start. */
	for (a = 0; a < n; a++)
		m->label[a] = 0;
	for (a = 0; a < n; a++) {
		uint32_t i = m->order[a], r = hop_uf_find(&m->uf, i);

		if (m->label[r] == 0) {
			m->label[r] = (uint32_t)++ng;
			g->hops[ng - 1] = 0;
		}
		g->group[i] = m->label[r] - 1;
		g->hops[g->group[i]]++;
	}
	g->ngroups = ng;
	for (c = 0, a = 0; a < ng; a++) {
		g->first[a] = (uint32_t)c;
		c += g->hops[a];
		g->hops[a] = 0;
	}
	for (a = 0; a < n; a++) {
		uint32_t i = m->order[a], gi = g->group[i];

		g->member[g->first[gi] + g->hops[gi]++] = i;
	}
	memset(g->groups_in, 0, sizeof(g->groups_in));
	memset(g->hops_in, 0, sizeof(g->hops_in));
	for (a = 0; a < ng; a++) {
		const uint32_t *mem = &g->member[g->first[a]];
		uint32_t ions = 0;

		m->stamp++;
		if (m->stamp == 0) {
			memset(m->seen, 0, m->natoms * sizeof(*m->seen));
			m->stamp = 1;
		}
		for (b = 0; b < g->hops[a]; b++) {
			uint32_t slot = m->h[mem[b]].slot;

			if (m->seen[slot] != m->stamp) {
				m->seen[slot] = m->stamp;
				ions++;
			}
		}
		g->ions[a] = ions;
		g->cls[a] = (uint8_t)classify(m, mem, g->hops[a]);
		g->groups_in[g->cls[a]]++;
		g->hops_in[g->cls[a]] += g->hops[a];
	}
	return g;
}

void
hop_mech_mean_ions(const struct hop_mech_groups *g, unsigned nboot,
    uint64_t seed, double *mean, double *se)
{
	double num = 0, den = 0, s1 = 0, s2 = 0;
	uint64_t st = hop_rng_seed(seed, 0x6d65616eu);
	size_t a;
	unsigned t;

	for (a = 0; a < g->ngroups; a++) {
		num += (double)g->hops[a] * g->ions[a];
		den += g->hops[a];
	}
	*mean = den > 0 ? num / den : NAN;
	*se = NAN;
	if (g->ngroups < 2 || nboot < 2)
		return;
	for (t = 0; t < nboot; t++) {
		double bn = 0, bd = 0, v;

		for (a = 0; a < g->ngroups; a++) {
			size_t x = hop_rng_below(&st, g->ngroups);

			bn += (double)g->hops[x] * g->ions[x];
			bd += g->hops[x];
		}
		v = bn / bd;
		s1 += v;
		s2 += v * v;
	}
	s1 /= nboot;
	*se = sqrt(fmax(0, s2 / nboot - s1 * s1) * nboot / (nboot - 1.0));
}
