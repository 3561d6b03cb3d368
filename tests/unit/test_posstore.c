/*
 * test_posstore.c - the position store: values read back as the float
 * displacements from each series' first value, across chunk boundaries
 * and for any range; the origin kept in double precision; a store of no
 * series counting frames; non-finite and huge values refused with the
 * series named and nothing stored.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posstore.h"
#include "t.h"

/* The value of series i at frame f in the made-up trajectory. */
static double
val(size_t i, size_t f)
{
	return 1000.0 * (double)i + 1e-3 * (double)f + sin((double)(f + i));
}

static void
check_series(size_t nseries, size_t nframes, const char *what)
{
	struct hop_err err;
	struct hop_posstore *s = hop_posstore_new(nseries, &err);
	double *row = malloc(nseries * sizeof(*row));
	float *xf = malloc(nframes * sizeof(*xf));
	double *xd = malloc(nframes * sizeof(*xd));
	size_t i, f, bad = 0, wrong = 0;
	char name[160];

	T_OK(what, s != NULL && row != NULL && xf != NULL && xd != NULL);
	if (s == NULL || row == NULL || xf == NULL || xd == NULL)
		goto out;
	for (f = 0; f < nframes; f++) {
		for (i = 0; i < nseries; i++)
			row[i] = val(i, f);
		if (hop_posstore_add(s, row, &bad, &err) != 0)
			break;
	}
	snprintf(name, sizeof(name), "%s: every frame stored", what);
	T_EQ_U(name, hop_posstore_frames(s), nframes);
	T_EQ_U(name, hop_posstore_nseries(s), nseries);
	for (i = 0; i < nseries; i++) {
		double o = val(i, 0);

		if (hop_posstore_origin(s, i) != o)
			wrong++;
		hop_posstore_get(s, i, 0, nframes, xf);
		hop_posstore_get_double(s, i, 0, nframes, xd);
		for (f = 0; f < nframes; f++)
			if (xf[f] != (float)(val(i, f) - o) ||
			    xd[f] != (double)xf[f])
				wrong++;
		/* A range that starts and ends inside chunks. */
		if (nframes > 40) {
			hop_posstore_get(s, i, 17, nframes - 40, xf);
			for (f = 0; f < nframes - 40; f++)
				if (xf[f] != (float)(val(i, f + 17) - o))
					wrong++;
		}
	}
	snprintf(name, sizeof(name), "%s: origins in double, displacements "
	    "as floats, for any range", what);
	T_EQ_U(name, wrong, 0);
out:
	hop_posstore_free(s);
	free(row);
	free(xf);
	free(xd);
}

int
main(void)
{
	struct hop_err err;
	struct hop_posstore *s;
	double row[3] = {1, 2, 3};
	float x[4];
	size_t bad = 0;

	check_series(1, 1, "one series, one frame");
	check_series(7, 3000, "7 series, 3000 frames (one chunk and more)");
	check_series(3000, 200, "3000 series (smaller chunks), 200 frames");

	s = hop_posstore_new(0, &err);
	T_OK("no series: a store", s != NULL);
	T_OK("no series: frames counted",
	    hop_posstore_add(s, NULL, &bad, &err) == 0 &&
	    hop_posstore_add(s, NULL, &bad, &err) == 0 &&
	    hop_posstore_frames(s) == 2);
	hop_posstore_free(s);

	s = hop_posstore_new(3, &err);
	T_OK("refusals: a store", s != NULL);
	T_OK("refusals: a first frame",
	    hop_posstore_add(s, row, &bad, &err) == 0 && bad == SIZE_MAX);
	row[1] = NAN;
	T_OK("a NaN is refused, its series named",
	    hop_posstore_add(s, row, &bad, &err) == -1 && bad == 1 &&
	    strstr(err.msg, "series 1") != NULL);
	row[1] = 2;
	row[2] = 1e300;
	T_OK("a displacement beyond the float range is refused",
	    hop_posstore_add(s, row, &bad, &err) == -1 && bad == 2);
	T_EQ_U("... and nothing is stored", hop_posstore_frames(s), 1);
	row[2] = 3.5;
	T_OK("then a good frame", hop_posstore_add(s, row, NULL, &err) == 0);
	hop_posstore_get(s, 2, 0, 2, x);
	T_OK("... reads back", x[0] == 0 && x[1] == 0.5f);
	hop_posstore_free(s);
	hop_posstore_free(NULL);
	return t_done();
}
