/*
 * transport.h - what a run's diffusion coefficients say about ionic
 * transport: the Haven ratio and the Nernst-Einstein conductivity, each
 * with its propagated uncertainty, and the flags that mark numbers not
 * to be trusted (msd prints them by the names of hop_tr_flag_names and
 * words them as warnings).
 */
#ifndef HOP_TRANSPORT_H
#define HOP_TRANSPORT_H

#include <stddef.h>

#define HOP_E_CHARGE 1.602176634e-19 /* C */
#define HOP_K_B 1.380649e-23         /* J/K */

/* One run's (or one half's) transport numbers; unknown ones are NaN. */
struct hop_transport {
	double d_self, dd_self;  /* tracer D* and its uncertainty, cm^2/s */
	double d_coll, dd_coll;  /* collective D_sigma, cm^2/s */
	double haven, dhaven;    /* H = D* / D_sigma */
	double sigma, dsigma;    /* conductivity, S/cm */
};

/* Nernst-Einstein: sigma = n q^2 e^2 D / (kB T) in S/cm, from the
 * density n of the ions (cm^-3), their charge q (e), D (cm^2/s) and T
 * (K). */
double hop_nernst_einstein(double density_cm3, double charge, double d,
    double T);

/*
 * The Haven ratio and the conductivity of x from its Ds, with first-order
 * propagation of their uncertainties (taken as independent):
 *   H = D* / D_sigma,  dH = |H| hypot(dD* / D*, dD_sigma / D_sigma),
 *   sigma = hop_nernst_einstein(density, charge, D_sigma, T),
 *   dsigma = |sigma dD_sigma / D_sigma|.
 */
void hop_transport_derive(struct hop_transport *x, double density_cm3,
    double charge, double T);

/* The flags, as bits, in the order of hop_tr_flag_names. */
enum {
	HOP_TR_SELF_NONPOS = 1 << 0, /* D* not positive (NaN included) */
	HOP_TR_COLL_NONPOS = 1 << 1, /* D_sigma not positive */
	HOP_TR_SELF_UNRES = 1 << 2,  /* D* positive, not above dD* */
	HOP_TR_COLL_UNRES = 1 << 3,  /* D_sigma positive, not above dD */
	HOP_TR_HALVES = 1 << 4,      /* the run's halves disagree */
	HOP_TR_SHORT = 1 << 5,       /* the run is too short (the caller's) */
	HOP_TR_NO_T = 1 << 6,        /* no temperature: no conductivity */
	HOP_TR_NO_PLATEAU = 1 << 7   /* D still moving (the caller's) */
};
#define HOP_TR_NFLAGS 8

/* "D_self_not_positive", "D_coll_not_positive", "D_self_unresolved",
 * "D_coll_unresolved", "halves_disagree", "run_too_short",
 * "no_temperature", "no_plateau". */
extern const char *const hop_tr_flag_names[HOP_TR_NFLAGS];

/*
 * Whether a and b differ by more than 2.5 times their combined
 * uncertainty hypot(da, db): with two such tests (D* and D_sigma), a
 * stationary run raises HOP_TR_HALVES about 2 % of the time.  1 or 0.
 */
int hop_tr_differ(double a, double da, double b, double db);

/*
 * The flags the numbers raise: SELF_NONPOS or else SELF_UNRES of x's D*,
 * the same for D_sigma, NO_T when T is not a positive number, and with
 * halves (the run's two halves; NULL: not compared) HALVES when their D*
 * or their D_sigma differ (hop_tr_differ).  SHORT and NO_PLATEAU are
 * the estimator's to set.
 */
unsigned hop_tr_flags(const struct hop_transport *x,
    const struct hop_transport *halves, double T);

/*
 * With HOP_TR_HALVES in flags, x's uncertainties of D* and of D_sigma are
 * each multiplied by the halves' Birge ratio |a - b| / hypot(da, db) of
 * that quantity when it is above 1, and x's derived numbers follow (with
 * density_cm3, charge and T as hop_transport_derive has them): the spread
 * of the two halves measures the uncertainty where the estimator's, which
 * takes the ions as independent, is too small (correlated or rare events,
 * a run not stationary).  The factors go into f[0] (D*) and f[1]
 * (D_sigma), 1 where none; f may be NULL.
 */
void hop_tr_widen(struct hop_transport *x,
    const struct hop_transport *halves, unsigned flags, double density_cm3,
    double charge, double T, double f[2]);

/* The flags as their names joined by commas, or "ok" for none, into buf
 * (size bytes, always terminated); returns buf or "ok". */
const char *hop_tr_flag_list(unsigned flags, char *buf, size_t size);

#endif
