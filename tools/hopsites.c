/*
 * hopsites - the sites of a mobile species and the jumps between them:
 * each ion's site frame by frame (with a flicker filter), occupancy and
 * residence per site and per site type, the transition matrix between
 * types, jump types with rates and exact Poisson intervals, the jump
 * diffusivity and the correlation factor f = D* / D_jump, density maps
 * (CHGCAR, cube), the sites as an extended XYZ file, and a figure of the
 * jump network.  With --arrhenius, Arrhenius fits per jump type over the
 * jump tables of several runs.
 *
 * The method is in common/: siteref (reference sites), sitematch (sites
 * from the data labelled by a reference), sitetype (types
 * from the environment), siteocc (assignment, filter, jumps and their
 * analysis), vacancy (vacancies followed over the jumps), density (grids
 * and volumetric files), poisson (intervals), diffusion (D*).  man/hopsites.1 states definitions and defaults.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arrhenius.h"
#include "cell.h"
#include "cli.h"
#include "density.h"
#include "diffusion.h"
#include "json.h"
#include "latsym.h"
#include "msd.h"
#include "outfile.h"
#include "posstore.h"
#include "poisson.h"
#include "siteocc.h"
#include "sitenet.h"
#include "sitematch.h"
#include "siteref.h"
#include "sitetype.h"
#include "species.h"
#include "unwrapped.h"
#include "stream.h"
#include "svg.h"
#include "table.h"
#include "transport.h"
#include "vacancy.h"

static const char *prog = "hopsites";

#define A2PS_TO_CM2S 1e-4
#define MIN_VISIT_DEFAULT 5
#define DIST_TOL_DEFAULT 0.2
#define TYPE_TOL_DEFAULT 0.2
#define ENV_K_DEFAULT 6
#define GRID_DEFAULT 0.2
/* The default grid's most voxels (256^3, a CHGCAR of some 250 MB): a
 * larger cell gets a coarser default grid, and a note. */
#define GRID_MAX_VOXELS (1u << 24)
#define FEW_JUMPS 10
#define VAC_BLOCKS 16
#define VAC_DILUTE 0.1

enum {
	OPT_ARRHENIUS = 256, OPT_CHGCAR, OPT_CUBE, OPT_DIST_TOL, OPT_ENV,
	OPT_ENV_K, OPT_GRID, OPT_JUMPS_TABLE, OPT_MATCH, OPT_MATCH_TOL,
	OPT_MIN_VISIT, OPT_NETWORK_OUT, OPT_NO_DWELLS, OPT_NO_TRACER,
	OPT_NO_TRANSLATIONS,
	OPT_PLANE, OPT_RADIUS, OPT_SITE_LABELS, OPT_SITE_SPECIES, OPT_SITES,
	OPT_SITES_OUT, OPT_SITES_TABLE, OPT_SUMMARY, OPT_TYPE_TOL,
	OPT_TYPES_FROM, OPT_TYPES_TABLE, OPT_VACANCIES, OPT_VACANCIES_XYZ,
	OPT_OLD_TYPES /* the old name of --types-from: a usage error */
};

enum table_kind { TAB_SITES, TAB_JUMPS, TAB_TYPES, TAB_SUMMARY };
enum types_from { TYPES_AUTO, TYPES_LABELS, TYPES_ENV };

struct opts {
	const char *species, *sites, *site_species, *site_labels;
	const char *json, *svg, *chgcar, *cube, *sites_out, *network_out;
	const char *vac_tsv, *vac_xyz;
	const char *match;    /* --match: the reference for data sites */
	double match_tol;
	enum table_kind table;
	enum types_from types;
	int env_sites;        /* --env=sites */
	unsigned env_k;
	int env_k_set;    /* --env-k given: kept, even when too many */
	double radius, dist_tol, type_tol, grid, temperature;
	int grid_set;     /* --grid given: used as it is */
	unsigned min_visit;
	int tracer;
	int no_trans;     /* --no-translations */
	int no_dwells;    /* --no-dwells */
	int arrhenius;
	int plane[2];         /* axes of the figure's plane */
	unsigned threads;
	struct hop_cli_figure fig;
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: hopsites [options] [FILE]\n"
	    "       hopsites --arrhenius [options] TABLE ...\n"
	    "Sites of a mobile species, the jumps between them, their rates "
	    "and the correlation factor, from an unwrapped hop stream.\n"
	    "      --arrhenius            fit each jump type's rate against "
	    "1/T over jump tables\n"
	    "      --chgcar=FILE          write the species' density as a "
	    "VASP CHGCAR\n"
	    "      --cube=FILE            write the species' density as a "
	    "Gaussian cube file\n"
	    "      --distance-tol=A       jump distances closer than this are "
	    "one class (default: 0.2)\n"
	    "      --env=WHAT             site types from the framework or "
	    "the sites (default: framework)\n"
	    "      --env-k=N              distances a site type compares "
	    "(default: 6, or\n"
	    "                             fewer when there are fewer points)\n"
	    "      --grid=A               density voxel size (default: 0.2, coarser when\n"
	    "                             that makes more than 256^3 voxels)\n"
	    "  -h, --help                 show this help and exit\n"
	    "  -j, --jobs=N               threads for the sites, the "
	    "assignment, D* and the\n"
	    "                             volume files (default: the CPUs, "
	    "at most 64)\n"
	    "  -J, --json=FILE            also write every number as JSON "
	    "(-: instead of the table)\n"
	    "      --jumps-table          print the jump types table instead "
	    "of the sites\n"
	    "      --match=REF            sites from the data, labelled by "
	    "the reference REF\n"
	    "      --match-tol=A          a data site matches a reference "
	    "site within this (default: half the closest reference sites' "
	    "distance)\n"
	    "      --min-visit=N          a visit lasts N frames to count "
	    "(default: 5)\n"
	    "      --network-out=FILE     write the sites and the jump paths "
	    "as extended XYZ\n"
	    "      --no-dwells            sites from the data: none from the "
	    "places one ion\n"
	    "                             dwelt (taken only without "
	    "translations)\n"
	    "      --no-tracer            skip D* and f (with --sites: saves "
	    "12 bytes per ion and\n"
	    "                             frame)\n"
	    "      --no-translations      sites from the data: do not pool "
	    "over the framework's\n"
	    "                             lattice translations (default: "
	    "pool)\n"
	    "      --plane=AXES           the figure's plane: xy, xz or yz "
	    "(default: xy)\n"
	    "  -q, --quiet                no warnings on standard error\n"
	    "      --radius=A             an ion is on a site within this "
	    "(default: half the closest sites' distance)\n"
	    "  -s, --species=NAME         the mobile species (default: the "
	    "run's mobile family species)\n"
	    "      --site-labels=FILE     a label per reference site\n"
	    "      --site-species=LIST    the reference's species that are "
	    "sites (default: the only one, or the mobile one)\n"
	    "      --sites=REF            the sites: a POSCAR/CONTCAR or an "
	    "(extended) XYZ frame (default: from the data)\n"
	    "      --sites-out=FILE       write the sites as extended XYZ\n"
	    "      --sites-table          print one row per site (the "
	    "default)\n"
	    "      --summary              print the run's numbers as "
	    "key=value lines instead\n"
	    "  -g, --svg=FILE             draw the jump network (or the "
	    "Arrhenius fits) to FILE\n"
	    "  -t, --temperature=K        the run's temperature (default: "
	    "the stream's)\n"
	    "      --title=TEXT           the figure's title (default: what it "
	    "shows)\n"
	    "      --type-tol=A           environment distances within this "
	    "are one type (default: 0.2)\n"
	    "      --types-from=FROM      site types from labels, env or auto "
	    "(default: auto)\n"
	    "      --types-table          print one row per site type "
	    "instead\n"
	    "      --vacancies=FILE       write the vacancies' trajectories "
	    "as TSV\n"
	    "      --vacancies-xyz=FILE   write the vacancies per frame as "
	    "extended XYZ\n"
	    "  -V, --version              show the version and exit\n"
	    "      --xlabel=TEXT          the figure's x axis label (default: "
	    "its quantity)\n"
	    "      --ylabel=TEXT          the figure's y axis label (default: "
	    "its quantity)\n");
	hop_cli_exit(prog, status);
}

/* NaN without a sign. */
static double
num(double v)
{
	return isnan(v) ? NAN : v;
}

/* Everything learnt about one run. */
struct run {
	const char *name;
	char species[HOP_MAX_NAME + 1];
	uint32_t nions;
	uint64_t frames;
	double dt_ps, temp_K, cell[9];
	const char *sites_from;  /* "reference", "data" */
	unsigned rep[3];
	size_t nref;
	struct hop_siteset set;
	struct hop_siteset refset; /* --match: the reference's sites */
	struct hop_sitematch match;
	int have_match;
	struct hop_siteocc *occ;
	struct hop_sitejumps sj;
	struct hop_density dens;
	int have_dens;
	struct hop_diff_run dr;
	int have_tracer;
	double d_tr, dd_tr;      /* A^2/ps */
	double widen_tr;         /* dd_tr widened by (1: not; the halves') */
	double f, df;
	struct hop_vacancies vac;
	struct hop_vacdiff vd;
	double f_vac, df_vac;    /* D* N / (<N_v> D_vac) */
	char types_how[64];
	/* The first frame, folded, for the structure in the volume files. */
	struct hop_header hdr;
	double *frac0;
};

static void
run_free(struct run *r)
{
	hop_siteset_free(&r->set);
	hop_siteset_free(&r->refset);
	hop_sitematch_free(&r->match);
	hop_siteocc_free(r->occ);
	hop_sitejumps_free(&r->sj);
	hop_vacancies_free(&r->vac);
	hop_density_free(&r->dens);
	hop_header_free(&r->hdr);
	free(r->frac0);
}

/* The reference sites of path fitted to the run's cell, into set. */
static int
load_sites(const struct opts *o, const char *path, struct run *r,
    struct hop_siteset *set, struct hop_err *err)
{
	struct hop_siteref ref;

	if (hop_siteref_read(path, o->site_species, r->species, &ref,
	    err) != 0)
		return -1;
	if (hop_siteref_fit(&ref, r->cell, set, r->rep, err) != 0) {
		hop_err_prefix(err, path);
		hop_siteref_free(&ref);
		return -1;
	}
	r->nref = ref.n;
	hop_siteref_free(&ref);
	if (o->site_labels != NULL &&
	    hop_siteref_labels(o->site_labels, r->nref, set, err) != 0)
		return -1;
	r->sites_from = "reference";
	return 0;
}

#define UNMATCHED "unmatched"

/*
 * --match: the data's sites matched one to one to the reference's
 * (common/sitematch) and labelled by them; unmatched ones are labelled
 * "unmatched".  Types then follow the labels as for a reference.
 */
static int
match_sites(const struct opts *o, struct run *r, struct hop_err *err)
{
	double tol = o->match_tol > 0 ? o->match_tol :
	    hop_sitematch_tol(&r->refset, r->cell);
	size_t i;

	if (!(tol > 0)) {
		hop_err_set(err, "%s: fewer than two distinct reference sites: "
		    "give --match-tol", o->match);
		return -1;
	}
	if (hop_sitematch(&r->set, &r->refset, r->cell, tol, &r->match,
	    err) != 0)
		return -1;
	r->have_match = 1;
	for (i = 0; i < r->set.n; i++)
		snprintf(r->set.label[i], sizeof(r->set.label[i]), "%s",
		    r->match.ref[i] == HOP_MATCH_NONE ? UNMATCHED :
		    r->refset.label[r->match.ref[i]]);
	return hop_siteset_types_from_labels(&r->set, err);
}

/* The assigner over r's sites, with --radius or half the closest sites'
 * distance. */
static int
start_occ(const struct opts *o, struct run *r, struct hop_err *err)
{
	double mind = hop_siteset_min_distance(&r->set, r->cell);

	if (!(o->radius > 0) && !(mind > 0)) {
		hop_err_set(err, "%s: %s sites: give --radius (no two "
		    "distinct sites set the default)", o->sites ? o->sites :
		    r->name, r->set.n < 2 ? "fewer than two" : "coinciding");
		return -1;
	}
	if (o->radius > mind / 2 * (1 + 1e-6)) /* beyond rounding */
		hop_warn("%s: --radius %g A is above half the closest sites' "
		    "distance (%.3g A): their spheres overlap, an ion between "
		    "two sites is on the nearer, and its vibration across the "
		    "midpoint makes jumps", r->name, o->radius, mind);
	r->occ = hop_siteocc_new(&r->set, r->cell, r->nions,
	    o->radius > 0 ? o->radius : mind / 2, o->min_visit, err);
	if (r->occ == NULL) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	return 0;
}

#define REPLAY_CHUNK 256

/*
 * Sites from the data: the pooled positions of every ion (common/sitenet,
 * kmeans-hops' network mode; the -j threads share the per-ion work),
 * then every frame assigned to them, replayed from the store in chunks
 * of frames (the first frame's cell).
 */
static int
data_sites(const struct hop_posstore *ps, const struct opts *o,
    const double *trans, size_t ntrans, struct run *r, struct hop_err *err)
{
	struct hop_sitenet_opts so;
	struct hop_sitenet *net;
	size_t i, nf = hop_posstore_frames(ps), f0, n, k, *ions;
	double *buf, *pos;
	int d, ret = -1;

	hop_sitenet_opts_init(&so);
	so.trans = trans;
	so.ntrans = ntrans;
	so.no_dwells = o->no_dwells;
	so.no_short_test = 1; /* it assigns by siteocc, not by the net */
	ions = hop_xreallocarray(NULL, r->nions ? r->nions : 1, sizeof(*ions));
	for (i = 0; i < r->nions; i++)
		ions[i] = i;
	net = hop_sitenet_build(ps, ions, NULL, r->nions, r->cell, &so,
	    o->threads, err);
	free(ions);
	if (net == NULL) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	if (hop_siteset_alloc(&r->set, net->nsites, err) != 0) {
		hop_sitenet_free(net);
		return -1;
	}
	for (i = 0; i < net->nsites; i++)
		for (d = 0; d < 3; d++)
			r->set.frac[3 * i + d] = net->site[i].frac[d];
	hop_sitenet_free(net);
	r->sites_from = "data";
	if (o->match != NULL && match_sites(o, r, err) != 0)
		return -1;
	if (start_occ(o, r, err) != 0)
		return -1;
	buf = hop_xreallocarray(NULL, 3 * (size_t)r->nions * REPLAY_CHUNK,
	    sizeof(double));
	pos = hop_xreallocarray(NULL, 3 * (size_t)r->nions * REPLAY_CHUNK,
	    sizeof(double));
	for (f0 = 0; f0 < nf; f0 += n) {
		size_t n3 = 3 * (size_t)r->nions;

		n = nf - f0 < REPLAY_CHUNK ? nf - f0 : REPLAY_CHUNK;
		for (i = 0; i < n3; i++)
			hop_posstore_get_double(ps, i, f0, n,
			    &buf[i * REPLAY_CHUNK]);
		for (i = 0; i < n3; i++) {
			double org = hop_posstore_origin(ps, i);

			for (k = 0; k < n; k++)
				pos[k * n3 + i] = org + buf[i * REPLAY_CHUNK +
				    k];
		}
		if (hop_siteocc_batch(r->occ, pos, NULL, n, o->threads,
		    err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
	}
	ret = 0;
out:
	free(buf);
	free(pos);
	return ret;
}

/* The distances a site's environment signature compares among avail
 * points: --env-k when given (hop_sitetype_env refuses too many), else
 * the default, but no more than there are points (a small cell's few
 * framework atoms). */
static unsigned
env_k(const struct opts *o, size_t avail)
{
	if (o->env_k_set || avail >= o->env_k)
		return o->env_k;
	return avail ? (unsigned)avail : 1;
}

/*
 * --match with labels: the data sites no reference site matched are typed
 * among themselves by their environment (as make_types does without
 * labels) and labelled "unmatched", or "unmatched-A", "unmatched-B", ...
 * when their environments differ: two kinds of interstitial are two
 * types, comparing env_k()'s distances (a given --env-k larger than the
 * environment is refused, as make_types refuses it).  0 or -1.
 */
static int
type_unmatched(const struct opts *o, struct run *r, const double *fw,
    size_t nfw, struct hop_err *err)
{
	struct hop_siteset u;
	size_t i, n = 0;
	const double *env = o->env_sites || nfw == 0 ? r->set.frac : fw;
	size_t nenv = o->env_sites || nfw == 0 ? r->set.n : nfw;
	unsigned k = env_k(o, nenv);
	int ret = -1;

	for (i = 0; i < r->set.n; i++)
		n += r->match.ref[i] == HOP_MATCH_NONE;
	if (n < 2)
		return 0;
	hop_siteset_init(&u);
	if (hop_siteset_alloc(&u, n, err) != 0)
		return -1;
	for (i = n = 0; i < r->set.n; i++)
		if (r->match.ref[i] == HOP_MATCH_NONE)
			memcpy(u.frac + 3 * n++, r->set.frac + 3 * i,
			    3 * sizeof(double));
	if (hop_sitetype_env(&u, r->cell, env, nenv, k, o->type_tol,
	    err) != 0) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	for (i = n = 0; i < r->set.n && u.ntypes > 1; i++)
		if (r->match.ref[i] == HOP_MATCH_NONE)
			snprintf(r->set.label[i], sizeof(r->set.label[i]),
			    UNMATCHED "-%s", u.type_name[u.type[n++]]);
	ret = 0;
out:
	hop_siteset_free(&u);
	return ret;
}

/* The nbuf frames waiting in obuf (cells NULL: the first frame's cell)
 * assigned to the sites by the threads. */
static int
flush_occ(struct run *r, const struct opts *o, const double *obuf,
    const double *cells, size_t *nbuf, struct hop_err *err)
{
	size_t n = *nbuf;

	*nbuf = 0;
	if (r->occ == NULL || n == 0)
		return 0;
	if (hop_siteocc_batch(r->occ, obuf, cells, n, o->threads,
	    err) != 0) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	return 0;
}

/* Site types as --types-from says, after the frames (the framework's mean
 * positions are known then). */
static int
make_types(const struct opts *o, struct run *r, const double *fw,
    size_t nfw, struct hop_err *err)
{
	/* auto: labels when they say more than an element's name (with
	 * --match, the reference's labels: unmatched sites alone do not
	 * make labels of an element's name); sites from the data have
	 * none, and are typed by their environment. */
	const struct hop_siteset *ls = r->have_match ? &r->refset : &r->set;
	int self, labels = o->types == TYPES_LABELS || (o->types == TYPES_AUTO &&
	    (ls->ntypes > 1 || o->site_labels != NULL ||
	    (ls->n > 0 && ls->label[0][0] != '\0' &&
	    hop_element_z(ls->label[0]) == 0)));

	if (labels) {
		snprintf(r->types_how, sizeof(r->types_how), "labels");
		if (r->have_match && type_unmatched(o, r, fw, nfw, err) != 0)
			return -1;
		return hop_siteset_types_from_labels(&r->set, err);
	}
	self = o->env_sites || nfw == 0;
	snprintf(r->types_how, sizeof(r->types_how), "environment (%s)",
	    self ? "sites" : "framework");
	if (hop_sitetype_env(&r->set, r->cell, self ? NULL : fw,
	    self ? 0 : nfw, env_k(o, self ? (r->set.n ? r->set.n - 1 : 0) :
	    nfw), o->type_tol, err) != 0) {
		hop_err_prefix(err, r->name);
		return -1;
	}
	return 0;
}

/* Read the run, assign every frame, and analyse. */
/* D* from r->dr, its uncertainty widened where the halves disagree, and
 * the ratios made of it: f and f_vacancy. */
static void
tracer_ratios(struct run *r)
{
	r->d_tr = r->dr.est.d_self;
	r->dd_tr = r->dr.est.dd_self;
	/* As msd(1): a D* whose halves disagree has its uncertainty
	 * widened to their spread (transport.h). */
	r->widen_tr = 1;
	if (r->dr.have_half) {
		struct hop_transport x = {r->d_tr, r->dd_tr, NAN, NAN,
		    0, 0, 0, 0}, h[2] = {{r->dr.half[0].d_self,
		    r->dr.half[0].dd_self, NAN, NAN, 0, 0, 0, 0},
		    {r->dr.half[1].d_self, r->dr.half[1].dd_self, NAN,
		    NAN, 0, 0, 0, 0}};
		double f[2];

		hop_tr_widen(&x, h, hop_tr_differ(h[0].d_self,
		    h[0].dd_self, h[1].d_self, h[1].dd_self) ?
		    HOP_TR_HALVES : 0, NAN, 1, NAN, f);
		r->dd_tr = x.dd_self;
		r->widen_tr = f[0];
	}
	/* A D* that is not positive (no tracer diffusion
	 * resolved: flagged) makes no ratio. */
	if (r->sj.d_jump > 0 && r->d_tr > 0) {
		r->f = r->d_tr / r->sj.d_jump;
		r->df = fabs(r->f) * sqrt(pow(r->dd_tr / r->d_tr, 2) +
		    pow(r->sj.dd_jump / r->sj.d_jump, 2));
	}
	if (r->vd.d > 0 && r->vac.mean > 0 && r->d_tr > 0) {
		r->f_vac = r->d_tr * r->vac.ions_placed /
		    (r->vac.mean * r->vd.d);
		r->df_vac = fabs(r->f_vac) * sqrt(pow(r->dd_tr /
		    r->d_tr, 2) + pow(r->vd.dd / r->vd.d, 2));
	}
}

static int
load_run(const char *path, const struct opts *o, struct run *r,
    struct hop_err *err)
{
	struct hop_reader *rd;
	const struct hop_header *h;
	struct hop_msd_traj *t = NULL;
	struct hop_posstore *ps = NULL;
	struct hop_record rec;
	struct hop_frame fr;
	struct hop_progress bar;
	double *fw = NULL, *fwsum = NULL, *frac = NULL, inv[9], *all = NULL,
	    *tr = NULL, *obuf = NULL, *ocell = NULL;
	size_t nbuf = 0;
	int *spec = NULL;
	size_t off = 0, nfw = 0, i;
	uint32_t s;
	int sp = -1, st, ret = -1;

	r->name = path == NULL || strcmp(path, "-") == 0 ? "<stdin>" : path;
	if ((rd = hop_unwrapped_open(path, r->name, o->species, &sp, &off,
	    err)) == NULL)
		return -1;
	h = hop_reader_header(rd);
	if (hop_header_copy(&r->hdr, h, err) != 0)
		goto out;
	snprintf(r->species, sizeof(r->species), "%s", h->species[sp].name);
	nfw = h->natoms - h->species[sp].count;
	r->nions = h->species[sp].count;
	r->dt_ps = h->dt_fs * 1e-3;
	r->temp_K = o->temperature > 0 ? o->temperature : h->temperature_K;
	memcpy(r->cell, h->cell, sizeof(r->cell));
	if (hop_cell_inverse(r->cell, inv) != 0) {
		hop_err_set(err, "%s: the cell in the header is singular",
		    r->name);
		goto out;
	}
	if (o->sites != NULL) {
		if (load_sites(o, o->sites, r, &r->set, err) != 0 ||
		    start_occ(o, r, err) != 0)
			goto out;
	} else {
		/* With --match the reference is read first: its errors
		 * come before the frames are read. */
		if (o->match != NULL && load_sites(o, o->match, r,
		    &r->refset, err) != 0)
			goto out;
		/* The positions for the sites: the tracer's store when D*
		 * keeps one (the same values), else one of their own. */
		if (!o->tracer && (ps = hop_posstore_new(3 *
		    (size_t)r->nions, err)) == NULL) {
			hop_err_prefix(err, r->name);
			goto out;
		}
	}
	if (o->chgcar != NULL || o->cube != NULL) {
		unsigned n[3];
		double sp = o->grid;

		if (!o->grid_set && (sp = hop_density_spacing(r->cell, o->grid,
		    GRID_MAX_VOXELS)) > o->grid)
			hop_warn("%s: a density grid of %.3g A, not the default "
			    "%.3g A, keeps it to 256^3 voxels (give --grid to "
			    "choose)", r->name, sp, o->grid);
		hop_density_dims(r->cell, sp, n);
		/* A given grid is used as it is, but not in silence when it
		 * takes gigabytes (a count of 8 bytes a voxel, up to 14 in a
		 * volume file's text). */
		if (o->grid_set && (double)n[0] * n[1] * n[2] >
		    (double)GRID_MAX_VOXELS)
			hop_warn("%s: --grid %.3g A makes %ux%ux%u voxels: "
			    "%.3g GB of memory and up to %.3g GB a volume file",
			    r->name, sp, n[0], n[1], n[2],
			    (double)n[0] * n[1] * n[2] * 8 / 1e9,
			    (double)n[0] * n[1] * n[2] * 14 / 1e9);
		if (hop_density_init(&r->dens, n, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		r->have_dens = 1;
	}
	if (o->tracer && (t = hop_msd_traj_new(r->nions, HOP_MSD_X |
	    HOP_MSD_Y | HOP_MSD_Z, err)) == NULL) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	fw = hop_xreallocarray(NULL, nfw ? 3 * nfw : 1, sizeof(double));
	fwsum = hop_xcalloc(nfw ? 3 * nfw : 1, sizeof(double));
	if (o->sites == NULL && !o->no_trans)
		all = hop_xcalloc(h->natoms ? h->natoms : 1, 6 * sizeof(double));
	frac = hop_xreallocarray(NULL, 3 * (size_t)h->natoms, sizeof(double));
	r->frac0 = hop_xreallocarray(NULL, 3 * (size_t)h->natoms,
	    sizeof(double));
	if (r->occ != NULL) {
		obuf = hop_xreallocarray(NULL, REPLAY_CHUNK * 3 *
		    (size_t)(r->nions ? r->nions : 1), sizeof(double));
		ocell = hop_xreallocarray(NULL, REPLAY_CHUNK * 9,
		    sizeof(double));
	}
	hop_progress_start(&bar, "frames", h->nframes);
	while ((st = hop_reader_next(rd, &rec, err)) == 1) {
		const double *cell;
		double finv[9];
		size_t a, k;

		if (rec.type != HOP_REC_FRAME)
			continue;
		if (hop_frame_decode(rd, &rec, &fr, err) != 0)
			goto out;
		if (hop_frame_check_finite(h, &rec, &fr, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		cell = (h->flags & HOP_FLAG_VARIABLE_CELL) ? fr.cell : NULL;
		if (cell == NULL)
			memcpy(finv, inv, sizeof(finv));
		else if (hop_cell_inverse(cell, finv) != 0) {
			hop_err_set(err, "%s: record %llu: the cell is "
			    "singular", r->name,
			    (unsigned long long)rec.number);
			goto out;
		}
		/* The sites' assignment waits for a chunk of frames, which
		 * the threads then share (hop_siteocc_batch). */
		if (r->occ != NULL) {
			memcpy(obuf + nbuf * 3 * (size_t)r->nions, fr.pos +
			    3 * off, 3 * (size_t)r->nions * sizeof(double));
			if (cell != NULL)
				memcpy(ocell + 9 * nbuf, cell, 9 *
				    sizeof(double));
			if (++nbuf == REPLAY_CHUNK && flush_occ(r, o, obuf,
			    cell ? ocell : NULL, &nbuf, err) != 0)
				goto out;
		}
		if (ps != NULL && hop_posstore_add(ps, fr.pos + 3 * off, NULL,
		    err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		if (r->frames == 0 || r->have_dens) {
			for (a = 0; a < h->natoms; a++)
				hop_cart_to_frac(&fr.pos[3 * a], finv,
				    &frac[3 * a]);
			if (r->frames == 0)
				memcpy(r->frac0, frac, 3 * (size_t)h->natoms *
				    sizeof(double));
			if (r->have_dens) {
				hop_density_add(&r->dens, frac + 3 * off,
				    r->nions);
				hop_density_frame(&r->dens);
			}
		}
		/* Every atom's summed positions and squares, for the
		 * framework's translations (latsym.h). */
		for (a = 0; all != NULL && a < 3 * (size_t)h->natoms; a++) {
			all[2 * a - a % 3] += fr.pos[a];
			all[2 * a - a % 3 + 3] += fr.pos[a] * fr.pos[a];
		}
		/* The framework's mean (unwrapped) positions, for types. */
		for (a = 0, k = 0; a < h->natoms; a++) {
			if (a >= off && a < off + r->nions)
				continue;
			fwsum[3 * k] += fr.pos[3 * a];
			fwsum[3 * k + 1] += fr.pos[3 * a + 1];
			fwsum[3 * k + 2] += fr.pos[3 * a + 2];
			k++;
		}
		if (t != NULL && hop_msd_traj_add(t, fr.pos + 3 * off, NULL,
		    err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		r->frames++;
		hop_progress_update(&bar, r->frames);
	}
	hop_progress_end(&bar);
	if (st < 0 || flush_occ(r, o, obuf, (h->flags &
	    HOP_FLAG_VARIABLE_CELL) ? ocell : NULL, &nbuf, err) != 0)
		goto out;
	if (r->frames == 0) {
		hop_err_set(err, "%s: no frames%s", r->name,
		    hop_reader_hops(rd) > 0 ? ": this is a hop stream; give "
		    "the unwrapped frames (what unwrap writes)" : "");
		goto out;
	}
	if (o->sites == NULL) {
		const struct hop_posstore *store = ps != NULL ? ps :
		    hop_msd_traj_store(t);
		size_t nt = 1;

		if (all != NULL) {
			spec = hop_xreallocarray(NULL, h->natoms ? h->natoms :
			    1, sizeof(*spec));
			for (i = 0; i < h->natoms; i++)
				spec[i] = (int)hop_header_species_of(h,
				    (uint32_t)i);
			if ((nt = hop_latsym_framework(all, r->frames, spec,
			    h->natoms, HOP_LATSYM_RMS, r->cell, &tr,
			    err)) == 0) {
				hop_err_prefix(err, r->name);
				goto out;
			}
		}
		if (data_sites(store, o, tr, nt, r, err) != 0)
			goto out;
	}
	if (hop_siteocc_finish(r->occ, err) != 0)
		goto out;
	for (i = 0; i < nfw; i++) {
		double m[3];

		for (s = 0; s < 3; s++)
			m[s] = fwsum[3 * i + s] / (double)r->frames;
		hop_cart_to_frac(m, inv, &fw[3 * i]);
	}
	if (make_types(o, r, fw, nfw, err) != 0)
		goto out;
	if (hop_sitejumps_analyse(r->occ, &r->set, r->dt_ps, 3, o->dist_tol,
	    &r->sj, err) != 0) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	if (hop_vacancy_track(r->occ, &r->set, r->cell, &r->vac, err) != 0 ||
	    hop_vacancy_diffusion(&r->vac, r->dt_ps, VAC_BLOCKS, &r->vd,
	    err) != 0) {
		hop_err_prefix(err, r->name);
		goto out;
	}
	/* Too few vacancy jumps for D_vac (flagged): no number, and no
	 * f_vacancy from it. */
	if (r->vac.vjumps < FEW_JUMPS)
		r->vd.d = r->vd.dd = NAN;
	r->d_tr = r->dd_tr = r->f = r->df = r->f_vac = r->df_vac = NAN;
	if (t != NULL && r->frames >= HOP_DML_MIN_INCREMENTS + 1) {
		/*
		 * f is a ratio a few per cent from 1 or from 0.65: D* is
		 * taken where it agrees with the longer strides within
		 * their statistical errors alone, without msd's 5 % floor.
		 * At short strides the model's one lag of correlation
		 * misses the jumps that return over the next frames (a
		 * vacancy coming back), and D* is 1-4 % too large.  The
		 * strides past that agreement are not estimated.
		 */
		if (hop_diff_run_settled(t, r->dt_ps, HOP_DIFF_Z, 0,
		    o->threads, &r->dr, err) != 0) {
			hop_err_prefix(err, r->name);
			goto out;
		}
		r->have_tracer = 1;
		/* No D* the run supports (flagged): none printed, and no
		 * ratio made of it. */
		if (!r->dr.too_short)
			tracer_ratios(r);
	}
	ret = 0;
out:
	hop_msd_traj_free(t);
	hop_posstore_free(ps);
	hop_reader_free(rd);
	free(fw);
	free(fwsum);
	free(all);
	free(tr);
	free(spec);
	free(frac);
	free(obuf);
	free(ocell);
	return ret;
}

/* Cartesian position of site i in the first frame's cell (folded). */
static void
site_cart(const struct run *r, size_t i, double x[3])
{
	hop_frac_to_cart(&r->set.frac[3 * i], r->cell, x);
}

static double
site_occ(const struct run *r, size_t i)
{
	return (double)hop_siteocc_site_frames(r->occ, i) /
	    (double)r->frames;
}

/* Mean empty sites (vacancies) of type k per frame. */
static double
vac_type(const struct run *r, size_t k)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < r->set.n; i++)
		if (r->set.type[i] == k)
			n += r->vac.empty_frames[i];
	return r->frames ? (double)n / (double)r->frames : NAN;
}

static void
print_sites(const struct run *r)
{
	size_t i;

	printf("site\ttype\tlabel\tspecies\tx_A\ty_A\tz_A\toccupancy\tvisits"
	    "\tmean_residence_ps%s\n", r->have_match ?
	    "\tref_site\tref_label\tref_dist_A" : "");
	for (i = 0; i < r->set.n; i++) {
		double x[3];

		site_cart(r, i, x);
		printf("%zu\t%s\t%s\t%s\t%.4f\t%.4f\t%.4f\t%.6g\t%llu\t%.6g",
		    i, r->set.type_name[r->set.type[i]],
		    r->set.label[i][0] ? r->set.label[i] : "-", r->species,
		    x[0], x[1], x[2], site_occ(r, i),
		    (unsigned long long)hop_siteocc_site_visits(r->occ, i),
		    num(r->sj.site_res_ps[i]));
		if (r->have_match) {
			uint32_t m = r->match.ref[i];

			if (m == HOP_MATCH_NONE)
				printf("\t-1\t-\t%.4f", num(r->match.dist[i]));
			else
				printf("\t%u\t%s\t%.4f", m,
				    r->refset.label[m], r->match.dist[i]);
		}
		putchar('\n');
	}
}

static void
print_types(const struct run *r)
{
	size_t k;

	printf("type\tsites\toccupancy\toccupancy_per_site\tresidences"
	    "\tedge_residences\tmean_residence_ps\tsem_residence_ps"
	    "\tmedian_residence_ps\tq25_residence_ps\tq75_residence_ps"
	    "\tvacancies\n");
	for (k = 0; k < r->sj.ntypes; k++) {
		const struct hop_restats *q = &r->sj.res[k];

		printf("%s\t%zu\t%.6g\t%.6g\t%llu\t%llu\t%.6g\t%.6g\t%.6g\t%.6g"
		    "\t%.6g\t%.6g\n", r->set.type_name[k],
		    r->sj.nsites_type[k], num(r->sj.occ_type[k]),
		    num(r->sj.occ_per_site[k]), (unsigned long long)q->n,
		    (unsigned long long)q->edge, num(q->mean_ps),
		    num(q->sem_ps), num(q->median_ps), num(q->q25_ps),
		    num(q->q75_ps), num(vac_type(r, k)));
	}
}

/*
 * The run column's text: the run's name with each control character
 * (tab, newline, CR, ...) as '?', as ls -q shows them, so that a row is
 * one line of its fields, and "./" before a name whose first non-blank
 * character is '#' (a line that starts so is a comment to the tables'
 * reader; "./" keeps a relative path the same file).
 */
static void
print_run_name(const char *s)
{
	const char *p = s;

	while (*p == ' ')
		p++;
	if (*p == '#')
		fputs("./", stdout);
	for (p = s; *p != '\0'; p++)
		putchar((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
}

/* The jump types table: one row per type, readable by --arrhenius. */
static void
print_jumps(const struct run *r)
{
	size_t k;
	double expo = (double)r->nions * r->sj.t_ps, zero_lo, zero_hi;

	hop_poisson_interval(0, 0.95, &zero_lo, &zero_hi);
	printf("run\tT_K\tjump_type\tfrom\tto\tdistance_A\tcount"
	    "\texposure_ion_ps\trate_per_ion_ps\tdrate_per_ion_ps"
	    "\trate_lo95_per_ion_ps\trate_hi95_per_ion_ps\trate_per_ps"
	    "\trate_from_site_ps\treturn_fraction\n");
	if (r->sj.njt == 0) {
		print_run_name(r->name);
		printf("\t%.6g\tnone\t-\t-\tnan\t0\t%.6g\t0\t0\t0\t%.6g"
		    "\t0\tnan\tnan\n", num(r->temp_K), expo,
		    zero_hi / expo);
	}
	for (k = 0; k < r->sj.njt; k++) {
		const struct hop_jumptype *j = &r->sj.jt[k];

		print_run_name(r->name);
		printf("\t%.6g\t%s\t%s\t%s\t%.4f\t%llu\t%.6g\t%.6g\t%.6g\t%.6g"
		    "\t%.6g\t%.6g\t%.6g\t%.6g\n", num(r->temp_K),
		    j->name, r->set.type_name[j->from],
		    r->set.type_name[j->to], j->dist_A,
		    (unsigned long long)j->count, expo, j->rate_ion_ps,
		    j->drate_ion_ps, j->rate_ion_lo, j->rate_ion_hi,
		    j->rate_ps, num(j->rate_from_ps), num(j->returns));
	}
}

static void
print_summary(const struct run *r)
{
	printf("ions=%u\nframes=%llu\nsites=%zu\ntypes=%zu\njumps=%llu\n"
	    "t_ps=%.6g\nradius_A=%.4g\nbetween_fraction=%.6g\n"
	    "D_jump_cm2_s=%.6g\ndD_jump_cm2_s=%.6g\nD_tracer_cm2_s=%.6g\n"
	    "dD_tracer_cm2_s=%.6g\nf=%.6g\ndf=%.6g\nreturn_fraction=%.6g\n",
	    r->nions, (unsigned long long)r->frames, r->set.n, r->set.ntypes,
	    (unsigned long long)r->sj.njumps, num(r->sj.t_ps),
	    hop_siteocc_radius(r->occ), num(r->sj.between),
	    num(r->sj.d_jump * A2PS_TO_CM2S),
	    num(r->sj.dd_jump * A2PS_TO_CM2S), num(r->d_tr * A2PS_TO_CM2S),
	    num(r->dd_tr * A2PS_TO_CM2S), num(r->f), num(r->df),
	    num(r->sj.returns));
	printf("vacancies_mean=%.6g\nvacancies_min=%llu\nvacancies_max=%llu\n"
	    "vacancy_births=%llu\nvacancy_deaths=%llu\nvacancy_jumps=%llu\n"
	    "vacancies_conserved=%zu\nD_vac_cm2_s=%.6g\ndD_vac_cm2_s=%.6g\n"
	    "D_vac_jump_cm2_s=%.6g\ndD_vac_jump_cm2_s=%.6g\nf_vacancy=%.6g\n"
	    "df_vacancy=%.6g\n", num(r->vac.mean),
	    (unsigned long long)r->vac.min, (unsigned long long)r->vac.max,
	    (unsigned long long)r->vac.births,
	    (unsigned long long)r->vac.deaths,
	    (unsigned long long)r->vac.vjumps, r->vac.nconserved,
	    num(r->vd.d * A2PS_TO_CM2S), num(r->vd.dd * A2PS_TO_CM2S),
	    num(r->vd.d_jump * A2PS_TO_CM2S),
	    num(r->vd.dd_jump * A2PS_TO_CM2S), num(r->f_vac),
	    num(r->df_vac));
	if (r->have_match)
		printf("match_tol_A=%.4g\nreference_sites=%zu\nmatched_sites=%zu"
		    "\nunmatched_data_sites=%zu\nunmatched_reference_sites=%zu"
		    "\nmatch_mean_dist_A=%.4g\nmatch_max_dist_A=%.4g\n",
		    r->match.tol, r->match.nref, r->match.matched,
		    r->match.ndata - r->match.matched,
		    r->match.nref - r->match.matched, num(r->match.mean_dist),
		    num(r->match.max_dist));
}

/* Flags for the JSON and the warnings. */
enum {
	FL_FEW_JUMPS = 1, FL_NO_JUMPS = 2, FL_MANY_BETWEEN = 4,
	FL_NO_TRACER_D = 8, FL_FEW_FRAMES_VISIT = 16, FL_NO_VACANCY_SITES = 32,
	FL_NO_VACANCY_D = 64, FL_VAC_NOT_CONSERVED = 128,
	FL_VAC_RELATION = 256, FL_TRACER_NOT_POSITIVE = 512,
	FL_F_HIGH = 1024, FL_TRACER_HALVES = 2048
};

/* An f beyond this is no correlation factor: D* holds motion the jumps
 * between the sites do not (a glitch in the positions, ions moving off
 * the sites, sites missing).  Forward-correlated jumps can make f
 * exceed 1, not twice over.  (Not "beyond by its uncertainty": a glitch
 * inflates df as much as f.) */
#define F_HIGH 2.0

static unsigned
run_flags(const struct run *r, const struct opts *o)
{
	unsigned fl = 0;

	if (r->sj.njumps == 0)
		fl |= FL_NO_JUMPS;
	else if (r->sj.njumps < FEW_JUMPS)
		fl |= FL_FEW_JUMPS;
	if (r->sj.between > 0.3)
		fl |= FL_MANY_BETWEEN;
	if (o->tracer && (!r->have_tracer || r->dr.too_short))
		fl |= FL_NO_TRACER_D;
	else if (o->tracer && !(r->d_tr > 0))
		fl |= FL_TRACER_NOT_POSITIVE;
	if (r->f > F_HIGH)
		fl |= FL_F_HIGH;
	if (r->have_tracer && r->widen_tr > 1)
		fl |= FL_TRACER_HALVES;
	if (r->frames < 10 * (uint64_t)o->min_visit)
		fl |= FL_FEW_FRAMES_VISIT;
	if (r->set.n <= r->nions)
		fl |= FL_NO_VACANCY_SITES;
	/* Vacancies also come and go where sites do not outnumber the
	 * ions (an ion off every site: a Frenkel pair); their numbers are
	 * printed then too, so they are flagged alike. */
	if (r->vac.mean > 0 || r->vac.births + r->vac.deaths > 0) {
		if (isnan(r->vd.d) || r->vac.vjumps < FEW_JUMPS)
			fl |= FL_NO_VACANCY_D;
		if (r->vac.births + r->vac.deaths > 0)
			fl |= FL_VAC_NOT_CONSERVED;
		if ((fl & (FL_NO_VACANCY_D | FL_VAC_NOT_CONSERVED)) ||
		    isnan(r->f_vac) || r->vac.mean > VAC_DILUTE *
		    (double)r->set.n)
			fl |= FL_VAC_RELATION;
	}
	return fl;
}

static const char *const flag_names[] = {
	"few_jumps", "no_jumps", "many_between", "no_tracer_D",
	"short_for_min_visit", "sites_not_outnumbering_ions", "no_vacancy_D",
	"vacancies_not_conserved", "vacancy_relation_not_meaningful",
	"D_tracer_not_positive", "f_too_high", "D_tracer_halves_disagree"
};

/* The summary's last line: the flags by name, comma-separated ("ok"
 * without any), as msd's and hopcorr's. */
static void
print_flags(unsigned fl)
{
	size_t k;
	int any = 0;

	fputs("flags=", stdout);
	for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
		if (fl & (1u << k)) {
			printf("%s%s", any ? "," : "", flag_names[k]);
			any = 1;
		}
	puts(any ? "" : "ok");
}

static void
warn_run(const struct run *r, const struct opts *o, unsigned fl)
{
	size_t k, few;
	char first[48] = "";

	if (o->table == TAB_JUMPS && !(r->temp_K > 0))
		hop_warn("%s: no temperature (give -t K): T_K is nan, and "
		    "--arrhenius cannot use the table", r->name);
	else if (o->table == TAB_JUMPS && !(r->temp_K >= 1 &&
	    r->temp_K <= 1e5))
		hop_warn("%s: the stream's temperature %g K is not 1 to 100000 "
		    "K (give -t K): --arrhenius cannot use the table",
		    r->name, r->temp_K);
	if (fl & FL_NO_JUMPS)
		hop_warn("%s: no jumps between sites in %.4g ps: rates are "
		    "upper bounds and f is undefined", r->name,
		    num(r->sj.t_ps));
	if (fl & FL_FEW_JUMPS)
		hop_warn("%s: only %llu jumps: D_jump and f are uncertain "
		    "(%.0f %% relative)", r->name,
		    (unsigned long long)r->sj.njumps,
		    100 / sqrt((double)r->sj.njumps));
	if (fl & FL_MANY_BETWEEN)
		hop_warn("%s: %.0f %% of the ion-frames are between sites "
		    "(radius %.3g A): sites may be missing", r->name,
		    100 * r->sj.between, hop_siteocc_radius(r->occ));
	if ((fl & FL_NO_TRACER_D) && !r->have_tracer)
		hop_warn("%s: %llu frames are too few for D* (%d at least): "
		    "D* and f are not reported", r->name,
		    (unsigned long long)r->frames, HOP_DML_MIN_INCREMENTS + 1);
	else if ((fl & FL_NO_TRACER_D) && r->dr.nladder < 2)
		hop_warn("%s: %llu frames allow one stride only: the run is too "
		    "short for D*; D* and f are not reported", r->name,
		    (unsigned long long)r->frames);
	else if ((fl & FL_NO_TRACER_D) && r->dr.no_plateau)
		hop_warn("%s: D* does not settle at any stride the run allows "
		    "(the ions do not diffuse, or the run is too short for "
		    "their motion): D* and f are not reported", r->name);
	else if (fl & FL_NO_TRACER_D)
		hop_warn("%s: D* settles only at a stride longer than the run "
		    "or its halves allow: the run is too short, D* and f are "
		    "not reported", r->name);
	if (fl & FL_TRACER_NOT_POSITIVE)
		hop_warn("%s: D* = %.3g +- %.2g cm^2/s is not positive: no "
		    "tracer diffusion resolved, f is not reported", r->name,
		    num(r->d_tr * A2PS_TO_CM2S), num(r->dd_tr * A2PS_TO_CM2S));
	if (fl & FL_F_HIGH)
		hop_warn("%s: f = %.4g +- %.2g: D* (%.3g cm^2/s) is far above "
		    "what the jumps between the sites give (D_jump %.3g): "
		    "motion they do not hold (a glitch in the positions, ions "
		    "off the sites, or sites missing); f is no correlation "
		    "factor here", r->name, r->f, num(r->df),
		    num(r->d_tr * A2PS_TO_CM2S),
		    num(r->sj.d_jump * A2PS_TO_CM2S));
	if (fl & FL_TRACER_HALVES)
		hop_warn("%s: D* of the run's two halves disagree beyond 2.5 "
		    "times their uncertainty (%.3g and %.3g cm^2/s): dD* is "
		    "multiplied by %.3g, to their spread, as msd does",
		    r->name, num(r->dr.half[0].d_self * A2PS_TO_CM2S),
		    num(r->dr.half[1].d_self * A2PS_TO_CM2S), r->widen_tr);
	if (fl & FL_FEW_FRAMES_VISIT)
		hop_warn("%s: %llu frames for --min-visit=%u", r->name,
		    (unsigned long long)r->frames, o->min_visit);
	if (r->have_match && (r->match.matched < r->match.ndata ||
	    r->match.matched < r->match.nref))
		hop_warn("%s: %zu of %zu sites from the data match no "
		    "reference site within %.3g A (labelled %s), and %zu of "
		    "the %zu reference sites none from the data", r->name,
		    r->match.ndata - r->match.matched, r->match.ndata,
		    r->match.tol, UNMATCHED, r->match.nref - r->match.matched,
		    r->match.nref);
	if ((fl & FL_NO_VACANCY_SITES) && (o->vac_tsv || o->vac_xyz))
		hop_warn("%s: %zu sites for %u ions: sites do not outnumber "
		    "the ions, so vacancies are only sites no ion reached "
		    "(%.3g per frame)", r->name, r->set.n, r->nions,
		    num(r->vac.mean));
	/* Vacancies as a population of their own: warned of when sites
	 * outnumber the ions or the vacancies' files are asked for (the
	 * flags say it always). */
	if ((fl & FL_NO_VACANCY_SITES) && !o->vac_tsv && !o->vac_xyz)
		fl &= ~(unsigned)(FL_NO_VACANCY_D | FL_VAC_NOT_CONSERVED |
		    FL_VAC_RELATION);
	if ((fl & FL_NO_VACANCY_D) && r->vac.nconserved == 0)
		hop_warn("%s: none of the %.3g vacancies (mean) was present "
		    "the whole run: no D_vac", r->name, num(r->vac.mean));
	else if ((fl & FL_NO_VACANCY_D) && r->vac.vjumps < FEW_JUMPS)
		hop_warn("%s: %llu vacancy jumps: too few for D_vac", r->name,
		    (unsigned long long)r->vac.vjumps);
	else if (fl & FL_NO_VACANCY_D)
		hop_warn("%s: the run is too short for D_vac", r->name);
	if (r->vac.nconserved > HOP_VAC_MAX_TRAJ)
		snprintf(first, sizeof(first), "first %d of the ",
		    HOP_VAC_MAX_TRAJ);
	if (fl & FL_VAC_NOT_CONSERVED)
		hop_warn("%s: %llu vacancies appeared and %llu vanished (an "
		    "ion off every site, ions sharing a site, or first seen "
		    "late): D_vac is of the %s%zu that lasted", r->name,
		    (unsigned long long)r->vac.births,
		    (unsigned long long)r->vac.deaths, first,
		    r->vac.nconserved);
	if ((fl & FL_VAC_RELATION) && !(fl & (FL_NO_VACANCY_D |
	    FL_VAC_NOT_CONSERVED)) && !isnan(r->f_vac))
		hop_warn("%s: %.0f %% of the sites are empty: the vacancy "
		    "mechanism's D* = f (N_v / N) D_vac assumes dilute "
		    "vacancies (f_vacancy %.3g is not a correlation factor)",
		    r->name, 100 * r->vac.mean / (double)r->set.n, r->f_vac);
	for (k = 0, few = 0; k < r->sj.njt; k++)
		few += r->sj.jt[k].count < FEW_JUMPS;
	if (few > 0)
		hop_warn("%s: %zu of %zu jump types have fewer than %d jumps: "
		    "their rates are known to a factor (see their 95 %% "
		    "intervals)", r->name, few, r->sj.njt, FEW_JUMPS);
}

static void
json_run(FILE *fp, const struct run *r, const struct opts *o, unsigned fl)
{
	struct hop_json j;
	size_t i, k, m, nt = r->sj.ntypes;

	hop_json_begin(&j, fp);
	hop_json_string(&j, "program", prog);
	hop_json_string(&j, "version", HOP_VERSION);
	hop_json_string(&j, "input", r->name);
	hop_json_string(&j, "species", r->species);
	hop_json_uint(&j, "ions", r->nions);
	hop_json_uint(&j, "frames", r->frames);
	hop_json_number(&j, "dt_ps", r->dt_ps);
	hop_json_number(&j, "t_ps", r->sj.t_ps);
	hop_json_number(&j, "T_K", r->temp_K);
	hop_json_string(&j, "sites_from", r->sites_from);
	if (o->sites != NULL || o->match != NULL)
		hop_json_string(&j, "reference", o->sites ? o->sites :
		    o->match);
	else
		hop_json_null(&j, "reference");
	if (r->have_match) {
		hop_json_object(&j, "match");
		hop_json_number(&j, "tol_A", r->match.tol);
		hop_json_uint(&j, "data_sites", r->match.ndata);
		hop_json_uint(&j, "reference_sites", r->match.nref);
		hop_json_uint(&j, "matched", r->match.matched);
		hop_json_number(&j, "mean_dist_A", r->match.mean_dist);
		hop_json_number(&j, "max_dist_A", r->match.max_dist);
		hop_json_array(&j, "unmatched_data_sites");
		for (i = 0; i < r->set.n; i++)
			if (r->match.ref[i] == HOP_MATCH_NONE)
				hop_json_uint(&j, NULL, i);
		hop_json_close(&j);
		hop_json_array(&j, "unmatched_reference_sites");
		for (i = 0; i < r->refset.n; i++) {
			double x[3];

			if (r->match.data[i] != HOP_MATCH_NONE)
				continue;
			hop_frac_to_cart(&r->refset.frac[3 * i], r->cell, x);
			hop_json_object(&j, NULL);
			hop_json_uint(&j, "ref_site", i);
			hop_json_string(&j, "ref_label", r->refset.label[i]);
			hop_json_number(&j, "x_A", x[0]);
			hop_json_number(&j, "y_A", x[1]);
			hop_json_number(&j, "z_A", x[2]);
			hop_json_close(&j);
		}
		hop_json_close(&j);
		hop_json_close(&j);
	}
	hop_json_array(&j, "reference_repeats");
	for (k = 0; k < 3; k++)
		hop_json_uint(&j, NULL, r->rep[k]);
	hop_json_close(&j);
	hop_json_string(&j, "types_from", r->types_how);
	hop_json_number(&j, "radius_A", hop_siteocc_radius(r->occ));
	hop_json_uint(&j, "min_visit_frames", o->min_visit);
	hop_json_number(&j, "distance_tol_A", o->dist_tol);
	hop_json_number(&j, "between_fraction", r->sj.between);
	hop_json_number(&j, "flicker_fraction",
	    (double)hop_siteocc_flicker_frames(r->occ) /
	    ((double)r->frames * r->nions));
	hop_json_uint(&j, "jumps", r->sj.njumps);
	hop_json_number(&j, "D_jump_cm2_s", r->sj.d_jump * A2PS_TO_CM2S);
	hop_json_number(&j, "dD_jump_cm2_s", r->sj.dd_jump * A2PS_TO_CM2S);
	hop_json_number(&j, "D_tracer_cm2_s", r->d_tr * A2PS_TO_CM2S);
	hop_json_number(&j, "dD_tracer_cm2_s", r->dd_tr * A2PS_TO_CM2S);
	hop_json_number(&j, "D_tracer_start_ps", r->have_tracer ?
	    r->dr.start_ps : NAN);
	hop_json_number(&j, "f", r->f);
	hop_json_number(&j, "df", r->df);
	hop_json_number(&j, "return_fraction", r->sj.returns);
	hop_json_uint(&j, "return_pairs", r->sj.nreturn_pairs);
	hop_json_object(&j, "vacancies");
	hop_json_number(&j, "mean", r->vac.mean);
	hop_json_uint(&j, "min", r->vac.min);
	hop_json_uint(&j, "max", r->vac.max);
	hop_json_number(&j, "site_fraction", r->set.n ? r->vac.mean /
	    (double)r->set.n : NAN);
	hop_json_uint(&j, "ions_on_sites", r->vac.ions_placed);
	hop_json_uint(&j, "identities", r->vac.nvac);
	hop_json_uint(&j, "conserved", r->vac.nconserved);
	hop_json_uint(&j, "fitted", r->vd.ntraj);
	hop_json_uint(&j, "births", r->vac.births);
	hop_json_uint(&j, "deaths", r->vac.deaths);
	hop_json_uint(&j, "jumps", r->vac.vjumps);
	hop_json_number(&j, "D_vac_cm2_s", r->vd.d * A2PS_TO_CM2S);
	hop_json_number(&j, "dD_vac_cm2_s", r->vd.dd * A2PS_TO_CM2S);
	hop_json_uint(&j, "blocks", r->vd.nblocks);
	hop_json_uint(&j, "block_frames", r->vd.block_frames);
	hop_json_number(&j, "D_vac_jump_cm2_s", r->vd.d_jump * A2PS_TO_CM2S);
	hop_json_number(&j, "dD_vac_jump_cm2_s",
	    r->vd.dd_jump * A2PS_TO_CM2S);
	hop_json_number(&j, "f_vacancy", r->f_vac);
	hop_json_number(&j, "df_vacancy", r->df_vac);
	hop_json_close(&j);
	hop_json_array(&j, "types");
	for (k = 0; k < nt; k++) {
		const struct hop_restats *q = &r->sj.res[k];

		hop_json_object(&j, NULL);
		hop_json_string(&j, "type", r->set.type_name[k]);
		hop_json_uint(&j, "sites", r->sj.nsites_type[k]);
		hop_json_number(&j, "occupancy", r->sj.occ_type[k]);
		hop_json_number(&j, "occupancy_per_site",
		    r->sj.occ_per_site[k]);
		hop_json_number(&j, "vacancies", vac_type(r, k));
		hop_json_object(&j, "residence");
		hop_json_uint(&j, "n", q->n);
		hop_json_uint(&j, "edge", q->edge);
		hop_json_number(&j, "mean_ps", q->mean_ps);
		hop_json_number(&j, "sem_ps", q->sem_ps);
		hop_json_number(&j, "median_ps", q->median_ps);
		hop_json_number(&j, "q25_ps", q->q25_ps);
		hop_json_number(&j, "q75_ps", q->q75_ps);
		hop_json_number(&j, "max_ps", q->max_ps);
		hop_json_close(&j);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_object(&j, "transitions");
	hop_json_array(&j, "types");
	for (k = 0; k < nt; k++)
		hop_json_string(&j, NULL, r->set.type_name[k]);
	hop_json_close(&j);
	hop_json_array(&j, "counts");
	for (k = 0; k < nt; k++) {
		hop_json_array(&j, NULL);
		for (m = 0; m < nt; m++)
			hop_json_uint(&j, NULL, r->sj.trans[k * nt + m]);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_array(&j, "probabilities");
	for (k = 0; k < nt; k++) {
		uint64_t row = 0;

		for (m = 0; m < nt; m++)
			row += r->sj.trans[k * nt + m];
		hop_json_array(&j, NULL);
		for (m = 0; m < nt; m++)
			hop_json_number(&j, NULL, row ? (double)r->sj.trans[k *
			    nt + m] / (double)row : NAN);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_close(&j);
	hop_json_array(&j, "jump_types");
	for (k = 0; k < r->sj.njt; k++) {
		const struct hop_jumptype *t = &r->sj.jt[k];

		hop_json_object(&j, NULL);
		hop_json_string(&j, "jump_type", t->name);
		hop_json_string(&j, "from", r->set.type_name[t->from]);
		hop_json_string(&j, "to", r->set.type_name[t->to]);
		hop_json_number(&j, "distance_A", t->dist_A);
		hop_json_number(&j, "distance_min_A", t->dmin_A);
		hop_json_number(&j, "distance_max_A", t->dmax_A);
		hop_json_uint(&j, "count", t->count);
		hop_json_number(&j, "rate_per_ion_ps", t->rate_ion_ps);
		hop_json_number(&j, "drate_per_ion_ps", t->drate_ion_ps);
		hop_json_number(&j, "rate_lo95_per_ion_ps", t->rate_ion_lo);
		hop_json_number(&j, "rate_hi95_per_ion_ps", t->rate_ion_hi);
		hop_json_number(&j, "rate_per_ps", t->rate_ps);
		hop_json_number(&j, "rate_from_site_ps", t->rate_from_ps);
		hop_json_number(&j, "return_fraction", t->returns);
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_array(&j, "sites");
	for (i = 0; i < r->set.n; i++) {
		double x[3];

		site_cart(r, i, x);
		hop_json_object(&j, NULL);
		hop_json_uint(&j, "site", i);
		hop_json_string(&j, "type", r->set.type_name[r->set.type[i]]);
		hop_json_string(&j, "label", r->set.label[i]);
		hop_json_number(&j, "x_A", x[0]);
		hop_json_number(&j, "y_A", x[1]);
		hop_json_number(&j, "z_A", x[2]);
		hop_json_number(&j, "occupancy", site_occ(r, i));
		hop_json_uint(&j, "visits", hop_siteocc_site_visits(r->occ, i));
		hop_json_number(&j, "mean_residence_ps", r->sj.site_res_ps[i]);
		if (r->have_match) {
			uint32_t m = r->match.ref[i];

			if (m == HOP_MATCH_NONE) {
				hop_json_null(&j, "ref_site");
				hop_json_null(&j, "ref_label");
			} else {
				hop_json_uint(&j, "ref_site", m);
				hop_json_string(&j, "ref_label",
				    r->refset.label[m]);
			}
			hop_json_number(&j, "ref_dist_A", r->match.dist[i]);
		}
		hop_json_close(&j);
	}
	hop_json_close(&j);
	hop_json_array(&j, "flags");
	for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
		if (fl & (1u << k))
			hop_json_string(&j, NULL, flag_names[k]);
	hop_json_close(&j);
	hop_json_finish(&j);
}

/* The first frame's structure (every species), for the volume files. */
static void
dens_struct(const struct run *r, struct hop_dens_struct *ds)
{
	memset(ds, 0, sizeof(*ds));
	ds->title = r->hdr.title && r->hdr.title[0] ? r->hdr.title :
	    "hopsites density";
	memcpy(ds->cell, r->cell, sizeof(ds->cell));
	ds->nspecies = r->hdr.nspecies;
	ds->species = r->hdr.species;
	ds->frac = r->frac0;
}

static int
write_volume(const struct run *r, const char *path, int cube,
    unsigned threads, struct hop_err *err)
{
	struct hop_outfile of;
	struct hop_dens_struct ds;
	int rc;

	dens_struct(r, &ds);
	if (hop_outfile_open(&of, path, err) != 0)
		return -1;
	rc = cube ? hop_density_write_cube(&r->dens, &ds, threads, of.fp,
	    err) : hop_density_write_chgcar(&r->dens, &ds, threads, of.fp,
	    err);
	if (rc != 0) {
		hop_outfile_abort(&of);
		return -1;
	}
	return hop_outfile_commit(&of, err);
}

/* Jumped site pairs (unordered) with their counts. */
struct pair {
	uint32_t a, b;
	uint64_t n;
};

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* The site pairs joined by jumps, each once with its count of jumps (both
 * ways), in order of a, then b; their number into *np. */
static struct pair *
jumped_pairs(const struct run *r, size_t *np)
{
	size_t nj, i, n = 0;
	const struct hop_jump *jp = hop_siteocc_jumps(r->occ, &nj);
	struct pair *pr = hop_xcalloc(nj ? nj : 1, sizeof(*pr));

	for (i = 0; i < nj; i++) {
		pr[i].a = jp[i].from < jp[i].to ? jp[i].from : jp[i].to;
		pr[i].b = jp[i].from < jp[i].to ? jp[i].to : jp[i].from;
		pr[i].n = 1;
	}
	qsort(pr, nj, sizeof(*pr), cmp_pair);
	for (i = 0; i < nj; i++) {
		if (n > 0 && pr[n - 1].a == pr[i].a && pr[n - 1].b == pr[i].b) {
			pr[n - 1].n++;
			continue;
		}
		pr[n++] = pr[i];
	}
	*np = n;
	return pr;
}

/* The vector from site a to the nearest image of site b, Cartesian. */
static void
pair_vector(const struct run *r, uint32_t a, uint32_t b, double d[3])
{
	double df[3];
	int q;

	for (q = 0; q < 3; q++)
		df[q] = r->set.frac[3 * b + q] - r->set.frac[3 * a + q];
	hop_frac_min_image(df, r->cell, d);
}

/* The sites as extended XYZ: species X (the dummy element), with their
 * type, label, occupancy and visits. */
static int
write_sites_xyz(const struct run *r, const char *path, struct hop_err *err)
{
	struct hop_outfile of;
	const double *c = r->cell;
	size_t i;

	if (hop_outfile_open(&of, path, err) != 0)
		return -1;
	fprintf(of.fp, "%zu\nLattice=\"%.10g %.10g %.10g %.10g %.10g %.10g "
	    "%.10g %.10g %.10g\" Properties=species:S:1:pos:R:3:site_type:S:1"
	    ":label:S:1:occupancy:R:1:visits:I:1 pbc=\"T T T\"\n", r->set.n,
	    c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
	for (i = 0; i < r->set.n; i++) {
		double x[3];

		site_cart(r, i, x);
		fprintf(of.fp, "X %.6f %.6f %.6f %s %s %.6g %llu\n", x[0], x[1],
		    x[2], r->set.type_name[r->set.type[i]],
		    r->set.label[i][0] ? r->set.label[i] : "-", site_occ(r, i),
		    (unsigned long long)hop_siteocc_site_visits(r->occ, i));
	}
	return hop_outfile_commit(&of, err);
}

/*
 * The vacancies frame by frame: as TSV (one row per vacancy present, its
 * unwrapped position) or as extended XYZ (one frame per frame, species X,
 * positions folded into the first frame's cell, for OVITO and ASE).
 */
static int
write_vacancies(const struct run *r, const char *path, int xyz,
    struct hop_err *err)
{
	struct hop_outfile of;
	struct hop_vac_cursor c;
	const struct hop_vacancies *v = &r->vac;
	const double *L = r->cell;
	uint32_t *site = hop_xcalloc(v->nvac + 1, sizeof(uint32_t));
	double *pos = hop_xcalloc(3 * v->nvac + 3, sizeof(double)), inv[9];
	uint64_t f;
	size_t k, n;

	hop_cell_inverse(r->cell, inv);
	if (hop_outfile_open(&of, path, err) != 0) {
		free(site);
		free(pos);
		return -1;
	}
	if (!xyz)
		fprintf(of.fp, "frame\ttime_ps\tvacancy\tsite\ttype\tx_A"
		    "\ty_A\tz_A\n");
	hop_vac_cursor_init(&c, v, site, pos);
	for (f = 0; f < v->frames; f++) {
		hop_vac_cursor_frame(&c, site, pos);
		if (xyz) {
			for (k = 0, n = 0; k < v->nvac; k++)
				n += site[k] != HOP_SITE_GONE;
			fprintf(of.fp, "%zu\nLattice=\"%.10g %.10g %.10g %.10g "
			    "%.10g %.10g %.10g %.10g %.10g\" Properties=species:"
			    "S:1:pos:R:3:vacancy:I:1:site:I:1:unwrapped:R:3 "
			    "Time=%.6g frame=%llu pbc=\"T T T\"\n", n, L[0],
			    L[1], L[2], L[3], L[4], L[5], L[6], L[7], L[8],
			    (double)f * r->dt_ps, (unsigned long long)f);
		}
		for (k = 0; k < v->nvac; k++) {
			const double *p = &pos[3 * k];
			double fr[3], w[3];
			int d;

			if (site[k] == HOP_SITE_GONE)
				continue;
			if (!xyz) {
				fprintf(of.fp, "%llu\t%.6g\t%zu\t%u\t%s\t%.4f"
				    "\t%.4f\t%.4f\n", (unsigned long long)f,
				    (double)f * r->dt_ps, k, site[k],
				    r->set.type_name[r->set.type[site[k]]],
				    p[0], p[1], p[2]);
				continue;
			}
			hop_cart_to_frac(p, inv, fr);
			for (d = 0; d < 3; d++)
				fr[d] -= floor(fr[d]);
			hop_frac_to_cart(fr, r->cell, w);
			fprintf(of.fp, "X %.6f %.6f %.6f %zu %u %.6f %.6f "
			    "%.6f\n", w[0], w[1], w[2], k, site[k], p[0], p[1],
			    p[2]);
		}
	}
	free(site);
	free(pos);
	return hop_outfile_commit(&of, err);
}

#define PATH_STEP 0.25

/* Points strictly between two sites d apart, about one every
 * PATH_STEP Angstrom (at least one). */
static size_t
path_points(const double d[3])
{
	double len = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
	size_t n = (size_t)(len / PATH_STEP);

	return n > 1 ? n - 1 : 1;
}

/*
 * The jump network as extended XYZ, for OVITO or ASE over the density
 * maps: every site (species X, kind "site", its jumps 0) and, along each
 * pair of sites joined by jumps, points every PATH_STEP Angstrom from one
 * site to the other's nearest image, the ends left out (species X, kind
 * "path", jumps: the pair's count both ways; site: the pair's first).
 */
static int
write_network_xyz(const struct run *r, const char *path, struct hop_err *err)
{
	struct hop_outfile of;
	const double *c = r->cell;
	size_t np, i, n = r->set.n;
	struct pair *pr = jumped_pairs(r, &np);
	int k;

	for (i = 0; i < np; i++) {
		double d[3];

		pair_vector(r, pr[i].a, pr[i].b, d);
		n += path_points(d);
	}
	if (hop_outfile_open(&of, path, err) != 0) {
		free(pr);
		return -1;
	}
	fprintf(of.fp, "%zu\nLattice=\"%.10g %.10g %.10g %.10g %.10g %.10g "
	    "%.10g %.10g %.10g\" Properties=species:S:1:pos:R:3:kind:S:1:"
	    "site:I:1:site_to:I:1:jumps:I:1 pbc=\"T T T\"\n", n, c[0], c[1],
	    c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
	for (i = 0; i < r->set.n; i++) {
		double x[3];

		site_cart(r, i, x);
		fprintf(of.fp, "X %.6f %.6f %.6f site %zu %zu 0\n", x[0], x[1],
		    x[2], i, i);
	}
	for (i = 0; i < np; i++) {
		double a[3], d[3];
		size_t m = 0, q, nq;

		site_cart(r, pr[i].a, a);
		pair_vector(r, pr[i].a, pr[i].b, d);
		nq = path_points(d);
		for (q = 1; m < nq; q++, m++) {
			double x[3], f = (double)q / (double)(nq + 1);

			for (k = 0; k < 3; k++)
				x[k] = a[k] + f * d[k];
			fprintf(of.fp, "X %.6f %.6f %.6f path %u %u %llu\n",
			    x[0], x[1], x[2], pr[i].a, pr[i].b,
			    (unsigned long long)pr[i].n);
		}
	}
	free(pr);
	return hop_outfile_commit(&of, err);
}

/* The jump network projected on the plane: sites as circles whose area
 * follows the occupancy, each jumped pair a line from one site to the
 * other's nearest image, its width following the pair's rate. */
static int
draw(const struct run *r, const struct opts *o, struct hop_err *err)
{
	static const char *const axn[3] = {"x", "y", "z"};
	struct hop_svg *svg;
	struct hop_svg_panel *p;
	size_t i, np, k;
	struct pair *pr = jumped_pairs(r, &np);
	uint64_t maxn = 1;
	double maxocc = 0;
	char title[128], xl[32], yl[32];
	int ax = o->plane[0], ay = o->plane[1], rc;

	for (i = 0; i < np; i++)
		if (pr[i].n > maxn)
			maxn = pr[i].n;
	for (i = 0; i < r->set.n; i++)
		if (site_occ(r, i) > maxocc)
			maxocc = site_occ(r, i);
	snprintf(title, sizeof(title), "Jump network of %s (%zu sites, "
	    "%llu jumps)", r->species, r->set.n,
	    (unsigned long long)r->sj.njumps);
	snprintf(xl, sizeof(xl), "%s (Å)", axn[ax]);
	snprintf(yl, sizeof(yl), "%s (Å)", axn[ay]);
	svg = hop_svg_new(1, 1, 640, 600, hop_cli_figure_text(o->fig.title,
	    title));
	if (svg == NULL) {
		free(pr);
		hop_err_set(err, "out of memory");
		return -1;
	}
	p = hop_svg_panel(svg, 0, 0);
	hop_svg_labels(p, NULL, hop_cli_figure_text(o->fig.xlabel, xl),
	    hop_cli_figure_text(o->fig.ylabel, yl));
	/* A map: an Angstrom as long along both axes. */
	hop_svg_equal_scale(p, 1);
	for (i = 0; i < np; i++) {
		double a[3], d[3], lx[2], ly[2];
		struct hop_svg_style st = {0, HOP_MARK_NONE, 0, 0, 0, 0.6};

		site_cart(r, pr[i].a, a);
		pair_vector(r, pr[i].a, pr[i].b, d);
		lx[0] = a[ax];
		ly[0] = a[ay];
		lx[1] = a[ax] + d[ax];
		ly[1] = a[ay] + d[ay];
		st.width = 0.5 + 4.5 * (double)pr[i].n / (double)maxn;
		hop_svg_line(p, lx, ly, 2, &st, i == 0 ?
		    "jumps (width: rate)" : NULL);
	}
	for (k = 0; k < r->set.ntypes; k++)
		for (i = 0; i < r->set.n; i++) {
			double x[3], occ = site_occ(r, i);
			struct hop_svg_style st = {(int)k + 1, HOP_MARK_CIRCLE,
			    0, 0, 0, 0.8};
			char leg[80];
			size_t first;

			if (r->set.type[i] != k)
				continue;
			for (first = 0; r->set.type[first] != k; first++)
				;
			snprintf(leg, sizeof(leg), "sites %s (area: "
			    "occupancy)", r->set.type_name[k]);
			site_cart(r, i, x);
			st.size = 1.5 + 6 * sqrt(maxocc > 0 ? occ / maxocc :
			    0);
			hop_svg_points(p, &x[ax], &x[ay], 1, &st,
			    first == i ? leg : NULL);
		}
	rc = hop_svg_write(svg, o->svg, err);
	hop_svg_free(svg);
	free(pr);
	return rc;
}

static int
write_json(const struct run *r, const struct opts *o, unsigned fl,
    struct hop_err *err)
{
	struct hop_outfile of;
	FILE *fp;

	if ((fp = hop_outfile_begin(&of, o->json, err)) == NULL)
		return -1;
	json_run(fp, r, o, fl);
	return hop_outfile_end(&of, err);
}

static int
one_run(const char *path, const struct opts *o)
{
	struct run r;
	struct hop_err err;
	unsigned fl;
	int status = HOP_EXIT_DATA;

	memset(&r, 0, sizeof(r));
	hop_header_init(&r.hdr);
	if (load_run(path, o, &r, &err) != 0)
		goto out;
	fl = run_flags(&r, o);
	warn_run(&r, o, fl);
	if (o->chgcar != NULL && write_volume(&r, o->chgcar, 0, o->threads, &err) != 0)
		goto out;
	if (o->cube != NULL && write_volume(&r, o->cube, 1, o->threads, &err) != 0)
		goto out;
	if (o->sites_out != NULL && write_sites_xyz(&r, o->sites_out,
	    &err) != 0)
		goto out;
	if (o->network_out != NULL && write_network_xyz(&r, o->network_out,
	    &err) != 0)
		goto out;
	if (o->vac_tsv != NULL && write_vacancies(&r, o->vac_tsv, 0,
	    &err) != 0)
		goto out;
	if (o->vac_xyz != NULL && write_vacancies(&r, o->vac_xyz, 1,
	    &err) != 0)
		goto out;
	if (o->svg != NULL && draw(&r, o, &err) != 0)
		goto out;
	if (o->json != NULL && write_json(&r, o, fl, &err) != 0)
		goto out;
	if (o->json == NULL || strcmp(o->json, "-") != 0) {
		switch (o->table) {
		case TAB_SITES:
			print_sites(&r);
			break;
		case TAB_JUMPS:
			print_jumps(&r);
			break;
		case TAB_TYPES:
			print_types(&r);
			break;
		case TAB_SUMMARY:
			print_summary(&r);
			print_flags(fl);
			break;
		}
	}
	status = HOP_EXIT_OK;
out:
	if (status != HOP_EXIT_OK)
		hop_error("%s", err.msg);
	run_free(&r);
	return status;
}


/* --- --arrhenius: fits per jump type over jump tables --- */

/* The temperatures a table may hold: those -t takes, in K. */
#define AR_T_MIN 1.0
#define AR_T_MAX 1e5
/* Bytes in a jump type's name (from-to@distance). */
#define AR_TYPE_MAX (3 * HOP_SITE_LABEL_MAX + 32)

/* One row of a jump table with jumps. */
struct arow {
	size_t run;           /* which table */
	uint64_t line;        /* its line in that table */
	size_t grp;           /* its jump type over the runs (struct agroup) */
	double T, d, expo, rate, drate;
	uint64_t count;
	char type[AR_TYPE_MAX];
	char from[HOP_SITE_LABEL_MAX + 1], to[HOP_SITE_LABEL_MAX + 1];
};

/* A jump type over the runs: rows of one from, to and distance class. */
struct agroup {
	char from[HOP_SITE_LABEL_MAX + 1], to[HOP_SITE_LABEL_MAX + 1];
	double d;             /* the mean of its rows' distances */
	char name[AR_TYPE_MAX];
	struct hop_arr_fit fit;
	int have_fit;
	size_t nres, nupper;
};

/* One table: one run. */
struct arun {
	const char *path;     /* as messages name it */
	char *name;           /* its run column ("" without one) */
	double T, expo;
	size_t first, n;      /* its rows with jumps: rows[first ...] */
};

static void
aruns_free(struct arun *runs, int n)
{
	int i;

	for (i = 0; runs != NULL && i < n; i++)
		free(runs[i].name);
	free(runs);
}

/*
 * Refuse a table given twice, as a usage error: one name twice, or two
 * names of one file (a run counted twice would weigh twice in the fit).
 * "-" is standard input.
 */
static void
distinct_tables(char **paths, int n)
{
	struct stat *st = hop_xcalloc((size_t)n, sizeof(*st));
	int *ok = hop_xcalloc((size_t)n, sizeof(*ok));
	int i, j, a = -1, b = -1;

	for (i = 0; i < n; i++)
		ok[i] = strcmp(paths[i], "-") != 0 &&
		    stat(paths[i], &st[i]) == 0;
	for (j = 1; j < n && a < 0; j++)
		for (i = 0; i < j && a < 0; i++)
			if (strcmp(paths[i], paths[j]) == 0 || (ok[i] &&
			    ok[j] && st[i].st_dev == st[j].st_dev &&
			    st[i].st_ino == st[j].st_ino)) {
				a = i;
				b = j;
			}
	free(st);
	free(ok);
	if (a < 0)
		return;
	if (strcmp(paths[a], paths[b]) == 0)
		hop_usage_error("--arrhenius: %s is given twice (a run counted "
		    "twice would weigh twice in the fit)", paths[a]);
	hop_usage_error("--arrhenius: %s and %s are one file (a run counted "
	    "twice would weigh twice in the fit)", paths[a], paths[b]);
}

/*
 * Whether a jump table's row v (T_K, -, -, -, distance_A, count,
 * exposure_ion_ps, rate_per_ion_ps, drate_per_ion_ps) cannot be trusted,
 * with err set: a temperature that -t takes, a positive exposure, a
 * table is one run (T_K and the exposure those of its earlier rows, T
 * and expo, NaN before the first), a count is a whole number, and a row
 * with jumps has a positive distance and the rate and its error that
 * the count and the exposure give (print_jumps writes 6 significant
 * digits).  0 or 1.
 */
static int
jump_row_bad(const struct hop_table *t, double T, double expo,
    const double v[9], struct hop_err *err)
{
	double rate = v[5] / v[6], drate = sqrt(v[5]) / v[6];

	if (isnan(v[0])) {
		hop_table_err(t, err, "T_K is nan: the run had no temperature "
		    "(make its table with -t K)");
		return 1;
	}
	if (!(v[0] >= AR_T_MIN && v[0] <= AR_T_MAX)) {
		hop_table_err(t, err, "T_K %g is not a temperature of 1 to "
		    "100000 K (make its table with -t K)", v[0]);
		return 1;
	}
	if (!(v[6] > 0)) {
		hop_table_err(t, err, "exposure_ion_ps %g is not positive",
		    v[6]);
		return 1;
	}
	if (!isnan(T) && (v[0] != T || v[6] != expo)) {
		hop_table_err(t, err, "T_K %.6g and exposure_ion_ps %.6g "
		    "differ from the earlier rows' %.6g and %.6g (a table is "
		    "one run)", v[0], v[6], T, expo);
		return 1;
	}
	if (v[5] < 0) {
		hop_table_err(t, err, "count %g is negative", v[5]);
		return 1;
	}
	if (!(v[5] <= 9007199254740992.0) || v[5] != floor(v[5])) {
		hop_table_err(t, err, "count %.6g is not a whole number of "
		    "jumps", v[5]);
		return 1;
	}
	if (v[5] == 0)
		return 0;
	if (!(v[4] > 0)) {
		hop_table_err(t, err, "distance_A %.6g is not a positive "
		    "distance", v[4]);
		return 1;
	}
	if (!(fabs(v[7] - rate) <= 1e-4 * rate) ||
	    !(fabs(v[8] - drate) <= 1e-4 * drate)) {
		hop_table_err(t, err, "rate_per_ion_ps %.6g and "
		    "drate_per_ion_ps %.6g are not count / exposure_ion_ps "
		    "and its Poisson error (%.6g and %.6g): the table was "
		    "changed", v[7], v[8], rate, drate);
		return 1;
	}
	return 0;
}

/* Field col (named name) of the current row as a number into *v: 0, or
 * -1 with err set (an empty field, or text). */
static int
jump_number(const struct hop_table *t, int col, const char *name, double *v,
    struct hop_err *err)
{
	const char *f = hop_table_field(t, (size_t)col);

	if (f[0] == '\0') {
		hop_table_err(t, err, "field %d (%s) is empty (want a number)",
		    col + 1, name);
		return -1;
	}
	if (hop_table_number(t, (size_t)col, v) != 0) {
		hop_table_err(t, err, "field %d (%s): '%s' is not a number",
		    col + 1, name, f);
		return -1;
	}
	return 0;
}

/* Whether field col (named name) of the current row is longer than max
 * bytes, what a kind holds, with err set: 1 or 0. */
static int
jump_label_long(const struct hop_table *t, int col, const char *name,
    size_t max, const char *kind, struct hop_err *err)
{
	const char *f = hop_table_field(t, (size_t)col);
	size_t len = strlen(f);

	if (len <= max)
		return 0;
	hop_table_err(t, err, "%s '%.24s...' is %zu bytes, more than %s "
	    "holds (%zu): not a table of hopsites", name, f, len, kind, max);
	return 1;
}

/* Read the jump tables: rows with jumps into *rows, one arun per table
 * (runs zeroed by the caller, its names freed by aruns_free). */
static int
read_jump_tables(char **paths, int n, struct arun *runs, struct arow **rows,
    size_t *nrows, struct hop_err *err)
{
	static const char *const need[] = {"T_K", "jump_type", "from", "to",
	    "distance_A", "count", "exposure_ion_ps", "rate_per_ion_ps",
	    "drate_per_ion_ps"};
	size_t cap = 0, k;
	int i;

	*rows = NULL;
	*nrows = 0;
	for (i = 0; i < n; i++) {
		struct hop_table *t = hop_table_open(paths[i], NULL, err);
		int col[9], runcol, st;

		if (t == NULL)
			return -1;
		runs[i].path = strcmp(paths[i], "-") == 0 ? "<stdin>" :
		    paths[i];
		runs[i].T = runs[i].expo = NAN;
		runs[i].first = *nrows;
		for (k = 0; k < 9; k++)
			if ((col[k] = hop_table_col(t, need[k])) < 0) {
				hop_err_set(err, "%s: %s column '%s' (want "
				    "the table of hopsites --jumps-table)",
				    hop_table_name(t), col[k] == -2 ?
				    "a second" : "no", need[k]);
				hop_table_close(t);
				return -1;
			}
		runcol = hop_table_col(t, "run");
		while ((st = hop_table_next(t, err)) == 1) {
			struct arow *a;
			double v[9];
			size_t q;

			for (q = 0; q < 9; q++) {
				if (q == 1 || q == 2 || q == 3)
					continue;
				if (jump_number(t, col[q], need[q], &v[q],
				    err) != 0) {
					hop_table_close(t);
					return -1;
				}
			}
			if (jump_row_bad(t, runs[i].T, runs[i].expo, v, err) ||
			    jump_label_long(t, col[1], need[1], AR_TYPE_MAX -
			    1, "a jump type's name", err) ||
			    jump_label_long(t, col[2], need[2],
			    HOP_SITE_LABEL_MAX, "a site type's name", err) ||
			    jump_label_long(t, col[3], need[3],
			    HOP_SITE_LABEL_MAX, "a site type's name", err)) {
				hop_table_close(t);
				return -1;
			}
			if (runs[i].name == NULL)
				runs[i].name = hop_xstrdup(runcol < 0 ? "" :
				    hop_table_field(t, (size_t)runcol));
			runs[i].T = v[0];
			runs[i].expo = v[6];
			if (v[5] == 0)
				continue;
			if (*nrows == cap) {
				cap = cap ? 2 * cap : 64;
				*rows = hop_xreallocarray(*rows, cap,
				    sizeof(**rows));
			}
			a = &(*rows)[(*nrows)++];
			memset(a, 0, sizeof(*a));
			a->run = (size_t)i;
			a->line = hop_table_line(t);
			a->T = v[0];
			a->d = v[4];
			a->count = (uint64_t)v[5];
			a->expo = v[6];
			a->rate = v[7];
			a->drate = v[8];
			/* The lengths are checked: nothing is cut. */
			snprintf(a->type, sizeof(a->type), "%s",
			    hop_table_field(t, (size_t)col[1]));
			snprintf(a->from, sizeof(a->from), "%s",
			    hop_table_field(t, (size_t)col[2]));
			snprintf(a->to, sizeof(a->to), "%s",
			    hop_table_field(t, (size_t)col[3]));
		}
		if (st < 0) {
			hop_table_close(t);
			return -1;
		}
		if (isnan(runs[i].T)) {
			hop_err_set(err, "%s: no rows (not a jump table of "
			    "hopsites)", hop_table_name(t));
			hop_table_close(t);
			return -1;
		}
		runs[i].n = *nrows - runs[i].first;
		hop_table_close(t);
	}
	return 0;
}

/*
 * Warn of a table that holds an earlier one's run: its run column,
 * temperature, exposure and rows with jumps (type, distance, count) the
 * same.  A copy of one run's table under another name, it would weigh
 * twice in the fit; two runs alike to the last jump (a replica with few
 * jumps) are kept, hence a warning.  Tables without jumps, alike in
 * replicas, are not compared.
 */
static void
warn_copies(const struct arow *rows, const struct arun *runs, int n)
{
	int i, j;

	for (j = 1; j < n; j++)
		for (i = 0; i < j; i++) {
			const struct arun *a = &runs[i], *b = &runs[j];
			size_t k;

			if (b->n == 0 || a->n != b->n || a->T != b->T ||
			    a->expo != b->expo || strcmp(a->name, b->name) != 0)
				continue;
			for (k = 0; k < a->n; k++) {
				const struct arow *x = &rows[a->first + k];
				const struct arow *y = &rows[b->first + k];

				if (x->d != y->d || x->count != y->count ||
				    strcmp(x->type, y->type) != 0 ||
				    strcmp(x->from, y->from) != 0 ||
				    strcmp(x->to, y->to) != 0)
					break;
			}
			if (k < a->n)
				continue;
			hop_warn("%s: the same run as %s (%s at %.6g K, its "
			    "exposure and every count): a run given twice "
			    "weighs twice in the fit", b->path, a->path,
			    b->name, b->T);
			break;
		}
}

/* Rows by from, to, distance, run and line. */
static int
arow_cmp_dist(const void *x, const void *y)
{
	const struct arow *a = *(const struct arow *const *)x;
	const struct arow *b = *(const struct arow *const *)y;
	int c;

	if ((c = strcmp(a->from, b->from)) != 0 ||
	    (c = strcmp(a->to, b->to)) != 0)
		return c;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* Rows by class (grp), run and line. */
static int
arow_cmp_class(const void *x, const void *y)
{
	const struct arow *a = *(const struct arow *const *)x;
	const struct arow *b = *(const struct arow *const *)y;

	if (a->grp != b->grp)
		return a->grp < b->grp ? -1 : 1;
	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/*
 * The jump types over the runs, into *gp (*ngp of them, in the order of
 * their first rows), and each row's grp: the rows of one from and to
 * whose distances are within tol of their neighbours in sorted order
 * over all the runs, as one run's jump types are made.  Each row is in
 * one type; two rows of one run in one type are refused: -1 with err
 * set ("FILE:LINE: ...").
 */
static int
group_rows(struct arow *rows, size_t nrows, const struct arun *runs,
    double tol, struct agroup **gp, size_t *ngp, struct hop_err *err)
{
	struct arow **p = hop_xcalloc(nrows ? nrows : 1, sizeof(*p));
	const struct arow *bad = NULL, *prev = NULL;
	size_t *gid, *cnt, i, nc = 0, ng = 0;
	struct agroup *g;

	for (i = 0; i < nrows; i++)
		p[i] = &rows[i];
	qsort(p, nrows, sizeof(*p), arow_cmp_dist);
	for (i = 0; i < nrows; i++) {
		if (i > 0 && (strcmp(p[i]->from, p[i - 1]->from) != 0 ||
		    strcmp(p[i]->to, p[i - 1]->to) != 0 ||
		    p[i]->d - p[i - 1]->d > tol))
			nc++;
		p[i]->grp = nc;
	}
	nc = nrows ? nc + 1 : 0;
	/* Two rows of a run in one class: the first such row of the
	 * tables, named with the row before it. */
	qsort(p, nrows, sizeof(*p), arow_cmp_class);
	for (i = 1; i < nrows; i++)
		if (p[i]->grp == p[i - 1]->grp && p[i]->run == p[i - 1]->run &&
		    (bad == NULL || p[i]->run < bad->run ||
		    (p[i]->run == bad->run && p[i]->line < bad->line))) {
			bad = p[i];
			prev = p[i - 1];
		}
	free(p);
	if (bad != NULL) {
		hop_err_set(err, "%s:%llu: %s at %.4f A and line %llu's %s at "
		    "%.4f A are one jump type over the runs (distances within "
		    "--distance-tol=%g A of their neighbours chain them), and "
		    "a run has a jump type once: give a smaller "
		    "--distance-tol", runs[bad->run].path,
		    (unsigned long long)bad->line, bad->type, bad->d,
		    (unsigned long long)prev->line, prev->type, prev->d, tol);
		return -1;
	}
	gid = hop_xcalloc(nc ? nc : 1, sizeof(*gid));
	cnt = hop_xcalloc(nc ? nc : 1, sizeof(*cnt));
	g = hop_xcalloc(nc ? nc : 1, sizeof(*g));
	for (i = 0; i < nc; i++)
		gid[i] = SIZE_MAX;
	for (i = 0; i < nrows; i++) {
		size_t c = rows[i].grp;

		if (gid[c] == SIZE_MAX) {
			gid[c] = ng++;
			memcpy(g[gid[c]].from, rows[i].from,
			    sizeof(g[0].from));
			memcpy(g[gid[c]].to, rows[i].to, sizeof(g[0].to));
		}
		rows[i].grp = gid[c];
		g[gid[c]].d += rows[i].d;
		cnt[gid[c]]++;
	}
	for (i = 0; i < ng; i++) {
		g[i].d /= (double)cnt[i];
		snprintf(g[i].name, sizeof(g[i].name), "%s-%s@%.2f",
		    g[i].from, g[i].to, g[i].d);
	}
	free(gid);
	free(cnt);
	*gp = g;
	*ngp = ng;
	return 0;
}

/* Run r's row of jump type k (NULL: the type has none in that run), by
 * at (ng x nruns row indices, SIZE_MAX for none). */
static const struct arow *
arow_find(const struct arow *rows, const size_t *at, int nruns, size_t k,
    int r)
{
	size_t i = at[k * (size_t)nruns + (size_t)r];

	return i == SIZE_MAX ? NULL : &rows[i];
}

/* Whether jump type k has no resolved rate in run r (an upper bound). */
static int
bound_in(const struct arow *rows, const size_t *at, int nruns, size_t k,
    int r)
{
	const struct arow *a = arow_find(rows, at, nruns, k, r);

	return a == NULL || !hop_arr_resolved(a->rate, a->drate);
}

/*
 * Where the figure sets jump type k's upper bound of run r along 1000/T:
 * off[k * nruns + r] from 1000/T.  The types with a bound at one
 * temperature, which often share it (no jump in the same exposure), are
 * set side by side, centred on 1000/T, so that none hides another: step
 * apart, 2 % of the range of 1000/T (0.6 % of 1000/T at one temperature),
 * but all of them within 0.8 of the gap to the nearest other temperature.
 * at: as arow_find's; off: ng x nruns, zeroed by the caller.
 */
static void
bound_offsets(const struct arow *rows, const size_t *at,
    const struct arun *runs, int nruns, size_t ng, double *off)
{
	double lo = INFINITY, hi = -INFINITY, base;
	size_t k, m, rank;
	int r, q;

	for (r = 0; r < nruns; r++)
		if (runs[r].T > 0) {
			lo = fmin(lo, 1000 / runs[r].T);
			hi = fmax(hi, 1000 / runs[r].T);
		}
	if (!(hi >= lo))
		return;
	base = hi > lo ? 0.02 * (hi - lo) : 0.006 * hi;
	for (r = 0; r < nruns; r++) {
		double gap = INFINITY, step, x = 1000 / runs[r].T;

		if (!(runs[r].T > 0))
			continue;
		for (q = 0; q < nruns; q++)
			if (runs[q].T > 0 && runs[q].T != runs[r].T)
				gap = fmin(gap, fabs(1000 / runs[q].T - x));
		/* The types with a bound at this temperature, in any of
		 * its runs. */
		for (k = 0, m = 0; k < ng; k++)
			for (q = 0; q < nruns; q++)
				if (runs[q].T == runs[r].T &&
				    bound_in(rows, at, nruns, k, q)) {
					m++;
					break;
				}
		if (m < 2)
			continue;
		step = fmin(base, 0.8 * gap / (double)m);
		for (k = 0, rank = 0; k < ng; k++)
			for (q = 0; q < nruns; q++)
				if (runs[q].T == runs[r].T &&
				    bound_in(rows, at, nruns, k, q)) {
					off[k * (size_t)nruns + (size_t)r] =
					    ((double)rank++ -
					    (double)(m - 1) / 2) * step;
					break;
				}
	}
}

static int
arrhenius_mode(int argc, char **argv, const struct opts *o)
{
	struct arun *runs;
	struct arow *rows = NULL;
	struct agroup *g = NULL;
	size_t nrows = 0, ng = 0, i, k, *at;
	struct hop_err err;
	struct hop_json j;
	struct hop_outfile of;
	FILE *jf = NULL;
	int to_stdout = o->json != NULL && strcmp(o->json, "-") == 0;
	struct hop_svg *svg = NULL;
	struct hop_svg_panel *panel = NULL;
	double *off = NULL;

	if (argc < 1)
		hop_usage_error("--arrhenius: give the jump tables of two or "
		    "more runs (hopsites --jumps-table)");
	distinct_tables(argv, argc);
	runs = hop_xcalloc((size_t)argc, sizeof(*runs));
	if (read_jump_tables(argv, argc, runs, &rows, &nrows, &err) != 0 ||
	    group_rows(rows, nrows, runs, o->dist_tol, &g, &ng, &err) != 0) {
		aruns_free(runs, argc);
		free(rows);
		return hop_error("%s", err.msg);
	}
	warn_copies(rows, runs, argc);
	at = hop_xcalloc((ng ? ng : 1) * (size_t)argc, sizeof(*at));
	for (i = 0; i < (ng ? ng : 1) * (size_t)argc; i++)
		at[i] = SIZE_MAX;
	for (i = 0; i < nrows; i++)
		at[rows[i].grp * (size_t)argc + rows[i].run] = i;
	if (o->json != NULL) {
		if (to_stdout)
			jf = stdout;
		else if (hop_outfile_open(&of, o->json, &err) != 0) {
			aruns_free(runs, argc);
			free(at);
			free(rows);
			free(g);
			return hop_error("%s", err.msg);
		}
		else
			jf = of.fp;
		hop_json_begin(&j, jf);
		hop_json_string(&j, "program", prog);
		hop_json_string(&j, "version", HOP_VERSION);
		hop_json_array(&j, "jump_types");
	}
	if (o->svg != NULL) {
		svg = hop_svg_new(1, 1, 640, 480, hop_cli_figure_text(
		    o->fig.title, "Arrhenius plot of the jump rates"));
		if (svg == NULL)
			hop_die("out of memory");
		panel = hop_svg_panel(svg, 0, 0);
		hop_svg_labels(panel, NULL, hop_cli_figure_text(o->fig.xlabel,
		    "1000/T (K⁻¹)"), hop_cli_figure_text(o->fig.ylabel,
		    "rate per ion (ps⁻¹)"));
		hop_svg_log_y(panel, 1);
		off = hop_xcalloc((ng ? ng : 1) * (size_t)argc, sizeof(*off));
		bound_offsets(rows, at, runs, argc, ng, off);
	}
	if (!to_stdout)
		printf("jump_type\tfrom\tto\tdistance_A\truns\tresolved\tupper"
		    "\tEa_eV\tdEa_eV\tnu0_per_ps\tdln_nu0\n");
	for (k = 0; k < ng; k++) {
		double *T = hop_xcalloc((size_t)argc, sizeof(double));
		double *y = hop_xcalloc((size_t)argc, sizeof(double));
		double *dy = hop_xcalloc((size_t)argc, sizeof(double));
		double *ub = hop_xcalloc((size_t)argc, sizeof(double));
		double *uT = hop_xcalloc((size_t)argc, sizeof(double));
		int *ur = hop_xcalloc((size_t)argc, sizeof(int));
		size_t nr = 0, nu = 0, nt;
		int r;

		for (r = 0; r < argc; r++) {
			const struct arow *a = arow_find(rows, at, argc, k,
			    r);

			if (a != NULL && hop_arr_resolved(a->rate, a->drate)) {
				T[nr] = a->T;
				y[nr] = a->rate;
				dy[nr] = a->drate;
				nr++;
				continue;
			}
			/* No jump, or too few: the Garwood 95 % bound. */
			uT[nu] = runs[r].T;
			ur[nu] = r;
			ub[nu] = hop_poisson_upper(a ? a->count : 0, 0.95) /
			    runs[r].expo;
			hop_warn("%s (%.6g K): jump type %s: %llu jumps, not "
			    "resolved: kept as an upper bound %.3g per ion and "
			    "ps and left out of the fit", runs[r].path,
			    runs[r].T, g[k].name,
			    (unsigned long long)(a ? a->count : 0), ub[nu]);
			nu++;
		}
		g[k].nres = nr;
		g[k].nupper = nu;
		for (i = 0, nt = 0; i < nr; i++) {
			size_t q;

			for (q = 0; q < i && T[q] != T[i]; q++)
				;
			nt += q == i;
		}
		if (nt >= 2 && hop_arr_fit_values(T, y, dy, nr, 0, &g[k].fit,
		    &err) == 0)
			g[k].have_fit = 1;
		else if (nt == nr)
			hop_warn("jump type %s: rates resolved at %zu "
			    "temperature%s: no Arrhenius fit", g[k].name, nr,
			    nr == 1 ? "" : "s");
		else
			hop_warn("jump type %s: rates resolved in %zu runs at "
			    "%zu temperature%s: no Arrhenius fit", g[k].name,
			    nr, nt, nt == 1 ? "" : "s");
		if (!to_stdout)
			printf("%s\t%s\t%s\t%.4f\t%d\t%zu\t%zu\t%.6g\t%.6g\t%.6g"
			    "\t%.6g\n", g[k].name, g[k].from, g[k].to, g[k].d,
			    argc, nr, nu, g[k].have_fit ? g[k].fit.Ea : NAN,
			    g[k].have_fit ? num(g[k].fit.dEa) : NAN,
			    g[k].have_fit ? g[k].fit.pre : NAN,
			    g[k].have_fit ? num(g[k].fit.dlnpre) : NAN);
		if (jf != NULL) {
			hop_json_object(&j, NULL);
			hop_json_string(&j, "jump_type", g[k].name);
			hop_json_string(&j, "from", g[k].from);
			hop_json_string(&j, "to", g[k].to);
			hop_json_number(&j, "distance_A", g[k].d);
			hop_json_number(&j, "Ea_eV", g[k].have_fit ?
			    g[k].fit.Ea : NAN);
			hop_json_number(&j, "dEa_eV", g[k].have_fit ?
			    g[k].fit.dEa : NAN);
			hop_json_number(&j, "nu0_per_ps", g[k].have_fit ?
			    g[k].fit.pre : NAN);
			hop_json_number(&j, "dln_nu0", g[k].have_fit ?
			    g[k].fit.dlnpre : NAN);
			hop_json_array(&j, "points");
			for (i = 0; i < nr; i++) {
				hop_json_object(&j, NULL);
				hop_json_number(&j, "T_K", T[i]);
				hop_json_number(&j, "rate_per_ion_ps", y[i]);
				hop_json_number(&j, "drate_per_ion_ps", dy[i]);
				hop_json_close(&j);
			}
			hop_json_close(&j);
			hop_json_array(&j, "upper_bounds");
			for (i = 0; i < nu; i++) {
				hop_json_object(&j, NULL);
				hop_json_number(&j, "T_K", uT[i]);
				hop_json_number(&j, "rate_hi95_per_ion_ps",
				    ub[i]);
				hop_json_close(&j);
			}
			hop_json_close(&j);
			hop_json_close(&j);
		}
		if (panel != NULL) {
			struct hop_svg_style st = {(int)k, HOP_MARK_CIRCLE, 0,
			    0, 0, 0};
			struct hop_svg_style su = {(int)k, HOP_MARK_UPPER, 0,
			    0, 0, 0};
			struct hop_svg_style sl = {(int)k, HOP_MARK_NONE, 0,
			    0, 0, 0};
			double *x = hop_xcalloc(nr + nu + 1, sizeof(double));
			double *lo = hop_xcalloc(nr + 1, sizeof(double));
			double *hi = hop_xcalloc(nr + 1, sizeof(double));

			for (i = 0; i < nr; i++) {
				x[i] = 1000 / T[i];
				lo[i] = y[i] - dy[i];
				hi[i] = y[i] + dy[i];
			}
			hop_svg_points(panel, x, y, nr, &st, g[k].name);
			hop_svg_errorbars(panel, x, lo, hi, nr, &st, NULL);
			for (i = 0; i < nu; i++)
				x[i] = 1000 / uT[i] + off[k * (size_t)argc +
				    (size_t)ur[i]];
			hop_svg_points(panel, x, ub, nu, &su, nu && !nr ?
			    g[k].name : NULL);
			if (g[k].have_fit) {
				double fx[2], fy[2];
				int q;

				fx[0] = 1000 / g[k].fit.Tmax;
				fx[1] = 1000 / g[k].fit.Tmin;
				for (q = 0; q < 2; q++)
					fy[q] = exp(g[k].fit.c0 + g[k].fit.c1 *
					    fx[q] / 1000);
				hop_svg_line(panel, fx, fy, 2, &sl, NULL);
			}
			free(x);
			free(lo);
			free(hi);
		}
		free(T);
		free(y);
		free(dy);
		free(ub);
		free(uT);
		free(ur);
	}
	free(off);
	if (jf != NULL) {
		hop_json_close(&j);
		hop_json_finish(&j);
		if (!to_stdout && hop_outfile_commit(&of, &err) != 0) {
			aruns_free(runs, argc);
			free(at);
			free(rows);
			free(g);
			hop_svg_free(svg);
			return hop_error("%s", err.msg);
		}
	}
	if (svg != NULL && hop_svg_write(svg, o->svg, &err) != 0) {
		aruns_free(runs, argc);
		free(at);
		free(rows);
		free(g);
		hop_svg_free(svg);
		return hop_error("%s", err.msg);
	}
	hop_svg_free(svg);
	aruns_free(runs, argc);
	free(at);
	free(rows);
	/* As msd --arrhenius: no fit at all is the run's failure (the
	 * table and the figure, written, hold the bounds). */
	for (k = 0; k < ng && !g[k].have_fit; k++)
		;
	free(g);
	if (k == ng)
		return hop_error("no jump type has rates resolved at two or "
		    "more temperatures: no Arrhenius fit");
	return HOP_EXIT_OK;
}

/*
 * The long name (from lo) of option c when it has no meaning with
 * --arrhenius, which reads the runs' jump tables, else NULL: only its
 * output's options (--json, --svg; the figure's texts and the global
 * options are taken before this) and --distance-tol have one.  Such an
 * option would be ignored: --arrhenius refuses it.
 */
static const char *
arrhenius_ignores(int c, const struct option *lo)
{
	if (c == OPT_ARRHENIUS || c == OPT_DIST_TOL || c == HOP_OPT_JSON ||
	    c == HOP_OPT_SVG)
		return NULL;
	return hop_cli_long_name(lo, c);
}

/* Two options naming one output file: the second would replace the
 * first at its end.  Refused (exit 2). */
static void
distinct_outputs(const struct opts *o)
{
	const char *name[] = {"--chgcar", "--cube", "--sites-out",
	    "--network-out", "--vacancies", "--vacancies-xyz", "--svg",
	    "--json"};
	const char *path[] = {o->chgcar, o->cube, o->sites_out,
	    o->network_out, o->vac_tsv, o->vac_xyz, o->svg, o->json};
	size_t i, j, n = sizeof(name) / sizeof(name[0]);

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (path[i] != NULL && path[j] != NULL &&
			    strcmp(path[i], "-") != 0 &&
			    strcmp(path[i], path[j]) == 0)
				hop_usage_error("%s and %s name one file, %s: "
				    "the second would replace the first",
				    name[i], name[j], path[i]);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		HOP_LONGOPTS_GLOBAL,
		HOP_LONGOPTS_FIGURE,
		HOP_LONGOPT_JOBS,
		HOP_LONGOPT_JSON,
		HOP_LONGOPT_SPECIES,
		HOP_LONGOPT_SVG,
		HOP_LONGOPT_TEMPERATURE,
		{"arrhenius", no_argument, NULL, OPT_ARRHENIUS},
		{"chgcar", required_argument, NULL, OPT_CHGCAR},
		{"cube", required_argument, NULL, OPT_CUBE},
		{"distance-tol", required_argument, NULL, OPT_DIST_TOL},
		{"env", required_argument, NULL, OPT_ENV},
		{"env-k", required_argument, NULL, OPT_ENV_K},
		{"grid", required_argument, NULL, OPT_GRID},
		{"jumps-table", no_argument, NULL, OPT_JUMPS_TABLE},
		{"match", required_argument, NULL, OPT_MATCH},
		{"match-tol", required_argument, NULL, OPT_MATCH_TOL},
		{"min-visit", required_argument, NULL, OPT_MIN_VISIT},
		{"no-tracer", no_argument, NULL, OPT_NO_TRACER},
		{"no-dwells", no_argument, NULL, OPT_NO_DWELLS},
		{"no-translations", no_argument, NULL, OPT_NO_TRANSLATIONS},
		{"plane", required_argument, NULL, OPT_PLANE},
		{"radius", required_argument, NULL, OPT_RADIUS},
		{"site-labels", required_argument, NULL, OPT_SITE_LABELS},
		{"site-species", required_argument, NULL, OPT_SITE_SPECIES},
		{"sites", required_argument, NULL, OPT_SITES},
		{"sites-out", required_argument, NULL, OPT_SITES_OUT},
		{"network-out", required_argument, NULL, OPT_NETWORK_OUT},
		{"sites-table", no_argument, NULL, OPT_SITES_TABLE},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"type-tol", required_argument, NULL, OPT_TYPE_TOL},
		{"types", optional_argument, NULL, OPT_OLD_TYPES},
		{"types-from", required_argument, NULL, OPT_TYPES_FROM},
		{"types-table", no_argument, NULL, OPT_TYPES_TABLE},
		{"vacancies", required_argument, NULL, OPT_VACANCIES},
		{"vacancies-xyz", required_argument, NULL, OPT_VACANCIES_XYZ},
		{NULL, 0, NULL, 0}
	};
	struct opts o;
	struct hop_err err;
	uint64_t u;
	int c, status, ntab = 0;
	const char *single = NULL; /* an option --arrhenius has no use for */

	memset(&o, 0, sizeof(o));
	o.min_visit = MIN_VISIT_DEFAULT;
	o.dist_tol = DIST_TOL_DEFAULT;
	o.type_tol = TYPE_TOL_DEFAULT;
	o.env_k = ENV_K_DEFAULT;
	o.grid = GRID_DEFAULT;
	o.tracer = 1;
	o.plane[0] = 0;
	o.plane[1] = 1;
	o.threads = hop_cli_jobs_default();
	hop_cli_init(prog, usage);
	while ((c = getopt_long(argc, argv, HOP_OPTSTR_GLOBAL "g:j:J:s:t:",
	    longopts, NULL)) != -1) {
		if (hop_cli_global(c) || hop_cli_figure(&o.fig, c, optarg))
			continue;
		if (single == NULL)
			single = arrhenius_ignores(c, longopts);
		switch (c) {
		case HOP_OPT_JOBS:
			o.threads = hop_cli_jobs(optarg);
			break;
		case HOP_OPT_JSON:
			o.json = optarg;
			break;
		case HOP_OPT_SPECIES:
			o.species = optarg;
			break;
		case HOP_OPT_SVG:
			o.svg = optarg;
			break;
		case HOP_OPT_TEMPERATURE:
			if (hop_cli_double(optarg, 1, 1e5, &o.temperature))
				hop_usage_bad("temperature", optarg,
				    "1 to 100000 K");
			break;
		case OPT_ARRHENIUS:
			o.arrhenius = 1;
			break;
		case OPT_CHGCAR:
			o.chgcar = optarg;
			break;
		case OPT_CUBE:
			o.cube = optarg;
			break;
		case OPT_DIST_TOL:
			if (hop_cli_double(optarg, 0, 10, &o.dist_tol))
				hop_usage_bad("distance-tol", optarg,
				    "0 to 10 A");
			break;
		case OPT_ENV:
			if (strcmp(optarg, "sites") == 0)
				o.env_sites = 1;
			else if (strcmp(optarg, "framework") == 0)
				o.env_sites = 0;
			else
				hop_usage_bad("env", optarg,
				    "framework or sites");
			break;
		case OPT_ENV_K:
			if (hop_cli_u64(optarg, 1, HOP_SITETYPE_KMAX, &u))
				hop_usage_bad("env-k", optarg, "1 to 32");
			o.env_k = (unsigned)u;
			o.env_k_set = 1;
			break;
		case OPT_GRID:
			if (hop_cli_double(optarg, 0.01, 10, &o.grid))
				hop_usage_bad("grid", optarg, "0.01 to 10 A");
			o.grid_set = 1;
			break;
		case OPT_JUMPS_TABLE:
			o.table = TAB_JUMPS;
			ntab++;
			break;
		case OPT_MATCH:
			o.match = optarg;
			break;
		case OPT_MATCH_TOL:
			if (hop_cli_double(optarg, 0.01, 10, &o.match_tol))
				hop_usage_bad("match-tol", optarg,
				    "0.01 to 10 A");
			break;
		case OPT_MIN_VISIT:
			if (hop_cli_u64(optarg, 1, 1000000, &u))
				hop_usage_bad("min-visit", optarg,
				    "1 to 1000000 frames");
			o.min_visit = (unsigned)u;
			break;
		case OPT_NO_TRACER:
			o.tracer = 0;
			break;
		case OPT_NO_DWELLS:
			o.no_dwells = 1;
			break;
		case OPT_NO_TRANSLATIONS:
			o.no_trans = 1;
			break;
		case OPT_PLANE:
			if (strlen(optarg) != 2 || optarg[0] < 'x' ||
			    optarg[0] > 'z' || optarg[1] < 'x' ||
			    optarg[1] > 'z' || optarg[0] >= optarg[1])
				hop_usage_bad("plane", optarg,
				    "xy, xz or yz");
			o.plane[0] = optarg[0] - 'x';
			o.plane[1] = optarg[1] - 'x';
			break;
		case OPT_RADIUS:
			if (hop_cli_double(optarg, 0.01, 10, &o.radius))
				hop_usage_bad("radius", optarg,
				    "0.01 to 10 A");
			break;
		case OPT_SITE_LABELS:
			o.site_labels = optarg;
			break;
		case OPT_SITE_SPECIES:
			o.site_species = optarg;
			break;
		case OPT_SITES:
			o.sites = optarg;
			break;
		case OPT_SITES_OUT:
			o.sites_out = optarg;
			break;
		case OPT_NETWORK_OUT:
			o.network_out = optarg;
			break;
		case OPT_SITES_TABLE:
			o.table = TAB_SITES;
			ntab++;
			break;
		case OPT_SUMMARY:
			o.table = TAB_SUMMARY;
			ntab++;
			break;
		case OPT_TYPE_TOL:
			if (hop_cli_double(optarg, 0, 10, &o.type_tol))
				hop_usage_bad("type-tol", optarg,
				    "0 to 10 A");
			break;
		case OPT_OLD_TYPES:
			hop_usage_error("--types is now --types-from (--types="
			    "LIST names the atom types in lmp2bin and h52bin)");
		case OPT_TYPES_FROM:
			if (strcmp(optarg, "auto") == 0)
				o.types = TYPES_AUTO;
			else if (strcmp(optarg, "labels") == 0)
				o.types = TYPES_LABELS;
			else if (strcmp(optarg, "env") == 0)
				o.types = TYPES_ENV;
			else
				hop_usage_bad("types-from", optarg,
				    "auto, labels or env");
			break;
		case OPT_TYPES_TABLE:
			o.table = TAB_TYPES;
			ntab++;
			break;
		case OPT_VACANCIES:
			o.vac_tsv = optarg;
			break;
		case OPT_VACANCIES_XYZ:
			o.vac_xyz = optarg;
			break;
		default:
			usage(stderr, HOP_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.arrhenius && single != NULL)
		hop_usage_error("--%s has no meaning with --arrhenius (it reads "
		    "the runs' jump tables)", single);
	if (ntab > 1)
		hop_usage_error("--sites-table, --jumps-table, --types-table "
		    "and --summary exclude each other");
	if (o.sites != NULL && o.match != NULL)
		hop_usage_error("--sites and --match exclude each other (--match "
		    "finds the sites from the data)");
	/* What only a reference gives: refused without one, not ignored
	 * (sites from the data have no labels to type by). */
	if (!o.arrhenius && o.sites == NULL && o.match == NULL) {
		if (o.site_labels != NULL)
			hop_usage_error("--site-labels labels a reference's "
			    "sites: give --sites=REF or --match=REF");
		if (o.site_species != NULL)
			hop_usage_error("--site-species picks a reference's "
			    "sites: give --sites=REF or --match=REF");
		if (o.types == TYPES_LABELS)
			hop_usage_error("--types-from=labels: sites from the "
			    "data have no labels (give --sites=REF or "
			    "--match=REF, or --types-from=env)");
	}
	if (!o.arrhenius && o.match == NULL && o.match_tol > 0)
		hop_usage_error("--match-tol needs --match=REF");
	distinct_outputs(&o);
	if (o.arrhenius) {
		status = arrhenius_mode(argc, argv, &o);
	} else {
		if (argc > 1)
			hop_usage_error("one run at a time (several only with "
			    "--arrhenius)");
		status = one_run(argc ? argv[0] : NULL, &o);
	}
	if (hop_cli_finish(&status, &err) != 0)
		hop_error("%s", err.msg);
	return status;
}
