#include "pkg/xz_blocks.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/vec.h"
#include "util/xalloc.h"

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	while (len) {
		ssize_t r = pread(fd, p, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

int xz_blocks_open(struct xz_blocks *xb, int fd, uint64_t base, uint64_t size, const char *what)
{
	memset(xb, 0, sizeof(*xb));
	xb->fd = fd;
	xb->base = base;
	xb->size = size;
	xb->what = what;
	lzma_stream s = LZMA_STREAM_INIT;
	if (lzma_file_info_decoder(&s, &xb->index, UINT64_MAX, size) != LZMA_OK) {
		ks_error("%s: cannot start the xz index decoder", what);
		return -1;
	}
	unsigned char buf[1 << 16];
	uint64_t pos = 0;
	lzma_ret r = LZMA_OK;
	for (;;) {
		if (s.avail_in == 0) {
			size_t n = pos < size ? (size - pos < sizeof(buf) ? (size_t)(size - pos) : sizeof(buf)) : 0;
			if (n && pread_all(fd, buf, n, base + pos) < 0) {
				ks_error("%s: cannot read the xz stream (truncated?)", what);
				r = LZMA_PROG_ERROR;
				break;
			}
			s.next_in = buf;
			s.avail_in = n;
			pos += n;
		}
		r = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
		if (r == LZMA_SEEK_NEEDED) {
			if (s.seek_pos > size) {
				r = LZMA_DATA_ERROR;
				break;
			}
			pos = s.seek_pos;
			s.avail_in = 0;
			continue;
		}
		if (r != LZMA_OK)
			break;
	}
	lzma_end(&s);
	if (r != LZMA_STREAM_END) {
		if (r != LZMA_PROG_ERROR)
			ks_error("%s: damaged xz data (its index cannot be read)", what);
		xz_blocks_close(xb);
		return -1;
	}
	xb->usize = lzma_index_uncompressed_size(xb->index);
	/* Sizes from the index are the file's word, not the truth: a block is
	 * decoded into memory of the size it claims, so a claim no encoder makes
	 * (xz's blocks are tens of MB) is damage, refused before any allocation. */
	lzma_index_iter it;
	lzma_index_iter_init(&it, xb->index);
	while (!lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK))
		if (it.block.uncompressed_size > XZ_MAX_BLOCK) {
			ks_error("%s: damaged xz data: a block claims %llu bytes uncompressed (more than "
				 "the %u MiB ksurf accepts)", what,
				 (unsigned long long)it.block.uncompressed_size, XZ_MAX_BLOCK >> 20);
			xz_blocks_close(xb);
			return -1;
		}
	if (lzma_index_block_count(xb->index) < 2) {
		xz_blocks_close(xb);
		return 1;
	}
	return 0;
}

void xz_blocks_close(struct xz_blocks *xb)
{
	if (xb->index)
		lzma_index_end(xb->index, NULL);
	xb->index = NULL;
	for (size_t i = 0; i < xb->n_cache; i++)
		free(xb->cache[i].data);
	xb->n_cache = 0;
}

static const struct xz_cached *cached(const struct xz_blocks *xb, uint64_t block_off)
{
	for (size_t i = 0; i < xb->n_cache; i++)
		if (xb->cache[i].off == block_off)
			return &xb->cache[i];
	return NULL;
}

/* Decode the block IT describes into OUT (its uncompressed size); -1 on damage. */
static int decode_block(struct xz_blocks *xb, const lzma_index_iter *it, unsigned char *out,
			unsigned char **inbuf, size_t *incap)
{
	uint64_t total = it->block.total_size;
	if (total > xb->size || it->block.compressed_file_offset > xb->size - total)
		return -1;
	if (*incap < total) {
		*inbuf = xrealloc(*inbuf, total);
		*incap = total;
	}
	unsigned char *in = *inbuf;
	if (pread_all(xb->fd, in, total, xb->base + it->block.compressed_file_offset) < 0)
		return -1;
	lzma_filter filters[LZMA_FILTERS_MAX + 1];
	filters[0].id = LZMA_VLI_UNKNOWN;
	lzma_block block = { 0 };
	block.version = 1;
	block.check = it->stream.flags->check;
	block.filters = filters;
	block.header_size = lzma_block_header_size_decode(in[0]);
	/* on failure liblzma frees what it had decoded of the filter chain */
	if (block.header_size > total || lzma_block_header_decode(&block, NULL, in) != LZMA_OK)
		return -1;
	int ret = -1;
	lzma_stream s = LZMA_STREAM_INIT;
	if (lzma_block_compressed_size(&block, it->block.unpadded_size) == LZMA_OK &&
	    lzma_block_decoder(&s, &block) == LZMA_OK) {
		s.next_in = in + block.header_size;
		s.avail_in = total - block.header_size;
		s.next_out = out;
		s.avail_out = it->block.uncompressed_size;
		lzma_ret r = lzma_code(&s, LZMA_FINISH);
		ret = r == LZMA_STREAM_END && s.avail_out == 0 ? 0 : -1;
	}
	lzma_end(&s);
	for (size_t i = 0; i < LZMA_FILTERS_MAX && filters[i].id != LZMA_VLI_UNKNOWN; i++)
		free(filters[i].options);
	return ret;
}

struct job {
	uint64_t block_uoff, block_usize; /* the block */
	lzma_index_iter it;
};

struct fill {
	struct xz_blocks *xb;
	const struct xz_range *ranges;
	size_t n_ranges;
	uint64_t shift, out_len;
	unsigned char *out;
	struct job *jobs;
	size_t n_jobs;
	atomic_size_t next;
	atomic_int failed;
};

static void *fill_worker(void *arg)
{
	struct fill *f = arg;
	unsigned char *block = NULL, *in = NULL;
	size_t cap = 0, incap = 0;
	for (;;) {
		size_t j = atomic_fetch_add(&f->next, 1);
		if (j >= f->n_jobs || atomic_load(&f->failed))
			break;
		struct job *jb = &f->jobs[j];
		const struct xz_cached *c = cached(f->xb, jb->block_uoff);
		const unsigned char *data = c ? c->data : NULL;
		if (!data) {
			if (cap < jb->block_usize) {
				block = xrealloc(block, jb->block_usize);
				cap = jb->block_usize;
			}
			if (decode_block(f->xb, &jb->it, block, &in, &incap) < 0) {
				atomic_store(&f->failed, 1);
				break;
			}
			data = block;
		}
		/* copy every wanted range's part inside this block */
		for (size_t r = 0; r < f->n_ranges; r++) {
			uint64_t a = f->ranges[r].off, b = a + f->ranges[r].len;
			uint64_t lo = a > jb->block_uoff ? a : jb->block_uoff;
			uint64_t hi = b < jb->block_uoff + jb->block_usize ? b : jb->block_uoff + jb->block_usize;
			if (lo < f->shift)
				lo = f->shift;
			if (hi > f->shift + f->out_len)
				hi = f->shift + f->out_len;
			if (lo < hi)
				memcpy(f->out + (lo - f->shift), data + (lo - jb->block_uoff), hi - lo);
		}
	}
	free(block);
	free(in);
	return NULL;
}

int xz_blocks_fill(struct xz_blocks *xb, const struct xz_range *ranges, size_t n, uint64_t shift,
		   unsigned char *out, uint64_t out_len, int threads)
{
	struct fill f = { .xb = xb, .ranges = ranges, .n_ranges = n, .shift = shift,
			  .out = out, .out_len = out_len };
	VEC(struct job) jobs = { 0 };
	lzma_index_iter it;
	lzma_index_iter_init(&it, xb->index);
	while (!lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK)) {
		uint64_t bo = it.block.uncompressed_file_offset, bs = it.block.uncompressed_size;
		bool wanted = false;
		for (size_t r = 0; r < n && !wanted; r++)
			wanted = ranges[r].off < bo + bs && ranges[r].off + ranges[r].len > bo;
		if (wanted) {
			struct job jb = { bo, bs, it };
			vec_push(&jobs, jb);
		}
	}
	f.jobs = jobs.v;
	f.n_jobs = jobs.n;
	if (threads < 1)
		threads = 1;
	pthread_t *t = xcalloc((size_t)threads, sizeof(*t));
	int started = 0;
	for (int i = 1; i < threads && (size_t)i < jobs.n; i++)
		if (xthread_create(&t[i], fill_worker, &f) == 0)
			started = i;
	fill_worker(&f);
	for (int i = 1; i <= started; i++)
		pthread_join(t[i], NULL);
	free(t);
	vec_free(&jobs);
	if (atomic_load(&f.failed)) {
		ks_error("%s: damaged xz data (a block does not decode)", xb->what);
		return -1;
	}
	return 0;
}

int xz_blocks_read(struct xz_blocks *xb, uint64_t off, uint64_t len, unsigned char *out)
{
	if (off > xb->usize || len > xb->usize - off) {
		ks_error("%s: damaged package (data past the end of the xz stream)", xb->what);
		return -1;
	}
	/* whole blocks, decoded once and kept: small reads come in clusters */
	unsigned char *in = NULL;
	size_t incap = 0;
	int ret = 0;
	while (len && ret == 0) {
		lzma_index_iter it;
		lzma_index_iter_init(&it, xb->index);
		if (lzma_index_iter_locate(&it, off)) {
			ret = -1;
			break;
		}
		uint64_t bo = it.block.uncompressed_file_offset, bs = it.block.uncompressed_size;
		const struct xz_cached *c = cached(xb, bo);
		if (!c) {
			unsigned char *data = xmalloc(bs ? bs : 1);
			if (decode_block(xb, &it, data, &in, &incap) < 0) {
				free(data);
				ret = -1;
				break;
			}
			if (xb->n_cache == sizeof(xb->cache) / sizeof(xb->cache[0])) {
				free(xb->cache[0].data);
				memmove(xb->cache, xb->cache + 1, sizeof(xb->cache) - sizeof(xb->cache[0]));
				xb->n_cache--;
			}
			xb->cache[xb->n_cache++] = (struct xz_cached){ bo, bs, data };
			c = &xb->cache[xb->n_cache - 1];
		}
		uint64_t n = bo + bs - off < len ? bo + bs - off : len;
		memcpy(out, c->data + (off - bo), n);
		out += n;
		off += n;
		len -= n;
	}
	free(in);
	if (ret < 0)
		ks_error("%s: damaged xz data (a block does not decode)", xb->what);
	return ret;
}
