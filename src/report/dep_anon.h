/* dep_anon.h — the anonymous enums of an image, each its own dependency.
 *
 * The dataset's types merge every anonymous enum of an image into one enum
 * named "(anon)" (btf/btf_normalize.h: the published layout, `ksurf export`
 * and `ksurf diff` keep it).  The image's stored BTF still holds them apart;
 * from it each gets an identity, its first enumerator:
 *
 *   (anon TASK_COMM_LEN)     the anonymous enum whose first value is
 *                            TASK_COMM_LEN
 *   (anon Opt_uid #2)        the second one (in BTF order) starting with
 *                            Opt_uid, and so on: no two share a name
 *
 * ENUM64 ones count too; an enum without values has no identity and is left
 * out.  An image whose BTF the dataset does not hold (an imported image, one
 * added before schema 11) has none of them: such an enum is absent there.
 * dep_load resolves these names for `show`, the site and `check` alike; the
 * index (report/dep_index.h) lists them.
 */
#ifndef KSURF_REPORT_DEP_ANON_H
#define KSURF_REPORT_DEP_ANON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct btf;
struct ks_store;

struct dep_anon_enum {
	const char *name; /* "(anon FIRST)", "(anon FIRST #2)" */
	const char *json; /* the normalized type (as the stored types' form), named NAME */
	size_t len;
	uint64_t hash;  /* of JSON: equal hashes, no change */
	uint32_t btf_id;
};

struct dep_anon_enums {
	bool have_btf;                 /* false: the dataset holds no BTF of the image */
	const struct dep_anon_enum *v; /* sorted by name (strcmp) */
	size_t n;
};

/* Whether NAME is spelt as an anonymous enum's identity: "(anon X)". */
bool dep_anon_is_name(const char *name);

/*
 * Image ID's anonymous enums into *OUT, read once per process (and dataset
 * file) and kept until exit: OUT's pointers stay valid.  Safe from several
 * threads, each with its own store.  0; -1 after an error line.
 */
int dep_anon_enums(struct ks_store *st, int64_t id, struct dep_anon_enums *out);

/* The enum of A named NAME, NULL when none. */
const struct dep_anon_enum *dep_anon_find(const struct dep_anon_enums *a, const char *name);

/* Image ID's stored BTF, NULL when the dataset holds none (*FAILED set, after
 * an error line, when it cannot be read).  Free with btf__free. */
struct btf *dep_btf_load(struct ks_store *st, int64_t id, bool *failed);

/*
 * The enums of image ID holding the value VALUE (named ones by their name,
 * anonymous ones by their identity), as "; VALUE is a value of enum A, enum B"
 * into BUF; "" when none, or the image has no stored BTF.
 */
const char *dep_anon_value_owners(struct ks_store *st, int64_t id, const char *value, char *buf,
				  size_t len);

#endif
