/*
 * test_jobs.c - hop_jobs_run (common/jobs.c): every job runs exactly
 * once, the first on the calling thread, the others at the same time as
 * it (jobs that wait for each other at a barrier finish, within a
 * timeout, so a runner that ran them one after another fails here rather
 * than hanging).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "jobs.h"
#include "t.h"

/* A barrier with a deadline: pthread_barrier_wait has none. */
struct meet {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned arrived, want;
};

struct job {
	struct meet *meet;  /* NULL: do not wait for the others */
	unsigned calls;     /* times the runner called us */
	int timed_out;      /* the others did not all arrive in time */
	pthread_t self;     /* the thread we ran on */
	char pad[40];       /* a size that is not a power of two */
};

static void *
run(void *arg)
{
	struct job *j = arg;
	struct timespec until;
	int rc = 0;

	j->calls++;
	j->self = pthread_self();
	if (j->meet == NULL)
		return NULL;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&j->meet->mu);
	j->meet->arrived++;
	pthread_cond_broadcast(&j->meet->cv);
	while (j->meet->arrived < j->meet->want && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&j->meet->cv, &j->meet->mu,
		    &until);
	j->timed_out = j->meet->arrived < j->meet->want;
	pthread_mutex_unlock(&j->meet->mu);
	return NULL;
}

/* Run n jobs (meeting at a barrier when meet) and check them. */
static void
check(unsigned n, int meet)
{
	static struct job job[64];
	struct meet m;
	unsigned i, once = 0, waited = 0, others = 0;
	char name[96];

	memset(job, 0, sizeof(job));
	pthread_mutex_init(&m.mu, NULL);
	pthread_cond_init(&m.cv, NULL);
	m.arrived = 0;
	m.want = n;
	for (i = 0; i < n; i++)
		job[i].meet = meet ? &m : NULL;
	hop_jobs_run(run, job, sizeof(job[0]), n);
	for (i = 0; i < n; i++) {
		once += job[i].calls == 1;
		waited += !job[i].timed_out;
		others += i > 0 && !pthread_equal(job[i].self, pthread_self());
	}
	snprintf(name, sizeof(name), "n=%u%s: every job ran exactly once", n,
	    meet ? " (barrier)" : "");
	T_EQ_U(name, once, n);
	if (n < 64) {
		snprintf(name, sizeof(name), "n=%u%s: job n not run", n,
		    meet ? " (barrier)" : "");
		T_EQ_U(name, job[n].calls, 0);
	}
	snprintf(name, sizeof(name), "n=%u%s: first job on the calling thread",
	    n, meet ? " (barrier)" : "");
	if (n > 0)
		T_OK(name, pthread_equal(job[0].self, pthread_self()));
	if (meet) {
		snprintf(name, sizeof(name), "n=%u: all %u jobs at the "
		    "barrier at once", n, n);
		T_EQ_U(name, waited, n);
		snprintf(name, sizeof(name), "n=%u: the other jobs on threads "
		    "of their own", n);
		T_EQ_U(name, others, n - 1);
	}
	pthread_mutex_destroy(&m.mu);
	pthread_cond_destroy(&m.cv);
}

int
main(void)
{
	static const unsigned ns[] = {1, 2, 7, 64};
	size_t i;

	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		check(ns[i], 0);
		check(ns[i], 1);
	}
	check(0, 0);
	return t_done();
}
