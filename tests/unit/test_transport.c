/*
 * test_transport.c - the Haven ratio, the Nernst-Einstein conductivity
 * and their uncertainties against numbers worked by hand, and the rules
 * of the flags.
 */
#include <math.h>
#include <string.h>

#include "t.h"
#include "transport.h"

static void
test_derive(void)
{
	/* D* = 1e-5 +- 1e-6, D_sigma = 2e-5 +- 1.5e-6 cm^2/s. */
	struct hop_transport x = {1e-5, 1e-6, 2e-5, 1.5e-6, 0, 0, 0, 0};
	/* n = 1e22 cm^-3, q = 1, T = 1000 K:
	 * sigma = 1e22 (1.602176634e-19)^2 2e-5 / (1.380649e-23 1000)
	 *       = 0.3718498 S/cm. */
	double sig = 1e22 * 1.602176634e-19 * 1.602176634e-19 * 2e-5 /
	    (1.380649e-23 * 1000);

	hop_transport_derive(&x, 1e22, 1, 1000);
	T_NEAR("haven: D* / D_sigma", x.haven, 0.5, 1e-15);
	/* 0.5 hypot(0.1, 0.075) = 0.5 0.125 = 0.0625. */
	T_NEAR("haven: its uncertainty", x.dhaven, 0.0625, 1e-15);
	T_NEAR("sigma: Nernst-Einstein", x.sigma, 0.3718498, 1e-7);
	T_NEAR("sigma: as the formula", x.sigma, sig, 1e-15);
	/* sigma 1.5e-6 / 2e-5 = 0.075 sigma. */
	T_NEAR("sigma: its uncertainty", x.dsigma, 0.075 * sig, 1e-15);
	hop_transport_derive(&x, 1e22, 2, 1000);
	T_NEAR("sigma: charge squared", x.sigma, 4 * sig, 1e-14);
	hop_transport_derive(&x, 1e22, 1, NAN);
	T_OK("sigma: no temperature, no sigma", isnan(x.sigma) &&
	    x.haven == 0.5);
}

static void
test_flags(void)
{
	struct hop_transport ok = {1e-5, 1e-6, 2e-5, 1e-6, 0, 0, 0, 0};
	struct hop_transport h[2] = {{1e-5, 1e-6, 2e-5, 1e-6, 0, 0, 0, 0},
	    {1.3e-5, 1e-6, 2e-5, 1e-6, 0, 0, 0, 0}};
	struct hop_transport bad = {-1e-6, 1e-6, 1e-6, 2e-6, 0, 0, 0, 0};
	char buf[200];

	T_EQ_U("flags: none", hop_tr_flags(&ok, NULL, 1000), 0);
	T_OK("flags: none is ok", strcmp(hop_tr_flag_list(0, buf,
	    sizeof(buf)), "ok") == 0);
	/* |1e-5 - 1.3e-5| = 3e-6 is below 2.5 hypot(1e-6, 1e-6) =
	 * 3.54e-6; 1.4e-5 is not. */
	T_EQ_U("flags: halves within 2.5 combined sigma",
	    hop_tr_flags(&ok, h, 1000), 0);
	h[1].d_self = 1.4e-5;
	T_EQ_U("flags: halves beyond", hop_tr_flags(&ok, h, 1000),
	    HOP_TR_HALVES);
	T_EQ_U("flags: not positive, unresolved, no T",
	    hop_tr_flags(&bad, NULL, 0), HOP_TR_SELF_NONPOS |
	    HOP_TR_COLL_UNRES | HOP_TR_NO_T);
	bad.d_self = NAN;
	T_EQ_U("flags: NaN is not positive", hop_tr_flags(&bad, NULL, 300) &
	    HOP_TR_SELF_NONPOS, HOP_TR_SELF_NONPOS);
	T_OK("flags: names in bit order", strcmp(hop_tr_flag_list(
	    HOP_TR_NO_PLATEAU | HOP_TR_SELF_NONPOS | HOP_TR_HALVES, buf,
	    sizeof(buf)), "D_self_not_positive,halves_disagree,no_plateau") ==
	    0);
	T_OK("flags: a short buffer is cut", strcmp(hop_tr_flag_list(
	    HOP_TR_SHORT | HOP_TR_NO_T, buf, 16), "run_too_short,n") == 0);
	T_OK("differ: beyond 2.5 hypot(3, 3) = 10.61",
	    hop_tr_differ(0, 3, 10.7, 3) && !hop_tr_differ(0, 3, 10.6, 3));
}

/* The halves' Birge ratio widens dD* and dD_sigma, each its own, never
 * narrows them, and only with HOP_TR_HALVES; the derived numbers follow. */
static void
test_widen(void)
{
	struct hop_transport x = {1e-5, 1e-6, 2e-5, 2e-6, 0, 0, 0, 0}, y;
	/* D*: |1e-5 - 1.5e-5| / hypot(1e-6, 1e-6) = 3.5355; D_sigma:
	 * |2e-5 - 2.1e-5| / hypot(2e-6, 2e-6) = 0.354, so 1. */
	struct hop_transport h[2] = {{1e-5, 1e-6, 2e-5, 2e-6, 0, 0, 0, 0},
	    {1.5e-5, 1e-6, 2.1e-5, 2e-6, 0, 0, 0, 0}};
	double f[2];

	y = x;
	hop_tr_widen(&y, h, 0, 1e22, 1, 1000, f);
	T_OK("widen: not without the flag", y.dd_self == 1e-6 &&
	    y.dd_coll == 2e-6 && f[0] == 1 && f[1] == 1);
	hop_tr_widen(&y, h, HOP_TR_HALVES, 1e22, 1, 1000, f);
	T_NEAR("widen: D* by the halves' Birge ratio", f[0],
	    5 / sqrt(2.0), 1e-12);
	T_NEAR("widen: dD*", y.dd_self, 1e-6 * 5 / sqrt(2.0), 1e-18);
	T_OK("widen: D_sigma not narrowed (ratio 0.35)", f[1] == 1 &&
	    y.dd_coll == 2e-6);
	/* H = 0.5, dH = 0.5 hypot(dD* / D*, 0.1). */
	T_NEAR("widen: dH follows", y.dhaven, 0.5 * hypot(0.5 / sqrt(2.0),
	    0.1), 1e-12);
	y = x;
	hop_tr_widen(&y, NULL, HOP_TR_HALVES, 1e22, 1, 1000, NULL);
	T_OK("widen: no halves, nothing", y.dd_self == 1e-6);
}

int
main(void)
{
	test_derive();
	test_flags();
	test_widen();
	return t_done();
}
