/*
 * jobs.c - see jobs.h.
 */
#include <pthread.h>
#include <stdlib.h>

#include "jobs.h"
#include "sigclean.h"

void
hop_jobs_run(void *(*fn)(void *), void *jobs, size_t size, unsigned n)
{
	char *job = jobs;
	pthread_t *tid;
	unsigned char *started;
	unsigned t;

	if (n == 0)
		return;
	tid = n > 1 ? calloc(n, sizeof(*tid)) : NULL;
	started = n > 1 ? calloc(n, 1) : NULL;
	/* Without room to note the threads, every job runs here, in turn. */
	for (t = 1; tid != NULL && started != NULL && t < n; t++)
		started[t] = hop_sigclean_thread(&tid[t], fn,
		    job + (size_t)t * size) == 0;
	fn(job);
	for (t = 1; t < n; t++) {
		if (started != NULL && started[t])
			pthread_join(tid[t], NULL);
		else
			fn(job + (size_t)t * size);
	}
	free(tid);
	free(started);
}
