/* schema.sql.h — the dataset schema, version 11 (docs/dataset.md explains it). */
#ifndef KSURF_STORE_SCHEMA_H
#define KSURF_STORE_SCHEMA_H

/* Version 10: the functions ftrace cannot trace (elf/mcount.h), names joined
 * by newlines, zlib-compressed; no row when the image does not tell.  A
 * version 9 dataset gains the table when opened. */
#define KS_SCHEMA_NOTRACE                                                                  \
	"CREATE TABLE IF NOT EXISTS image_notrace(\n"                                       \
	"  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,\n"          \
	"  raw_size INTEGER NOT NULL,\n"                                                    \
	"  data BLOB NOT NULL\n"                                                            \
	");\n"

/* Version 11: the image's raw BTF, zlib-compressed (what `show --layout`
 * reads: the normalized types flatten anonymous members); no row for an
 * imported image.  A version 9 or 10 dataset gains the table when opened. */
#define KS_SCHEMA_BTF                                                                      \
	"CREATE TABLE IF NOT EXISTS image_btf(\n"                                           \
	"  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,\n"          \
	"  raw_size INTEGER NOT NULL,\n"                                                    \
	"  data BLOB NOT NULL\n"                                                            \
	");\n"

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
	"  distro TEXT NOT NULL,\n"
	"  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  n_symbols INTEGER NOT NULL, n_entries INTEGER NOT NULL, n_groups INTEGER NOT NULL,\n"
	"  config_id INTEGER,\n"
	/* the number of system call table entry 0 (mips64el 5000), NULL when the
	 * image's system calls come without numbers (no table, the running kernel) */
	"  syscall_base INTEGER\n"
	");\n"
	/* Kernel configs, zlib-compressed text, stored once for all images. */
	"CREATE TABLE configs(id INTEGER PRIMARY KEY, raw_size INTEGER NOT NULL, data BLOB NOT NULL);\n"
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
	/* Function group contents (entries and symbols without addresses), stored
	 * once for all images, keyed by a 63-bit hash of the blob (store/func_blob.h). */
	"CREATE TABLE func_contents(id INTEGER PRIMARY KEY, data BLOB NOT NULL);\n"
	/* One row per function group of an image; idx is the group's
	 * order in the image; addrs holds the image's addresses (store/func_blob.h). */
	"CREATE TABLE func_groups(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  idx INTEGER NOT NULL,\n"
	"  collision TEXT NOT NULL,\n"
	"  inline TEXT NOT NULL,\n"
	"  transformed INTEGER NOT NULL,\n"
	"  n_entries INTEGER NOT NULL,\n"
	"  n_symbols INTEGER NOT NULL,\n"
	"  content_id INTEGER NOT NULL,\n"
	"  addrs BLOB NOT NULL,\n"
	"  PRIMARY KEY(image_id, name, idx)\n"
	") WITHOUT ROWID;\n"
	/* The whole ELF symbol table of an image, zlib-compressed (store/symtab_blob.h). */
	"CREATE TABLE symtabs(\n"
	"  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,\n"
	"  raw_size INTEGER NOT NULL,\n"
	"  data BLOB NOT NULL\n"
	");\n"
	/* The system call table of an image: number -> name. */
	"CREATE TABLE image_syscalls(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  nr INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  PRIMARY KEY(image_id, nr)\n"
	") WITHOUT ROWID;\n"
	/* Tracepoints of an image, in the image's order; their function
	 * and struct are the image's types trace_event_raw_event_CLASS and
	 * trace_event_raw_CLASS. */
	"CREATE TABLE image_tracepoints(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  idx INTEGER NOT NULL,\n"
	"  event_name TEXT NOT NULL, class_name TEXT NOT NULL, fmt_str TEXT NOT NULL,\n"
	"  PRIMARY KEY(image_id, idx)\n"
	") WITHOUT ROWID;\n"
	/* LSM hooks (kind 'lsm': NAME, with the FUNC security_NAME or bpf_lsm_NAME)
	 * and kfuncs (kind 'kfunc': with the FUNC NAME) of an image. */
	"CREATE TABLE image_hooks(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL,\n"
	"  idx INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  func TEXT NOT NULL,\n"
	"  PRIMARY KEY(image_id, kind, idx)\n"
	") WITHOUT ROWID;\n"
	/* Normalized BTF types as published JSON, stored once for all
	 * images, keyed by a 63-bit hash of the JSON text. */
	"CREATE TABLE types(id INTEGER PRIMARY KEY, json TEXT NOT NULL);\n"
	/* The named types of an image; idx is the order of the image's BTF. */
	"CREATE TABLE image_types(\n"
	"  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  idx INTEGER NOT NULL,\n"
	"  type_id INTEGER NOT NULL,\n"
	"  PRIMARY KEY(image_id, kind, name)\n"
	") WITHOUT ROWID;\n"
	KS_SCHEMA_NOTRACE
	KS_SCHEMA_BTF;

#endif
