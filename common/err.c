#include <stdio.h>
#include <string.h>

#include "err.h"

void
hop_err_vset(struct hop_err *err, const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

void
hop_err_set(struct hop_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hop_err_vset(err, fmt, ap);
	va_end(ap);
}

void
hop_err_prefix(struct hop_err *err, const char *prefix)
{
	char msg[HOP_ERR_MAX];

	if (err == NULL)
		return;
	memcpy(msg, err->msg, sizeof(msg));
	hop_err_set(err, "%s: %s", prefix, msg);
}
