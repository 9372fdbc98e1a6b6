/* fuzz.h - what every fuzz target under tests/fuzz/ defines.
 *
 * A target is a libFuzzer entry point: it feeds the bytes it is given to
 * one parser of the core and checks what must hold whatever the input (no
 * crash, no leak, and the properties the target names: a parsed amount
 * formats back to itself, a clipped string fits its width...), calling
 * fuzz_fail() when one does not. Built two ways:
 *   make check            each target is linked with replay.c and runs over
 *                         its seed corpus in tests/fuzz/corpus/NAME/ (fast,
 *                         deterministic), under the sanitizers of the build;
 *   --enable-fuzzing      each target is linked with libFuzzer (clang) for
 *                         long runs: tests/fuzz/fuzz_NAME corpus/NAME/
 */
#ifndef SALESTERM_FUZZ_H
#define SALESTERM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property does not hold: say which, and abort (the fuzzer keeps the input). */
#define fuzz_fail(...)                                                                             \
	do {                                                                                       \
		fprintf(stderr, "fuzz: property failed at %s:%d: ", __FILE__, __LINE__);           \
		fprintf(stderr, __VA_ARGS__);                                                      \
		fputc('\n', stderr);                                                               \
		abort();                                                                           \
	} while (0)

/* The input as a NUL-terminated string (embedded NULs end it early, as they
 * would for any C string the program reads). Caller frees. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}

#endif
