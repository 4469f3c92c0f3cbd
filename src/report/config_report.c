#include "report/config_report.h"

#include <stdlib.h>
#include <string.h>

#include "config/config_text.h"
#include "store/store.h"
#include "surface/issues.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/xalloc.h"

int config_item_load(struct ks_store *st, int64_t id, const char *name, struct config_item *it)
{
	struct ks_surface s = { 0 };
	if (ks_store_load_config(st, id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	char value[4096];
	bool not_set = false;
	int set = s.config ? config_lookup(s.config, name, value, sizeof(value), &not_set) : 0;
	it->state = !s.config ? "no config" : set ? "set" : not_set ? "not set" : "absent";
	it->value = set ? xstrdup(value) : NULL;
	surface_free(&s);
	return 0;
}

void config_item_free(struct config_item *it)
{
	free(it->value);
	it->value = NULL;
}

bool config_item_present(const struct config_item *it)
{
	return it->value || (it->state && !strcmp(it->state, "not set"));
}

void config_item_print(FILE *out, bool md, const char *name, const char *image,
		       const struct config_item *it, bool first)
{
	bool set = it->value != NULL, not_set = !strcmp(it->state, "not set");
	bool absent = !strcmp(it->state, "absent");
	if (!md) {
		if (first)
			fprintf(out, "Config %s\n", name);
		fprintf(out, "  %-28s ", image);
		if (set)
			fprintf(out, "%s=%s\n", name, it->value);
		else if (not_set)
			fprintf(out, "# %s is not set\n", name);
		else
			fprintf(out, "%s\n", absent ? ks_issue_name(ISSUE_ABSENT) : "no config stored");
		return;
	}
	if (!first)
		fputc('\n', out);
	fputs("In ", out);
	fput_code(out, true, image);
	fputs(": ", out);
	struct strbuf line = { 0 };
	if (set)
		sb_addf(&line, "%s=%s", name, it->value);
	else if (not_set)
		sb_addf(&line, "# %s is not set", name);
	if (set || not_set) {
		fput_code(out, true, sb_str(&line));
		fputc('\n', out);
	} else if (absent)
		fprintf(out, "%s ⚠️\n", ks_issue_name(ISSUE_ABSENT));
	else
		fputs("no config stored\n", out);
	sb_free(&line);
}

void config_item_json(struct json_writer *w, const char *image, const struct config_item *it)
{
	jw_obj_open(w);
	jw_key(w, "image");
	jw_str(w, image);
	jw_key(w, "state");
	jw_str(w, it->state);
	jw_key(w, "value");
	jw_str(w, it->value);
	jw_obj_close(w);
}
