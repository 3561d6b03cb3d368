/*
 * sigclean.h - remove the temporary files of unfinished outputs when the
 * program ends before it could finish them: killed by SIGHUP, SIGINT
 * (^C), SIGTERM (kill, Slurm's time limit) or SIGPIPE (a closed
 * pipeline), or exiting on an error.  outfile.c registers each
 * temporary file it creates and unregisters it once renamed or removed.
 *
 * A signal's handler unlinks the registered files, then the signal ends
 * the program as it would have (the handler is reset first).  A signal
 * the program was started with ignored (nohup's SIGHUP) stays ignored.
 * Threads started by hop_sigclean_thread leave these signals to the
 * thread that registers files, so that no handler runs while the list
 * changes: register and unregister from that thread (the main one).
 */
#ifndef HOP_SIGCLEAN_H
#define HOP_SIGCLEAN_H

#include <pthread.h>

/* Remove path when a signal or exit ends the program (the handlers and
 * the exit hook are installed on the first call).  The string is copied.
 * 0, or -1 when out of memory (path is then not removed). */
int hop_sigclean_add(const char *path);
/* Forget path (its last registration); nothing when it is not there. */
void hop_sigclean_remove(const char *path);

/* pthread_create(tid, NULL, fn, arg) with SIGHUP, SIGINT, SIGTERM and
 * SIGPIPE blocked in the new thread.  Returns pthread_create's value. */
int hop_sigclean_thread(pthread_t *tid, void *(*fn)(void *), void *arg);

#endif
