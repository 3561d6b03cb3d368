/*
 * test_quantity.c - column names become quantities with units in
 * Unicode typography; unknown names pass through unchanged.
 */
#include <string.h>

#include "quantity.h"
#include "t.h"

#define T_LABEL(name, want) \
	T_OK("label of " name, strcmp(hop_quantity_label(name), want) == 0)

int
main(void)
{
	static const char unknown[] = "my_column";

	T_LABEL("length_A", "hop length (\xc3\x85)");
	T_LABEL("site_dist_A", "site distance (\xc3\x85)");
	T_LABEL("duration_ps", "hop duration (ps)");
	T_LABEL("wait_ps", "waiting time (ps)");
	T_LABEL("residence_ps", "residence time (ps)");
	T_LABEL("hop_rate_ps", "hop rate (ps\xe2\x81\xbb\xc2\xb9)");
	T_LABEL("D_self_cm2_s", "D* (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)");
	T_LABEL("D_coll_cm2_s", "D_\xcf\x83 (cm\xc2\xb2 s\xe2\x81\xbb\xc2\xb9)");
	T_LABEL("sigma_S_cm", "\xcf\x83 (S cm\xe2\x81\xbb\xc2\xb9)");
	T_LABEL("haven", "Haven ratio H_R");
	T_LABEL("T_K", "T (K)");
	T_LABEL("P_N2", "P(N = 2)");
	T_LABEL("dt_ps", "\xce\x94t (ps)");
	T_OK("an unknown name is itself",
	    hop_quantity_label(unknown) == unknown);
	T_OK("names are case-sensitive",
	    strcmp(hop_quantity_label("LENGTH_A"), "LENGTH_A") == 0);
	T_OK("a prefix is not the name",
	    strcmp(hop_quantity_label("length"), "length") == 0);
	T_OK("NULL stays NULL", hop_quantity_label(NULL) == NULL);
	return t_done();
}
