/*
 * hopfind.c - see hopfind.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hopfind.h"

/* scikit-learn's KMeans defaults, which IonDiff keeps. */
#define KM_MAX_ITER 300
#define KM_TOL 1e-4
/*
 * A bound must clear the threshold (or another k's bound) by this much to
 * decide without the exact silhouette: far more than the rounding of the
 * float distances and sums behind the exact value (about 1e-6), so the
 * shortcut never changes a result.
 */
#define MARGIN 1e-4

static const char *const mode_names[HOP_FIND_NMODES] = {
	[HOP_FIND_REFERENCE] = "reference",
	[HOP_FIND_ADAPTIVE] = "adaptive",
	[HOP_FIND_NETWORK] = "network",
};

/* Scratch memory of one thread, sized for the run's frame count. */
struct hop_find_ws {
	size_t n, m;        /* frames; frames used for silhouettes */
	unsigned nk;        /* labellings: k = 2 .. nk + 1 */
	float *x, *y, *z;   /* the atom's trajectory */
	uint8_t *lab;       /* nk labellings of n frames */
	float *sx, *sy, *sz; /* the strided subset, when m < n */
	uint8_t *slab;      /* its nk labellings */
	unsigned char *vib;
	size_t *run_start, *run_end;
	uint32_t *lab32;    /* n: the labels hops are read from */
	struct hop_sites_ws *sites; /* adaptive mode: */
	struct hop_sites st;
	float *scratch;     /* n floats */
	struct hop_vib avib; /* this atom's vibration */
};

void
hop_find_opts_init(struct hop_find_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = HOP_FIND_REFERENCE;
	o->dist = 0.4;
	o->kmax = 10;
	o->n_init = 10;
	o->sil_min = 0.7;
	o->exact_max = 10000;
}

const char *
hop_find_mode_name(int mode)
{
	return mode >= 0 && mode < HOP_FIND_NMODES ? mode_names[mode] : NULL;
}

int
hop_find_mode_parse(const char *name)
{
	int m;

	for (m = 0; m < HOP_FIND_NMODES; m++)
		if (strcmp(name, mode_names[m]) == 0)
			return m;
	return -1;
}

void
hop_find_ws_free(struct hop_find_ws *w)
{
	if (w == NULL)
		return;
	free(w->x);
	free(w->y);
	free(w->z);
	free(w->lab);
	free(w->sx);
	free(w->sy);
	free(w->sz);
	free(w->slab);
	free(w->vib);
	free(w->run_start);
	free(w->run_end);
	free(w->lab32);
	hop_sites_ws_free(w->sites);
	free(w->scratch);
	free(w);
}

struct hop_find_ws *
hop_find_ws_new(size_t n, const struct hop_find_opts *o)
{
	struct hop_find_ws *w = calloc(1, sizeof(*w));
	size_t one = n ? n : 1;

	if (w == NULL)
		return NULL;
	w->n = n;
	w->m = n > o->exact_max ? o->exact_max : n;
	w->nk = o->kmax > 1 ? o->kmax - 1 : 1;
	w->x = malloc(one * sizeof(float));
	w->y = malloc(one * sizeof(float));
	w->z = malloc(one * sizeof(float));
	w->lab = malloc(w->nk * one);
	w->vib = malloc(one);
	w->run_start = malloc(one * sizeof(size_t));
	w->run_end = malloc(one * sizeof(size_t));
	w->lab32 = malloc(one * sizeof(uint32_t));
	if (o->mode == HOP_FIND_ADAPTIVE &&
	    ((w->sites = hop_sites_ws_new(n)) == NULL ||
	    (w->scratch = malloc(one * sizeof(float))) == NULL))
		goto nomem;
	if (w->m < n) {
		w->sx = malloc(w->m * sizeof(float));
		w->sy = malloc(w->m * sizeof(float));
		w->sz = malloc(w->m * sizeof(float));
		w->slab = malloc(w->nk * w->m);
	}
	if (w->x == NULL || w->y == NULL || w->z == NULL || w->lab == NULL ||
	    w->vib == NULL || w->run_start == NULL || w->run_end == NULL ||
	    w->lab32 == NULL || (w->m < n && (w->sx == NULL || w->sy == NULL || w->sz == NULL ||
	    w->slab == NULL)))
		goto nomem;
	return w;
nomem:
	hop_find_ws_free(w);
	return NULL;
}

void
hop_find_ws_traj(struct hop_find_ws *w, float **x, float **y, float **z)
{
	*x = w->x;
	*y = w->y;
	*z = w->z;
}

size_t
hop_find_vib_curve(struct hop_find_ws *w, double *q)
{
	struct hop_pts p = {w->x, w->y, w->z, w->n};

	return hop_vib_curve(&p, w->scratch, q);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
hop_find_plateau(const double (*curve)[HOP_VIB_NLAGS],
    const unsigned char *member, size_t natoms, size_t nlags,
    size_t *plateau)
{
	double *v = malloc((natoms ? natoms : 1) * sizeof(*v));
	double med[HOP_VIB_NLAGS];
	size_t a, i, n;

	*plateau = 0;
	if (v == NULL)
		return -1;
	if (nlags > HOP_VIB_NLAGS)
		nlags = HOP_VIB_NLAGS;
	for (i = 0; i < nlags; i++) {
		for (a = n = 0; a < natoms; a++)
			if (member[a])
				v[n++] = curve[a][i];
		if (n == 0)
			break;
		qsort(v, n, sizeof(*v), cmp_double);
		med[i] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}
	if (i == nlags)
		*plateau = hop_vib_plateau(med, nlags);
	free(v);
	return 0;
}

void
hop_find_set_vib(struct hop_find_ws *w, const double *q, size_t nlags,
    size_t plateau)
{
	hop_vib_from_curve(q, nlags, plateau, &w->avib);
}

/*
 * The mean silhouette of every k that can be the best one, and which is
 * best.  S[i] is the score of k = i + 2; ks is the number of ks tried.
 * With bounds, a k whose upper bound falls below the threshold, or below
 * another k's lower bound, is never computed exactly; with no_bounds,
 * all are.  Returns 0 or -1 (out of memory).
 */
static int
best_silhouette(const struct hop_pts *sp, const uint8_t *slab, size_t m,
    unsigned ks, const struct hop_find_opts *o, unsigned *best_k,
    double *best_s)
{
	double lo[HOP_LABELS_MAX], hi[HOP_LABELS_MAX], S[HOP_LABELS_MAX], top = -2;
	const uint8_t *labs[HOP_LABELS_MAX];
	unsigned kv[HOP_LABELS_MAX], idx[HOP_LABELS_MAX], i, nc = 0;
	int refine, provable = 1;

	for (i = 0; i < ks; i++) {
		lo[i] = -1;
		hi[i] = 1;
		S[i] = NAN;
	}
	for (refine = 0; !o->no_bounds && refine <= 1; refine++) {
		double maxhi = -2;

		for (i = 0; i < ks; i++) {
			/* Refine only the ks still in the running. */
			if (refine && hi[i] < o->sil_min - MARGIN)
				continue;
			if (hop_silhouette_bounds(sp, slab + i * m, i + 2,
			    refine, &lo[i], &hi[i]) != 0)
				return -1;
			if (hi[i] > maxhi)
				maxhi = hi[i];
		}
		if (maxhi < o->sil_min - MARGIN) {
			*best_k = 1;
			*best_s = NAN;
			return 0;
		}
	}
	for (i = 0; i < ks; i++)
		if (lo[i] > top)
			top = lo[i];
	for (i = 0; i < ks; i++) {
		if (!o->no_bounds && (hi[i] < o->sil_min - MARGIN ||
		    hi[i] < top - MARGIN))
			continue;
		idx[nc] = i;
		kv[nc] = i + 2;
		labs[nc] = slab + i * m;
		nc++;
	}
	{
		double out[HOP_LABELS_MAX];

		if (hop_silhouette(sp, labs, kv, nc, out) != 0)
			return -1;
		for (i = 0; i < nc; i++)
			S[idx[i]] = out[i];
	}
	/* The first k of the highest score, as numpy's argmax. */
	*best_k = 0;
	for (i = 0; i < ks; i++)
		if (!isnan(S[i]) && (*best_k == 0 || S[i] > *best_s)) {
			*best_k = i + 2;
			*best_s = S[i];
		}
	/* Below the threshold, the best score is reported only when no k
	 * left out could have beaten it. */
	for (i = 0; i < ks; i++)
		if (isnan(S[i]) && hi[i] >= *best_s - MARGIN)
			provable = 0;
	if (*best_s < o->sil_min) {
		*best_k = 1;
		if (!provable)
			*best_s = NAN;
	}
	return 0;
}

static void
clustering_init(struct hop_find_clustering *cl)
{
	cl->k = 1;
	cl->silhouette = NAN;
	cl->labels = NULL;
	cl->dist = NAN;
	cl->vib_rms = NAN;
}

/*
 * The labels are those of the winning k's run: IonDiff runs k-means again
 * for that k with the same random state, which gives the same labels.
 */
int
hop_find_reference(struct hop_find_ws *w, const struct hop_find_opts *o,
    uint64_t *rng, struct hop_find_clustering *cl)
{
	struct hop_pts p = {w->x, w->y, w->z, w->n}, sp = p;
	struct hop_km_opts ko = {o->n_init, KM_MAX_ITER, KM_TOL};
	unsigned ks = 0, k, best_k, kmax = o->kmax;
	const uint8_t *slab = w->lab;
	double best_s = NAN;
	size_t i;

	clustering_init(cl);
	if (kmax > w->nk + 1)
		kmax = w->nk + 1; /* the workspace's room */
	/* silhouette_score needs 2 <= k <= frames - 1. */
	if (w->n >= 3)
		ks = (unsigned)(kmax < w->n - 1 ? kmax : w->n - 1) - 1;
	for (k = 2; k < ks + 2; k++) {
		struct hop_km_result res;

		if (hop_kmeans(&p, k, &ko, rng, w->lab + (k - 2) * w->n,
		    &res) != 0)
			return -1;
	}
	if (ks == 0)
		return 0;
	if (w->m < w->n) {
		/* Silhouettes on the evenly strided subset. */
		for (i = 0; i < w->m; i++) {
			size_t t = (size_t)((uint64_t)i * w->n / w->m);

			w->sx[i] = w->x[t];
			w->sy[i] = w->y[t];
			w->sz[i] = w->z[t];
			for (k = 0; k < ks; k++)
				w->slab[k * w->m + i] = w->lab[k * w->n + t];
		}
		sp.x = w->sx;
		sp.y = w->sy;
		sp.z = w->sz;
		sp.n = w->m;
		slab = w->slab;
	}
	if (best_silhouette(&sp, slab, sp.n, ks, o, &best_k, &best_s) != 0)
		return -1;
	cl->k = best_k;
	cl->silhouette = best_s;
	if (best_k > 1)
		cl->labels = w->lab + (best_k - 2) * w->n;
	return 0;
}

/*
 * A frame vibrates within the radius that holds 95% of the measured
 * vibration, unless the options' dist was given.
 */
int
hop_find_adaptive(struct hop_find_ws *w, const struct hop_find_opts *o,
    struct hop_find_clustering *cl)
{
	struct hop_pts p = {w->x, w->y, w->z, w->n};

	clustering_init(cl);
	if (w->sites == NULL)
		return -1; /* a workspace made for the reference mode */
	if (hop_sites_find(w->sites, &p, &w->avib, w->lab, &w->st) != 0)
		return -1;
	cl->k = w->st.k;
	cl->labels = w->st.k > 1 ? w->lab : NULL;
	cl->dist = o->dist_set ? o->dist : w->st.radius;
	cl->vib_rms = sqrt(3.0) * w->st.vib.sigma;
	return 0;
}

/* A label's cluster number and absolute centre, for emit_hops: labels
 * are clusters, centres the rows of ctx. */
static void
label_centre(const void *ctx, uint32_t l, uint32_t *id, double c[3])
{
	const double (*cc)[3] = ctx;

	*id = l;
	memcpy(c, cc[l], 3 * sizeof(double));
}

/*
 * The hops of the labels in w->lab32 with the vibrating frames in w->vib
 * (hop_find_hops states the rule); info gives each label's cluster number
 * and centre (origin included).  With disjoint, a hop starts no earlier
 * than the one before it ends (a site passed without one vibrating frame
 * there makes two changes in one run: the second starts where the first
 * ends); the reference and adaptive modes keep IonDiff's rule, under
 * which their hops then overlap.  0, or -1 when out of memory.
 */
static int
emit_hops(struct hop_find_ws *w, const double *origin,
    void (*info)(const void *, uint32_t, uint32_t *, double *),
    const void *ctx, int disjoint, struct hop_find_result *res)
{
	const uint32_t *lab = w->lab32;
	size_t n = w->n, t, cap = 0;

	/* run_start[t]: first frame of the non-vibrating run through t;
	 * run_end[t]: its last frame. */
	for (t = 0; t < n; t++)
		w->run_start[t] = w->vib[t] ? t : t > 0 && !w->vib[t - 1] ?
		    w->run_start[t - 1] : t;
	for (t = n; t-- > 0;)
		w->run_end[t] = w->vib[t] ? t : t + 1 < n && !w->vib[t + 1] ?
		    w->run_end[t + 1] : t;
	for (t = 0; t + 1 < n; t++) {
		struct hop_event *hp;
		size_t s, e;

		if (lab[t] == lab[t + 1])
			continue;
		s = w->run_start[t];
		e = w->run_end[t + 1];
		if (res->nhops > 0 && res->hops[res->nhops - 1].start == s &&
		    res->hops[res->nhops - 1].end == e) {
			/* The same hop again: it ends where this change
			 * lands. */
			hp = &res->hops[res->nhops - 1];
			info(ctx, lab[t + 1], &hp->to_cluster, hp->to_centre);
			continue;
		}
		if (disjoint && res->nhops > 0 &&
		    s < res->hops[res->nhops - 1].end)
			s = res->hops[res->nhops - 1].end;
		if (res->nhops == cap) {
			size_t nc = cap ? 2 * cap : 8;
			struct hop_event *nh = realloc(res->hops,
			    nc * sizeof(*nh));

			if (nh == NULL) {
				free(res->hops);
				res->hops = NULL;
				res->nhops = 0;
				return -1;
			}
			res->hops = nh;
			cap = nc;
		}
		hp = &res->hops[res->nhops++];
		memset(hp, 0, sizeof(*hp));
		hp->atom = res->a.atom;
		hp->slot = res->a.slot;
		hp->species = res->a.species;
		hp->start = s;
		hp->end = e;
		info(ctx, lab[t], &hp->from_cluster, hp->from_centre);
		info(ctx, lab[t + 1], &hp->to_cluster, hp->to_centre);
		hp->start_pos[0] = origin[0] + w->x[s];
		hp->start_pos[1] = origin[1] + w->y[s];
		hp->start_pos[2] = origin[2] + w->z[s];
		hp->end_pos[0] = origin[0] + w->x[e];
		hp->end_pos[1] = origin[1] + w->y[e];
		hp->end_pos[2] = origin[2] + w->z[e];
	}
	/* A back-hop returns to the cluster the previous hop left. */
	for (t = 1; t < res->nhops; t++)
		if (res->hops[t].to_cluster == res->hops[t - 1].from_cluster)
			res->hops[t].flags |= HOP_EVENT_BACK;
	res->a.nhops = (uint32_t)res->nhops;
	return 0;
}

int
hop_find_hops(struct hop_find_ws *w, const struct hop_find_clustering *cl,
    const double *origin, const struct hop_find_opts *o,
    struct hop_find_result *res)
{
	double c[HOP_LABELS_MAX][3] = {{0}}, ss = 0, sep = INFINITY;
	double dist = isnan(cl->dist) ? o->dist : cl->dist;
	size_t cnt[HOP_LABELS_MAX] = {0}, n = w->n, t;
	unsigned k = cl->k > 1 ? cl->k : 1, i, j, used = 0;
	const uint8_t *lab = cl->labels;

	if (k > HOP_LABELS_MAX)
		k = HOP_LABELS_MAX;
	for (t = 0; t < n; t++) {
		unsigned l = lab ? lab[t] : 0;

		c[l][0] += w->x[t];
		c[l][1] += w->y[t];
		c[l][2] += w->z[t];
		cnt[l]++;
	}
	for (i = 0; i < k; i++)
		if (cnt[i] > 0) {
			used++;
			for (j = 0; j < 3; j++)
				c[i][j] /= (double)cnt[i];
		}
	for (t = 0; t < n; t++) {
		const double *cc = c[lab ? lab[t] : 0];
		double dx = w->x[t] - cc[0], dy = w->y[t] - cc[1],
		    dz = w->z[t] - cc[2], d2 = dx * dx + dy * dy + dz * dz;

		ss += d2;
		w->vib[t] = sqrt(d2) < dist;
	}
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++)
			if (cnt[i] > 0 && cnt[j] > 0) {
				double dx = c[i][0] - c[j][0],
				    dy = c[i][1] - c[j][1],
				    dz = c[i][2] - c[j][2],
				    d = sqrt(dx * dx + dy * dy + dz * dz);

				if (d < sep)
					sep = d;
			}
	res->a.nclusters = cl->k > 1 ? used : 1;
	res->a.silhouette = cl->silhouette;
	res->a.vib_rms_A = !isnan(cl->vib_rms) ? cl->vib_rms :
	    n > 0 ? sqrt(ss / (double)n) : NAN;
	res->a.site_sep_A = used > 1 ? sep : NAN;
	res->a.nhops = 0;
	res->hops = NULL;
	res->nhops = 0;
	if (lab == NULL)
		return 0;
	for (t = 0; t < n; t++)
		w->lab32[t] = lab[t];
	for (i = 0; i < k; i++)
		for (j = 0; j < 3; j++)
			c[i][j] += origin[j];
	return emit_hops(w, origin, label_centre, c, 0, res);
}

/* A path state's site and centre, for emit_hops. */
static void
state_centre(const void *ctx, uint32_t l, uint32_t *id, double c[3])
{
	const struct hop_sitenet_state *st = ctx;

	*id = st[l].site;
	memcpy(c, st[l].centre, 3 * sizeof(double));
}

int
hop_find_network(struct hop_find_ws *w, const struct hop_sitenet *net,
    const struct hop_sitenet_path *path, const double *origin,
    const struct hop_find_opts *o, struct hop_find_clustering *cl,
    struct hop_find_result *res)
{
	size_t n = w->n, t;
	uint32_t *first = NULL;
	unsigned k = 0;

	clustering_init(cl);
	res->a.silhouette = NAN;
	res->a.vib_rms_A = sqrt(3.0) * net->vib.sigma;
	res->a.site_sep_A = net->sep;
	res->a.nclusters = 1;
	res->a.nhops = 0;
	res->hops = NULL;
	res->nhops = 0;
	if (path->n != n || path->nstates == 0)
		return 0;
	/* The sites in order of first visit, for the clustering. */
	if ((first = malloc(path->nstates * sizeof(*first))) == NULL)
		return -1;
	for (t = 0; t < path->nstates; t++)
		first[t] = UINT32_MAX;
	for (t = 0; t < n; t++) {
		uint32_t q = path->state[t], site = path->states[q].site;

		if (first[q] == UINT32_MAX) {
			size_t u;

			/* Another image of a site seen already is that
			 * site. */
			for (u = 0; u < path->nstates; u++)
				if (first[u] != UINT32_MAX &&
				    path->states[u].site == site)
					break;
			first[q] = u < path->nstates ? first[u] : k++;
		}
		w->lab[t] = (uint8_t)(first[q] < HOP_LABELS_MAX - 1 ?
		    first[q] : HOP_LABELS_MAX - 1);
		w->lab32[t] = q;
		if (o->dist_set) {
			const double *c = path->states[q].centre;
			double dx = origin[0] + w->x[t] - c[0],
			    dy = origin[1] + w->y[t] - c[1],
			    dz = origin[2] + w->z[t] - c[2];

			w->vib[t] = sqrt(dx * dx + dy * dy + dz * dz) <
			    o->dist;
		} else
			w->vib[t] = path->at[t];
	}
	free(first);
	res->a.nclusters = k;
	cl->k = k < HOP_LABELS_MAX ? k : HOP_LABELS_MAX;
	cl->labels = k > 1 ? w->lab : NULL;
	cl->dist = o->dist_set ? o->dist : net->radius;
	cl->vib_rms = res->a.vib_rms_A;
	if (k < 2 && path->nres < 2)
		return 0;
	return emit_hops(w, origin, state_centre, path->states, 1, res);
}

int
hop_find_atom(struct hop_find_ws *w, const struct hop_find_opts *o,
    uint64_t rng, const double *origin, struct hop_find_clustering *cl,
    struct hop_find_result *r)
{
	struct hop_find_clustering own;
	int st;

	if (cl == NULL)
		cl = &own;
	st = o->mode == HOP_FIND_ADAPTIVE ? hop_find_adaptive(w, o, cl) :
	    hop_find_reference(w, o, &rng, cl);
	if (st != 0)
		return -1;
	return hop_find_hops(w, cl, origin, o, r);
}
