# hopmatch.awk - how well detected hops match a reference list, for the
# kmeans-hops tests and benchmarks:
#
#     awk -F '\t' -v tol=N -f tests/helpers/hopmatch.awk TRUTH DETECTED
#
# TRUTH: "atom start end ..." (gen-traj --truth) or "ion frame_left
# frame_arrived ..." (a site-based list); DETECTED: the kmeans-hops --tsv
# table.  Comment lines and header lines are skipped.  A detected hop
# matches a true one of the same atom whose frame range overlaps its own
# within tol frames (default 0).  Prints one line:
#
#     P R P1:1 R1:1 start_err end_err found true F1 F1_1:1
#
# P and R count every overlap; P1:1 and R1:1 pair each true hop with one
# detected hop at most (so a hop split in two counts once); start_err and
# end_err are the median |frame difference| of first matches (a median,
# as one hop merged over two sites spans hundreds of frames); F1 is that
# of P and R, F1_1:1 that of P1:1 and R1:1, unrounded (9 decimals), for
# comparing two detections.

function abs(v) { return v < 0 ? -v : v }

function median(a, k,   i, j, t) {
	for (i = 2; i <= k; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	if (k == 0) return 0
	if (k % 2) return a[(k + 1) / 2]
	return (a[k / 2] + a[k / 2 + 1]) / 2
}

function overlaps(j, i) {
	return da[j] == ta[i] && ds[j] <= te[i] + tol && ts[i] <= de[j] + tol
}

/^#/ || $1 == "ion" || $1 == "atom" { next }
FILENAME == ARGV[1] { n++; ta[n] = $1; ts[n] = $2; te[n] = $3; next }
{ m++; da[m] = $1; ds[m] = $3; de[m] = $4 }

END {
	tol += 0
	for (j = 1; j <= m; j++)
		for (i = 1; i <= n; i++)
			if (overlaps(j, i)) {
				if (!dm[j]) { dm[j] = 1; nd++ }
				if (!tm[i]) {
					tm[i] = 1; nt++
					es[nt] = abs(ds[j] - ts[i])
					ee[nt] = abs(de[j] - te[i])
				}
			}
	for (j = 1; j <= m; j++)
		for (i = 1; i <= n; i++)
			if (!used[i] && overlaps(j, i)) {
				used[i] = 1; o++
				break
			}
	p = m ? nd / m : 1
	r = n ? nt / n : 1
	f = p + r > 0 ? 2 * p * r / (p + r) : 0
	p1 = m ? o / m : 1
	r1 = n ? o / n : 1
	f1 = p1 + r1 > 0 ? 2 * p1 * r1 / (p1 + r1) : 0
	printf "%.3f %.3f %.3f %.3f %.1f %.1f %d %d %.3f %.9f\n", p, r,
	    p1, r1, median(es, nt), median(ee, nt), m, n, f, f1
}
