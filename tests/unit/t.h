/*
 * t.h - a tiny unit-test harness: each check prints "pass<TAB>name" or
 * "fail<TAB>name: detail", which tests/run.sh counts.  main() returns
 * t_done(), non-zero when anything failed.
 */
#ifndef HOP_T_H
#define HOP_T_H

#include <math.h>
#include <stdio.h>

static int t_failed;

#define T_OK(name, cond) do {						\
	if (cond) printf("pass\t%s\n", name);				\
	else { printf("fail\t%s: %s (%s:%d)\n", name, #cond,		\
	    __FILE__, __LINE__); t_failed = 1; }			\
} while (0)

#define T_EQ_U(name, got, want) do {					\
	unsigned long long t_g = (got), t_w = (want);			\
	if (t_g == t_w) printf("pass\t%s\n", name);			\
	else { printf("fail\t%s: got %llu, want %llu (%s:%d)\n", name,	\
	    t_g, t_w, __FILE__, __LINE__); t_failed = 1; }		\
} while (0)

#define T_NEAR(name, got, want, tol) do {				\
	double t_g = (got), t_w = (want);				\
	if (fabs(t_g - t_w) <= (tol)) printf("pass\t%s\n", name);	\
	else { printf("fail\t%s: got %.17g, want %.17g (%s:%d)\n",	\
	    name, t_g, t_w, __FILE__, __LINE__); t_failed = 1; }	\
} while (0)

static inline int
t_done(void)
{
	return t_failed;
}

#endif
