/*
 * transport.c - see transport.h.
 */
#include <math.h>
#include <stdio.h>

#include "transport.h"

const char *const hop_tr_flag_names[HOP_TR_NFLAGS] = {
	"D_self_not_positive", "D_coll_not_positive", "D_self_unresolved",
	"D_coll_unresolved", "halves_disagree", "run_too_short",
	"no_temperature", "no_plateau"
};

double
hop_nernst_einstein(double density_cm3, double charge, double d, double T)
{
	return density_cm3 * charge * charge * HOP_E_CHARGE * HOP_E_CHARGE *
	    d / (HOP_K_B * T);
}

void
hop_transport_derive(struct hop_transport *x, double density_cm3,
    double charge, double T)
{
	x->haven = x->d_self / x->d_coll;
	x->dhaven = fabs(x->haven) * hypot(x->dd_self / x->d_self,
	    x->dd_coll / x->d_coll);
	x->sigma = hop_nernst_einstein(density_cm3, charge, x->d_coll, T);
	x->dsigma = fabs(x->sigma * x->dd_coll / x->d_coll);
}

int
hop_tr_differ(double a, double da, double b, double db)
{
	return fabs(a - b) > 2.5 * hypot(da, db);
}

unsigned
hop_tr_flags(const struct hop_transport *x,
    const struct hop_transport *halves, double T)
{
	unsigned f = 0;

	if (!(x->d_self > 0))
		f |= HOP_TR_SELF_NONPOS;
	else if (!(x->dd_self < x->d_self))
		f |= HOP_TR_SELF_UNRES;
	if (!(x->d_coll > 0))
		f |= HOP_TR_COLL_NONPOS;
	else if (!(x->dd_coll < x->d_coll))
		f |= HOP_TR_COLL_UNRES;
	if (halves != NULL && (hop_tr_differ(halves[0].d_self,
	    halves[0].dd_self, halves[1].d_self, halves[1].dd_self) ||
	    hop_tr_differ(halves[0].d_coll, halves[0].dd_coll,
	    halves[1].d_coll, halves[1].dd_coll)))
		f |= HOP_TR_HALVES;
	if (!isfinite(T) || !(T > 0))
		f |= HOP_TR_NO_T;
	return f;
}

/* The Birge ratio of two values: how far apart they are in units of
 * their combined uncertainty, at least 1 (NaN: 1). */
static double
birge(double a, double da, double b, double db)
{
	double r = fabs(a - b) / hypot(da, db);

	return r > 1 ? r : 1;
}

void
hop_tr_widen(struct hop_transport *x, const struct hop_transport *halves,
    unsigned flags, double density_cm3, double charge, double T, double f[2])
{
	double fs = 1, fc = 1;

	if (halves != NULL && (flags & HOP_TR_HALVES)) {
		fs = birge(halves[0].d_self, halves[0].dd_self,
		    halves[1].d_self, halves[1].dd_self);
		fc = birge(halves[0].d_coll, halves[0].dd_coll,
		    halves[1].d_coll, halves[1].dd_coll);
		x->dd_self *= fs;
		x->dd_coll *= fc;
		hop_transport_derive(x, density_cm3, charge, T);
	}
	if (f != NULL) {
		f[0] = fs;
		f[1] = fc;
	}
}

const char *
hop_tr_flag_list(unsigned flags, char *buf, size_t size)
{
	size_t k, len = 0;

	if (size == 0)
		return flags ? "" : "ok";
	buf[0] = '\0';
	for (k = 0; k < HOP_TR_NFLAGS && len + 1 < size; k++)
		if (flags & (1u << k)) {
			int w = snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", hop_tr_flag_names[k]);

			/* Cut short when buf is full. */
			len = w < 0 || (size_t)w >= size - len ? size - 1 :
			    len + (size_t)w;
		}
	return buf[0] ? buf : "ok";
}
