/*
 * kmeans-hops - find ion hops in an unwrapped hop stream by k-means
 * clustering of each atom's trajectory, as IonDiff's identify_diffusion
 * does (man/kmeans-hops.1 states the method and where it departs).
 *
 * The method is common/hopfind; this file holds the options, the reading
 * of the frames into a position store (common/posstore: per-atom float
 * displacements from each atom's first position, so float keeps 0.1 um
 * precision), the threads, the output and the picture.  Worker threads
 * take atoms one at a time, each with its own O(frames) workspace, and
 * the results are written in atom order, so the output does not depend
 * on the number of threads.
 */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomrange.h"
#include "cli.h"
#include "hopfind.h"
#include "hops.h"
#include "latsym.h"
#include "outfile.h"
#include "memsize.h"
#include "posstore.h"
#include "rng.h"
#include "sigclean.h"
#include "sitefile.h"
#include "splitrun.h"
#include "species.h"
#include "stream.h"
#include "svg.h"
#include "table.h"

static const char *prog = "kmeans-hops";

/* Long options without a letter; OPT_OLD_MERGE: the old name of
 * --merge-tol, a usage error that names the new one. */
enum { OPT_SILHOUETTE_MIN = 256, OPT_MERGE_TOL, OPT_NO_TRANSLATIONS,
    OPT_VIB_IN, OPT_VIB_OUT, OPT_POOL_IN, OPT_POOL_OUT, OPT_SITES_IN,
    OPT_SITES_OUT, OPT_VISITS_IN, OPT_VISITS_OUT, OPT_NO_DWELLS, OPT_DIST,
    OPT_EXACT_MAX, OPT_MODE, OPT_N_INIT, OPT_NO_BOUNDS, OPT_SVG_ATOM,
    OPT_SVG_AXES, OPT_OLD_MERGE };

struct opts {
	struct hop_find_opts find;
	struct hop_sitenet_opts net; /* network mode */
	uint64_t seed, svg_atom;
	unsigned jobs;
	struct hop_cli_figure fig; /* --title, --xlabel, --ylabel */
	int tsv, svg_atom_set;
	int axes[2]; /* --svg-axes: the coordinates drawn, 0..2 */
	const char *species, *svg; /* species NULL: the family's */
	struct hop_atomrange atoms; /* --atoms */
	int atoms_set;
	int no_trans;               /* --no-translations */
	const char *ref_only;       /* a reference mode option given */
	const char *net_only;       /* a network mode option given */
	uint64_t max_memory;        /* --max-memory, bytes */
	const char *path;           /* the input, NULL for standard input */
	const char *vib_out;        /* --vib-out: write the curves, stop */
	const char **vib_in;        /* --vib-in files, nvib_in of them */
	size_t nvib_in;
	/* Network mode split by atoms (sitefile.h): */
	const char *pool_out, *sites_out, *visits_out, *sites_in;
	const char **pool_in, **visits_in;
	size_t npool_in, nvisits_in;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: kmeans-hops [options] [FILE]\n"
	    "Find ion hops in an unwrapped hop stream by clustering each "
	    "atom's trajectory.\n"
	    "      --atoms=RANGE       analyse only these atoms, by original "
	    "index: 0-999,2500\n"
	    "                          (with --species: the atoms in both; "
	    "default: all)\n"
	    "      --dist=A            a frame vibrates when within A of its "
	    "cluster's centre\n"
	    "                          (default: 0.4 in reference mode, "
	    "measured per atom in\n"
	    "                          adaptive mode, per species in network "
	    "mode)\n"
	    "      --exact-max=N       reference: silhouettes on at most N "
	    "evenly strided\n"
	    "                          frames (default: 10000)\n"
	    "  -h, --help              show this help and exit\n"
	    "  -j, --jobs=N            threads, 1 to %d (default: all online "
	    "CPUs)\n"
	    "  -k, --kmax=N            reference: try k = 2..N clusters "
	    "(default: 10)\n"
	    "      --max-memory=SIZE   refuse a run needing more memory: 2G, "
	    "500M (default: the\n"
	    "                          machine's physical memory)\n"
	    "      --merge-tol=A       network: sites closer than A are one "
	    "(default: 3 x the\n"
	    "                          species' vibration sigma)\n"
	    "      --mode=NAME         method: reference (IonDiff's), adaptive "
	    "or network\n"
	    "                          (default: reference)\n"
	    "      --pool-in=FILE      network: the sites from these pools "
	    "(repeat for every\n"
	    "                          part of a split run; default: the "
	    "atoms analysed)\n"
	    "      --pool-out=FILE     network: write the atoms' pooled "
	    "curves and positions,\n"
	    "                          and the framework, to FILE and stop\n"
	    "      --n-init=N          reference: k-means restarts for each k "
	    "(default: 10)\n"
	    "      --no-bounds         reference: compute every silhouette "
	    "exactly, without\n"
	    "                          the shortcut by bounds (default: off)\n"
	    "      --no-dwells         network: no sites from the places one "
	    "ion dwelt (step 7;\n"
	    "                          taken only without translations)\n"
	    "      --no-translations   network: do not pool the positions over "
	    "the framework's\n"
	    "                          lattice translations (default: pool)\n"
	    "  -q, --quiet             no progress line and no statement of "
	    "the memory needed\n"
	    "  -r, --seed=N            random seed (default: 0)\n"
	    "      --silhouette-min=S  reference: an atom with a best mean "
	    "silhouette below S\n"
	    "                          has one cluster (default: 0.7)\n"
	    "      --sites-in=FILE     network: the sites (or candidates) "
	    "that --sites-out wrote\n"
	    "      --sites-out=FILE    network: write the sites to FILE and "
	    "stop (from --pool-in\n"
	    "                          or --sites-in: without reading FILE)\n"
	    "  -s, --species=LIST      comma-separated species to analyse, or "
	    "all (default:\n"
	    "                          the run's mobile species)\n"
	    "  -g, --svg=FILE          draw the atom of --svg-atom into FILE "
	    "(default: none)\n"
	    "      --svg-atom=N        the atom to draw, by original index "
	    "(default: none)\n"
	    "      --svg-axes=AB       the two axes drawn: xy, xz or yz "
	    "(default: xy)\n"
	    "      --title=TEXT        the figure's title (default: the atom, "
	    "its sites and hops)\n"
	    "  -T, --tsv               write the hop table instead of a hop "
	    "stream\n"
	    "  -V, --version           show the version and exit\n"
	    "      --vib-in=FILE       adaptive: the species' plateaus from "
	    "these curves (repeat\n"
	    "                          for each part of a split run; "
	    "default: the atoms analysed)\n"
	    "      --vib-out=FILE      adaptive: write the atoms' vibration "
	    "curves to FILE and stop\n"
	    "      --visits-in=FILE    network: prune the candidate sites by "
	    "these visits (repeat\n"
	    "                          for every part)\n"
	    "      --visits-out=FILE   network: write the atoms' visits to "
	    "the candidate sites\n"
	    "                          to FILE and stop\n"
	    "      --xlabel=TEXT       the x axis label (default: x (\xc3\x85))\n"
	    "      --ylabel=TEXT       the y axis label (default: y (\xc3\x85))\n",
	    HOP_JOBS_MAX);
	hop_cli_exit(prog, status);
}

/*
 * Read every frame of r into a new store *sp, three series per atom slot
 * listed in slot (natoms of them).  With fw (6 per atom of the run, or
 * NULL), every atom's summed coordinates and summed squares are added to
 * it (x y z x^2 y^2 z^2), for the framework's translations (latsym.h).
 * Other record kinds are skipped; a hop stream is refused.  0 or -1 with
 * err set.
 */
static int
read_frames(struct hop_reader *r, const char *name, const uint32_t *slot,
    size_t natoms, uint64_t base, uint64_t per, uint64_t limit,
    double *fw, struct hop_posstore **sp, struct hop_err *err)
{
	const struct hop_header *h = hop_reader_header(r);
	struct hop_posstore *s;
	struct hop_record rec;
	struct hop_frame fr;
	double *row = hop_xreallocarray(NULL, natoms, 3 * sizeof(double));
	size_t a, bad;
	int st;

	if ((*sp = s = hop_posstore_new(3 * natoms, err)) == NULL) {
		hop_err_prefix(err, name);
		free(row);
		return -1;
	}
	while ((st = hop_reader_next(r, &rec, err)) == 1) {
		if (rec.type == HOP_REC_HOP || rec.type == HOP_REC_ATOM) {
			hop_err_set(err, "%s: record %llu: a hop record in a "
			    "stream of frames (is this already the output of "
			    "a hop finder?)", name,
			    (unsigned long long)rec.number);
			st = -1;
			break;
		}
		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(r, &rec, &fr, err) != 0) {
			st = -1;
			break;
		}
		if (base + per * natoms * (hop_posstore_frames(s) + 1) > limit) {
			char l[32];

			hop_err_set(err, "%s: record %llu: past --max-memory %s "
			    "after %zu frames; split the run by atoms (--atoms "
			    "RANGE on each part, or hopsplit), then hopcat "
			    "--merge the parts' hop streams", name,
			    (unsigned long long)rec.number,
			    hop_memsize_format(limit, l, sizeof(l)),
			    hop_posstore_frames(s));
			st = -1;
			break;
		}
		if (hop_frame_check_finite(h, &rec, &fr, err) != 0) {
			hop_err_prefix(err, name);
			st = -1;
			break;
		}
		for (a = 0; a < natoms; a++)
			memcpy(row + 3 * a, fr.pos + 3 * (size_t)slot[a],
			    3 * sizeof(double));
		for (a = 0; fw != NULL && a < 3 * (size_t)h->natoms; a++) {
			fw[2 * a - a % 3] += fr.pos[a];
			fw[2 * a - a % 3 + 3] += fr.pos[a] * fr.pos[a];
		}
		if (hop_posstore_add(s, row, &bad, err) != 0) {
			if (bad != SIZE_MAX)
				hop_err_set(err, "%s: record %llu: atom %u "
				    "has a huge coordinate", name,
				    (unsigned long long)rec.number,
				    h->orig_index[slot[bad / 3]]);
			else
				hop_err_set(err, "%s: record %llu: out of "
				    "memory after %zu frames", name,
				    (unsigned long long)rec.number,
				    hop_posstore_frames(s));
			st = -1;
			break;
		}
	}
	free(row);
	return st < 0 ? -1 : 0;
}

/* --- threads --- */

struct job {
	const struct hop_posstore *s;
	size_t natoms, nframes;
	const struct opts *o;
	const struct hop_header *h;
	const uint32_t *slot;
	struct hop_find_result *res;
	/* Network mode: each species' sites (NULL for a species not
	 * analysed). */
	struct hop_sitenet **net;
	size_t nspecies;
	const double *fw;  /* read_frames' sums over every atom, or NULL */
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

/* Atom a's trajectory from the store into w; its origin into org. */
static void
load_atom(const struct job *j, size_t a, struct hop_find_ws *w, double *org)
{
	float *v[3];
	int d;

	hop_find_ws_traj(w, &v[0], &v[1], &v[2]);
	for (d = 0; d < 3; d++) {
		hop_posstore_get(j->s, 3 * a + (size_t)d, 0, j->nframes, v[d]);
		org[d] = hop_posstore_origin(j->s, 3 * a + (size_t)d);
	}
}

/* Atom a's analysis into r (whose atom, slot and species are set), with
 * the clustering in cl. 0 or -1 (out of memory). */
static int
analyse_atom(const struct job *j, size_t a, struct hop_find_ws *w,
    struct hop_find_clustering *cl, struct hop_find_result *r)
{
	double org[3];

	load_atom(j, a, w, org);
	if (j->net != NULL) {
		const struct hop_sitenet *net = j->net[r->a.species];
		struct hop_sitenet_path path;
		struct hop_sitenet_ws *sw = hop_sitenet_ws_new(net, j->nframes);
		struct hop_find_clustering own;
		float *v[3];
		int st;

		if (sw == NULL)
			return -1;
		hop_find_ws_traj(w, &v[0], &v[1], &v[2]);
		st = hop_sitenet_assign(net, sw, org, v[0], v[1], v[2],
		    j->nframes, &path, NULL);
		if (st == 0)
			st = hop_find_network(w, net, &path, org, &j->o->find,
			    cl != NULL ? cl : &own, r);
		hop_sitenet_ws_free(sw);
		return st;
	}
	if (j->curve != NULL)
		hop_find_set_vib(w, j->curve[a], j->nlags,
		    j->plateau[r->a.species]);
	return hop_find_atom(w, &j->o->find, hop_rng_seed(j->o->seed,
	    r->a.atom), org, cl, r);
}

/* The identity of analysed atom a in its result. */
static void
result_init(const struct job *j, size_t a, struct hop_find_result *r)
{
	memset(r, 0, sizeof(*r));
	r->a.slot = j->slot[a];
	r->a.atom = j->h->orig_index[r->a.slot];
	r->a.species = hop_header_species_of(j->h, r->a.slot);
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct hop_find_ws *w = hop_find_ws_new(j->nframes, &j->o->find);
	int ok = w != NULL;

	while (ok) {
		size_t a;

		pthread_mutex_lock(&j->mu);
		a = j->next++;
		pthread_mutex_unlock(&j->mu);
		if (a >= j->natoms)
			break;
		if (j->phase == 0) {
			double org[3];
			size_t nl;

			load_atom(j, a, w, org);
			nl = hop_find_vib_curve(w, j->curve[a]);
			pthread_mutex_lock(&j->mu);
			j->nlags = nl; /* the same for every atom */
			hop_progress_update(&j->pg, ++j->done);
			pthread_mutex_unlock(&j->mu);
			continue;
		}
		result_init(j, a, &j->res[a]);
		if (analyse_atom(j, a, w, NULL, &j->res[a]) != 0) {
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
		j->next = j->natoms; /* the others stop too */
		pthread_mutex_unlock(&j->mu);
	}
	hop_find_ws_free(w);
	return NULL;
}

/* Each species' plateau lag (hop_find_plateau). 0 or -1 (out of
 * memory). */
static int
species_plateaus(struct job *j, size_t nspecies)
{
	unsigned char *member = hop_xmalloc(j->natoms);
	size_t sp, a;
	int ret = 0;

	for (sp = 0; sp < nspecies && ret == 0; sp++) {
		for (a = 0; a < j->natoms; a++)
			member[a] = hop_header_species_of(j->h, j->slot[a]) ==
			    sp;
		ret = hop_find_plateau(j->curve, member, j->natoms, j->nlags,
		    &j->plateau[sp]);
	}
	free(member);
	return ret;
}

/* Analyse every atom with nthreads threads. 0 or -1 (out of memory). */
static int
run_jobs(struct job *j, size_t nthreads)
{
	pthread_t *th;
	size_t i, started = 0;

	if (nthreads > j->natoms)
		nthreads = j->natoms ? j->natoms : 1;
	th = hop_xreallocarray(NULL, nthreads, sizeof(*th));
	j->next = j->done = 0;
	pthread_mutex_init(&j->mu, NULL);
	hop_progress_start(&j->pg, j->phase == 0 ? "vibration" : "atoms",
	    j->natoms);
	for (i = 1; i < nthreads; i++)
		if (hop_sigclean_thread(&th[i - 1], worker, j) == 0)
			started++;
	worker(j); /* the main thread works too */
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	hop_progress_end(&j->pg);
	pthread_mutex_destroy(&j->mu);
	free(th);
	return j->failed ? -1 : 0;
}

/* --- network mode: the sites, in one process or from a split run's files --- */

/* The block of species name in f, or NULL. */
static struct hop_siteblock *
block_of(const struct hop_sitefile *f, const char *name)
{
	size_t i;

	for (i = 0; f != NULL && i < f->nblocks; i++)
		if (strcmp(f->b[i].species, name) == 0)
			return &f->b[i];
	return NULL;
}

/* A new block for species name at the end of f. */
static struct hop_siteblock *
block_add(struct hop_sitefile *f, const char *name)
{
	struct hop_siteblock *b;

	f->b = hop_xreallocarray(f->b, f->nblocks + 1, sizeof(*f->b));
	b = &f->b[f->nblocks++];
	memset(b, 0, sizeof(*b));
	snprintf(b->species, sizeof(b->species), "%s", name);
	return b;
}

/*
 * Block b of the sites b->net found from nions ions: the options kept, the
 * ions (keys key) in the order of their keys with their positions at
 * frame 0 (first[i step] for ion i), and a warning when the candidates
 * are fewer than the ions.
 */
static void
block_set(struct hop_siteblock *b, const struct hop_sitenet_opts *o,
    const char *name, size_t nions, const uint32_t *key,
    const double (*first)[3], size_t step)
{
	size_t *perm, i, k;

	b->opts = *o;
	b->opts.trans = NULL; /* not kept: the sites are found */
	b->opts.ntrans = 0;
	b->nions = nions;
	b->atom = hop_xreallocarray(NULL, nions, sizeof(*b->atom));
	b->first = hop_xreallocarray(NULL, nions, sizeof(*b->first));
	perm = hop_xreallocarray(NULL, nions, sizeof(*perm));
	/* The keys are distinct (hop_sitenet_from_pool checked): a plain
	 * insertion of each at its rank. */
	for (i = 0; i < nions; i++)
		perm[i] = i;
	for (i = 1; i < nions; i++)
		for (k = i; k > 0 && key[perm[k - 1]] > key[perm[k]]; k--) {
			size_t t = perm[k];

			perm[k] = perm[k - 1];
			perm[k - 1] = t;
		}
	for (i = 0; i < nions; i++) {
		b->atom[i] = key[perm[i]];
		memcpy(b->first[i], first[perm[i] * step],
		    sizeof(b->first[i]));
	}
	free(perm);
	if (b->net->ncand < nions)
		/* Every ion sits on a site of its own. */
		hop_warn("%s: species %s: %zu sites found for %zu ions; "
		    "sites were merged (the vibration, sigma %.3g A, may be "
		    "overestimated: see --merge-tol)", name, b->species,
		    b->net->ncand, nions, b->net->vib.sigma);
}

/* The candidate sites of b->species from pool p (steps 1 to 4), with the
 * pool's ions (by key) and their positions at frame 0. */
static int
block_from_pool(struct hop_siteblock *b, const struct hop_sitepool *p,
    const struct hop_sitenet_opts *o, const char *name, struct hop_err *err)
{
	if ((b->net = hop_sitenet_from_pool(p, o, err)) == NULL) {
		char pre[HOP_ERR_MAX];

		snprintf(pre, sizeof(pre), "%s: species %s", name, b->species);
		hop_err_prefix(err, pre);
		return -1;
	}
	block_set(b, o, name, p->nions, p->key,
	    (const double (*)[3])p->pt, p->npts);
	return 0;
}

/* A pool or sites file of the kind wanted, or NULL with err set. */
static struct hop_sitefile *
read_kind(const char *path, const char *opt, enum hop_sitefile_kind k1,
    enum hop_sitefile_kind k2, struct hop_err *err)
{
	struct hop_sitefile *f = hop_sitefile_read(path, err);

	if (f != NULL && f->kind != k1 && f->kind != k2) {
		hop_err_set(err, "%s: %s file, not what %s takes (%s%s%s)",
		    path, hop_sitefile_kind_name(f->kind), opt,
		    hop_sitefile_kind_name(k1), k1 != k2 ? " or " : "",
		    k1 != k2 ? hop_sitefile_kind_name(k2) : "");
		hop_sitefile_free(f);
		return NULL;
	}
	return f;
}

/* The framework atoms of every part's pools (sites_from_pools). */
struct fwall {
	size_t n, cap, nsp;
	uint32_t *atom;
	int *spec;             /* index into name */
	double (*sum)[6];
	char (*name)[HOP_MAX_NAME + 1];
	size_t *total;         /* nsp: each species' atoms in the run */
	size_t nframes;
	double cell[9];
};

static void
fwall_free(struct fwall *w)
{
	free(w->atom);
	free(w->spec);
	free(w->sum);
	free(w->name);
	free(w->total);
}

/* Add block b's framework atoms (of pool file path; first names the
 * first pool) to w.  0 or -1 with err set: a part of another run. */
static int
fwall_add(struct fwall *w, const struct hop_siteblock *b, const char *path,
    const char *first, struct hop_err *err)
{
	size_t i, k;

	if (b->nfw == 0)
		return 0;
	if (w->n == 0 && w->nsp == 0) {
		w->nframes = b->pool->nframes;
		memcpy(w->cell, b->pool->cell, sizeof(w->cell));
	} else if (b->pool->nframes != w->nframes) {
		hop_err_set(err, "%s: species %s: not a part of the same run "
		    "as %s: atoms of %zu frames, not %zu", path, b->species,
		    first, b->pool->nframes, w->nframes);
		return -1;
	} else if (memcmp(b->pool->cell, w->cell, sizeof(w->cell)) != 0) {
		hop_err_set(err, "%s: species %s: not a part of the same run "
		    "as %s: another cell", path, b->species, first);
		return -1;
	}
	for (k = 0; k < w->nsp && strcmp(w->name[k], b->species) != 0; k++)
		;
	if (k == w->nsp) {
		w->name = hop_xreallocarray(w->name, k + 1, sizeof(*w->name));
		w->total = hop_xreallocarray(w->total, k + 1,
		    sizeof(*w->total));
		memcpy(w->name[k], b->species, sizeof(w->name[k]));
		w->total[k] = b->fw_total;
		w->nsp++;
	} else if (w->total[k] != b->fw_total) {
		hop_err_set(err, "%s: species %s: a part of a run of %zu "
		    "atoms, not %zu: not a part of the same run as %s", path,
		    b->species, b->fw_total, w->total[k], first);
		return -1;
	}
	if (w->n + b->nfw > w->cap) {
		w->cap = 2 * (w->n + b->nfw);
		w->atom = hop_xreallocarray(w->atom, w->cap, sizeof(*w->atom));
		w->spec = hop_xreallocarray(w->spec, w->cap, sizeof(*w->spec));
		w->sum = hop_xreallocarray(w->sum, w->cap, sizeof(*w->sum));
	}
	for (i = 0; i < b->nfw; i++) {
		w->atom[w->n] = b->fw_atom[i];
		w->spec[w->n] = (int)k;
		memcpy(w->sum[w->n++], b->fw_sum[i], sizeof(w->sum[0]));
	}
	return 0;
}

/* A framework atom's key and where it is in struct fwall. */
struct fwkey {
	uint32_t atom;
	size_t at;
};

static int
cmp_fw(const void *a, const void *b)
{
	const struct fwkey *x = a, *y = b;

	if (x->atom != y->atom)
		return (x->atom > y->atom) - (x->atom < y->atom);
	return (x->at > y->at) - (x->at < y->at);
}

/*
 * The whole run's translations from the framework atoms of every pool:
 * the atoms in the order of their original index, as one process takes
 * them, each once (a part made by --atoms holds every atom: the same
 * atom in two pools must be the same), every atom of the run there.
 * *tr and the count, or 0 with err set.
 */
static size_t
fwall_translations(struct fwall *w, double **tr, struct hop_err *err)
{
	struct fwkey *perm;
	size_t *cnt, i, m = 0, nt;
	double (*sum)[6];
	int *spec;

	*tr = NULL;
	if (w->n == 0) {
		hop_err_set(err, "--pool-in: the pools carry no framework "
		    "(made with --no-translations): give --no-translations "
		    "here too, or pool the parts again without it");
		return 0;
	}
	perm = hop_xreallocarray(NULL, w->n, sizeof(*perm));
	sum = hop_xreallocarray(NULL, w->n, sizeof(*sum));
	spec = hop_xreallocarray(NULL, w->n, sizeof(*spec));
	cnt = hop_xcalloc(w->nsp, sizeof(*cnt));
	for (i = 0; i < w->n; i++) {
		perm[i].atom = w->atom[i];
		perm[i].at = i;
	}
	qsort(perm, w->n, sizeof(*perm), cmp_fw);
	for (i = 0; i < w->n; i++) {
		size_t q = perm[i].at;

		if (m > 0 && perm[i].atom == perm[i - 1].atom) {
			size_t q0 = perm[i - 1].at;

			if (w->spec[q] != w->spec[q0] || memcmp(w->sum[q],
			    w->sum[q0], sizeof(w->sum[0])) != 0) {
				hop_err_set(err, "--pool-in: atom %u is in two "
				    "pools at other positions: not parts of "
				    "the same run", (unsigned)w->atom[q]);
				nt = 0;
				goto out;
			}
			continue;
		}
		memcpy(sum[m], w->sum[q], sizeof(sum[0]));
		spec[m++] = w->spec[q];
		cnt[w->spec[q]]++;
	}
	for (i = 0; i < w->nsp; i++)
		if (cnt[i] != w->total[i]) {
			hop_err_set(err, "--pool-in: species %s: the pools hold "
			    "%zu of the run's %zu atoms, for the framework's "
			    "translations: give every part's --pool-out",
			    w->name[i], cnt[i], w->total[i]);
			nt = 0;
			goto out;
		}
	nt = hop_latsym_framework(&sum[0][0], w->nframes, spec, m,
	    HOP_LATSYM_RMS, w->cell, tr, err);
	if (nt == 0)
		hop_err_prefix(err, "--pool-in");
out:
	free(perm);
	free(sum);
	free(spec);
	free(cnt);
	return nt;
}

/*
 * --pool-in: every part's pools merged per species at the whole run's
 * stride, then the candidate sites of each (*out, kind candidates), over
 * the translations of the framework the pools carry (unless
 * --no-translations).  Each file is read twice (the ions and the
 * framework first gathered), so that no more than one part's pools and
 * the merged ones are held.  0 or -1 with err set.
 */
static int
sites_from_pools(const struct opts *o, struct hop_sitefile *out,
    struct hop_err *err)
{
	struct hop_sitepool **merged = NULL;
	struct hop_sitenet_opts no = o->net;
	struct fwall fw;
	size_t *tot = NULL, *all = NULL, i, b, nsp = 0;
	double *tr = NULL;
	int pass, ret = -1;

	memset(&fw, 0, sizeof(fw));
	out->kind = HOP_SITEFILE_CANDIDATES;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < o->npool_in; i++) {
			struct hop_sitefile *f = read_kind(o->pool_in[i],
			    "--pool-in", HOP_SITEFILE_POOL, HOP_SITEFILE_POOL,
			    err);

			if (f == NULL)
				goto out;
			for (b = 0; b < f->nblocks; b++) {
				struct hop_siteblock *ob;
				size_t at;

				if (pass == 0 && !o->no_trans &&
				    fwall_add(&fw, &f->b[b], o->pool_in[i],
				    o->pool_in[0], err) != 0) {
					hop_sitefile_free(f);
					goto out;
				}
				/* The framework alone: no sites sought. */
				if (f->b[b].pool->nions == 0 &&
				    f->b[b].pool->total == 0)
					continue;
				if ((ob = block_of(out, f->b[b].species)) ==
				    NULL) {
					ob = block_add(out, f->b[b].species);
					tot = hop_xreallocarray(tot, out->nblocks,
					    sizeof(*tot));
					merged = hop_xreallocarray(merged,
					    out->nblocks, sizeof(*merged));
					all = hop_xreallocarray(all, out->nblocks,
					    sizeof(*all));
					all[out->nblocks - 1] =
					    f->b[b].pool->total;
					tot[out->nblocks - 1] = 0;
					merged[out->nblocks - 1] = NULL;
					nsp = out->nblocks;
				}
				at = (size_t)(ob - out->b);
				if (pass == 0) {
					tot[at] += f->b[b].pool->nions;
					if (f->b[b].pool->total != all[at]) {
						hop_err_set(err, "%s: species %s: "
						    "a part of a run of %zu ions, "
						    "not %zu: not a part of the "
						    "same run as %s",
						    o->pool_in[i], f->b[b].species,
						    f->b[b].pool->total, all[at],
						    o->pool_in[0]);
						hop_sitefile_free(f);
						goto out;
					}
					continue;
				}
				if (f->b[b].pool->nions == 0)
					continue;
				if (merged[at] == NULL && (merged[at] =
				    hop_sitepool_new(f->b[b].pool->cell,
				    f->b[b].pool->nframes, hop_sitenet_stride(
				    tot[at], f->b[b].pool->nframes,
				    o->net.max_points), err)) == NULL) {
					hop_err_prefix(err, o->pool_in[i]);
					hop_sitefile_free(f);
					goto out;
				}
				if (hop_sitepool_merge(merged[at], f->b[b].pool,
				    err) != 0) {
					char pre[HOP_ERR_MAX];

					snprintf(pre, sizeof(pre), "%s: species "
					    "%s: not a part of the same run: %s",
					    o->pool_in[i], f->b[b].species,
					    o->pool_in[0]);
					hop_err_prefix(err, pre);
					hop_sitefile_free(f);
					goto out;
				}
			}
			hop_sitefile_free(f);
			if (pass == 0 && i + 1 == o->npool_in) {
				for (b = 0; b < nsp; b++)
					if (all[b] > 0 && tot[b] != all[b]) {
						hop_err_set(err, "--pool-in: "
						    "species %s: the pools hold "
						    "%zu of the run's %zu ions: "
						    "give every part's --pool-out, "
						    "once",
						    out->b[b].species, tot[b],
						    all[b]);
						goto out;
					}
				if (!o->no_trans) {
					if ((no.ntrans = fwall_translations(&fw,
					    &tr, err)) == 0)
						goto out;
					no.trans = tr;
				}
				fwall_free(&fw);
				memset(&fw, 0, sizeof(fw));
			}
		}
	for (b = 0; b < nsp; b++) {
		if (block_from_pool(&out->b[b], merged[b], &no, "--pool-in",
		    err) != 0)
			goto out;
		if (hop_siteblock_id(HOP_SITEFILE_CANDIDATES, &out->b[b],
		    &out->b[b].sites_id, err) != 0)
			goto out;
		hop_sitepool_free(merged[b]);
		merged[b] = NULL;
	}
	ret = 0;
out:
	for (b = 0; b < nsp; b++)
		hop_sitepool_free(merged[b]);
	fwall_free(&fw);
	free(merged);
	free(tot);
	free(all);
	free(tr);
	return ret;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * --visits-in: each candidate block pruned by the visits of every part
 * (which must be counted on these very candidates, by every ion they came
 * from, each once): f becomes kind sites.  0 or -1 with err set.
 */
static int
apply_visits(const struct opts *o, struct hop_sitefile *f,
    struct hop_err *err)
{
	struct hop_sitefile **v = hop_xcalloc(o->nvisits_in, sizeof(*v));
	struct hop_sitenet_dwells dw = {NULL, 0, 0};
	uint64_t *sum = NULL, found, null;
	uint32_t *seen = NULL;
	size_t i, b, n, q;
	int ret = -1;

	if (f->kind != HOP_SITEFILE_CANDIDATES) {
		hop_err_set(err, "--visits-in: %s holds final sites, not "
		    "candidates: they were pruned already", o->sites_in);
		goto out;
	}
	for (i = 0; i < o->nvisits_in; i++)
		if ((v[i] = read_kind(o->visits_in[i], "--visits-in",
		    HOP_SITEFILE_VISITS, HOP_SITEFILE_VISITS, err)) == NULL)
			goto out;
	for (i = 0; i < o->nvisits_in; i++)
		for (b = 0; b < v[i]->nblocks; b++)
			if (block_of(f, v[i]->b[b].species) == NULL) {
				hop_err_set(err, "%s: visits of species %s, "
				    "which the sites have none of",
				    o->visits_in[i], v[i]->b[b].species);
				goto out;
			}
	for (b = 0; b < f->nblocks; b++) {
		struct hop_siteblock *sb = &f->b[b];

		sum = hop_xreallocarray(sum, sb->net->nsites ? sb->net->nsites :
		    1, sizeof(*sum));
		memset(sum, 0, (sb->net->nsites ? sb->net->nsites : 1) *
		    sizeof(*sum));
		seen = hop_xreallocarray(seen, sb->nions ? sb->nions : 1,
		    sizeof(*seen));
		n = 0;
		found = null = 0;
		for (i = 0; i < o->nvisits_in; i++) {
			const struct hop_siteblock *vb = block_of(v[i],
			    sb->species);

			if (vb == NULL)
				continue;
			if (vb->sites_id != sb->sites_id ||
			    vb->nsites != sb->net->nsites) {
				hop_err_set(err, "%s: species %s: visits to "
				    "other candidates (id %08x, these are "
				    "%08x): count them with --sites-in of "
				    "these", o->visits_in[i], sb->species,
				    (unsigned)vb->sites_id,
				    (unsigned)sb->sites_id);
				goto out;
			}
			for (q = 0; q < vb->nsites; q++)
				sum[q] += vb->visits[q];
			found += vb->short_found;
			null += vb->short_null;
			if (hop_sitenet_dwells_cat(&dw, &vb->dwells) != 0) {
				hop_err_set(err, "out of memory");
				goto out;
			}
			for (q = 0; q < vb->nions; q++) {
				if (n == sb->nions) {
					hop_err_set(err, "--visits-in: species "
					    "%s: more ions than the %zu the "
					    "sites came from (a part given "
					    "twice?)", sb->species, sb->nions);
					goto out;
				}
				seen[n++] = vb->atom[q];
			}
		}
		qsort(seen, n, sizeof(*seen), cmp_u32);
		for (q = 0; q < sb->nions; q++) {
			if (q < n && q > 0 && seen[q] == seen[q - 1]) {
				hop_err_set(err, "--visits-in: species %s: "
				    "atom %u is counted twice (a part given "
				    "twice?)", sb->species, seen[q]);
				goto out;
			}
			if (q >= n || seen[q] != sb->atom[q]) {
				uint32_t a = q < n && seen[q] < sb->atom[q] ?
				    seen[q] : sb->atom[q];

				hop_err_set(err, "--visits-in: species %s: "
				    "atom %u %s", sb->species, a,
				    q < n && seen[q] < sb->atom[q] ?
				    "is not among the ions the sites came "
				    "from" : "has no visits: give every "
				    "part's --visits-out");
				goto out;
			}
		}
		/* The dwells' sites as this step is told (the file
		 * keeps the options the sites were found with). */
		sb->opts.no_dwells = o->net.no_dwells;
		if (hop_sitenet_prune(sb->net, sum, &sb->opts, err) != 0 ||
		    hop_sitenet_dwell_sites(sb->net, &dw, &sb->opts,
		    err) != 0)
			goto out;
		hop_sitenet_short_decide(sb->net, found, null);
		hop_sitenet_dwells_clear(&dw);
	}
	f->kind = HOP_SITEFILE_SITES;
	ret = 0;
out:
	for (i = 0; i < o->nvisits_in; i++)
		hop_sitefile_free(v[i]);
	hop_sitenet_dwells_clear(&dw);
	free(v);
	free(sum);
	free(seen);
	return ret;
}

/* Write f to path (never overwriting a file half-way).  0 or -1. */
static int
write_sitefile(const char *path, const struct hop_sitefile *f,
    struct hop_err *err)
{
	struct hop_outfile of;

	if (hop_outfile_open(&of, path, err) != 0)
		return -1;
	if (hop_sitefile_write(of.fp, path, f, err) != 0) {
		hop_outfile_abort(&of);
		return -1;
	}
	return hop_outfile_commit(&of, err);
}

/* Analysed atom a's frames into v (3 x nframes floats) and its origin. */
static void
atom_frames(const struct job *j, size_t a, float *v[3], double org[3])
{
	int d;

	for (d = 0; d < 3; d++) {
		hop_posstore_get(j->s, 3 * a + (size_t)d, 0, j->nframes, v[d]);
		org[d] = hop_posstore_origin(j->s, 3 * a + (size_t)d);
	}
}

/* Analysed atom a's position at frame 0, as a pool keeps it (its origin
 * plus its float displacement, summed in double). */
static void
atom_first(const struct job *j, size_t a, double r[3])
{
	float x;
	int d;

	for (d = 0; d < 3; d++) {
		hop_posstore_get(j->s, 3 * a + (size_t)d, 0, 1, &x);
		r[d] = hop_posstore_origin(j->s, 3 * a + (size_t)d) + x;
	}
}

/*
 * Each site's residences over the paths of the analysed atoms of species
 * sp (hop_sitenet_tally into net's sites; vb->visits gets them), their
 * short visits and their simulations' into vb, and their dwells out of
 * every site into dw (step 6).  0 or -1 (out of memory).
 */
static int
own_visits(const struct job *j, uint32_t sp, struct hop_sitenet *net,
    struct hop_siteblock *vb, struct hop_sitenet_dwells *dw)
{
	struct hop_sitenet_ws *w = hop_sitenet_ws_new(net, j->nframes);
	struct hop_sitenet_path path;
	float *v[3];
	double org[3];
	size_t a, q;
	int d, ret = -1;

	for (d = 0; d < 3; d++)
		v[d] = hop_xreallocarray(NULL, j->nframes ? j->nframes : 1,
		    sizeof(float));
	if (w == NULL)
		goto out;
	for (q = 0; q < net->nsites; q++)
		net->site[q].visits = net->site[q].frames = 0;
	for (a = 0; a < j->natoms; a++) {
		if (hop_header_species_of(j->h, j->slot[a]) != sp)
			continue;
		atom_frames(j, a, v, org);
		/* The dwells are written whatever this part's --no-dwells:
		 * the reduce step's choice counts (kmeans-hops(1)). */
		if (hop_sitenet_assign(net, w, org, v[0], v[1], v[2],
		    j->nframes, &path, NULL) != 0 ||
		    hop_sitenet_dwells_find(net, &path, org, v[0], v[1], v[2],
		    dw) != 0)
			goto out;
		hop_sitenet_tally(net, &path);
		vb->short_found += path.short_found;
		vb->short_null += path.short_null;
	}
	for (q = 0; q < net->nsites; q++)
		vb->visits[q] = net->site[q].visits;
	ret = 0;
out:
	for (d = 0; d < 3; d++)
		free(v[d]);
	hop_sitenet_ws_free(w);
	return ret;
}

/*
 * The sites of the analysed species from their atoms here (the whole
 * run: one process), the same steps a split run takes
 * (hop_sitenet_build, the -j threads sharing the atoms): each species'
 * atoms pooled by original index, the candidates, their visits by these
 * atoms, pruned.  Or, for --pool-out, the pools alone.  0 or -1.
 */
static int
sites_from_atoms(const struct job *j, const unsigned char *keep,
    const char *name, struct hop_sitefile *f, int pools_only,
    struct hop_err *err)
{
	size_t *ions = hop_xreallocarray(NULL, j->natoms ? j->natoms : 1,
	    sizeof(*ions));
	uint32_t *key = hop_xreallocarray(NULL, j->natoms ? j->natoms : 1,
	    sizeof(*key));
	double (*first)[3] = NULL;
	struct hop_sitepool *p = NULL;
	struct hop_sitenet_opts no = j->o->net;
	struct hop_split_universe uni;
	size_t sp, a, n, total, na = j->h->natoms;
	int *spec = hop_xreallocarray(NULL, na ? na : 1, sizeof(int));
	double *tr = NULL;
	int ret = -1;

	memset(&uni, 0, sizeof(uni));
	f->kind = pools_only ? HOP_SITEFILE_POOL : HOP_SITEFILE_SITES;
	/* The framework's translations, one set for every species. */
	for (a = 0; a < na; a++)
		spec[a] = (int)hop_header_species_of(j->h, (uint32_t)a);
	if (j->fw != NULL && !pools_only) {
		no.ntrans = hop_latsym_framework(j->fw, j->nframes, spec, na,
		    HOP_LATSYM_RMS, j->h->cell, &tr, err);
		if (no.ntrans == 0) {
			hop_err_prefix(err, name);
			goto out;
		}
		no.trans = tr;
	}
	/* The whole run's atoms (hopsplit's note, else the header). */
	if (pools_only && hop_split_universe(j->h, &uni, NULL, err) != 0) {
		hop_err_prefix(err, name);
		goto out;
	}
	for (sp = 0; sp < j->h->nspecies; sp++) {
		struct hop_siteblock *b;
		size_t nfw = 0, all = 0;

		n = 0;
		if (keep[sp])
			for (a = 0; a < j->natoms; a++)
				if (hop_header_species_of(j->h, j->slot[a]) ==
				    sp) {
					key[n] = j->h->orig_index[j->slot[a]];
					ions[n++] = a;
				}
		/* A pool carries the part's framework, every species'
		 * atoms, for the translations (sites_from_pools). */
		if (pools_only && j->fw != NULL)
			for (a = 0; a < na; a++)
				nfw += spec[a] == (int)sp;
		if (n == 0 && nfw == 0)
			continue;
		b = block_add(f, j->h->species[sp].name);
		if (pools_only) {
			int u = hop_split_universe_species(&uni,
			    j->h->species[sp].name);

			all = u < 0 ? (nfw > 0 ? nfw : n) :
			    (size_t)hop_atomrange_count(&uni.atoms[u]);
		}
		if (nfw > 0) {
			size_t k = 0;

			b->fw_atom = hop_xreallocarray(NULL, nfw,
			    sizeof(*b->fw_atom));
			b->fw_sum = hop_xreallocarray(NULL, nfw,
			    sizeof(*b->fw_sum));
			for (a = 0; a < na; a++)
				if (spec[a] == (int)sp) {
					b->fw_atom[k] = j->h->orig_index[a];
					memcpy(b->fw_sum[k++], j->fw + 6 * a,
					    sizeof(b->fw_sum[0]));
				}
			b->nfw = nfw;
			b->fw_total = all;
		}
		/* A part pools at the whole run's stride; a species not
		 * analysed is pooled as none of a run of none. */
		total = pools_only && keep[sp] ? all : n;
		if (pools_only) {
			if ((p = hop_sitepool_new(j->h->cell, j->nframes,
			    hop_sitenet_stride(total, j->nframes,
			    j->o->net.max_points), err)) == NULL)
				goto fail;
			p->total = total;
			if (n > 0 && hop_sitepool_add(p, j->s, ions, key, n,
			    err) != 0)
				goto fail;
			b->pool = p;
			p = NULL;
			continue;
		}
		/* Steps 1 to 6, the -j threads sharing the atoms. */
		if ((b->net = hop_sitenet_build(j->s, ions, key, n, j->h->cell,
		    &no, j->o->jobs, err)) == NULL)
			goto fail;
		first = hop_xreallocarray(first, n, sizeof(*first));
		for (a = 0; a < n; a++)
			atom_first(j, ions[a], first[a]);
		block_set(b, &no, name, n, key, (const double (*)[3])first,
		    1);
	}
	ret = 0;
	goto out;
fail:
	{
		char pre[HOP_ERR_MAX];

		snprintf(pre, sizeof(pre), "%s: species %s", name,
		    f->b[f->nblocks - 1].species);
		hop_err_prefix(err, pre);
	}
out:
	hop_split_universe_free(&uni);
	hop_sitepool_free(p);
	free(first);
	free(ions);
	free(spec);
	free(tr);
	free(key);
	return ret;
}

/*
 * Sites read from files (src names them): every analysed atom must be
 * among the ions they came from, with the same position at frame 0, and
 * the run of the same cell and frames.  Sets j->net.  0 or -1.
 */
static int
use_file_sites(struct job *j, const unsigned char *keep,
    const struct hop_sitefile *f, const char *src, struct hop_err *err)
{
	size_t a;
	uint32_t sp;

	for (sp = 0; sp < j->h->nspecies; sp++) {
		const char *spn = j->h->species[sp].name;
		struct hop_siteblock *b = block_of(f, spn);

		if (!keep[sp])
			continue;
		if (b == NULL) {
			for (a = 0; a < j->natoms; a++)
				if (hop_header_species_of(j->h, j->slot[a]) ==
				    sp) {
					hop_err_set(err, "%s: no sites of "
					    "species %s, analysed here", src,
					    spn);
					return -1;
				}
			continue;
		}
		if (b->net->nframes != j->nframes) {
			hop_err_set(err, "%s: species %s: sites of a run of %zu "
			    "frames, this one has %zu", src, spn,
			    b->net->nframes, j->nframes);
			return -1;
		}
		if (memcmp(b->net->cell, j->h->cell, sizeof(j->h->cell)) !=
		    0) {
			hop_err_set(err, "%s: species %s: sites in another "
			    "cell than this run's", src, spn);
			return -1;
		}
		for (a = 1; a < b->nions; a++)
			if (b->atom[a] <= b->atom[a - 1]) {
				hop_err_set(err, "%s: species %s: the ions are "
				    "not in order of their index", src, spn);
				return -1;
			}
		j->net[sp] = b->net;
	}
	for (a = 0; a < j->natoms; a++) {
		uint32_t atom = j->h->orig_index[j->slot[a]];
		struct hop_siteblock *b;
		uint32_t *at;
		float x;
		int d;

		sp = hop_header_species_of(j->h, j->slot[a]);
		b = block_of(f, j->h->species[sp].name);
		at = bsearch(&atom, b->atom, b->nions, sizeof(*b->atom),
		    cmp_u32);
		if (at == NULL) {
			hop_err_set(err, "%s: species %s: atom %u, analysed "
			    "here, is not among the ions the sites came from "
			    "(give every part's --pool-out)", src, b->species,
			    atom);
			return -1;
		}
		for (d = 0; d < 3; d++) {
			hop_posstore_get(j->s, 3 * a + (size_t)d, 0, 1, &x);
			if (hop_posstore_origin(j->s, 3 * a + (size_t)d) + x !=
			    b->first[at - b->atom][d]) {
				hop_err_set(err, "%s: species %s: atom %u "
				    "starts elsewhere than where the sites "
				    "saw it: the sites are another run's",
				    src, b->species, atom);
				return -1;
			}
		}
	}
	return 0;
}

/* The sites from --sites-in or --pool-in (read, merged, pruned by
 * --visits-in): f.  0 or -1. */
static int
sites_from_files(const struct opts *o, struct hop_sitefile **fp,
    struct hop_err *err)
{
	struct hop_sitefile *f;

	if (o->sites_in != NULL) {
		if ((f = read_kind(o->sites_in, "--sites-in",
		    HOP_SITEFILE_CANDIDATES, HOP_SITEFILE_SITES, err)) == NULL)
			return -1;
	} else {
		f = hop_xcalloc(1, sizeof(*f));
		if (sites_from_pools(o, f, err) != 0) {
			hop_sitefile_free(f);
			return -1;
		}
	}
	*fp = f;
	if (o->sites_in != NULL) {
		size_t b;

		/* --merge-tol and --dist shaped the sites: given again,
		 * they must be the same. */
		for (b = 0; b < f->nblocks; b++) {
			const struct hop_sitenet_opts *fo = &f->b[b].opts;

			if ((o->net.merge > 0 && o->net.merge != fo->merge) ||
			    (o->net.radius > 0 && o->net.radius !=
			    fo->radius)) {
				hop_err_set(err, "%s: species %s: sites found "
				    "with --merge-tol %.17g --dist %.17g (0: "
				    "the default), not this run's --merge-tol "
				    "and --dist", o->sites_in, f->b[b].species,
				    fo->merge, fo->radius);
				return -1;
			}
		}
	}
	if (o->nvisits_in > 0 && apply_visits(o, f, err) != 0)
		return -1;
	return 0;
}

/*
 * --visits-out: each candidate site's residences by the analysed atoms,
 * and which atoms.  0 or -1.
 */
static int
write_visits(const struct job *j, const struct hop_sitefile *f,
    const char *path, struct hop_err *err)
{
	struct hop_sitefile out = {HOP_SITEFILE_VISITS, 0, NULL};
	uint32_t sp;
	size_t a;
	int ret = -1;

	for (sp = 0; sp < j->h->nspecies; sp++) {
		struct hop_siteblock *sb, *vb;
		size_t n = 0;

		if (j->net[sp] == NULL)
			continue;
		sb = block_of(f, j->h->species[sp].name);
		vb = block_add(&out, sb->species);
		vb->sites_id = sb->sites_id;
		vb->nsites = sb->net->nsites;
		vb->visits = hop_xcalloc(vb->nsites ? vb->nsites : 1,
		    sizeof(*vb->visits));
		vb->atom = hop_xreallocarray(NULL, j->natoms ? j->natoms : 1,
		    sizeof(*vb->atom));
		for (a = 0; a < j->natoms; a++)
			if (hop_header_species_of(j->h, j->slot[a]) == sp)
				vb->atom[n++] = j->h->orig_index[j->slot[a]];
		vb->nions = n;
		qsort(vb->atom, n, sizeof(*vb->atom), cmp_u32);
		if (own_visits(j, sp, sb->net, vb, &vb->dwells) != 0) {
			hop_err_set(err, "out of memory");
			goto out;
		}
	}
	ret = write_sitefile(path, &out, err);
out:
	for (a = 0; a < out.nblocks; a++)
		hop_siteblock_clear(&out.b[a]);
	free(out.b);
	return ret;
}

/*
 * The network mode's sites for the run's analysed atoms, into *fp and
 * j->net.  1 when an output of a split run's step was written (nothing
 * more to do), 0 to go on finding hops, -1 with err set.
 */
static int
network_sites(struct job *j, const unsigned char *keep, const char *name,
    struct hop_sitefile **fp, struct hop_err *err)
{
	const struct opts *o = j->o;
	struct hop_sitefile *f;

	j->nspecies = j->h->nspecies;
	j->net = hop_xcalloc(j->nspecies, sizeof(*j->net));
	if (o->sites_in == NULL && o->npool_in == 0) {
		*fp = f = hop_xcalloc(1, sizeof(*f));
		if (sites_from_atoms(j, keep, name, f, o->pool_out != NULL,
		    err) != 0)
			return -1;
		if (o->pool_out != NULL)
			return write_sitefile(o->pool_out, f, err) == 0 ? 1 :
			    -1;
		if (o->sites_out != NULL)
			return write_sitefile(o->sites_out, f, err) == 0 ? 1 :
			    -1;
		{
			uint32_t sp;

			for (sp = 0; sp < j->nspecies; sp++) {
				struct hop_siteblock *b = block_of(f,
				    j->h->species[sp].name);

				if (keep[sp] && b != NULL)
					j->net[sp] = b->net;
			}
		}
		return 0;
	}
	if (sites_from_files(o, fp, err) != 0)
		return -1;
	f = *fp;
	if (use_file_sites(j, keep, f, o->sites_in != NULL ? o->sites_in :
	    "--pool-in", err) != 0)
		return -1;
	if (o->visits_out != NULL) {
		if (f->kind != HOP_SITEFILE_CANDIDATES) {
			hop_err_set(err, "--visits-out counts visits to "
			    "candidate sites: %s holds final sites",
			    o->sites_in);
			return -1;
		}
		return write_visits(j, f, o->visits_out, err) == 0 ? 1 : -1;
	}
	if (f->kind != HOP_SITEFILE_SITES) {
		hop_err_set(err, "%s: candidate sites: prune them with every "
		    "part's visits (--visits-in of each part's --visits-out)",
		    o->sites_in != NULL ? o->sites_in : "--pool-in");
		return -1;
	}
	return 0;
}

/* A split run's reduce: the sites from files to --sites-out, reading no
 * frames.  An exit status. */
static int
reduce_sites(const struct opts *o)
{
	struct hop_sitefile *f = NULL;
	struct hop_err err;
	int status = HOP_EXIT_DATA;

	if (sites_from_files(o, &f, &err) == 0 &&
	    write_sitefile(o->sites_out, f, &err) == 0)
		status = HOP_EXIT_OK;
	else
		hop_error("%s", err.msg);
	hop_sitefile_free(f);
	return status;
}

/* --- output --- */

static int
write_stream(const struct hop_header *in, uint64_t nframes,
    const struct hop_find_result *res, size_t n, int argc, char **argv,
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

/*
 * The hop table, as hopcat --hops writes it: the columns of
 * hop_tsv_header, then the times of the start and end frames, the
 * centres of the two sites and the distance between them.  The centres
 * are means of unwrapped positions, so that distance is a plain one: the
 * way the ion went, with no periodic image sought.  The hop length is
 * IonDiff's, between the positions at the start and end frames, which
 * vibration shortens (median 1.08 A in CaF2 at 1600 K in adaptive mode,
 * where the sites joined are 2.72 A apart).
 */
static void
write_tsv(const struct hop_header *h, const struct hop_find_result *res,
    size_t n)
{
	double ps = h->dt_fs / 1000.0; /* NaN when dt is unknown */
	size_t a, i;

	printf("atom\tspecies\tstart\tend\tduration_ps\tlength_A\tbackhop\t"
	    "start_ps\tend_ps\tfrom_x_A\tfrom_y_A\tfrom_z_A\tto_x_A\t"
	    "to_y_A\tto_z_A\tsite_dist_A\n");
	for (a = 0; a < n; a++)
		for (i = 0; i < res[a].nhops; i++) {
			const struct hop_event *hp = &res[a].hops[i];
			const double *f = hp->from_centre, *t = hp->to_centre;

			printf("%u\t%s\t%llu\t%llu\t%.6g\t%.4f\t%d\t%.6g\t"
			    "%.6g\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n",
			    hp->atom, h->species[hp->species].name,
			    (unsigned long long)hp->start,
			    (unsigned long long)hp->end,
			    hop_duration_ps(h, hp), hop_length(hp),
			    (hp->flags & HOP_EVENT_BACK) ? 1 : 0,
			    (double)hp->start * ps, (double)hp->end * ps,
			    f[0], f[1], f[2], t[0], t[1], t[2],
			    hop_site_dist(hp));
		}
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
	struct hop_svg *svg = NULL;
	struct hop_svg_panel *p;
	struct hop_find_clustering cl;
	struct hop_find_result r;
	struct hop_find_ws *w;
	double *px, *py, org[3], cx, cy;
	float *v[3];
	unsigned char *hot;
	size_t n = j->nframes, t, m, i, nhot = 0;
	unsigned k, kk;
	int ret = -1;
	char title[160], xl[16], yl[16];

	result_init(j, a, &r);
	if ((w = hop_find_ws_new(n, &o->find)) == NULL ||
	    analyse_atom(j, a, w, &cl, &r) != 0) {
		hop_err_set(err, "%s: out of memory drawing atom %u", o->svg,
		    r.a.atom);
		hop_find_ws_free(w);
		return -1;
	}
	load_atom(j, a, w, org);
	hop_find_ws_traj(w, &v[0], &v[1], &v[2]);
	px = hop_xreallocarray(NULL, n, sizeof(*px));
	py = hop_xreallocarray(NULL, n, sizeof(*py));
	hot = hop_xcalloc(n, 1);
	if ((svg = hop_svg_new(1, 1, 640, 560, NULL)) == NULL)
		hop_die("out of memory");
	p = hop_svg_panel(svg, 0, 0);
	snprintf(title, sizeof(title), "atom %u (%s): %u site%s, %zu hop%s "
	    "(%s mode)", r.a.atom, j->h->species[r.a.species].name,
	    r.a.nclusters, r.a.nclusters == 1 ? "" : "s", r.nhops,
	    r.nhops == 1 ? "" : "s", hop_find_mode_name(o->find.mode));
	snprintf(xl, sizeof(xl), "%c (\xc3\x85)", names[o->axes[0]]);
	snprintf(yl, sizeof(yl), "%c (\xc3\x85)", names[o->axes[1]]);
	hop_svg_labels(p, hop_cli_figure_text(o->fig.title, title),
	    hop_cli_figure_text(o->fig.xlabel, xl),
	    hop_cli_figure_text(o->fig.ylabel, yl));
	k = cl.k > 1 ? cl.k : 1;
	for (kk = 0; kk < k; kk++) {
		struct hop_svg_style st = {(int)kk, (enum hop_marker)(kk % 5),
		    2, 0, 0, 0.5};
		struct hop_svg_style cs = {(int)kk, HOP_MARK_CROSS, 7, 0, 2,
		    1};
		double c[3] = {0, 0, 0};
		char leg[32];

		for (t = m = 0; t < n; t++) {
			if ((cl.labels ? cl.labels[t] : 0) != kk)
				continue;
			px[m] = org[o->axes[0]] + v[o->axes[0]][t];
			py[m] = org[o->axes[1]] + v[o->axes[1]][t];
			c[0] += v[0][t];
			c[1] += v[1][t];
			c[2] += v[2][t];
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
			px[nhot] = org[o->axes[0]] + v[o->axes[0]][t];
			py[nhot] = org[o->axes[1]] + v[o->axes[1]][t];
			nhot++;
		}
	if (nhot > 0) {
		struct hop_svg_style hs = {-1, HOP_MARK_PLUS, 3, 0, 0, 1};

		hop_svg_points(p, px, py, nhot, &hs, "hop frames");
	}
	if (hop_svg_write(svg, o->svg, err) == 0)
		ret = 0;
	hop_svg_free(svg);
	free(px);
	free(py);
	free(hot);
	free(r.hops);
	hop_find_ws_free(w);
	return ret;
}

/* --- a split run's adaptive mode: the vibration curves --- */

/*
 * --vib-out: each analysed atom's vibration curve, a tab-separated table
 * (atom, species, frames, then q at each lag L in frames, column
 * q_L<L>_A2), the numbers as %.17g so that they read back exactly.
 * 0 or -1 with err set.
 */
static int
write_curves(const struct job *j, const char *path, struct hop_err *err)
{
	struct hop_outfile of;
	size_t a, i;

	if (hop_outfile_open(&of, path, err) != 0)
		return -1;
	fprintf(of.fp, "# kmeans-hops vibration curves (adaptive mode): "
	    "median squared displacement at each lag, A^2\n"
	    "atom\tspecies\tframes");
	for (i = 0; i < j->nlags; i++)
		fprintf(of.fp, "\tq_L%u_A2", hop_vib_lag(i));
	fputc('\n', of.fp);
	for (a = 0; a < j->natoms; a++) {
		uint32_t sl = j->slot[a];

		fprintf(of.fp, "%u\t%s\t%zu", j->h->orig_index[sl],
		    j->h->species[hop_header_species_of(j->h, sl)].name,
		    j->nframes);
		for (i = 0; i < j->nlags; i++)
			fprintf(of.fp, "\t%.17g", j->curve[a][i]);
		fputc('\n', of.fp);
	}
	return hop_outfile_commit(&of, err);
}

/* One atom's curve as read from a --vib-in file. */
struct vrow {
	uint32_t atom;
	char species[HOP_MAX_NAME + 1];
	double q[HOP_VIB_NLAGS];
};

static int
cmp_vrow(const void *a, const void *b)
{
	const struct vrow *x = a, *y = b;

	return x->atom < y->atom ? -1 : x->atom > y->atom;
}

/* Read one --vib-in file, appending to *rows (*n of them, room *cap).
 * 0 or -1 with err set. */
static int
read_curves(const struct job *j, const char *path, struct vrow **rows,
    size_t *n, size_t *cap, struct hop_err *err)
{
	struct hop_table *t = hop_table_open(path, NULL, err);
	size_t i;
	int st, ret = -1;

	if (t == NULL)
		return -1;
	if (hop_table_ncols(t) != 3 + j->nlags ||
	    hop_table_col(t, "atom") != 0 || hop_table_col(t, "frames") != 2) {
		hop_table_err(t, err, "not the vibration curves of a run of "
		    "%zu frames (kmeans-hops --vib-out writes atom, species, "
		    "frames and %zu lags)", j->nframes, j->nlags);
		goto out;
	}
	for (i = 0; i < j->nlags; i++) {
		char want[32];

		snprintf(want, sizeof(want), "q_L%u_A2", hop_vib_lag(i));
		if (strcmp(hop_table_colname(t, 3 + i), want) != 0) {
			hop_table_err(t, err, "column %zu is '%s', not '%s': "
			    "the curves of a run of another length", 4 + i,
			    hop_table_colname(t, 3 + i), want);
			goto out;
		}
	}
	while ((st = hop_table_next(t, err)) == 1) {
		struct vrow *r;
		double v;

		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 1024;
			*rows = hop_xreallocarray(*rows, *cap, sizeof(**rows));
		}
		r = &(*rows)[*n];
		memset(r, 0, sizeof(*r));
		if (hop_table_number(t, 0, &v) != 0 || !(v >= 0) ||
		    v > UINT32_MAX || v != floor(v)) {
			hop_table_err(t, err, "atom '%s' is not an index",
			    hop_table_field(t, 0));
			goto out;
		}
		r->atom = (uint32_t)v;
		snprintf(r->species, sizeof(r->species), "%s",
		    hop_table_field(t, 1));
		if (hop_table_number(t, 2, &v) != 0 || v != (double)j->nframes) {
			hop_table_err(t, err, "curves of %s frames, this run "
			    "has %zu", hop_table_field(t, 2), j->nframes);
			goto out;
		}
		for (i = 0; i < j->nlags; i++)
			if (hop_table_number(t, 3 + i, &r->q[i]) != 0) {
				hop_table_err(t, err, "'%s' is not a number",
				    hop_table_field(t, 3 + i));
				goto out;
			}
		(*n)++;
	}
	ret = st < 0 ? -1 : 0;
out:
	hop_table_close(t);
	return ret;
}

/*
 * --vib-in: each species' plateau from the curves of the whole run (every
 * part's --vib-out), the same median the unsplit run takes.  Each atom
 * analysed here must be in the files with the very curve measured here
 * (else the files are another run's or another selection's).  0 or -1
 * with err set.
 */
static int
plateaus_from_files(struct job *j, const struct opts *o, struct hop_err *err)
{
	struct vrow *rows = NULL, key;
	double (*curve)[HOP_VIB_NLAGS] = NULL;
	unsigned char *member = NULL;
	size_t n = 0, cap = 0, i, a, sp;
	int ret = -1;

	for (i = 0; i < o->nvib_in; i++)
		if (read_curves(j, o->vib_in[i], &rows, &n, &cap, err) != 0)
			goto out;
	qsort(rows, n, sizeof(*rows), cmp_vrow);
	for (i = 1; i < n; i++)
		if (rows[i].atom == rows[i - 1].atom) {
			hop_err_set(err, "--vib-in: atom %u appears twice in "
			    "the curves (the same part given twice?)",
			    rows[i].atom);
			goto out;
		}
	for (a = 0; a < j->natoms; a++) {
		uint32_t sl = j->slot[a];
		const char *spn =
		    j->h->species[hop_header_species_of(j->h, sl)].name;
		struct vrow *r;

		key.atom = j->h->orig_index[sl];
		r = bsearch(&key, rows, n, sizeof(*rows), cmp_vrow);
		if (r == NULL) {
			hop_err_set(err, "--vib-in: atom %u, analysed here, is "
			    "in none of the curves (give every part's "
			    "--vib-out)", key.atom);
			goto out;
		}
		if (strcmp(r->species, spn) != 0 ||
		    memcmp(r->q, j->curve[a], j->nlags * sizeof(double)) != 0) {
			hop_err_set(err, "--vib-in: atom %u's curve is not the "
			    "one measured here: the curves are another run's, "
			    "or of other frames", key.atom);
			goto out;
		}
	}
	curve = hop_xcalloc(n ? n : 1, sizeof(*curve));
	member = hop_xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++)
		memcpy(curve[i], rows[i].q, sizeof(rows[i].q));
	for (sp = 0; sp < j->h->nspecies; sp++) {
		for (i = 0; i < n; i++)
			member[i] = strcmp(rows[i].species,
			    j->h->species[sp].name) == 0;
		if (hop_find_plateau((const double (*)[HOP_VIB_NLAGS])curve,
		    member, n, j->nlags, &j->plateau[sp]) != 0) {
			hop_err_set(err, "out of memory");
			goto out;
		}
	}
	ret = 0;
out:
	free(rows);
	free(curve);
	free(member);
	return ret;
}

/* Each thread's workspace, bytes a frame: 48 + kmax, and in the network
 * mode 48 more for an ion's own sites (its dwells, step 7). */
static uint64_t
job_bytes(const struct opts *o)
{
	return 48 + (uint64_t)o->find.kmax +
	    (o->find.mode == HOP_FIND_NETWORK ? 48 : 0);
}

/*
 * The memory a run of natoms atoms over nframes frames needs: the store
 * (three floats per atom and frame), each thread's workspace (job_bytes
 * a frame), two frames as doubles and the curves.
 */
static uint64_t
memory_need(const struct hop_header *h, const struct opts *o,
    uint64_t natoms, uint64_t nframes)
{
	uint64_t pooled = natoms * nframes;

	/* Network mode: the pooled positions, at most max_points and one
	 * more per atom (sitenet.h). */
	if (o->find.mode != HOP_FIND_NETWORK)
		pooled = 0;
	else if (o->net.max_points > 0 && pooled > o->net.max_points + natoms)
		pooled = o->net.max_points + natoms;
	return 12 * natoms * nframes + (uint64_t)o->jobs * job_bytes(o) *
	    nframes + 48 * (uint64_t)h->natoms + 8 * HOP_VIB_NLAGS * natoms +
	    (o->find.mode == HOP_FIND_NETWORK && !o->no_trans ? 48 *
	    (uint64_t)h->natoms : 0) + 24 * pooled + (4u << 20);
}

/*
 * The atoms analysed: those of --species, every atom for "all", or by
 * default those of the run's family species (species.h), the mobile
 * species hophist and msd use.  keep gets one flag per species.  0 or -1
 * with err set.
 */
static int
choose_species(const struct hop_header *h, const char *name,
    const char *list, unsigned char *keep, struct hop_err *err)
{
	int fam;

	if (list != NULL && strcmp(list, "all") == 0)
		list = NULL;
	else if (list == NULL) {
		if ((fam = hop_family_species(h)) < 0) {
			hop_err_set(err, "%s: no mobile species (Li, Na, Ag, "
			    "Cu, Cl, I, Br, F, O) in the input; name the "
			    "species with --species, or --species all", name);
			return -1;
		}
		memset(keep, 0, h->nspecies);
		keep[fam] = 1;
		return 0;
	}
	if (hop_species_select(h, list, keep, err) != 0) {
		/* The message names no file: say which input. */
		hop_err_prefix(err, name);
		return -1;
	}
	return 0;
}

static int
kmeans_hops(struct hop_reader *r, const struct opts *given, int argc,
    char **argv)
{
	struct opts ol = *given; /* --dist may come from a sites file */
	const struct opts *o = &ol;
	struct hop_sitefile *sites = NULL;
	const struct hop_header *h = hop_reader_header(r);
	const char *name = hop_reader_name(r);
	struct hop_posstore *s = NULL;
	double *fw = NULL;
	struct job j;
	struct hop_err err;
	struct hop_find_result *res = NULL;
	unsigned char *keep;
	uint32_t *slot, i;
	size_t a, natoms = 0, svg_at = SIZE_MAX;
	int status = HOP_EXIT_DATA;

	memset(&j, 0, sizeof(j));
	if (h->coords == HOP_COORDS_FRACTIONAL)
		hop_die("%s: coordinates are fractional (wrapped); run unwrap "
		    "first", name);
	keep = hop_xmalloc(h->nspecies);
	slot = hop_xreallocarray(NULL, h->natoms, sizeof(*slot));
	if (choose_species(h, name, o->species, keep, &err) != 0)
		goto out;
	for (i = 0; i < h->natoms; i++)
		if (keep[hop_header_species_of(h, i)] && (!o->atoms_set ||
		    hop_atomrange_has(&o->atoms, h->orig_index[i]))) {
			if (o->svg != NULL && h->orig_index[i] == o->svg_atom)
				svg_at = natoms;
			slot[natoms++] = i;
		}
	if (o->svg != NULL && svg_at == SIZE_MAX) {
		hop_err_set(&err, "%s: --svg-atom: atom %llu is not among "
		    "the analysed atoms", name,
		    (unsigned long long)o->svg_atom);
		goto out;
	}
	if (o->find.mode == HOP_FIND_NETWORK && o->pool_out == NULL &&
	    o->sites_in == NULL && o->npool_in == 0) {
		uint32_t pi;
		int part = o->atoms_set;

		for (pi = 0; pi < h->nprov; pi++)
			part |= strcmp(h->prov[pi].program, "hopsplit") == 0;
		if (part) {
			hop_err_set(&err, "%s: the network mode's sites come "
			    "from every atom of the species: a part of a run "
			    "split by atoms (--atoms, hopsplit) would find other "
			    "sites; pool every part (--pool-out) and find the "
			    "sites from all the pools (--pool-in), see "
			    "kmeans-hops(1)", name);
			goto out;
		}
	}
	if (o->atoms_set && natoms == 0) {
		hop_err_set(&err, "%s: --atoms selects none of the %s atoms "
		    "analysed", name, o->species ? "species'" : "mobile "
		    "species'");
		goto out;
	}
	{
		uint64_t nf = hop_memsize_stream_frames(h, o->path);
		char what[160];

		if (nf > 0) {
			snprintf(what, sizeof(what), "%zu atoms x %llu frames",
			    natoms, (unsigned long long)nf);
			if (hop_cli_memory_check(name, memory_need(h, o, natoms,
			    nf), o->max_memory, what, "hopcat --merge the "
			    "parts' hop streams") != 0) {
				status = HOP_EXIT_DATA;
				err.msg[0] = '\0';
				goto quiet_out;
			}
		} else if (!hop_quiet && isatty(STDERR_FILENO))
			fprintf(stderr, "%s: %s: frames unknown until read: "
			    "%llu bytes per frame for %zu atoms (refused past "
			    "--max-memory)\n", prog, name,
			    (unsigned long long)memory_need(h, o, natoms, 1) -
			    (48 * (uint64_t)h->natoms + 8 * HOP_VIB_NLAGS *
			    natoms + (4u << 20)), natoms);
	}
	if (o->find.mode == HOP_FIND_NETWORK && !o->no_trans)
		fw = hop_xcalloc(h->natoms ? h->natoms : 1, 6 * sizeof(double));
	if (read_frames(r, name, slot, natoms, memory_need(h, o, natoms, 0),
	    (uint64_t)12 + (uint64_t)o->jobs * job_bytes(o) /
	    (natoms ? natoms : 1), o->max_memory, fw, &s, &err) != 0)
		goto out;
	res = hop_xcalloc(natoms, sizeof(*res));
	j.s = s;
	j.natoms = natoms;
	j.nframes = hop_posstore_frames(s);
	j.o = o;
	j.h = h;
	j.slot = slot;
	j.res = res;
	j.fw = fw;
	if (natoms > 0 && o->find.mode == HOP_FIND_ADAPTIVE) {
		j.curve = hop_xcalloc(natoms, sizeof(*j.curve));
		j.plateau = hop_xcalloc(h->nspecies, sizeof(*j.plateau));
		if (run_jobs(&j, o->jobs) != 0 || (o->nvib_in == 0 &&
		    species_plateaus(&j, h->nspecies) != 0)) {
			hop_err_set(&err, "%s: out of memory analysing %zu "
			    "frames", name, j.nframes);
			goto out;
		}
		if (o->vib_out != NULL) {
			if (write_curves(&j, o->vib_out, &err) != 0)
				goto out;
			status = HOP_EXIT_OK;
			goto out;
		}
		if (o->nvib_in > 0 && plateaus_from_files(&j, o, &err) != 0) {
			hop_err_prefix(&err, name);
			goto out;
		}
	}
	if (natoms > 0 && o->find.mode == HOP_FIND_NETWORK) {
		int st = network_sites(&j, keep, name, &sites, &err);
		size_t b;

		if (st < 0)
			goto out;
		if (st > 0) {
			status = HOP_EXIT_OK;
			goto out;
		}
		/* The radius the sites were found with is --dist's. */
		for (b = 0; b < sites->nblocks && !ol.find.dist_set; b++)
			if (sites->b[b].opts.radius > 0) {
				ol.find.dist = sites->b[b].opts.radius;
				ol.find.dist_set = 1;
			}
	}
	j.phase = 1;
	if (natoms > 0 && run_jobs(&j, o->jobs) != 0) {
		hop_err_set(&err, "%s: out of memory analysing %zu frames",
		    name, j.nframes);
		goto out;
	}
	if (o->svg != NULL && draw_atom(&j, svg_at, &err) != 0)
		goto out;
	if (o->tsv)
		write_tsv(h, res, natoms);
	else if (write_stream(h, j.nframes, res, natoms, argc, argv,
	    &err) != 0)
		goto out;
	status = HOP_EXIT_OK;
out:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
quiet_out:
	for (a = 0; res != NULL && a < natoms; a++)
		free(res[a].hops);
	free(res);
	free(j.curve);
	free(j.plateau);
	free(j.net); /* the nets belong to sites */
	hop_sitefile_free(sites);
	free(fw);
	free(keep);
	free(slot);
	hop_posstore_free(s);
	return status;
}

/* The network mode's split-run options: which go together (nargs: the
 * input files named). */
static void
split_usage(const struct opts *o, int nargs)
{
	int outs = (o->pool_out != NULL) + (o->sites_out != NULL) +
	    (o->visits_out != NULL);
	int ins = o->npool_in > 0 || o->sites_in != NULL ||
	    o->nvisits_in > 0;

	if (outs == 0 && !ins)
		return;
	if (o->find.mode != HOP_FIND_NETWORK)
		hop_usage_error("--pool-*, --sites-* and --visits-* go with "
		    "--mode network");
	if (outs > 1)
		hop_usage_error("--pool-out, --visits-out and --sites-out are "
		    "steps of a split run: one at a time");
	if (outs > 0 && (o->tsv || o->svg != NULL))
		hop_usage_error("--pool-out, --visits-out and --sites-out "
		    "write their file only: no --tsv or --svg");
	if (o->pool_out != NULL && ins)
		hop_usage_error("--pool-out pools the atoms analysed: no "
		    "--pool-in, --sites-in or --visits-in");
	if (o->npool_in > 0 && o->sites_in != NULL)
		hop_usage_error("--pool-in and --sites-in are two sources of "
		    "the sites: one at a time");
	if ((o->visits_out != NULL || o->nvisits_in > 0) && o->npool_in == 0 &&
	    o->sites_in == NULL)
		hop_usage_error("--visits-out and --visits-in go with the "
		    "candidate sites: --sites-in or --pool-in");
	if (o->visits_out != NULL && o->nvisits_in > 0)
		hop_usage_error("--visits-out counts visits to candidates, "
		    "--visits-in prunes them: one at a time");
	if (o->sites_out != NULL && (o->sites_in != NULL || o->npool_in > 0) &&
	    nargs > 0)
		hop_usage_error("--sites-out with --pool-in or --sites-in "
		    "reads no frames: no FILE");
	if (o->sites_out != NULL && (o->sites_in != NULL || o->npool_in > 0) &&
	    o->species != NULL)
		hop_usage_error("--sites-out with --pool-in or --sites-in takes "
		    "every species of the files: no --species");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JOBS,
		HOP_LONGOPT_SEED,
		HOP_LONGOPT_SPECIES,
		HOP_LONGOPT_SVG,
		HOP_LONGOPT_TSV,
		{"dist", required_argument, NULL, OPT_DIST},
		{"exact-max", required_argument, NULL, OPT_EXACT_MAX},
		{"kmax", required_argument, NULL, 'k'},
		{"merge", optional_argument, NULL, OPT_OLD_MERGE},
		{"merge-tol", required_argument, NULL, OPT_MERGE_TOL},
		{"no-dwells", no_argument, NULL, OPT_NO_DWELLS},
		{"no-translations", no_argument, NULL, OPT_NO_TRANSLATIONS},
		{"mode", required_argument, NULL, OPT_MODE},
		{"n-init", required_argument, NULL, OPT_N_INIT},
		{"no-bounds", no_argument, NULL, OPT_NO_BOUNDS},
		{"silhouette-min", required_argument, NULL,
		    OPT_SILHOUETTE_MIN},
		{"svg-atom", required_argument, NULL, OPT_SVG_ATOM},
		{"svg-axes", required_argument, NULL, OPT_SVG_AXES},
		{"vib-in", required_argument, NULL, OPT_VIB_IN},
		{"vib-out", required_argument, NULL, OPT_VIB_OUT},
		{"pool-in", required_argument, NULL, OPT_POOL_IN},
		{"pool-out", required_argument, NULL, OPT_POOL_OUT},
		{"sites-in", required_argument, NULL, OPT_SITES_IN},
		{"sites-out", required_argument, NULL, OPT_SITES_OUT},
		{"visits-in", required_argument, NULL, OPT_VISITS_IN},
		{"visits-out", required_argument, NULL, OPT_VISITS_OUT},
		HOP_LONGOPT_ATOMS,
		HOP_LONGOPT_MAX_MEMORY,
		{NULL, 0, NULL, 0}
	};
	struct opts o = {.axes = {0, 1}};
	struct hop_list species;
	struct hop_reader *r;
	struct hop_err err;
	uint64_t u;
	int c, status;

	hop_cli_init(prog, usage);
	hop_find_opts_init(&o.find);
	hop_sitenet_opts_init(&o.net);
	o.jobs = hop_cli_jobs_default();
	o.max_memory = hop_cli_max_memory_default();
	hop_atomrange_init(&o.atoms);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL
	    "g:j:k:r:s:T", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SVG_ATOM:
			if (hop_cli_u64(optarg, 0, UINT32_MAX, &o.svg_atom) != 0)
				hop_usage_bad("svg-atom", optarg,
				    "an atom index in [0, 4294967295]");
			o.svg_atom_set = 1;
			break;
		case OPT_NO_BOUNDS:
			o.find.no_bounds = 1;
			o.ref_only = "--no-bounds";
			break;
		case HOP_OPT_ATOMS:
			hop_cli_atoms(&o.atoms, optarg);
			o.atoms_set = 1;
			break;
		case HOP_OPT_MAX_MEMORY:
			o.max_memory = hop_cli_max_memory(optarg);
			break;
		case OPT_VIB_IN:
			o.vib_in = hop_xreallocarray(o.vib_in, o.nvib_in + 1,
			    sizeof(*o.vib_in));
			o.vib_in[o.nvib_in++] = optarg;
			break;
		case OPT_VIB_OUT:
			o.vib_out = optarg;
			break;
		case OPT_POOL_IN:
			o.pool_in = hop_xreallocarray(o.pool_in, o.npool_in + 1,
			    sizeof(*o.pool_in));
			o.pool_in[o.npool_in++] = optarg;
			break;
		case OPT_VISITS_IN:
			o.visits_in = hop_xreallocarray(o.visits_in,
			    o.nvisits_in + 1, sizeof(*o.visits_in));
			o.visits_in[o.nvisits_in++] = optarg;
			break;
		case OPT_POOL_OUT:
			o.pool_out = optarg;
			break;
		case OPT_SITES_OUT:
			o.sites_out = optarg;
			break;
		case OPT_VISITS_OUT:
			o.visits_out = optarg;
			break;
		case OPT_SITES_IN:
			if (o.sites_in != NULL)
				hop_usage_error("--sites-in: one sites file "
				    "(it holds every species)");
			o.sites_in = optarg;
			break;
		case OPT_DIST:
			if (hop_cli_double(optarg, 0, 1e6, &o.find.dist) != 0)
				hop_usage_bad("dist", optarg,
				    "a distance in [0, 1e6] A");
			o.find.dist_set = 1;
			break;
		case OPT_EXACT_MAX:
			if (hop_cli_u64(optarg, 10, 1000000, &u) != 0)
				hop_usage_bad("exact-max", optarg,
				    "an integer in [10, 1000000]");
			o.find.exact_max = (size_t)u;
			o.ref_only = "--exact-max";
			break;
		case HOP_OPT_SVG:
			o.svg = optarg;
			break;
		case HOP_OPT_JOBS:
			o.jobs = hop_cli_jobs(optarg);
			break;
		case 'k':
			if (hop_cli_u64(optarg, 2, HOP_LABELS_MAX, &u) != 0)
				hop_usage_bad("kmax", optarg,
				    "an integer in [2, 255]");
			o.find.kmax = (unsigned)u;
			o.ref_only = "--kmax";
			break;
		case OPT_MODE:
			if ((o.find.mode = hop_find_mode_parse(optarg)) < 0)
				hop_usage_bad("mode", optarg,
				    "reference, adaptive or network");
			break;
		case OPT_NO_DWELLS:
			o.net.no_dwells = 1;
			o.net_only = "--no-dwells";
			break;
		case OPT_NO_TRANSLATIONS:
			o.no_trans = 1;
			o.net_only = "--no-translations";
			break;
		case OPT_MERGE_TOL:
			if (hop_cli_double(optarg, 0, 1e6, &o.net.merge) != 0 ||
			    !(o.net.merge > 0))
				hop_usage_bad("merge-tol", optarg,
				    "a distance in (0, 1e6] A");
			o.net_only = "--merge-tol";
			break;
		case OPT_OLD_MERGE:
			hop_usage_error("--merge is now --merge-tol (hopcat "
			    "--merge joins the parts of a split run)");
		case OPT_N_INIT:
			if (hop_cli_u64(optarg, 1, 1000, &u) != 0)
				hop_usage_bad("n-init", optarg,
				    "an integer in [1, 1000]");
			o.find.n_init = (unsigned)u;
			o.ref_only = "--n-init";
			break;
		case HOP_OPT_SEED:
			if (hop_cli_u64(optarg, 0, UINT64_MAX, &o.seed) != 0)
				hop_usage_bad("seed", optarg,
				    "an unsigned 64-bit integer");
			break;
		case OPT_SILHOUETTE_MIN:
			if (hop_cli_double(optarg, -1, 1, &o.find.sil_min) != 0)
				hop_usage_bad("silhouette-min", optarg,
				    "a number in [-1, 1]");
			o.ref_only = "--silhouette-min";
			break;
		case HOP_OPT_SPECIES:
			/* Checked here; species.h matches it to the run. */
			hop_cli_list(&species, "species", optarg,
			    "a comma-separated list of species, or all");
			hop_list_free(&species);
			o.species = optarg;
			break;
		case HOP_OPT_TSV:
			o.tsv = 1;
			break;
		case OPT_SVG_AXES:
			if (strlen(optarg) != 2 || strchr("xyz", optarg[0]) ==
			    NULL || strchr("xyz", optarg[1]) == NULL ||
			    optarg[0] >= optarg[1])
				hop_usage_bad("svg-axes", optarg,
				    "xy, xz or yz");
			o.axes[0] = optarg[0] - 'x';
			o.axes[1] = optarg[1] - 'x';
			break;
		default:
			if (!hop_cli_global(c) && !hop_cli_figure(&o.fig, c,
			    optarg))
				usage(stderr, HOP_EXIT_USAGE);
		}
	}
	if (o.find.dist_set)
		o.net.radius = o.find.dist;
	o.net.threads = o.jobs;
	if ((o.svg != NULL) != o.svg_atom_set)
		hop_usage_error("--svg and --svg-atom go together");
	/* An option of another mode would be ignored: refused. */
	if (o.ref_only != NULL && o.find.mode != HOP_FIND_REFERENCE)
		hop_usage_error("%s goes with --mode reference, not %s",
		    o.ref_only, hop_find_mode_name(o.find.mode));
	if (o.net_only != NULL && o.find.mode != HOP_FIND_NETWORK)
		hop_usage_error("%s goes with --mode network, not %s",
		    o.net_only, hop_find_mode_name(o.find.mode));
	if ((o.vib_out != NULL || o.nvib_in > 0) &&
	    o.find.mode != HOP_FIND_ADAPTIVE)
		hop_usage_error("--vib-out and --vib-in go with --mode "
		    "adaptive, not %s", hop_find_mode_name(o.find.mode));
	if (argc - optind > 1)
		usage(stderr, HOP_EXIT_USAGE);
	if (o.vib_out != NULL && o.nvib_in > 0)
		hop_usage_error("--vib-out and --vib-in are the two passes of "
		    "a split run: one at a time");
	if (o.vib_out != NULL && (o.tsv || o.svg != NULL))
		hop_usage_error("--vib-out writes the curves only: no --tsv "
		    "or --svg");
	split_usage(&o, argc - optind);
	if (o.sites_out != NULL && (o.sites_in != NULL || o.npool_in > 0)) {
		/* A reduce: no frames read. */
		status = reduce_sites(&o);
		goto done;
	}
	if (!o.tsv && o.vib_out == NULL && o.pool_out == NULL &&
	    o.sites_out == NULL && o.visits_out == NULL &&
	    hop_cli_stream_stdout(&err) != 0) {
		hop_error("%s", err.msg);
		return HOP_EXIT_USAGE;
	}
	o.path = optind < argc ? argv[optind] : NULL;
	r = hop_reader_open_path(o.path, &err);
	if (r == NULL)
		hop_die("%s", err.msg);
	status = kmeans_hops(r, &o, argc, argv);
	hop_reader_free(r);
done:
	hop_atomrange_free(&o.atoms);
	free(o.vib_in);
	free(o.pool_in);
	free(o.visits_in);
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
