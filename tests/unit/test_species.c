/*
 * test_species.c - species names and elements: hop_species_same_element
 * (a name up to a '_' or '/' suffix, as VASP's POTCAR names are
 * written), and the run's family chosen by it.
 */
#include <string.h>

#include "species.h"
#include "t.h"

int
main(void)
{
	static struct hop_species sp[2] = {{"Ca_sv", 108}, {"F_s", 216}};
	struct hop_header h;

	T_OK("F and F", hop_species_same_element("F", "F"));
	T_OK("F_s and F", hop_species_same_element("F_s", "F"));
	T_OK("F and F_s", hop_species_same_element("F", "F_s"));
	T_OK("F/77cd and F_s", hop_species_same_element("F/77cd", "F_s"));
	T_OK("Fe is not F", !hop_species_same_element("Fe", "F"));
	T_OK("F is not Fe_pv", !hop_species_same_element("F", "Fe_pv"));
	T_OK("Li1 is not Li", !hop_species_same_element("Li1", "Li"));
	T_OK("_s is no element", !hop_species_same_element("_s", "_s"));
	T_OK("empty is no element", !hop_species_same_element("", ""));
	memset(&h, 0, sizeof(h));
	h.nspecies = 2;
	h.species = sp;
	T_EQ_U("family of Ca_sv F_s: F_s", hop_family_species(&h), 1);
	T_OK("Halide-based", strcmp(hop_family_name(&h), "Halide-based") ==
	    0);
	return t_done();
}
