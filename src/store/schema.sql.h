/* schema.sql.h — the dataset schema, version 1 (docs/dataset.md explains it). */
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
	/* One row per function group (SPEC §4); idx is the group's order in the image. */
	"CREATE TABLE func_groups(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  collision TEXT NOT NULL,\n"
	"  inline TEXT NOT NULL,\n"
	"  transformed INTEGER NOT NULL,\n"
	"  n_entries INTEGER NOT NULL,\n"
	"  n_symbols INTEGER NOT NULL,\n"
	"  PRIMARY KEY(image_id, idx)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX func_groups_by_name ON func_groups(name, image_id);\n"
	/* One row per DWARF function entry (SPEC §3); callers are newline-separated. */
	"CREATE TABLE func_entries(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  group_idx INTEGER NOT NULL,\n"
	"  idx INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  external INTEGER NOT NULL,\n"
	"  loc TEXT, file TEXT,\n"
	"  addr INTEGER NOT NULL,\n"
	"  inline TEXT NOT NULL,\n"
	"  inline_callers TEXT NOT NULL,\n"
	"  direct_callers TEXT NOT NULL,\n"
	"  PRIMARY KEY(image_id, group_idx, idx)\n"
	") WITHOUT ROWID;\n"
	/* The whole ELF symbol table; group_idx links STT_FUNC symbols to their group. */
	"CREATE TABLE symbols(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  section TEXT NOT NULL,\n"
	"  type INTEGER NOT NULL, bind INTEGER NOT NULL, visibility INTEGER NOT NULL,\n"
	"  value INTEGER NOT NULL, size INTEGER NOT NULL,\n"
	"  group_idx INTEGER,\n"
	"  PRIMARY KEY(image_id, idx)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX symbols_by_group ON symbols(image_id, group_idx) WHERE group_idx IS NOT NULL;\n";

#endif
