/* schema.sql.h — the dataset schema, version 2 (docs/dataset.md explains it). */
#ifndef KSURF_STORE_SCHEMA_H
#define KSURF_STORE_SCHEMA_H

static const char ks_schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE images(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  kind TEXT NOT NULL,\n"
	"  release TEXT NOT NULL, version TEXT NOT NULL, abi TEXT NOT NULL,\n"
	"  flavor TEXT NOT NULL, arch TEXT NOT NULL,\n"
	"  banner TEXT NOT NULL, compiler TEXT NOT NULL, comment TEXT NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  n_symbols INTEGER NOT NULL, n_entries INTEGER NOT NULL, n_groups INTEGER NOT NULL\n"
	");\n"
	/* Per-image counts for `ksurf list`: "collision:CLASS", "inline:TYPE",
	 * "transformed"; later kinds add theirs. */
	"CREATE TABLE image_counts(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  what TEXT NOT NULL,\n"
	"  n INTEGER NOT NULL,\n"
	"  PRIMARY KEY(image_id, what)\n"
	") WITHOUT ROWID;\n"
	/* Strings shared by all images, keyed by a 63-bit hash of their text. */
	"CREATE TABLE strings(id INTEGER PRIMARY KEY, text TEXT NOT NULL);\n"
	/* One row per function group (SPEC §4); idx is the group's order in the
	 * image; entries and symbols are blobs (store/func_blob.h). */
	"CREATE TABLE func_groups(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  collision TEXT NOT NULL,\n"
	"  inline TEXT NOT NULL,\n"
	"  transformed INTEGER NOT NULL,\n"
	"  n_entries INTEGER NOT NULL,\n"
	"  n_symbols INTEGER NOT NULL,\n"
	"  entries BLOB NOT NULL,\n"
	"  symbols BLOB NOT NULL,\n"
	"  PRIMARY KEY(image_id, idx)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX func_groups_by_name ON func_groups(name, image_id);\n"
	/* The whole ELF symbol table of an image, zlib-compressed (store/symtab_blob.h). */
	"CREATE TABLE symtabs(\n"
	"  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,\n"
	"  raw_size INTEGER NOT NULL,\n"
	"  data BLOB NOT NULL\n"
	");\n";

#endif
