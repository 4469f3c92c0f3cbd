/* Dataset blob encodings (src/store/blob.c) and the string id (part of the file format). */
#include <stdint.h>
#include <stdio.h>

#include "tap.h"
#include "store/blob.h"
#include "store/string_table.h"

static void check(int ok, const char *what)
{
	tap_ok(ok, "blob: %s", what);
}

int main(void)
{
	tap_plan(11);
	struct blob_writer w = { 0 };
	const uint64_t vals[] = { 0, 1, 127, 128, 300, UINT32_MAX, 0xffffffff81234567ULL, UINT64_MAX };
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		blob_put_varint(&w, vals[i]);
		blob_put_u64(&w, vals[i]);
	}
	blob_put_str(&w, "vfs_read");
	blob_put_u8(&w, 7);
	struct blob_reader r;
	blob_reader_init(&r, w.buf, w.len);
	int same = 1;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		same &= blob_get_varint(&r) == vals[i];
		same &= blob_get_u64(&r) == vals[i];
	}
	check(same, "varints and u64 round-trip, 0 to 2^64-1");
	CHECK_STR(blob_get_str(&r), "vfs_read");
	check(blob_get_u8(&r) == 7 && blob_at_end(&r) && !r.bad, "reader ends exactly at the end");
	check(blob_get_u8(&r) == 0 && r.bad, "reading past the end marks the blob bad");

	blob_reader_init(&r, w.buf, 3);
	blob_get_u64(&r);
	check(r.bad, "u64 across the end is bad");
	const unsigned char endless[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	blob_reader_init(&r, endless, sizeof(endless));
	blob_get_varint(&r);
	check(r.bad, "an 11-byte varint is bad");
	const char unterminated[] = { 'a', 'b' };
	blob_reader_init(&r, unterminated, sizeof(unterminated));
	check(blob_get_str(&r) == NULL && r.bad, "a string without its NUL is bad");
	blob_writer_free(&w);

	/* Ids are stored in datasets: these values must never change. */
	check(string_id("mm/mempool.c") == string_id_n("mm/mempool.c:394", 12),
	      "id of a prefix equals id of the string");
	char buf[64];
	snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)string_id("mm/mempool.c"));
	CHECK_STR(buf, "607366d328264f84");
	check(string_id("") != 0 && string_id("a") != string_id("b"), "ids are non-zero and distinct");
	check((int64_t)string_id("block/bio.c:bio_alloc_bioset") > 0, "ids are positive SQLite integers");
	return tap_done();
}
