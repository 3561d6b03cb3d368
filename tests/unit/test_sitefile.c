/*
 * test_sitefile.c - the network mode's sites built in steps over parts:
 * the stride (the least power of two within max_points), parts' pools
 * merged at the whole run's stride equal the whole run's pool position
 * for position, and give its very sites in any order of the parts; the
 * pool, candidates and visits files read back bit for bit; pruning by
 * visits; damaged and truncated files refused with their messages.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "le.h"
#include "posstore.h"
#include "sitefile.h"
#include "sitenet.h"
#include "t.h"

#define NIONS 30
#define NFR 400
#define A 12.0   /* cubic cell, A */
#define SP 3.0   /* site spacing, A */

static uint64_t rs = 0x9E3779B97F4A7C15ull;

static double
unif(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return ((double)(rs >> 11) + 0.5) / 9007199254740992.0;
}

static double
gauss(double s)
{
	return s * sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

/* NIONS ions vibrating (sigma 0.2 A) about sites of a cubic lattice of
 * spacing SP, every third one hopping to the next site along x half-way. */
static struct hop_posstore *
make_store(void)
{
	struct hop_err err;
	struct hop_posstore *s = hop_posstore_new(3 * NIONS, &err);
	double row[3 * NIONS];
	size_t i, f, bad;
	int k;

	for (f = 0; f < NFR; f++) {
		for (i = 0; i < NIONS; i++) {
			double c[3] = {SP * (double)(i % 4), SP * (double)(i / 4
			    % 4), SP * (double)(i / 16)};

			if (i % 3 == 0 && f >= NFR / 2)
				c[0] += SP;
			for (k = 0; k < 3; k++)
				row[3 * i + (size_t)k] = c[k] + 0.4 + gauss(0.2);
		}
		hop_posstore_add(s, row, &bad, &err);
	}
	return s;
}

static char tmpl[64];

static const char *
write_file(const struct hop_sitefile *f)
{
	struct hop_err err;
	int fd;
	FILE *fp;

	snprintf(tmpl, sizeof(tmpl), "/tmp/test_sitefile.XXXXXX");
	fd = mkstemp(tmpl);
	fp = fdopen(fd, "wb");
	T_OK("a file written", hop_sitefile_write(fp, tmpl, f, &err) == 0);
	fclose(fp);
	return tmpl;
}

/*
 * A file of one block with header head and the n doubles d, each
 * checksum right (what a hand-made file could hold).
 */
static const char *
write_raw(const char *head, const double *d, size_t n)
{
	unsigned char w[8];
	size_t i;
	uLong c;
	int fd;
	FILE *fp;

	snprintf(tmpl, sizeof(tmpl), "/tmp/test_sitefile.XXXXXX");
	fd = mkstemp(tmpl);
	fp = fdopen(fd, "wb");
	fwrite(HOP_SITEFILE_MAGIC, 1, 8, fp);
	hop_st32(w, (uint32_t)strlen(head));
	fwrite(w, 1, 4, fp);
	fwrite(head, 1, strlen(head), fp);
	hop_st32(w, (uint32_t)crc32(0, (const Bytef *)head,
	    (uInt)strlen(head)));
	fwrite(w, 1, 4, fp);
	hop_st64(w, (uint64_t)n);
	fwrite(w, 1, 8, fp);
	c = crc32(0, Z_NULL, 0);
	for (i = 0; i < n; i++) {
		hop_stf64(w, d[i]);
		fwrite(w, 1, 8, fp);
		c = crc32(c, w, 8);
	}
	hop_st32(w, (uint32_t)c);
	fwrite(w, 1, 4, fp);
	fclose(fp);
	return tmpl;
}

int
main(void)
{
	static const double cell[9] = {A, 0, 0, 0, A, 0, 0, 0, A};
	struct hop_posstore *s = make_store();
	struct hop_sitenet_opts o;
	struct hop_sitepool *whole, *pa, *pb, *m1, *m2;
	struct hop_sitenet *nw, *n1, *n2;
	struct hop_err err;
	size_t ions[NIONS], i, sw, sa, sb;
	uint32_t key[NIONS];
	int same;

	hop_sitenet_opts_init(&o);
	o.max_points = 2000;
	for (i = 0; i < NIONS; i++) {
		ions[i] = i;
		key[i] = (uint32_t)(100 + i);
	}
	/* 30 x ceil(400 / s) <= 2000: s = 8 (1500 positions; 4 would keep
	 * 3000); 10 ions: s = 2; 20 ions: s = 4. */
	sw = hop_sitenet_stride(NIONS, NFR, 2000);
	sa = hop_sitenet_stride(10, NFR, 2000);
	sb = hop_sitenet_stride(20, NFR, 2000);
	T_EQ_U("stride of 30 ions x 400 frames within 2000", sw, 8);
	T_EQ_U("stride of 10 ions", sa, 2);
	T_EQ_U("stride of 20 ions", sb, 4);
	T_EQ_U("stride within max_points: 1", hop_sitenet_stride(5, 400,
	    2000), 1);
	T_EQ_U("stride with max_points 0: 1", hop_sitenet_stride(5, 400, 0),
	    1);
	T_EQ_U("stride of a huge run: at most the frames", hop_sitenet_stride(
	    1000000, 400, 10), 512);

	whole = hop_sitepool_new(cell, NFR, sw, &err);
	pa = hop_sitepool_new(cell, NFR, sa, &err);
	pb = hop_sitepool_new(cell, NFR, sb, &err);
	T_OK("pools made", whole && pa && pb);
	T_OK("whole pooled", hop_sitepool_add(whole, s, ions, key, NIONS,
	    &err) == 0);
	T_OK("part a pooled", hop_sitepool_add(pa, s, ions, key, 10,
	    &err) == 0);
	T_OK("part b pooled", hop_sitepool_add(pb, s, ions + 10, key + 10, 20,
	    &err) == 0);
	T_EQ_U("whole: positions per ion", whole->npts, 50);
	m1 = hop_sitepool_new(cell, NFR, sw, &err);
	m2 = hop_sitepool_new(cell, NFR, sw, &err);
	T_OK("a then b merged", hop_sitepool_merge(m1, pa, &err) == 0 &&
	    hop_sitepool_merge(m1, pb, &err) == 0);
	T_OK("b then a merged", hop_sitepool_merge(m2, pb, &err) == 0 &&
	    hop_sitepool_merge(m2, pa, &err) == 0);
	T_OK("merged parts: the whole run's positions, bit for bit",
	    m1->nions == NIONS && memcmp(m1->pt, whole->pt, NIONS *
	    whole->npts * sizeof(*whole->pt)) == 0 && memcmp(m1->key,
	    whole->key, sizeof(key)) == 0 && memcmp(m1->curve, whole->curve,
	    NIONS * sizeof(*whole->curve)) == 0);
	T_OK("a part's stride that does not divide refused",
	    hop_sitepool_merge(pa, whole, &err) != 0 && strcmp(err.msg,
	    "positions every 8 frames, which the whole run's stride 2 is no "
	    "multiple of") == 0);

	nw = hop_sitenet_from_pool(whole, &o, &err);
	n1 = hop_sitenet_from_pool(m1, &o, &err);
	n2 = hop_sitenet_from_pool(m2, &o, &err);
	T_OK("sites found", nw != NULL && n1 != NULL && n2 != NULL);
	if (nw == NULL || n1 == NULL || n2 == NULL)
		return t_done();
	/* 30 ions on 30 sites, 10 of them moving one site along x (to 6
	 * new sites and 4 of the others'). */
	T_OK("sites found: between 30 and 40", nw->nsites >= 30 &&
	    nw->nsites <= 40);
	same = nw->nsites == n1->nsites && nw->nsites == n2->nsites &&
	    memcmp(nw->site, n1->site, nw->nsites * sizeof(*nw->site)) == 0 &&
	    memcmp(nw->site, n2->site, nw->nsites * sizeof(*nw->site)) == 0 &&
	    memcmp(&nw->vib, &n1->vib, sizeof(nw->vib)) == 0;
	T_OK("the parts' sites are the whole run's, in either order", same);
	T_NEAR("the vibration: sigma 0.2 A", nw->vib.sigma, 0.2, 0.03);
	o.max_points = 1000;
	T_OK("a pool of another stride refused", hop_sitenet_from_pool(pb,
	    &o, &err) == NULL && strcmp(err.msg, "positions every 4 frames, "
	    "where 20 ions of 400 frames take them every 8") == 0);
	o.max_points = 2000;
	{
		struct hop_sitepool *dup = hop_sitepool_new(cell, NFR, sw, &err);

		hop_sitepool_merge(dup, m1, &err);
		hop_sitepool_merge(dup, m1, &err);
		o.max_points = 0;
		T_OK("an ion twice refused", hop_sitenet_from_pool(dup, &o,
		    &err) == NULL);
		o.max_points = 2000;
		hop_sitepool_free(dup);
	}

	/* The files. */
	{
		struct hop_sitefile f = {HOP_SITEFILE_CANDIDATES, 1, NULL};
		struct hop_siteblock b;
		struct hop_sitefile *g;
		const char *path;
		uint32_t id;

		memset(&b, 0, sizeof(b));
		strcpy(b.species, "Li");
		b.net = nw;
		b.opts = o;
		b.nions = NIONS;
		b.atom = key;
		b.first = (double (*)[3])whole->pt; /* any numbers */
		f.b = &b;
		nw->ntrans = 32; /* found over 32 translations */
		hop_siteblock_id(HOP_SITEFILE_CANDIDATES, &b, &id, &err);
		path = write_file(&f);
		g = hop_sitefile_read(path, &err);
		T_OK("candidates read back", g != NULL);
		if (g != NULL) {
			struct hop_sitenet *r = g->b[0].net;

			T_OK("candidates: kind, species, id", g->kind ==
			    HOP_SITEFILE_CANDIDATES && strcmp(g->b[0].species,
			    "Li") == 0 && g->b[0].sites_id == id);
			T_OK("candidates: every site bit for bit",
			    r->nsites == nw->nsites && memcmp(r->cell, nw->cell,
			    sizeof(r->cell)) == 0 && r->vib.sigma == nw->vib.sigma &&
			    r->vib.tau == nw->vib.tau && r->vib.lag ==
			    nw->vib.lag && r->radius == nw->radius && r->merge ==
			    nw->merge);
			T_EQ_U("candidates: the translations they were found "
			    "over", r->ntrans, 32);
			for (i = 0, same = 1; i < nw->nsites; i++)
				same &= memcmp(r->site[i].pos, nw->site[i].pos,
				    sizeof(r->site[i].pos)) == 0 &&
				    memcmp(r->site[i].frac, nw->site[i].frac,
				    sizeof(r->site[i].frac)) == 0 &&
				    r->site[i].radius == nw->site[i].radius &&
				    r->site[i].points == nw->site[i].points;
			T_OK("candidates: positions, radii, points exact", same);
			T_OK("candidates: the ions and their first positions",
			    g->b[0].nions == NIONS && memcmp(g->b[0].atom, key,
			    sizeof(key)) == 0 && memcmp(g->b[0].first, whole->pt,
			    NIONS * sizeof(*g->b[0].first)) == 0);
			hop_sitefile_free(g);
		}
		/* Damage one byte of the doubles, then cut the file. */
		{
			FILE *fp = fopen(path, "r+b");
			long len;

			fseek(fp, 0, SEEK_END);
			len = ftell(fp);
			fseek(fp, len - 20, SEEK_SET);
			fputc(0x55, fp);
			fclose(fp);
			g = hop_sitefile_read(path, &err);
			T_OK("a damaged file refused", g == NULL && strstr(
			    err.msg, ": block 1: checksum mismatch: the file "
			    "is damaged") != NULL);
			T_OK("... truncated refused", truncate(path, len / 2) ==
			    0 && hop_sitefile_read(path, &err) == NULL &&
			    strstr(err.msg, ": block 1: truncated") != NULL);
			T_OK("... empty refused", truncate(path, 0) == 0 &&
			    hop_sitefile_read(path, &err) == NULL &&
			    strstr(err.msg, ": not a pool, candidates") != NULL);
		}
		unlink(path);

		/* A pool. */
		b.net = NULL;
		b.pool = pb;
		f.kind = HOP_SITEFILE_POOL;
		path = write_file(&f);
		g = hop_sitefile_read(path, &err);
		T_OK("a pool read back bit for bit", g != NULL &&
		    g->kind == HOP_SITEFILE_POOL && g->b[0].pool->nions == 20 &&
		    g->b[0].pool->stride == 4 && memcmp(g->b[0].pool->pt, pb->pt,
		    20 * pb->npts * sizeof(*pb->pt)) == 0 && memcmp(
		    g->b[0].pool->curve, pb->curve, 20 * sizeof(*pb->curve)) ==
		    0);
		T_OK("a pool without the framework: none read", g != NULL &&
		    g->b[0].nfw == 0 && g->b[0].fw_atom == NULL);
		hop_sitefile_free(g);
		unlink(path);

		/* A pool with the part's framework atoms (two of the
		 * run's five). */
		{
			static double sum[2][6] = {{1, 2, 3, 4, 5, 6},
			    {-7.5, 0.25, 1e3, 56.25, 0.0625, 1e6}};
			uint32_t fa[2] = {4, 9};

			b.nfw = 2;
			b.fw_total = 5;
			b.fw_atom = fa;
			b.fw_sum = sum;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("a pool with its framework read back bit for bit",
			    g != NULL && g->b[0].pool->nions == 20 &&
			    g->b[0].nfw == 2 && g->b[0].fw_total == 5 &&
			    memcmp(g->b[0].fw_atom, fa, sizeof(fa)) == 0 &&
			    memcmp(g->b[0].fw_sum, sum, sizeof(sum)) == 0 &&
			    memcmp(g->b[0].pool->pt, pb->pt, 20 * pb->npts *
			    sizeof(*pb->pt)) == 0);
			hop_sitefile_free(g);
			unlink(path);
			/* A sum of squares below 0 is no run's. */
			sum[1][4] = -0.0625;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("a negative sum of squares refused", g == NULL &&
			    strstr(err.msg, ": block 1: a number out of "
			    "range") != NULL);
			hop_sitefile_free(g);
			unlink(path);
			sum[1][4] = 0.0625;
			/* More of the part's atoms than the run has. */
			b.fw_total = 1;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("more framework atoms than the run's refused",
			    g == NULL && strstr(err.msg, ": block 1: bad or "
			    "missing 'fw_total'") != NULL);
			hop_sitefile_free(g);
			unlink(path);
			b.nfw = 0;
			b.fw_total = 0;
			b.fw_atom = NULL;
			b.fw_sum = NULL;
		}

		/* A pool whose npts times 3 wraps round to 2: one ion of
		 * 3 numbers would pass for its 6.1e18 positions. */
		{
			static const double d[3] = {1, 0.5, 0.5};
			struct hop_sitefile *h;

			path = write_raw("kind=pool\nspecies=Li\nblock=1/1\n"
			    "frames=6148914691236517206\ncell=10 0 0 0 10 0 0 "
			    "0 10\nstride=1\nnpts=6148914691236517206\n"
			    "nlags=0\nnions=1\ntotal=1\n", d, 3);
			h = hop_sitefile_read(path, &err);
			T_OK("a pool whose count wraps round refused", h ==
			    NULL && strstr(err.msg, ": block 1: 3 numbers, not "
			    "the pool its header announces") != NULL);
			printf("# %s\n", h == NULL ? err.msg : "read");
			hop_sitefile_free(h);
			unlink(path);
			/* ... and a framework count that would wrap. */
			path = write_raw("kind=pool\nspecies=Li\nblock=1/1\n"
			    "frames=4\ncell=10 0 0 0 10 0 0 0 10\nstride=1\n"
			    "npts=4\nnlags=0\nnions=0\ntotal=0\n"
			    "nfw=4294967295\nfw_total=4294967295\n", d, 3);
			h = hop_sitefile_read(path, &err);
			T_OK("a framework of more atoms than numbers refused",
			    h == NULL && strstr(err.msg, ": block 1: 3 numbers, "
			    "not the pool its header announces") != NULL);
			hop_sitefile_free(h);
			unlink(path);
		}

		/* Visits, with two dwells (step 6). */
		{
			static struct hop_sitenet_dwell dl[2] = {
				{{0.125, 0.5, 0.999}, 40}, {{0, 0.3, 0.7}, 9}};
			uint64_t vis[3] = {5, 0, 7};
			uint32_t at[2] = {3, 11};

			memset(&b, 0, sizeof(b));
			strcpy(b.species, "Li");
			b.sites_id = 0xdeadbeef;
			b.nsites = 3;
			b.visits = vis;
			b.nions = 2;
			b.atom = at;
			b.dwells.d = dl;
			b.dwells.n = 2;
			f.kind = HOP_SITEFILE_VISITS;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("visits with dwells read back bit for bit", g !=
			    NULL && g->kind == HOP_SITEFILE_VISITS &&
			    g->b[0].sites_id == 0xdeadbeef && g->b[0].nsites ==
			    3 && memcmp(g->b[0].visits, vis, sizeof(vis)) == 0 &&
			    g->b[0].nions == 2 && memcmp(g->b[0].atom, at,
			    sizeof(at)) == 0 && g->b[0].dwells.n == 2 &&
			    memcmp(g->b[0].dwells.d, dl, sizeof(dl)) == 0);
			hop_sitefile_free(g);
			unlink(path);
			/* A dwell outside the cell's fractional range, or of
			 * no frame, is refused. */
			dl[0].frac[2] = 1;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("a dwell at frac 1 refused", g == NULL &&
			    strstr(err.msg, "block 1") != NULL);
			printf("# %s\n", g == NULL ? err.msg : "read");
			hop_sitefile_free(g);
			unlink(path);
			dl[0].frac[2] = 0.999;
			dl[1].frames = 0;
			path = write_file(&f);
			g = hop_sitefile_read(path, &err);
			T_OK("a dwell of 0 frames refused", g == NULL);
			hop_sitefile_free(g);
			unlink(path);
		}
	}

	/* Pruning: keep the sites with visits, in order. */
	{
		uint64_t *v = calloc(n1->nsites, sizeof(*v));
		size_t kept = 0;
		double p0[3];

		for (i = 0; i < n1->nsites; i += 2) {
			v[i] = 1;
			kept++;
		}
		memcpy(p0, n1->site[2].pos, sizeof(p0));
		T_OK("pruned", hop_sitenet_prune(n1, v, &o, &err) == 0);
		T_EQ_U("pruned: the sites with visits", n1->nsites, kept);
		T_OK("pruned: the second site kept is the third before",
		    n1->nsites > 2 && memcmp(n1->site[1].pos, p0,
		    sizeof(p0)) == 0);
		free(v);
	}
	hop_sitenet_free(nw);
	hop_sitenet_free(n1);
	hop_sitenet_free(n2);
	hop_sitepool_free(whole);
	hop_sitepool_free(pa);
	hop_sitepool_free(pb);
	hop_sitepool_free(m1);
	hop_sitepool_free(m2);
	hop_posstore_free(s);
	return t_done();
}
