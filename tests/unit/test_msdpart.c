/*
 * test_msdpart.c - a run split by ions into three parts, each written by
 * hop_msdpart_write and read back together by hop_msdpart_open, gives
 * the whole run's MSDs and estimator (hop_diff_run on the whole
 * trajectory) to 1e-10 relative in every number, at full precision; and
 * the set refuses overlapping parts, a missing part and a corrupt one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diffusion.h"
#include "msd.h"
#include "msdpart.h"
#include "t.h"

#define NI 30
#define NF 600

static uint64_t rng = 88172645463325252u;

static double
gauss(void)
{
	double u, v;

	rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
	u = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
	v = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static int
rel_ok(double a, double b, double tol)
{
	if (isnan(a) && isnan(b))
		return 1;
	return fabs(a - b) <= tol * fmax(fabs(a), fabs(b)) ||
	    fabs(a - b) < 1e-300;
}

static double worst;

static void
cmp(const char *name, double a, double b)
{
	double r = fabs(a - b) / fmax(fmax(fabs(a), fabs(b)), 1e-300);

	if (!(isnan(a) && isnan(b)) && r > worst)
		worst = r;
	if (!rel_ok(a, b, 1e-10)) {
		printf("fail\t%s: %.17g and %.17g\n", name, a, b);
		t_failed = 1;
	}
}

static void
cmp_est(const char *what, const struct hop_diff_est *a,
    const struct hop_diff_est *b)
{
	char n[128];

	snprintf(n, sizeof(n), "%s: stride", what);
	T_EQ_U(n, a->stride, b->stride);
	snprintf(n, sizeof(n), "%s: D_self", what);
	cmp(n, a->d_self, b->d_self);
	snprintf(n, sizeof(n), "%s: dD_self", what);
	cmp(n, a->dd_self, b->dd_self);
	snprintf(n, sizeof(n), "%s: noise_self", what);
	cmp(n, a->noise_self, b->noise_self);
	snprintf(n, sizeof(n), "%s: D_coll", what);
	cmp(n, a->d_coll, b->d_coll);
	snprintf(n, sizeof(n), "%s: dD_coll", what);
	cmp(n, a->dd_coll, b->dd_coll);
	snprintf(n, sizeof(n), "%s: noise_coll", what);
	cmp(n, a->noise_coll, b->noise_coll);
	snprintf(n, sizeof(n), "%s: robust", what);
	T_EQ_U(n, a->robust, b->robust);
}

/* Write part [lo, hi) of the ions to a temporary file; its path. */
static char *
write_part(double (*pos)[NI][3], int lo, int hi, const char *ions)
{
	struct hop_msdpart_meta m;
	struct hop_msd_traj *t;
	struct hop_err err;
	char *path = strdup("/tmp/test_msdpart.XXXXXX");
	double row[NI * 3];
	int fd = mkstemp(path), f;
	FILE *fp = fdopen(fd, "wb");

	t = hop_msd_traj_new((uint32_t)(hi - lo), 7, &err);
	for (f = 0; f < NF; f++) {
		memcpy(row, pos[f][lo], (size_t)(hi - lo) * 3 * sizeof(double));
		hop_msd_traj_add(t, row, NULL, &err);
	}
	memset(&m, 0, sizeof(m));
	strcpy(m.species, "Li");
	m.axes = 7;
	m.frames = NF;
	m.dt_ps = 0.1;
	m.temperature_K = 600;
	m.volume_sum = 1000.0 * NF;
	m.nions = (uint32_t)(hi - lo);
	m.ions = strdup(ions);
	m.universe = strdup("0-29");
	m.key = strdup("test");
	T_OK("a part written", hop_msdpart_write(fp, path, &m, t, 2, &err) ==
	    0);
	fclose(fp);
	hop_msdpart_meta_free(&m);
	hop_msd_traj_free(t);
	return path;
}

int
main(void)
{
	static double pos[NF][NI][3], self[NF], coll[NF], pself[NF], pcoll[NF];
	static double x0[NI][3];
	struct hop_msd_traj *t;
	struct hop_diff_run whole, part;
	struct hop_diff_spectra sp;
	struct hop_msdpart_set *set;
	struct hop_err err;
	char *p[3], *bad[3];
	size_t k, i;
	int f, a, d;

	/* Ions diffusing, with vibration noise on top. */
	for (f = 0; f < NF; f++)
		for (a = 0; a < NI; a++)
			for (d = 0; d < 3; d++) {
				if (f > 0)
					x0[a][d] += 0.3 * gauss();
				pos[f][a][d] = 5.0 * a + x0[a][d] +
				    0.2 * gauss();
			}
	t = hop_msd_traj_new(NI, 7, &err);
	for (f = 0; f < NF; f++)
		hop_msd_traj_add(t, &pos[f][0][0], NULL, &err);
	T_OK("whole: MSDs", hop_msd_traj_compute(t, 0, NF, 2, self, coll,
	    &err) == 0);
	T_OK("whole: estimator", hop_diff_run(t, 0.1, 0, 0, 2, &whole,
	    &err) == 0);

	p[0] = write_part(pos, 0, 10, "0-9");
	p[1] = write_part(pos, 10, 17, "10-16");
	p[2] = write_part(pos, 17, 30, "17-29");
	set = hop_msdpart_open((const char *const *)p, 3, &err);
	T_OK("the parts open together", set != NULL);
	if (set == NULL) {
		printf("fail\topen: %s\n", err.msg);
		return 1;
	}
	T_EQ_U("the run's ions", hop_msdpart_meta(set)->nions, NI);
	T_OK("reduce: MSDs", hop_msdpart_msd(set, pself, pcoll, &err) == 0);
	for (k = 1; k < NF; k++) {
		cmp("self MSD", self[k], pself[k]);
		cmp("collective MSD", coll[k], pcoll[k]);
	}
	hop_msdpart_spectra(set, &sp);
	T_OK("reduce: estimator", hop_diff_run_spectra(&sp, 0.1, 0, &part,
	    &err) == 0);
	T_EQ_U("the same ladder", part.nladder, whole.nladder);
	T_EQ_U("the same stride chosen", part.chosen, whole.chosen);
	for (i = 0; i < whole.nladder && i < part.nladder; i++)
		cmp_est("ladder", &whole.ladder[i], &part.ladder[i]);
	cmp_est("chosen", &whole.est, &part.est);
	cmp_est("first half", &whole.half[0], &part.half[0]);
	cmp_est("second half", &whole.half[1], &part.half[1]);
	T_OK("every number within 1e-10 relative", worst <= 1e-10);
	printf("# worst relative difference %.3g\n", worst);
	hop_msdpart_free(set);

	/* Refusals. */
	bad[0] = p[0];
	bad[1] = p[0];
	set = hop_msdpart_open((const char *const *)bad, 2, &err);
	T_OK("a part twice: refused", set == NULL &&
	    strstr(err.msg, "atom 0 is in both") != NULL);
	bad[1] = p[2];
	set = hop_msdpart_open((const char *const *)bad, 2, &err);
	T_OK("a missing part: refused", set == NULL && strstr(err.msg,
	    "the parts miss 7 of the 30 Li ions (first 10): is a part "
	    "missing?") != NULL);
	{
		FILE *fp = fopen(p[1], "r+b");

		fseek(fp, -20, SEEK_END);
		fputc('x', fp);
		fclose(fp);
	}
	set = hop_msdpart_open((const char *const *)p, 3, &err);
	T_OK("a corrupt part: refused", set == NULL && strstr(err.msg,
	    "checksum is wrong") != NULL);
	for (i = 0; i < 3; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	hop_msd_traj_free(t);
	return t_done();
}
