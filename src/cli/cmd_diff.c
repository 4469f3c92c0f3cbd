/* cmd_diff.c — `ksurf diff A B`: what changed from image A to image B, per kind. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "diff/image_diff.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/words.h"
#include "util/text_esc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf diff IMAGE_A IMAGE_B [--kind KIND,...] [--format text|md|json|jsonl]\n"
		"\n"
		"What changed from IMAGE_A to IMAGE_B, for each kind of dependency: func,\n"
		"struct, union, enum (BTF types), tracepoint, lsm, kfunc, syscall, config\n"
		"(default: all).  Per kind the counts (old, new, added, removed, changed, and\n"
		"changes per issue: Param added, Field type changed, ...), then the names\n"
		"added and removed and each changed one with its changes.  json: one\n"
		"document {\"old\", \"new\", \"kinds\": [{\"kind\", \"old\", \"new\", \"issues\",\n"
		"\"added\", \"removed\", \"changed\": [{\"name\", \"changes\": [{\"issue\", \"old\",\n"
		"\"new\"}]}]}]}; jsonl: one kind object per line.\n");
}

static void print_text(const struct kind_diff *d, bool md)
{
	if (md)
		printf("## %s\n\n", d->kind);
	printf("%s%s: %zu -> %zu, %zu added, %zu removed, %zu changed\n", md ? "" : "",
	       d->kind, d->n_old, d->n_new, d->added.n, d->removed.n, d->changed.n);
	for (int i = 0; i < DIFF__COUNT; i++)
		if (d->issues[i])
			printf("%s%s: %zu\n", md ? "- " : "  ", diff_issue_str(i), d->issues[i]);
	if (md)
		fputc('\n', stdout);
	const char *const what[][2] = { { "- added ", "+ " }, { "- removed ", "- " } };
	const __typeof__(d->added) *lists[] = { &d->added, &d->removed };
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			fputs(what[l][!md], stdout);
			fput_code(stdout, md, lists[l]->v[i]);
			fputc('\n', stdout);
		}
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct changed_item *c = &d->changed.v[i];
		fputs(md ? "- changed " : "~ ", stdout);
		fput_code(stdout, md, c->name);
		fputc('\n', stdout);
		for (size_t k = 0; k < c->changes.n; k++) {
			const struct diff_change *ch = &c->changes.v[k];
			printf(md ? "  - <b>%s. </b>" : "    %s.", diff_issue_str(ch->issue));
			if (ch->old_text) {
				fputs(md ? "" : " ", stdout);
				fput_code(stdout, md, ch->old_text);
			}
			if (ch->old_text && ch->new_text) {
				fputs(md ? " ➡️ " : " -> ", stdout);
				fput_code(stdout, md, ch->new_text);
			}
			fputc('\n', stdout);
		}
	}
	fputc('\n', stdout);
}

static void print_json(const struct kind_diff *d)
{
	struct json_writer w;
	jw_init(&w, stdout);
	jw_obj_open(&w);
	jw_key(&w, "kind");
	jw_str(&w, d->kind);
	jw_key(&w, "old");
	jw_u64(&w, d->n_old);
	jw_key(&w, "new");
	jw_u64(&w, d->n_new);
	jw_key(&w, "issues");
	jw_obj_open(&w);
	for (int i = 0; i < DIFF__COUNT; i++)
		if (d->issues[i]) {
			jw_key(&w, diff_issue_str(i));
			jw_u64(&w, d->issues[i]);
		}
	jw_obj_close(&w);
	jw_key(&w, "added");
	jw_arr_open(&w);
	for (size_t i = 0; i < d->added.n; i++)
		jw_str(&w, d->added.v[i]);
	jw_arr_close(&w);
	jw_key(&w, "removed");
	jw_arr_open(&w);
	for (size_t i = 0; i < d->removed.n; i++)
		jw_str(&w, d->removed.v[i]);
	jw_arr_close(&w);
	jw_key(&w, "changed");
	jw_arr_open(&w);
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct changed_item *c = &d->changed.v[i];
		jw_obj_open(&w);
		jw_key(&w, "name");
		jw_str(&w, c->name);
		jw_key(&w, "changes");
		jw_arr_open(&w);
		for (size_t k = 0; k < c->changes.n; k++) {
			jw_obj_open(&w);
			jw_key(&w, "issue");
			jw_str(&w, diff_issue_str(c->changes.v[k].issue));
			jw_key(&w, "old");
			jw_str(&w, c->changes.v[k].old_text);
			jw_key(&w, "new");
			jw_str(&w, c->changes.v[k].new_text);
			jw_obj_close(&w);
		}
		jw_arr_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_obj_close(&w);
}

int do_diff(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int format = KS_FORMAT_TEXT, c;
	const char *kinds = NULL;
	while ((c = getopt_long(argc, argv, ":k:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			kinds = optarg;
			break;
		case 'f':
			format = cli_parse_format(optarg, "text,md,json,jsonl");
			if (format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, "IMAGE_A IMAGE_B"))
		return KS_EXIT_ERROR;
	bool want[IMAGE_DIFF_KINDS];
	for (int i = 0; i < IMAGE_DIFF_KINDS; i++)
		want[i] = kinds == NULL;
	const char *w;
	size_t l;
	for (const char *p = kinds; words_next(&p, &w, &l);) {
		int k = words_index(w, l, image_diff_kinds, IMAGE_DIFF_KINDS);
		if (k < 0) {
			ks_error("diff: unknown kind '%.*s' (func, struct, union, enum, tracepoint, lsm, "
				 "kfunc, syscall, config)", (int)l, w);
			return KS_EXIT_ERROR;
		}
		want[k] = true;
	}
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	char name_a[512], name_b[512];
	int64_t a = ks_store_find_image(&st, "diff", argv[optind], name_a, sizeof(name_a));
	int64_t b = a > 0 ? ks_store_find_image(&st, "diff", argv[optind + 1], name_b, sizeof(name_b)) : 0;
	if (a <= 0 || b <= 0) {
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	int ret = KS_EXIT_OK;
	bool json = format == KS_FORMAT_JSON || format == KS_FORMAT_JSONL;
	struct jw_records recs;
	if (format == KS_FORMAT_JSON) {
		printf("{\"old\": ");
		json_write_string(stdout, name_a);
		printf(", \"new\": ");
		json_write_string(stdout, name_b);
		printf(", \"kinds\": ");
	}
	if (json)
		jw_records_begin(&recs, stdout, format == KS_FORMAT_JSONL);
	if (format == KS_FORMAT_MD) {
		fputs("# Differences between ", stdout);
		fput_code(stdout, true, name_a);
		fputs(" and ", stdout);
		fput_code(stdout, true, name_b);
		fputs("\n\n", stdout);
	}
	for (int i = 0; i < IMAGE_DIFF_KINDS && ret == KS_EXIT_OK; i++) {
		if (!want[i])
			continue;
		struct arena ar = { 0 };
		struct kind_diff d;
		if (image_diff_kind(&st, a, b, image_diff_kinds[i], &ar, &d) < 0)
			ret = KS_EXIT_ERROR;
		else if (json) {
			jw_records_next(&recs);
			print_json(&d);
		}
		else
			print_text(&d, format == KS_FORMAT_MD);
		kind_diff_free(&d);
		arena_free(&ar);
	}
	if (json && ret == KS_EXIT_OK) {
		jw_records_end(&recs);
		if (format == KS_FORMAT_JSON)
			printf("}\n");
	}
	ks_store_close(&st);
	return ret;
}
