/*
 * vaspscale.c - see vaspscale.h.
 */
#include <math.h>

#include "cell.h"
#include "numparse.h"
#include "vaspscale.h"

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

int
hop_vasp_scale_parse(const char *name, unsigned long long lineno,
    const char *line, size_t len, double sc[3], int *n,
    struct hop_err *err)
{
	const char *p = line, *end = line + len, *shown;
	int k = 0, i;

	for (;;) {
		const char *q;
		double v;

		while (p < end && is_blank((unsigned char)*p))
			p++;
		if (p == end || k == 3)
			break;
		q = hop_parse_double(p, end, &v);
		if (q == NULL || (q < end && !is_blank((unsigned char)*q) &&
		    *q != '-' && *q != '+'))
			break;
		sc[k++] = v;
		p = q;
	}
	for (shown = line; is_blank((unsigned char)*shown); shown++)
		;
	if ((k != 1 && k != 3) || p != end) {
		hop_err_set(err, "%s:%llu: expected the scale factor (1 or 3 "
		    "numbers), found '%.40s'", name, lineno, shown);
		return -1;
	}
	for (i = 0; i < k; i++)
		if (!isfinite(sc[i]) || sc[i] == 0 || (k == 3 && sc[i] < 0)) {
			hop_err_set(err, "%s:%llu: invalid scale factor '%.40s'"
			    " (one non-zero number, or three positive ones)",
			    name, lineno, shown);
			return -1;
		}
	*n = k;
	return 0;
}

void
hop_vasp_scale_apply(const double sc[3], int n, const double lat[9],
    double cell[9], double cscale[3])
{
	double f[3];
	int i, j;

	if (n == 1) {
		/* A negative scale is the volume the cell must have. */
		f[0] = sc[0] > 0 ? sc[0] :
		    cbrt(-sc[0] / fabs(hop_cell_det(lat)));
		f[1] = f[2] = f[0];
		for (i = 0; i < 9; i++)
			cell[i] = lat[i] * f[0];
	} else {
		/* Three factors scale the x, y and z components. */
		for (j = 0; j < 3; j++)
			f[j] = sc[j];
		for (i = 0; i < 3; i++)
			for (j = 0; j < 3; j++)
				cell[3 * i + j] = lat[3 * i + j] * f[j];
	}
	if (cscale != NULL)
		for (j = 0; j < 3; j++)
			cscale[j] = f[j];
}
