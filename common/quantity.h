/*
 * quantity.h - the axis label of a table column: the quantity it holds
 * and its unit, in the typography of a paper (Unicode: Å, cm² s⁻¹, σ,
 * Δt) rather than the column's ASCII name.  The names are those of the
 * tools' tables and of examples/database's summary.tsv.
 */
#ifndef HOP_QUANTITY_H
#define HOP_QUANTITY_H

/*
 * The label of column name: "length_A" gives "hop length (Å)",
 * "D_self_cm2_s" "D* (cm² s⁻¹)", "sigma_S_cm" "σ (S cm⁻¹)", "P_N2"
 * "P(N = 2)".  A name it does not know is returned as it is (name
 * itself, not a copy), so that any table still gets labelled axes.
 * The strings returned are UTF-8 and static.
 */
const char *hop_quantity_label(const char *name);

#endif
