/*
 * quantity.c - see quantity.h.
 */
#include <stddef.h>
#include <string.h>

#include "quantity.h"

/* UTF-8 pieces of the labels. */
#define ANGSTROM "\xc3\x85"            /* Å */
#define SQUARED "\xc2\xb2"             /* ² */
#define INVERSE "\xe2\x81\xbb\xc2\xb9" /* ⁻¹ */
#define DELTA "\xce\x94"               /* Δ */
#define SMALL_DELTA "\xce\xb4"         /* δ */
#define SIGMA "\xcf\x83"               /* σ */
#define D_UNIT " (cm" SQUARED " s" INVERSE ")"
#define S_UNIT " (S cm" INVERSE ")"

/* Column names and their labels: the tools' tables (hophist, msd,
 * kmeans-hops, hopcorr) and summary.tsv's columns. */
static const struct {
	const char *name, *label;
} known[] = {
	{"T_K", "T (K)"},
	{"temperature_K", "T (K)"},
	{"dt_fs", "time step (fs)"},
	{"dt_ps", DELTA "t (ps)"},
	{"lag_ps", DELTA "t (ps)"},
	{"hop_rate_ps", "hop rate (ps" INVERSE ")"},
	{"length_A", "hop length (" ANGSTROM ")"},
	{"site_dist_A", "site distance (" ANGSTROM ")"},
	{"duration_ps", "hop duration (ps)"},
	{"wait_ps", "waiting time (ps)"},
	{"residence_ps", "residence time (ps)"},
	{"hops_per_ion", "hops per ion"},
	{"start_ps", "hop start (ps)"},
	{"end_ps", "hop end (ps)"},
	{"msd_self_A2", "MSD (" ANGSTROM SQUARED ")"},
	{"msd_distinct_A2", "distinct MSD (" ANGSTROM SQUARED ")"},
	{"msd_coll_A2", "collective MSD (" ANGSTROM SQUARED ")"},
	{"D_self_cm2_s", "D*" D_UNIT},
	{"dD_self_cm2_s", SMALL_DELTA "D*" D_UNIT},
	{"D_coll_cm2_s", "D_" SIGMA D_UNIT},
	{"dD_coll_cm2_s", SMALL_DELTA "D_" SIGMA D_UNIT},
	{"D_bound_cm2_s", "bound on D*" D_UNIT},
	{"sigma_S_cm", SIGMA S_UNIT},
	{"dsigma_S_cm", SMALL_DELTA SIGMA S_UNIT},
	{"haven", "Haven ratio H_R"},
	{"dhaven", SMALL_DELTA "H_R"},
	{"P_N2", "P(N = 2)"},
	{"probability", "P(N)"},
	{"mean_N", "mean N"}
};

const char *
hop_quantity_label(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].name, name) == 0)
			return known[i].label;
	return name;
}
