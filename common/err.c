#include <stdio.h>

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
