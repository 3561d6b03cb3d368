/*
 * fuzz_incar.c - libFuzzer driver for the INCAR parser: split the bytes
 * into tags (the buffer is not NUL-terminated, so a parser that runs past
 * its length is caught) and look up the tags xdat2bin asks for.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "incar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *keys[] = {"POTIM", "NBLOCK", "TEBEG", "potim", ""};
	struct hop_incar inc;
	struct hop_err err;
	const struct hop_incar_tag *tag;
	char *text;
	double d;
	uint64_t u;
	size_t i;

	/* An exact-size copy: ASan flags any read beyond size. */
	if ((text = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	if (hop_incar_parse(text, size, "fuzz", &inc, &err) == 0) {
		for (i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
			(void)hop_incar_find(&inc, keys[i], &tag, &err);
			(void)hop_incar_double(&inc, keys[i], &d, &err);
			(void)hop_incar_u64(&inc, keys[i], &u, &err);
		}
		for (i = 0; i < inc.ntags; i++)
			if (hop_incar_find(&inc, inc.tags[i].key, &tag,
			    &err) == 1 && strlen(tag->value) > size)
				abort(); /* a value longer than the text */
		hop_incar_free(&inc);
	}
	free(text);
	return 0;
}
