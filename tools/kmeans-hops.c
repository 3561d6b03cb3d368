/*
 * kmeans-hops - find ion hops in an unwrapped hop stream by k-means
 * clustering of each atom's trajectory, as IonDiff's identify_diffusion
 * does (man/kmeans-hops.1 states the method and where it departs).
 *
 * The frames are read once, transposed into per-atom float arrays held in
 * chunks of frames (positions relative to each atom's first one, so float
 * keeps 0.1 um precision); then worker threads take atoms one at a time,
 * each with O(frames) scratch memory, and the results are written in atom
 * order, so the output does not depend on the number of threads.
 *
 * A "mode" turns one atom's trajectory into a clustering (k, labels,
 * silhouette); what follows (centres, vibrating frames, hops, back-hops,
 * the per-atom record) is shared by every mode.
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "hops.h"
#include "kmeans.h"
#include "rng.h"
#include "sites.h"
#include "species.h"
#include "stream.h"
#include "svg.h"

static const char *prog = "kmeans-hops";

/* scikit-learn's KMeans defaults, which IonDiff keeps. */
#define KM_MAX_ITER 300
#define KM_TOL 1e-4
/* Frames per chunk of the position store. */
#define CHUNK 1024
/*
 * A bound must clear the threshold (or another k's bound) by this much to
 * decide without the exact silhouette: far more than the rounding of the
 * float distances and sums behind the exact value (about 1e-6), so the
 * shortcut never changes a result.
 */
#define MARGIN 1e-4
/* Labels are bytes: at most this many clusters or sites. */
#define MAX_SITES 256

/* The modes, in the order of the table modes[]. */
enum { MODE_REFERENCE, MODE_ADAPTIVE };

struct opts {
	double dist, sil_min;
	uint64_t exact_max, jobs, kmax, n_init, seed, svg_atom;
	int mode, no_bounds, tsv, dist_set, svg_atom_set;
	int axes[2]; /* --svg-axes: the coordinates drawn, 0..2 */
	const char *species, *svg;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kmeans-hops [options] [FILE]\n"
	    "Find ion hops in an unwrapped hop stream by clustering each "
	    "atom's trajectory.\n"
	    "  -d, --dist=A            a frame vibrates when within A of its "
	    "cluster's centre\n"
	    "                          (default: 0.4 in reference mode, "
	    "measured per atom in\n"
	    "                          adaptive mode)\n"
	    "  -e, --exact-max=N       reference: silhouettes on at most N "
	    "evenly strided\n"
	    "                          frames (default: 10000)\n"
	    "  -h, --help              show this help and exit\n"
	    "  -j, --jobs=N            threads (default: all online CPUs)\n"
	    "  -k, --kmax=N            reference: try k = 2..N clusters "
	    "(default: 10)\n"
	    "  -m, --mode=NAME         method: reference (IonDiff's) or "
	    "adaptive (default:\n"
	    "                          reference)\n"
	    "  -n, --n-init=N          reference: k-means restarts for each k "
	    "(default: 10)\n"
	    "  -B, --no-bounds         reference: compute every silhouette "
	    "exactly, without\n"
	    "                          the shortcut by bounds (default: off)\n"
	    "  -r, --seed=N            random seed (default: 0)\n"
	    "  -S, --silhouette-min=S  reference: an atom with a best mean "
	    "silhouette below S\n"
	    "                          has one cluster (default: 0.7)\n"
	    "  -s, --species=LIST      comma-separated species to analyse "
	    "(default: all)\n"
	    "  -g, --svg=FILE          draw the atom of --svg-atom into FILE "
	    "(default: none)\n"
	    "  -a, --svg-atom=N        the atom to draw, by original index "
	    "(default: none)\n"
	    "  -x, --svg-axes=AB       the two axes drawn: xy, xz or yz "
	    "(default: xy)\n"
	    "  -t, --tsv               write the hop table instead of a hop "
	    "stream\n"
	    "  -V, --version           show the version and exit\n");
	hop_cli_exit(prog, status);
}

/* --- the position store --- */

/*
 * Chunk c holds cap[c] frames of every analysed atom: for atom a, cap[c]
 * x, then y, then z floats from a's first position origin[a].  Every
 * chunk but the last is full.
 */
struct store {
	size_t natoms, nframes;
	size_t nchunks, chunkcap, fill; /* fill: frames in the last chunk */
	float **chunk;
	size_t *cap;
	double *origin;
};

static void
store_free(struct store *s)
{
	size_t c;

	for (c = 0; c < s->nchunks; c++)
		free(s->chunk[c]);
	free(s->chunk);
	free(s->cap);
	free(s->origin);
}

/* Room for one more frame.  hint is the number of frames the header
 * announces (0 if unknown): when it is right, the last chunk is just
 * large enough.  Past it, or without it, chunks double from 16 frames up
 * to CHUNK, so that a short run costs no more than twice its frames.
 * 0 or -1. */
static int
store_grow(struct store *s, uint64_t hint)
{
	size_t cap = CHUNK;

	if (s->nchunks > 0 && s->fill < s->cap[s->nchunks - 1])
		return 0;
	if (s->nchunks == s->chunkcap) {
		size_t n = s->chunkcap ? 2 * s->chunkcap : 16;
		float **nc = realloc(s->chunk, n * sizeof(*nc));
		size_t *ncap;

		if (nc == NULL)
			return -1;
		s->chunk = nc;
		if ((ncap = realloc(s->cap, n * sizeof(*ncap))) == NULL)
			return -1;
		s->cap = ncap;
		s->chunkcap = n;
	}
	if (hint > s->nframes && hint - s->nframes < CHUNK)
		cap = (size_t)(hint - s->nframes);
	else if (hint <= s->nframes && s->nframes < CHUNK)
		cap = s->nframes < 16 ? 16 : s->nframes;
	if (s->natoms > SIZE_MAX / sizeof(float) / 3 / cap)
		return -1;
	s->chunk[s->nchunks] = malloc(s->natoms * 3 * cap * sizeof(float));
	if (s->chunk[s->nchunks] == NULL)
		return -1;
	s->cap[s->nchunks++] = cap;
	s->fill = 0;
	return 0;
}

/* Copy atom a's whole trajectory into x, y, z. */
static void
store_get(const struct store *s, size_t a, float *x, float *y, float *z)
{
	size_t c, f = 0;

	for (c = 0; c < s->nchunks && f < s->nframes; c++) {
		size_t cap = s->cap[c], m = s->nframes - f;
		const float *p = s->chunk[c] + a * 3 * cap;

		if (m > cap)
			m = cap;
		memcpy(x + f, p, m * sizeof(float));
		memcpy(y + f, p + cap, m * sizeof(float));
		memcpy(z + f, p + 2 * cap, m * sizeof(float));
		f += m;
	}
}

/*
 * Read every frame of r into s, for the atom slots listed in slot
 * (natoms of them).  Other record kinds are skipped; a hop stream is
 * refused.  0 or -1 with err set.
 */
static int
read_frames(struct hop_reader *r, const char *name, const uint32_t *slot,
    struct store *s, struct hop_err *err)
{
	const struct hop_header *h = hop_reader_header(r);
	struct hop_record rec;
	struct hop_frame fr;
	int st;

	if (s->natoms > 0 &&
	    (s->origin = malloc(s->natoms * 3 * sizeof(double))) == NULL) {
		hop_err_set(err, "%s: out of memory", name);
		return -1;
	}
	while ((st = hop_reader_next(r, &rec, err)) == 1) {
		size_t a, f, cap;
		float *p;

		if (rec.type == HOP_REC_HOP || rec.type == HOP_REC_ATOM) {
			hop_err_set(err, "%s: record %llu: a hop record in a "
			    "stream of frames (is this already the output of "
			    "a hop finder?)", name,
			    (unsigned long long)rec.number);
			return -1;
		}
		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(r, &rec, &fr, err) != 0)
			return -1;
		if (s->natoms == 0) {
			s->nframes++;
			continue;
		}
		if (store_grow(s, h->nframes) != 0) {
			hop_err_set(err, "%s: record %llu: out of memory "
			    "after %zu frames", name,
			    (unsigned long long)rec.number, s->nframes);
			return -1;
		}
		f = s->fill++;
		cap = s->cap[s->nchunks - 1];
		p = s->chunk[s->nchunks - 1];
		for (a = 0; a < s->natoms; a++) {
			const double *q = fr.pos + 3 * (size_t)slot[a];
			double *o = s->origin + 3 * a;
			int d;

			for (d = 0; d < 3; d++) {
				float v;

				if (s->nframes == 0)
					o[d] = q[d];
				v = (float)(q[d] - o[d]);
				if (!isfinite(q[d]) || !isfinite(v)) {
					hop_err_set(err, "%s: record %llu: "
					    "atom %u has a non-finite or huge "
					    "coordinate", name,
					    (unsigned long long)rec.number,
					    h->orig_index[slot[a]]);
					return -1;
				}
				p[(a * 3 + (size_t)d) * cap + f] = v;
			}
		}
		s->nframes++;
	}
	return st < 0 ? -1 : 0;
}

/* --- one atom --- */

/* Scratch memory of one thread, sized for the run's frame count. */
struct work {
	size_t n, m;        /* frames; frames used for silhouettes */
	unsigned nk;        /* labellings: k = 2 .. nk + 1 */
	float *x, *y, *z;   /* the atom's trajectory */
	uint8_t *lab;       /* nk labellings of n frames */
	float *sx, *sy, *sz; /* the strided subset, when m < n */
	uint8_t *slab;      /* its nk labellings */
	unsigned char *vib;
	size_t *run_start, *run_end;
	struct hop_sites_ws *sites; /* adaptive mode: */
	struct hop_sites st;
	float *scratch;     /* n floats */
	struct hop_vib avib; /* this atom's vibration */
};

static void
work_free(struct work *w)
{
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
	hop_sites_ws_free(w->sites);
	free(w->scratch);
	memset(w, 0, sizeof(*w));
}

static int
work_init(struct work *w, size_t n, const struct opts *o)
{
	size_t one = n ? n : 1;

	memset(w, 0, sizeof(*w));
	w->n = n;
	w->m = n > o->exact_max ? (size_t)o->exact_max : n;
	w->nk = o->kmax - 1;
	w->x = malloc(one * sizeof(float));
	w->y = malloc(one * sizeof(float));
	w->z = malloc(one * sizeof(float));
	w->lab = malloc(w->nk * one);
	w->vib = malloc(one);
	w->run_start = malloc(one * sizeof(size_t));
	w->run_end = malloc(one * sizeof(size_t));
	if (o->mode == MODE_ADAPTIVE &&
	    ((w->sites = hop_sites_ws_new(n)) == NULL ||
	    (w->scratch = malloc(one * sizeof(float))) == NULL)) {
		work_free(w);
		return -1;
	}
	if (w->m < n) {
		w->sx = malloc(w->m * sizeof(float));
		w->sy = malloc(w->m * sizeof(float));
		w->sz = malloc(w->m * sizeof(float));
		w->slab = malloc(w->nk * w->m);
	}
	if (w->x == NULL || w->y == NULL || w->z == NULL || w->lab == NULL ||
	    w->vib == NULL || w->run_start == NULL || w->run_end == NULL ||
	    (w->m < n && (w->sx == NULL || w->sy == NULL || w->sz == NULL ||
	    w->slab == NULL))) {
		work_free(w);
		return -1;
	}
	return 0;
}

/* What a mode decides for one atom. */
struct clustering {
	unsigned k;            /* 1: one site, no hop */
	double silhouette;     /* NaN when not computed */
	const uint8_t *labels; /* n labels below k, when k > 1 */
	double dist;           /* vibrating radius; NaN: --dist */
	double vib_rms;        /* vibration estimate; NaN: RMS distance of
	                          the frames to their centres */
};

/*
 * The mean silhouette of every k that can be the best one, and which is
 * best.  S[i] is the score of k = i + 2; ks is the number of ks tried.
 * With bounds, a k whose upper bound falls below the threshold, or below
 * another k's lower bound, is never computed exactly; with --no-bounds,
 * all are.  Returns 0 or -1 (out of memory).
 */
static int
best_silhouette(const struct hop_pts *sp, const uint8_t *slab, size_t m,
    unsigned ks, const struct opts *o, unsigned *best_k, double *best_s)
{
	double lo[HOP_KM_KMAX], hi[HOP_KM_KMAX], S[HOP_KM_KMAX], top = -2;
	const uint8_t *labs[HOP_KM_KMAX];
	unsigned kv[HOP_KM_KMAX], idx[HOP_KM_KMAX], i, nc = 0;
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
		double out[HOP_KM_KMAX];

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

/*
 * The reference mode (IonDiff): k-means for every k = 2..kmax, the k of
 * the best mean silhouette if it reaches --silhouette-min, else one
 * cluster.  The labels are those of the winning k's run: IonDiff runs
 * k-means again for that k with the same random state, which gives the
 * same labels.
 */
static int
mode_reference(struct work *w, uint64_t rng, const struct opts *o,
    struct clustering *cl)
{
	struct hop_pts p = {w->x, w->y, w->z, w->n}, sp = p;
	struct hop_km_opts ko = {(unsigned)o->n_init, KM_MAX_ITER, KM_TOL};
	unsigned ks = 0, k, best_k;
	const uint8_t *slab = w->lab;
	double best_s = NAN;
	size_t i;

	cl->k = 1;
	cl->silhouette = NAN;
	cl->labels = NULL;
	cl->dist = NAN;
	cl->vib_rms = NAN;
	/* silhouette_score needs 2 <= k <= frames - 1. */
	if (w->n >= 3)
		ks = (unsigned)(o->kmax < w->n - 1 ? o->kmax : w->n - 1) - 1;
	for (k = 2; k < ks + 2; k++) {
		struct hop_km_result res;

		if (hop_kmeans(&p, k, &ko, &rng, w->lab + (k - 2) * w->n,
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
 * The adaptive mode (beyond IonDiff): the atom's sites and residences by
 * segmental k-means scaled by its own measured vibration (sites.h).  A
 * frame vibrates within the radius that holds 95% of that vibration,
 * unless --dist was given.
 */
static int
mode_adaptive(struct work *w, uint64_t rng, const struct opts *o,
    struct clustering *cl)
{
	struct hop_pts p = {w->x, w->y, w->z, w->n};

	(void)rng; /* deterministic */
	if (hop_sites_find(w->sites, &p, &w->avib, w->lab, &w->st) != 0)
		return -1;
	cl->k = w->st.k;
	cl->silhouette = NAN;
	cl->labels = w->st.k > 1 ? w->lab : NULL;
	cl->dist = o->dist_set ? o->dist : w->st.radius;
	cl->vib_rms = sqrt(3.0) * w->st.vib.sigma;
	return 0;
}

typedef int (*mode_fn)(struct work *, uint64_t, const struct opts *,
    struct clustering *);

static const struct {
	const char *name;
	mode_fn fn;
} modes[] = {
	[MODE_REFERENCE] = {"reference", mode_reference},
	[MODE_ADAPTIVE] = {"adaptive", mode_adaptive},
};

/* One atom's results. */
struct result {
	struct hop_atom a;
	struct hop_hop *hops;
	size_t nhops;
};

/*
 * From a clustering to hops: centres are the members' means, a frame
 * vibrates when closer than --dist to its own centre, and each label
 * change t -> t + 1 is a hop from the first frame of the non-vibrating run
 * that ends at t (or t itself if it vibrates) to the last frame of the
 * non-vibrating run that starts at t + 1 (or t + 1 if it vibrates).
 */
static int
make_hops(struct work *w, const struct clustering *cl, const double *origin,
    const struct opts *o, struct result *res)
{
	double c[MAX_SITES][3] = {{0}}, ss = 0, sep = INFINITY;
	double dist = isnan(cl->dist) ? o->dist : cl->dist;
	size_t cnt[MAX_SITES] = {0}, n = w->n, t, cap = 0;
	unsigned k = cl->k > 1 ? cl->k : 1, i, j, used = 0;
	const uint8_t *lab = cl->labels;

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
	res->hops = NULL;
	res->nhops = 0;
	if (lab == NULL)
		return 0;

	/* run_start[t]: first frame of the non-vibrating run through t;
	 * run_end[t]: its last frame. */
	for (t = 0; t < n; t++)
		w->run_start[t] = w->vib[t] ? t : t > 0 && !w->vib[t - 1] ?
		    w->run_start[t - 1] : t;
	for (t = n; t-- > 0;)
		w->run_end[t] = w->vib[t] ? t : t + 1 < n && !w->vib[t + 1] ?
		    w->run_end[t + 1] : t;
	for (t = 0; t + 1 < n; t++) {
		struct hop_hop *hp;
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
			hp->to_cluster = lab[t + 1];
			memcpy(hp->to_centre, c[lab[t + 1]], sizeof(c[0]));
			for (j = 0; j < 3; j++)
				hp->to_centre[j] += origin[j];
			continue;
		}
		if (res->nhops == cap) {
			size_t nc = cap ? 2 * cap : 8;
			struct hop_hop *nh = realloc(res->hops,
			    nc * sizeof(*nh));

			if (nh == NULL)
				return -1;
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
		hp->from_cluster = lab[t];
		hp->to_cluster = lab[t + 1];
		for (j = 0; j < 3; j++) {
			hp->from_centre[j] = origin[j] + c[lab[t]][j];
			hp->to_centre[j] = origin[j] + c[lab[t + 1]][j];
		}
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
			res->hops[t].flags |= HOP_HOP_BACK;
	res->a.nhops = (uint32_t)res->nhops;
	return 0;
}

/* --- threads --- */

struct job {
	const struct store *s;
	const struct opts *o;
	const struct hop_header *h;
	const uint32_t *slot;
	struct result *res;
	/* Adaptive mode: a first pass (phase 0) measures every atom's
	 * vibration curve, from which each species' plateau is read. */
	int phase;
	double (*curve)[HOP_VIB_NLAGS];
	size_t nlags, *plateau;
	pthread_mutex_t mu;
	size_t next, done;
	int failed;
	struct hop_progress pg;
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct work w;
	int ok = work_init(&w, j->s->nframes, j->o) == 0;

	while (ok) {
		struct clustering cl;
		struct result *r;
		size_t a;

		pthread_mutex_lock(&j->mu);
		a = j->next++;
		pthread_mutex_unlock(&j->mu);
		if (a >= j->s->natoms)
			break;
		if (j->phase == 0) {
			struct hop_pts p = {w.x, w.y, w.z, j->s->nframes};
			size_t nl;

			store_get(j->s, a, w.x, w.y, w.z);
			nl = hop_vib_curve(&p, w.scratch, j->curve[a]);
			pthread_mutex_lock(&j->mu);
			j->nlags = nl; /* the same for every atom */
			hop_progress_update(&j->pg, ++j->done);
			pthread_mutex_unlock(&j->mu);
			continue;
		}
		r = &j->res[a];
		memset(&r->a, 0, sizeof(r->a));
		r->a.slot = j->slot[a];
		r->a.atom = j->h->orig_index[r->a.slot];
		r->a.species = hop_header_species_of(j->h, r->a.slot);
		store_get(j->s, a, w.x, w.y, w.z);
		if (j->curve != NULL)
			hop_vib_from_curve(j->curve[a], j->nlags,
			    j->plateau[r->a.species], &w.avib);
		if (modes[j->o->mode].fn(&w, hop_rng_seed(j->o->seed,
		    r->a.atom), j->o, &cl) != 0 ||
		    make_hops(&w, &cl, j->s->origin + 3 * a, j->o, r) != 0) {
			ok = 0;
			break;
		}
		pthread_mutex_lock(&j->mu);
		hop_progress_update(&j->pg, ++j->done);
		pthread_mutex_unlock(&j->mu);
	}
	if (!ok) {
		pthread_mutex_lock(&j->mu);
		j->failed = 1;
		j->next = j->s->natoms; /* the others stop too */
		pthread_mutex_unlock(&j->mu);
	}
	work_free(&w);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Each species' plateau lag, read off the median of its atoms'
 * vibration curves: the time the vibration takes to decorrelate is a
 * property of the species, and one atom that hops often cannot blur it.
 * 0 or -1 (out of memory).
 */
static int
species_plateaus(struct job *j, size_t nspecies)
{
	size_t sp, a, i, n;
	double *v = malloc((j->s->natoms ? j->s->natoms : 1) * sizeof(*v));
	double med[HOP_VIB_NLAGS];

	if (v == NULL)
		return -1;
	for (sp = 0; sp < nspecies; sp++) {
		j->plateau[sp] = 0;
		for (i = 0; i < j->nlags; i++) {
			for (a = n = 0; a < j->s->natoms; a++)
				if (hop_header_species_of(j->h, j->slot[a]) ==
				    sp)
					v[n++] = j->curve[a][i];
			if (n == 0)
				break;
			qsort(v, n, sizeof(*v), cmp_double);
			med[i] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
		}
		if (i == j->nlags)
			j->plateau[sp] = hop_vib_plateau(med, j->nlags);
	}
	free(v);
	return 0;
}

/* Analyse every atom with nthreads threads. 0 or -1 (out of memory). */
static int
run_jobs(struct job *j, size_t nthreads)
{
	pthread_t *th;
	size_t i, started = 0;

	if (nthreads > j->s->natoms)
		nthreads = j->s->natoms ? j->s->natoms : 1;
	if ((th = malloc(nthreads * sizeof(*th))) == NULL)
		return -1;
	j->next = j->done = 0;
	pthread_mutex_init(&j->mu, NULL);
	hop_progress_start(&j->pg, j->phase == 0 ? "vibration" : "atoms",
	    j->s->natoms);
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&th[i - 1], NULL, worker, j) == 0)
			started++;
	worker(j); /* the main thread works too */
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	hop_progress_end(&j->pg);
	pthread_mutex_destroy(&j->mu);
	free(th);
	return j->failed ? -1 : 0;
}

/* --- output --- */

static int
write_stream(const struct hop_header *in, uint64_t nframes,
    const struct result *res, size_t n, int argc, char **argv,
    struct hop_err *err)
{
	struct hop_header out;
	struct hop_writer *w = NULL;
	size_t a, i;
	int ret = -1;

	if (hop_header_copy(&out, in, err) != 0)
		return -1;
	out.nframes = nframes;
	if (hop_header_add_prov(&out, prog, HOP_VERSION, argc, argv, err) != 0)
		goto out;
	if ((w = hop_writer_open(stdout, "<stdout>", &out, err)) == NULL)
		goto out;
	for (a = 0; a < n; a++) {
		if (hop_write_atom(w, &res[a].a, err) != 0)
			goto out;
		for (i = 0; i < res[a].nhops; i++)
			if (hop_write_hop(w, &res[a].hops[i], err) != 0)
				goto out;
	}
	/* Only a complete run gets its END record. */
	if (hop_writer_finish(w, err) != 0)
		goto out;
	ret = 0;
out:
	hop_writer_free(w);
	hop_header_free(&out);
	return ret;
}

static int
write_tsv(const struct hop_header *in, uint64_t nframes,
    const struct result *res, size_t n, struct hop_err *err)
{
	struct hop_header h;
	size_t a, i;

	if (hop_header_copy(&h, in, err) != 0)
		return -1;
	h.nframes = nframes;
	hop_tsv_header(stdout);
	for (a = 0; a < n; a++)
		for (i = 0; i < res[a].nhops; i++)
			hop_tsv_row(stdout, &h, &res[a].hops[i]);
	hop_header_free(&h);
	return 0;
}

/*
 * The picture of one atom (--svg): its frames projected on two axes,
 * coloured by cluster (colour k, marker k mod 5), each centre a cross of
 * its cluster's colour, and the frames of every hop overdrawn with a
 * black plus.  The atom is analysed again here, exactly as in the run (the
 * same random stream), so the figure shows what the output says.  0 or -1
 * with err set.
 */
static int
draw_atom(struct job *j, size_t a, struct hop_err *err)
{
	static const char names[] = "xyz";
	const struct opts *o = j->o;
	const double *org = j->s->origin + 3 * a;
	struct hop_svg *svg = NULL;
	struct hop_svg_panel *p;
	struct clustering cl;
	struct result r;
	struct work w;
	double *px = NULL, *py = NULL, cx, cy;
	unsigned char *hot = NULL;
	size_t n = j->s->nframes, t, m, i, nhot = 0;
	unsigned k, kk;
	int ret = -1;
	char title[160], xl[16], yl[16];

	memset(&r, 0, sizeof(r));
	if (work_init(&w, n, o) != 0)
		goto oom;
	r.a = j->res[a].a;
	store_get(j->s, a, w.x, w.y, w.z);
	if (j->curve != NULL)
		hop_vib_from_curve(j->curve[a], j->nlags,
		    j->plateau[r.a.species], &w.avib);
	if (modes[o->mode].fn(&w, hop_rng_seed(o->seed, r.a.atom), o,
	    &cl) != 0 || make_hops(&w, &cl, org, o, &r) != 0)
		goto oom;
	if ((px = malloc((n ? n : 1) * sizeof(*px))) == NULL ||
	    (py = malloc((n ? n : 1) * sizeof(*py))) == NULL ||
	    (hot = calloc(n ? n : 1, 1)) == NULL ||
	    (svg = hop_svg_new(1, 1, 640, 560, NULL)) == NULL)
		goto oom;
	p = hop_svg_panel(svg, 0, 0);
	snprintf(title, sizeof(title), "atom %u (%s): %u site%s, %zu hop%s "
	    "(%s mode)", r.a.atom, j->h->species[r.a.species].name,
	    r.a.nclusters, r.a.nclusters == 1 ? "" : "s", r.nhops,
	    r.nhops == 1 ? "" : "s", modes[o->mode].name);
	snprintf(xl, sizeof(xl), "%c (\xc3\x85)", names[o->axes[0]]);
	snprintf(yl, sizeof(yl), "%c (\xc3\x85)", names[o->axes[1]]);
	hop_svg_labels(p, title, xl, yl);
	k = cl.k > 1 ? cl.k : 1;
	for (kk = 0; kk < k; kk++) {
		struct hop_svg_style st = {(int)kk, (enum hop_marker)(kk % 5),
		    2, 0, 0, 0.5};
		struct hop_svg_style cs = {(int)kk, HOP_MARK_CROSS, 7, 0, 2,
		    1};
		double c[3] = {0, 0, 0};
		char leg[32];

		for (t = m = 0; t < n; t++) {
			const float *v[3] = {w.x, w.y, w.z};

			if ((cl.labels ? cl.labels[t] : 0) != kk)
				continue;
			px[m] = org[o->axes[0]] + v[o->axes[0]][t];
			py[m] = org[o->axes[1]] + v[o->axes[1]][t];
			c[0] += w.x[t];
			c[1] += w.y[t];
			c[2] += w.z[t];
			m++;
		}
		if (m == 0)
			continue;
		snprintf(leg, sizeof(leg), "site %u", kk);
		hop_svg_points(p, px, py, m, &st, leg);
		cx = org[o->axes[0]] + c[o->axes[0]] / (double)m;
		cy = org[o->axes[1]] + c[o->axes[1]] / (double)m;
		hop_svg_points(p, &cx, &cy, 1, &cs, kk == 0 ? "centres" :
		    NULL);
	}
	for (i = 0; i < r.nhops; i++)
		for (t = r.hops[i].start; t <= r.hops[i].end && t < n; t++)
			hot[t] = 1;
	for (t = 0; t < n; t++)
		if (hot[t]) {
			const float *v[3] = {w.x, w.y, w.z};

			px[nhot] = org[o->axes[0]] + v[o->axes[0]][t];
			py[nhot] = org[o->axes[1]] + v[o->axes[1]][t];
			nhot++;
		}
	if (nhot > 0) {
		struct hop_svg_style hs = {-1, HOP_MARK_PLUS, 3, 0, 0, 1};

		hop_svg_points(p, px, py, nhot, &hs, "hop frames");
	}
	if (hop_svg_write(svg, o->svg, err) != 0)
		goto out;
	ret = 0;
	goto out;
oom:
	hop_err_set(err, "%s: out of memory drawing atom %u", o->svg,
	    r.a.atom);
out:
	hop_svg_free(svg);
	free(px);
	free(py);
	free(hot);
	free(r.hops);
	work_free(&w);
	return ret;
}

static int
fail(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", prog, msg);
	return HOP_EXIT_DATA;
}

static int
kmeans_hops(struct hop_reader *r, const struct opts *o, int argc,
    char **argv)
{
	const struct hop_header *h = hop_reader_header(r);
	const char *name = hop_reader_name(r);
	struct store s;
	struct job j;
	struct hop_err err;
	struct result *res = NULL;
	unsigned char *keep = NULL;
	uint32_t *slot = NULL, i;
	size_t a, svg_at = SIZE_MAX;
	int status = HOP_EXIT_DATA;

	memset(&s, 0, sizeof(s));
	memset(&j, 0, sizeof(j));
	if (h->coords == HOP_COORDS_FRACTIONAL) {
		hop_err_set(&err, "%s: coordinates are fractional (wrapped); "
		    "run unwrap first", name);
		return fail(err.msg);
	}
	if ((keep = malloc(h->nspecies ? h->nspecies : 1)) == NULL ||
	    (slot = malloc((h->natoms ? h->natoms : 1) * sizeof(*slot))) ==
	    NULL) {
		hop_err_set(&err, "%s: out of memory", name);
		goto out;
	}
	if (hop_species_select(h, o->species, keep, &err) != 0) {
		/* The message names no file: say which input. */
		struct hop_err e2;

		hop_err_set(&e2, "%s: %s", name, err.msg);
		err = e2;
		goto out;
	}
	for (i = 0; i < h->natoms; i++)
		if (keep[hop_header_species_of(h, i)]) {
			if (o->svg != NULL && h->orig_index[i] == o->svg_atom)
				svg_at = s.natoms;
			slot[s.natoms++] = i;
		}
	if (o->svg != NULL && svg_at == SIZE_MAX) {
		hop_err_set(&err, "%s: --svg-atom: atom %llu is not among "
		    "the analysed atoms", name,
		    (unsigned long long)o->svg_atom);
		goto out;
	}
	if (read_frames(r, name, slot, &s, &err) != 0)
		goto out;
	if (s.natoms > 0 &&
	    (res = calloc(s.natoms, sizeof(*res))) == NULL) {
		hop_err_set(&err, "%s: out of memory", name);
		goto out;
	}
	j.s = &s;
	j.o = o;
	j.h = h;
	j.slot = slot;
	j.res = res;
	if (s.natoms > 0 && o->mode == MODE_ADAPTIVE &&
	    ((j.curve = calloc(s.natoms, sizeof(*j.curve))) == NULL ||
	    (j.plateau = calloc(h->nspecies ? h->nspecies : 1,
	    sizeof(*j.plateau))) == NULL || run_jobs(&j, (size_t)o->jobs) ||
	    species_plateaus(&j, h->nspecies) != 0)) {
		hop_err_set(&err, "%s: out of memory analysing %zu frames",
		    name, s.nframes);
		goto out;
	}
	j.phase = 1;
	if (s.natoms > 0 && run_jobs(&j, (size_t)o->jobs) != 0) {
		hop_err_set(&err, "%s: out of memory analysing %zu frames",
		    name, s.nframes);
		goto out;
	}
	if (o->svg != NULL && draw_atom(&j, svg_at, &err) != 0)
		goto out;
	if (o->tsv ? write_tsv(h, s.nframes, res, s.natoms, &err) :
	    write_stream(h, s.nframes, res, s.natoms, argc, argv, &err))
		goto out;
	status = HOP_EXIT_OK;
out:
	if (status != HOP_EXIT_OK)
		fail(err.msg);
	for (a = 0; res != NULL && a < s.natoms; a++)
		free(res[a].hops);
	free(res);
	free(j.curve);
	free(j.plateau);
	free(keep);
	free(slot);
	store_free(&s);
	return status;
}

static void
bad_value(const char *opt, const char *arg, const char *range)
{
	fprintf(stderr, "%s: --%s: '%s' is not %s\n", prog, opt, arg, range);
	usage(stderr, HOP_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dist", required_argument, NULL, 'd'},
		{"exact-max", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{"jobs", required_argument, NULL, 'j'},
		{"kmax", required_argument, NULL, 'k'},
		{"mode", required_argument, NULL, 'm'},
		{"n-init", required_argument, NULL, 'n'},
		{"no-bounds", no_argument, NULL, 'B'},
		{"seed", required_argument, NULL, 'r'},
		{"silhouette-min", required_argument, NULL, 'S'},
		{"species", required_argument, NULL, 's'},
		{"svg", required_argument, NULL, 'g'},
		{"svg-atom", required_argument, NULL, 'a'},
		{"svg-axes", required_argument, NULL, 'x'},
		{"tsv", no_argument, NULL, 't'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	struct opts o = {.dist = 0.4, .sil_min = 0.7, .exact_max = 10000,
	    .kmax = 10, .n_init = 10, .mode = MODE_REFERENCE, .axes = {0, 1}};
	struct hop_reader *r;
	struct hop_err err;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c, status;
	size_t m;

	o.jobs = ncpu > 0 ? (uint64_t)ncpu : 1;
	while ((c = getopt_long(argc, argv, "a:Bd:e:g:hj:k:m:n:r:S:s:tVx:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'a':
			if (hop_cli_u64(optarg, 0, UINT32_MAX, &o.svg_atom) != 0)
				bad_value("svg-atom", optarg,
				    "an atom index in [0, 4294967295]");
			o.svg_atom_set = 1;
			break;
		case 'B':
			o.no_bounds = 1;
			break;
		case 'd':
			if (hop_cli_double(optarg, 0, 1e6, &o.dist) != 0)
				bad_value("dist", optarg,
				    "a distance in [0, 1e6] A");
			o.dist_set = 1;
			break;
		case 'e':
			if (hop_cli_u64(optarg, 10, 1000000, &o.exact_max) != 0)
				bad_value("exact-max", optarg,
				    "an integer in [10, 1000000]");
			break;
		case 'g':
			o.svg = optarg;
			break;
		case 'h':
			usage(stdout, HOP_EXIT_OK);
			break;
		case 'j':
			if (hop_cli_u64(optarg, 1, 1024, &o.jobs) != 0)
				bad_value("jobs", optarg,
				    "an integer in [1, 1024]");
			break;
		case 'k':
			if (hop_cli_u64(optarg, 2, HOP_KM_KMAX, &o.kmax) != 0)
				bad_value("kmax", optarg,
				    "an integer in [2, 64]");
			break;
		case 'm':
			for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
				if (strcmp(optarg, modes[m].name) == 0)
					break;
			if (m == sizeof(modes) / sizeof(modes[0]))
				bad_value("mode", optarg, "a known mode "
				    "(reference, adaptive)");
			o.mode = (int)m;
			break;
		case 'n':
			if (hop_cli_u64(optarg, 1, 1000, &o.n_init) != 0)
				bad_value("n-init", optarg,
				    "an integer in [1, 1000]");
			break;
		case 'r':
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				bad_value("seed", optarg,
				    "an unsigned 64-bit integer");
			break;
		case 'S':
			if (hop_cli_double(optarg, -1, 1, &o.sil_min) != 0)
				bad_value("silhouette-min", optarg,
				    "a number in [-1, 1]");
			break;
		case 's':
			if (*optarg == '\0')
				bad_value("species", optarg,
				    "a comma-separated list of species");
			o.species = optarg;
			break;
		case 't':
			o.tsv = 1;
			break;
		case 'V':
			hop_cli_version(prog);
		case 'x':
			if (strlen(optarg) != 2 || strchr("xyz", optarg[0]) ==
			    NULL || strchr("xyz", optarg[1]) == NULL ||
			    optarg[0] >= optarg[1])
				bad_value("svg-axes", optarg, "xy, xz or yz");
			o.axes[0] = optarg[0] - 'x';
			o.axes[1] = optarg[1] - 'x';
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if ((o.svg != NULL) != o.svg_atom_set) {
		fprintf(stderr, "%s: --svg and --svg-atom go together\n",
		    prog);
		usage(stderr, HOP_EXIT_USAGE);
	}
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	if (!o.tsv && hop_cli_stream_stdout(&err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return HOP_EXIT_USAGE;
	}
	r = hop_reader_open_path(optind < argc ? argv[optind] : NULL, &err);
	if (r == NULL) {
		status = fail(err.msg);
	} else {
		status = kmeans_hops(r, &o, argc, argv);
		hop_reader_free(r);
	}
	if (hop_cli_finish(&status, &err) != 0)
		fprintf(stderr, "%s: %s\n", prog, err.msg);
	return status;
}
