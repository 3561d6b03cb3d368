/*
 * jobs.h - run a handful of independent jobs on threads: the calling
 * thread does the first, one POSIX thread each does the others, and a
 * job whose thread cannot be started is done on the calling thread
 * afterwards, so what the jobs compute never depends on how many threads
 * the system let us start.
 */
#ifndef HOP_JOBS_H
#define HOP_JOBS_H

#include <stddef.h>

/*
 * Call fn on each of the n job structs of size bytes at jobs (fn gets a
 * pointer to its struct; its return value is ignored) and return when
 * every call has returned.  Job 0 runs on the calling thread, jobs 1..n-1
 * each on a thread of its own, all at the same time; a job whose thread
 * could not be created (or all of them, when the bookkeeping cannot be
 * allocated) runs on the calling thread after job 0.  Every job runs
 * exactly once.  n = 0 does nothing; n = 1 starts no thread.  The jobs
 * must not share anything they write, except under their own locks.
 */
void hop_jobs_run(void *(*fn)(void *), void *jobs, size_t size, unsigned n);

#endif
