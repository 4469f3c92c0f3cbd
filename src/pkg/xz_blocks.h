/* xz_blocks.h — random access to an .xz stream inside a file, block by block.
 *
 * liblzma decodes the stream's index (at its end); any block can then be
 * decoded on its own, so a reader that needs a few ranges of a large stream
 * decodes only the blocks holding them, on several threads.
 */
#ifndef KSURF_PKG_XZ_BLOCKS_H
#define KSURF_PKG_XZ_BLOCKS_H
#include <lzma.h>
#include <stdbool.h>
#include <stdint.h>

/* The largest block accepted: blocks are decoded whole into memory. */
#define XZ_MAX_BLOCK (1024u << 20)

struct xz_blocks {
	int fd;
	uint64_t base, size; /* the stream: SIZE bytes at BASE in FD */
	const char *what;    /* for errors */
	lzma_index *index;
	uint64_t usize;      /* uncompressed size */
	/* blocks xz_blocks_read decoded, kept for xz_blocks_fill */
	struct xz_cached {
		uint64_t off, len;
		unsigned char *data;
	} cache[8];
	size_t n_cache;
};

/* Read the index.  0; 1 when the stream has a single block or none (random
 * access would not help; nothing printed); -1 after an error line. */
int xz_blocks_open(struct xz_blocks *xb, int fd, uint64_t base, uint64_t size, const char *what);
void xz_blocks_close(struct xz_blocks *xb);

/* Copy the uncompressed bytes [OFF, OFF+LEN) to OUT, decoding the blocks
 * they lie in; -1 after an error line. */
int xz_blocks_read(struct xz_blocks *xb, uint64_t off, uint64_t len, unsigned char *out);

/*
 * Decode the blocks overlapping any of the N ranges [off, off+len) and copy
 * those ranges, shifted by -SHIFT, into OUT (OUT covers [SHIFT, SHIFT+OUT_LEN)),
 * on THREADS threads.  -1 after an error line.
 */
struct xz_range {
	uint64_t off, len;
};
int xz_blocks_fill(struct xz_blocks *xb, const struct xz_range *ranges, size_t n, uint64_t shift,
		   unsigned char *out, uint64_t out_len, int threads);

#endif
