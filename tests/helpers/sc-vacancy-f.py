"""sc-vacancy-f.py L [L ...] - the exact tracer correlation factor of the
vacancy mechanism with ONE vacancy on a periodic simple cubic lattice of
L x L x L sites: the reference hopsites' f is tested against
(tests/cli/hopsites.sh, tests/bench/hopsites-corr.sh).  Prints "L N f c".

Method (Compaan and Haven's, Trans. Faraday Soc. 52, 786 (1956), on the
finite lattice instead of the infinite one).  After the tracer jumps by
+e, the vacancy sits at -e from it.  The vacancy walks to a random
neighbour each step; the tracer next jumps when the vacancy steps onto it,
from neighbour v, and then jumps by v.  By cubic symmetry successive jump
directions form a Markov chain with E[d' | d] = c d, so

    f = (1 + c) / (1 - c),   c = P(arrive from +e) - P(arrive from -e),

and on a finite periodic lattice the vacancy always comes back.  The
arrival probabilities from start s are G(s, v) / 6, G the Green's
function of the walk killed on the tracer's site (expected visits to v
before reaching it): G = (I - Q)^-1 with Q the walk's transition matrix
without that site, solved sparse with scipy.  As L grows f tends to
Compaan and Haven's 0.65311, about as 0.6531 + 1 / L^3 (L = 8: 0.65504;
L = 12: 0.65365; L = 24: 0.65318).  Several vacancies are not this model:
a tracer's consecutive jumps may then be made by different vacancies, so
f rises with the vacancy fraction (to 1 as the fraction goes to 1);
tests/bench/hopsites-corr.sh measures that too.
"""
import sys

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl


def correlation_factor(L):
    n = L ** 3
    i, j, k = np.unravel_index(np.arange(n), (L, L, L))
    rows, cols = [], []
    for d in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1),
              (0, 0, -1)):
        rows.append(np.arange(n))
        cols.append(np.ravel_multi_index(((i + d[0]) % L, (j + d[1]) % L,
                                          (k + d[2]) % L), (L, L, L)))
    p = sp.csr_matrix((np.full(6 * n, 1 / 6), (np.concatenate(rows),
                                               np.concatenate(cols))),
                      shape=(n, n))
    keep = np.arange(1, n)           # site 0 is the tracer's
    a = (sp.identity(n - 1) - p[keep][:, keep]).tocsc()
    plus = np.ravel_multi_index((1, 0, 0), (L, L, L)) - 1
    minus = np.ravel_multi_index((L - 1, 0, 0), (L, L, L)) - 1
    e = np.zeros(n - 1)
    e[minus] = 1
    g = spl.splu(a).solve(e, trans="T")  # row "minus" of (I - Q)^-1
    c = (g[plus] - g[minus]) / 6
    return (1 + c) / (1 - c), c


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: sc-vacancy-f.py L [L ...]")
    for arg in sys.argv[1:]:
        size = int(arg)
        if size < 3:
            sys.exit("sc-vacancy-f.py: L must be at least 3")
        f, c = correlation_factor(size)
        print("%d %d %.6f %.6f" % (size, size ** 3, f, c))


if __name__ == "__main__":
    main()
