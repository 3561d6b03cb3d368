/*
 * sigclean.c - see sigclean.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigclean.h"

static const int fatal[] = {SIGHUP, SIGINT, SIGTERM, SIGPIPE};
#define NFATAL (sizeof(fatal) / sizeof(fatal[0]))

/* The registered paths.  The handler reads them; they change only with
 * the signals blocked in the thread that changes them, and the threads
 * of hop_sigclean_thread never take the signals. */
static char **live;
static size_t nlive, caplive;
static int installed;

static void
fatal_set(sigset_t *s)
{
	size_t i;

	sigemptyset(s);
	for (i = 0; i < NFATAL; i++)
		sigaddset(s, fatal[i]);
}

static void
unlink_all(void)
{
	size_t i;

	for (i = 0; i < nlive; i++)
		unlink(live[i]);
}

/* Remove the files, then let the signal end the program as it would
 * have: the default action, delivered when the handler returns (the
 * signal is blocked until then). */
static void
on_signal(int sig)
{
	struct sigaction sa;
	int e = errno;

	unlink_all();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig);
	errno = e;
}

static void
on_exit_hook(void)
{
	sigset_t s, old;
	size_t i;

	fatal_set(&s);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	unlink_all();
	for (i = 0; i < nlive; i++)
		free(live[i]);
	free(live);
	live = NULL;
	nlive = caplive = 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void
install(void)
{
	size_t i;

	installed = 1;
	atexit(on_exit_hook);
	for (i = 0; i < NFATAL; i++) {
		struct sigaction old, sa;

		/* Only where the signal would end the program: a signal
		 * ignored (nohup) or handled by someone else stays so. */
		if (sigaction(fatal[i], NULL, &old) != 0 ||
		    old.sa_handler != SIG_DFL)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		fatal_set(&sa.sa_mask);
		sigaction(fatal[i], &sa, NULL);
	}
}

int
hop_sigclean_add(const char *path)
{
	sigset_t s, old;
	char *p = strdup(path);
	int ret = 0;

	if (p == NULL)
		return -1;
	fatal_set(&s);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	if (!installed)
		install();
	if (nlive == caplive) {
		size_t nc = caplive ? 2 * caplive : 8;
		char **n = realloc(live, nc * sizeof(*n));

		if (n == NULL) {
			free(p);
			p = NULL;
			ret = -1;
		} else {
			live = n;
			caplive = nc;
		}
	}
	if (p != NULL)
		live[nlive++] = p;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret;
}

void
hop_sigclean_remove(const char *path)
{
	sigset_t s, old;
	size_t i;

	fatal_set(&s);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	for (i = nlive; i-- > 0;)
		if (strcmp(live[i], path) == 0) {
			free(live[i]);
			live[i] = live[--nlive];
			break;
		}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int
hop_sigclean_thread(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	sigset_t s, old;
	int rc;

	fatal_set(&s);
	pthread_sigmask(SIG_BLOCK, &s, &old);
	rc = pthread_create(tid, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
