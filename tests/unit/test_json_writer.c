/* The JSON writer's key/value helpers: each writes what jw_key then the value
 * writes, separators included, first member or not. */
#include <stdint.h>

#include "tap.h"
#include "util/json_writer.h"

static struct strbuf sb;
static struct json_writer jw;
static char texts[2][256];

/* A writer with an object open, writing into sb. */
static struct json_writer *obj(void)
{
	sb_reset(&sb);
	jw_init_buf(&jw, &sb);
	jw_obj_open(&jw);
	return &jw;
}

/* The object closed, as text (kept until the SLOT's next use). */
static const char *text(int slot)
{
	jw_obj_close(&jw);
	snprintf(texts[slot], sizeof(texts[slot]), "%s", sb_str(&sb));
	return texts[slot];
}

int main(void)
{
	struct json_writer *w;
	tap_plan(9);
	w = obj();
	jw_kv_str(w, "a", "x\"y");
	jw_kv_str(w, "b", NULL);
	CHECK_STR(text(0), "{\"a\": \"x\\\"y\", \"b\": null}");
	w = obj();
	jw_kv_u64(w, "a", UINT64_MAX);
	jw_kv_u64(w, "b", 0);
	CHECK_STR(text(0), "{\"a\": 18446744073709551615, \"b\": 0}");
	w = obj();
	jw_kv_i64(w, "a", INT64_MIN);
	jw_kv_i64(w, "b", 7);
	CHECK_STR(text(0), "{\"a\": -9223372036854775808, \"b\": 7}");
	w = obj();
	jw_kv_bool(w, "a", true);
	jw_kv_bool(w, "b", false);
	CHECK_STR(text(0), "{\"a\": true, \"b\": false}");
	w = obj();
	jw_kv_nonneg(w, "a", 0);
	jw_kv_nonneg(w, "b", -1);
	CHECK_STR(text(0), "{\"a\": 0, \"b\": null}");
	w = obj();
	jw_kv_hex(w, "a", 0);
	jw_kv_hex(w, "b", 0xffffffff81000000ull);
	CHECK_STR(text(0), "{\"a\": \"0x0\", \"b\": \"0xffffffff81000000\"}");
	/* The same as jw_key then the value. */
	w = obj();
	jw_kv_str(w, "k", "v");
	jw_kv_u64(w, "n", 3);
	const char *got = text(0);
	w = obj();
	jw_key(w, "k");
	jw_str(w, "v");
	jw_key(w, "n");
	jw_u64(w, 3);
	CHECK_STR(got, text(1));
	/* After a nested value. */
	w = obj();
	jw_key(w, "o");
	jw_obj_open(w);
	jw_obj_close(w);
	jw_kv_i64(w, "n", -2);
	CHECK_STR(text(0), "{\"o\": {}, \"n\": -2}");
	w = obj();
	jw_key(w, "a");
	jw_arr_open(w);
	jw_u64(w, 1);
	jw_arr_close(w);
	jw_kv_bool(w, "b", true);
	CHECK_STR(text(0), "{\"a\": [1], \"b\": true}");
	sb_free(&sb);
	return tap_done();
}
