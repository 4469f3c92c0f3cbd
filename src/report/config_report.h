/* config_report.h — a kernel config option in one image, as `ksurf show
 * config CONFIG_X` prints it image by image: text a line per image under a
 * "Config NAME" head, md the Status item "In <code>IMAGE</code>: ...", JSON
 * {"image", "state", "value"}.
 */
#ifndef KSURF_REPORT_CONFIG_REPORT_H
#define KSURF_REPORT_CONFIG_REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/json_writer.h"

struct ks_store;

/* An option in one image: STATE "set" (VALUE, malloc'd), "not set", "absent"
 * or "no config" (the image has none stored). */
struct config_item {
	const char *state;
	char *value;
};

/* Option NAME in image ID into *IT (free with config_item_free); -1 after an
 * error line. */
int config_item_load(struct ks_store *st, int64_t id, const char *name, struct config_item *it);
void config_item_free(struct config_item *it);

/* Whether the image's config names the option: set, or "is not set". */
bool config_item_present(const struct config_item *it);

/* IT of IMAGE as text (MD false: "  IMAGE  NAME=VALUE", under "Config NAME"
 * when FIRST) or as its md Status item (a blank line before it unless FIRST). */
void config_item_print(FILE *out, bool md, const char *name, const char *image,
		       const struct config_item *it, bool first);

/* IT of IMAGE as the object {"image", "state", "value"}. */
void config_item_json(struct json_writer *w, const char *image, const struct config_item *it);

#endif
