/* fuzz_keymap.c - key bindings as the config file and `:bind` give them
 * (ui/keys.c keymap_load, keys_parse, keys_name): any bytes. A key name
 * that parses names a key that reads back as a name that parses to it. */
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *errors = NULL, name[64];
	struct config *c = config_parse(s, "config");
	struct keymap *km = keymap_new();
	int key = keys_parse(s);

	keymap_load(km, c, &errors);
	free(errors);
	if (key >= 0) {
		keys_name(key, name, sizeof(name));
		if (keys_parse(name) != key)
			fuzz_fail("key \"%s\" is %d, named \"%s\", which parses to %d", s, key,
				  name, keys_parse(name));
	}
	keymap_free(&km);
	config_free(&c);
	free(s);
	return 0;
}
