#include "bpf/bpf_reach.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* An abstract value: unknown, a constant, a pointer into the context, the
 * address of .kconfig extern V, or an address in read-only data (section
 * V >> 40, offset V & RODATA_OFF) (packed: a state is 675 bytes, not 1200). */
enum { V_UNK, V_CONST, V_CTX, V_KCONFIG, V_RODATA };
#define RODATA_OFF ((1ll << 40) - 1)
struct __attribute__((packed)) val {
	uint8_t tag;
	int64_t v; /* the constant, or the context offset */
};

#define N_REGS 11
#define N_SLOTS 64 /* 8-byte slots from fp-8 down to fp-512 */
#define MAX_STEPS 2000000
/* States kept at once, at the instructions where paths meet: past it the
 * walk gives up (all counts as run), as past MAX_STEPS.  44 MB. */
#define MAX_JOIN_STATES 65536

struct state {
	struct val r[N_REGS], slot[N_SLOTS];
};

/* A state is kept only where paths may meet (a jump's or a call's target:
 * ix->join); elsewhere an instruction has one predecessor, and its state
 * travels with its work item.  A straight run of a hundred thousand
 * instructions keeps none. */
struct item {
	uint32_t k;   /* an index into out->visited */
	bool carried; /* its state is the top of carry (else st[slot[k]]) */
};

struct walk {
	const struct bpf_object *o;
	const struct bpf_relo_value *vals;
	const struct bpf_reach_data *data;    /* or NULL */
	const struct bpf_reach_index *ix;
	VEC(int32_t) slot;       /* per visited instruction: its state in st, or -1 */
	VEC(struct state) st;    /* the states of the join instructions */
	VEC(struct item) work;
	VEC(struct state) carry; /* the states of carried work items, in their order */
	bool full;               /* MAX_JOIN_STATES reached */
	struct bpf_reach *out;
};

static uint64_t ref_hash(bpf_insn_ref r)
{
	return hash_mix(r, 0x9e3779b97f4a7c15ull);
}

/* The index of R in OUT->visited, or -1. */
static int64_t find(const struct bpf_reach *out, bpf_insn_ref r)
{
	struct hindex *ix = (struct hindex *)&out->ix;
	uint64_t h = ref_hash(r);
	for (uint32_t *p = hindex_first(ix, h); p; p = hindex_next(ix, h, p))
		if (out->visited.v[*p] == r)
			return *p;
	return -1;
}

static const struct val unk = { V_UNK, 0 };

static struct val cst(int64_t v)
{
	struct val x = { V_CONST, v };
	return x;
}

/* Merge S into the state of (TEXT, I); queue it when that changed it. */
static void flow(struct walk *w, int text, int64_t i, const struct state *s)
{
	const struct bpf_text *t = &w->o->texts.v[text];
	if (i < 0 || (uint64_t)i >= t->insns.n)
		return; /* a jump out of the section: the verifier refuses it anyway */
	bpf_insn_ref r = (uint64_t)text << 32 | (uint64_t)i;
	int64_t k = find(w->out, r);
	bool join = w->ix->join[text][i], fresh = k < 0;
	if (fresh) {
		if (join && w->st.n >= MAX_JOIN_STATES) {
			w->full = true;
			return;
		}
		k = (int64_t)w->out->visited.n;
		vec_push(&w->out->visited, r);
		hindex_insert(&w->out->ix, ref_hash(r), (uint32_t)k);
		vec_push(&w->slot, join ? (int32_t)w->st.n : -1);
		if (join)
			vec_push(&w->st, *s);
	}
	if (fresh || !join) {
		/* a join's first state, or one predecessor's: step it as it is */
		struct item it = { (uint32_t)k, !join };
		vec_push(&w->work, it);
		if (!join)
			vec_push(&w->carry, *s);
		return;
	}
	struct val *a = w->st.v[w->slot.v[k]].r;
	const struct val *b = s->r;
	bool changed = false;
	for (size_t n = 0; n < N_REGS + N_SLOTS; n++) {
		if (a[n].tag != V_UNK && (a[n].tag != b[n].tag || a[n].v != b[n].v)) {
			a[n] = unk;
			changed = true;
		}
	}
	if (changed) {
		struct item it = { (uint32_t)k, false };
		vec_push(&w->work, it);
	}
}

static int slot_of(int16_t off)
{
	if (off >= 0 || off < -8 * N_SLOTS || off % 8)
		return -1;
	return -off / 8 - 1;
}

/* A store of SIZE bytes at fp+OFF: a whole slot takes V, anything else
 * forgets the slots it touches. */
static void store(struct state *s, int16_t off, unsigned size, struct val v)
{
	int k = slot_of(off);
	if (size == 8 && k >= 0) {
		s->slot[k] = v;
		return;
	}
	for (int b = off; b < off + (int)size; b++) {
		int j = slot_of((int16_t)(b - ((b % 8) + 8) % 8));
		if (j >= 0)
			s->slot[j] = unk;
	}
}

static bool alu(unsigned op, bool is64, int64_t a, int64_t b, int64_t *out)
{
	uint64_t x = (uint64_t)a, y = (uint64_t)b, r;
	if (!is64)
		x = (uint32_t)x, y = (uint32_t)y;
	unsigned bits = is64 ? 64 : 32;
	switch (op) {
	case 0x00: r = x + y; break;
	case 0x10: r = x - y; break;
	case 0x20: r = x * y; break;
	case 0x30: r = y ? x / y : 0; break;
	case 0x40: r = x | y; break;
	case 0x50: r = x & y; break;
	case 0x60: r = y < bits ? x << y : 0; break;
	case 0x70: r = y < bits ? x >> y : 0; break;
	case 0x80: r = -x; break;
	case 0x90: r = y ? x % y : x; break;
	case 0xa0: r = x ^ y; break;
	case 0xb0: r = y; break;
	case 0xc0:
		if (y >= bits)
			return false;
		r = is64 ? (uint64_t)((int64_t)x >> y) : (uint32_t)((int32_t)(uint32_t)x >> y);
		break;
	default: return false;
	}
	*out = is64 ? (int64_t)r : (int64_t)(uint32_t)r;
	return true;
}

/* The outcome of a conditional jump on constants: 1 taken, 0 not. */
static int cond(unsigned op, bool is64, int64_t a, int64_t b)
{
	uint64_t x = (uint64_t)a, y = (uint64_t)b;
	int64_t sx = a, sy = b;
	if (!is64)
		x = (uint32_t)x, y = (uint32_t)y, sx = (int32_t)x, sy = (int32_t)y;
	switch (op) {
	case 0x10: return x == y;
	case 0x20: return x > y;
	case 0x30: return x >= y;
	case 0x40: return (x & y) != 0;
	case 0x50: return x != y;
	case 0x60: return sx > sy;
	case 0x70: return sx >= sy;
	case 0xa0: return x < y;
	case 0xb0: return x <= y;
	case 0xc0: return sx < sy;
	case 0xd0: return sx <= sy;
	default: return -1;
	}
}

/* SIZE bytes at read-only data address AT (a V_RODATA value) plus OFF, in the
 * object's byte order, zero-extended into *OUT; false outside the section. */
static bool rodata_read(const struct bpf_object *o, int64_t at, int16_t off, unsigned size,
			int64_t *out)
{
	size_t sec = (size_t)(at >> 40);
	int64_t pos = (at & RODATA_OFF) + off;
	if (sec >= o->rodata.n || pos < 0 || (uint64_t)pos + size > o->rodata.v[sec].len)
		return false;
	const unsigned char *b = o->rodata.v[sec].bytes + pos;
	uint64_t x = 0;
	for (unsigned i = 0; i < size; i++)
		x |= (uint64_t)b[o->big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
	*out = (int64_t)x;
	return true;
}

/* The first of T's calls at instruction I or after (calls are by instruction). */
static size_t first_call(const struct bpf_text *t, uint32_t i)
{
	size_t lo = 0, hi = t->calls.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->calls.v[mid].insn < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void step(struct walk *w, uint32_t k, struct state s)
{
	int text = (int)(w->out->visited.v[k] >> 32);
	uint32_t i = (uint32_t)w->out->visited.v[k];
	const struct bpf_text *t = &w->o->texts.v[text];
	const struct bpf_insn_rec *in = &t->insns.v[i];
	unsigned cls = in->code & 7, op = in->code & 0xf0;
	bool use_x = in->code & 0x08;
	int32_t ri = w->ix->relo_at[text][i];
	const struct bpf_relo_value *rv = ri >= 0 ? &w->vals[ri] : NULL;
	uint8_t dst = in->dst < N_REGS ? in->dst : 0, src = in->src < N_REGS ? in->src : 0;
	if (rv && !rv->resolved && !rv->known) {
		/* poisoned: the verifier stops here; what follows is not its path */
		return;
	}
	switch (cls) {
	case 0x04: /* ALU */
	case 0x07: { /* ALU64 */
		bool is64 = cls == 0x07;
		if (op == 0xd0) { /* byte swap */
			s.r[dst] = unk;
			break;
		}
		struct val b = use_x ? s.r[src] : cst(is64 ? (int64_t)in->imm : (int64_t)(uint32_t)in->imm);
		if (rv && !use_x)
			b = rv->known ? cst(rv->value) : unk;
		if (in->off != 0 && (op == 0xb0 || op == 0x30 || op == 0x90)) {
			s.r[dst] = unk; /* sign-extending move, signed division */
			break;
		}
		if (op == 0xb0) {
			s.r[dst] = b.tag == V_CONST && !is64 ? cst((uint32_t)b.v) : b;
			if ((b.tag == V_CTX || b.tag == V_KCONFIG || b.tag == V_RODATA) && !is64)
				s.r[dst] = unk;
			break;
		}
		struct val a = s.r[dst];
		int64_t r;
		if (a.tag == V_CTX && is64 && op == 0x00 && b.tag == V_CONST && !rv)
			s.r[dst].v += b.v;
		else if (a.tag == V_RODATA && is64 && op == 0x00 && b.tag == V_CONST && !rv &&
			 b.v > -(1ll << 30) && b.v < (1ll << 30) &&
			 (a.v & RODATA_OFF) + b.v >= 0 && (a.v & RODATA_OFF) + b.v < RODATA_OFF)
			s.r[dst].v += b.v;
		else if (a.tag == V_CONST && (b.tag == V_CONST || op == 0x80) &&
			 alu(op, is64, a.v, b.v, &r))
			s.r[dst] = cst(r);
		else
			s.r[dst] = unk;
		break;
	}
	case 0x00: /* LD */
		if (in->code == 0x18) {
			if (i + 1 >= t->insns.n)
				return;
			if (rv && rv->known)
				s.r[dst] = cst(rv->value);
			else if (in->kconfig && in->src == 0 && !rv && w->data && w->data->kconfig)
				s.r[dst] = (struct val){ V_KCONFIG, in->kconfig - 1 };
			else if (in->rodata && in->src == 0 && !rv && w->data && w->data->rodata)
				s.r[dst] = (struct val){ V_RODATA,
							 (int64_t)(in->rodata - 1) << 40 | (uint32_t)in->imm };
			else if (in->src == 0 && !in->reloc && !rv)
				s.r[dst] = cst((int64_t)((uint64_t)(uint32_t)in->imm |
							 (uint64_t)(uint32_t)t->insns.v[i + 1].imm << 32));
			else
				s.r[dst] = unk;
			/* a callback's address (bpf_loop, for_each_map_elem, timers): the
			 * verifier checks the callback as a subprogram called with the
			 * helper's arguments, none known here */
			struct state e = { 0 };
			for (size_t k = first_call(t, i); k < t->calls.n && t->calls.v[k].insn == i; k++)
				flow(w, t->calls.v[k].text, t->calls.v[k].target, &e);
			flow(w, text, (int64_t)i + 2, &s);
			return;
		}
		s.r[0] = unk; /* legacy packet loads */
		break;
	case 0x01: { /* LDX */
		struct val base = s.r[src];
		unsigned size = (unsigned[]){ 4, 2, 1, 8 }[(in->code >> 3) & 3];
		if (base.tag == V_CTX && !rv) {
			int64_t at = base.v + in->off;
			if (at >= 0 && at / 8 < 64)
				w->out->ctx_reads |= 1ull << (at / 8);
		}
		const struct bpf_relo_value *kv = base.tag == V_KCONFIG && in->off == 0
							  ? &w->data->kconfig[base.v] : NULL;
		int64_t got;
		if (src == 10 && size == 8 && slot_of(in->off) >= 0)
			s.r[dst] = s.slot[slot_of(in->off)];
		else if (kv && kv->known) /* the frozen map's value, zero-extended */
			s.r[dst] = cst(size == 8 ? kv->value
					: (int64_t)((uint64_t)kv->value & ((1ull << (8 * size)) - 1)));
		else if (base.tag == V_RODATA && rodata_read(w->o, base.v, in->off, size, &got))
			s.r[dst] = cst(got);
		else
			s.r[dst] = unk;
		break;
	}
	case 0x02: /* ST */
		if (dst == 10)
			store(&s, in->off, (unsigned[]){ 4, 2, 1, 8 }[(in->code >> 3) & 3],
			      cst((int64_t)in->imm));
		break;
	case 0x03: /* STX */
		if (dst == 10) {
			unsigned size = (unsigned[]){ 4, 2, 1, 8 }[(in->code >> 3) & 3];
			bool atomic = (in->code & 0xe0) == 0xc0;
			store(&s, in->off, size, atomic ? unk : s.r[src]);
		}
		if ((in->code & 0xe0) == 0xc0) {
			s.r[src] = unk; /* a fetching atomic */
			s.r[0] = unk;   /* cmpxchg */
		}
		break;
	case 0x05: /* JMP */
	case 0x06: { /* JMP32 */
		bool is64 = cls == 0x05;
		if (op == 0x90)
			return; /* exit */
		if (op == 0x80) {
			if (in->src == 1) {
				for (size_t k = first_call(t, i); k < t->calls.n && t->calls.v[k].insn == i;
				     k++) {
					/* the verifier checks a static subprogram with its
					 * caller's arguments: constants go in too where the
					 * walk has loading's constants (callers that differ
					 * meet as unknown at the callee's entry) */
					struct state e = { 0 };
					for (int r = 1; r <= 5; r++)
						e.r[r] = s.r[r].tag == V_CTX || (w->data && s.r[r].tag != V_UNK)
								 ? s.r[r] : unk;
					flow(w, t->calls.v[k].text, t->calls.v[k].target, &e);
				}
			}
			for (int r = 0; r <= 5; r++)
				s.r[r] = unk;
			break;
		}
		if (op == 0x00) {
			flow(w, text, (int64_t)i + 1 + (is64 ? in->off : in->imm), &s);
			return;
		}
		struct val a = s.r[dst];
		struct val b = use_x ? s.r[src] : cst(is64 ? (int64_t)in->imm : (int64_t)(uint32_t)in->imm);
		if (rv && !use_x)
			b = rv->known ? cst(rv->value) : unk;
		int taken = a.tag == V_CONST && b.tag == V_CONST ? cond(op, is64, a.v, b.v) : -1;
		if (taken != 0)
			flow(w, text, (int64_t)i + 1 + in->off, &s);
		if (taken != 1)
			flow(w, text, (int64_t)i + 1, &s);
		return;
	}
	default:
		break;
	}
	flow(w, text, (int64_t)i + 1, &s);
}

void bpf_reach_index_init(const struct bpf_object *o, struct bpf_reach_index *ix)
{
	ix->n_texts = o->texts.n;
	ix->relo_at = xcalloc(o->texts.n + 1, sizeof(int32_t *));
	ix->join = xcalloc(o->texts.n + 1, sizeof(uint8_t *));
	for (size_t t = 0; t < o->texts.n; t++) {
		size_t n = o->texts.v[t].insns.n;
		ix->relo_at[t] = xmalloc((n + 1) * sizeof(int32_t));
		for (size_t i = 0; i < n; i++)
			ix->relo_at[t][i] = -1;
		ix->join[t] = xcalloc(n + 2, 1);
	}
	/* where paths may meet: jump targets, call and callback targets, and
	 * after an ld_imm64 whose second half is a jump target */
	for (size_t t = 0; t < o->texts.n; t++) {
		const struct bpf_text *tx = &o->texts.v[t];
		size_t n = tx->insns.n;
		for (size_t i = 0; i < n; i++) {
			const struct bpf_insn_rec *in = &tx->insns.v[i];
			unsigned cls = in->code & 7, op = in->code & 0xf0;
			if ((cls != 0x05 && cls != 0x06) || op == 0x80 || op == 0x90)
				continue;
			int64_t to = (int64_t)i + 1 + (op == 0x00 && cls == 0x06 ? in->imm : in->off);
			if (to >= 0 && (uint64_t)to < n)
				ix->join[t][to] = 1;
		}
		for (size_t c = 0; c < tx->calls.n; c++) {
			const struct bpf_call *call = &tx->calls.v[c];
			if (call->text >= 0 && (size_t)call->text < o->texts.n &&
			    call->target < o->texts.v[call->text].insns.n)
				ix->join[call->text][call->target] = 1;
		}
	}
	for (size_t t = 0; t < o->texts.n; t++) {
		const struct bpf_text *tx = &o->texts.v[t];
		for (size_t i = 0; i + 2 < tx->insns.n; i++)
			if (tx->insns.v[i].code == 0x18 && ix->join[t][i + 1])
				ix->join[t][i + 2] = 1;
	}
	for (size_t k = 0; k < o->relos.n; k++) {
		const struct bpf_core_relo_rec *r = &o->relos.v[k];
		if (r->text >= 0 && r->insn_off / 8 < o->texts.v[r->text].insns.n)
			ix->relo_at[r->text][r->insn_off / 8] = (int32_t)k;
	}
}

void bpf_reach_index_free(struct bpf_reach_index *ix)
{
	for (size_t t = 0; t < ix->n_texts; t++) {
		free(ix->relo_at[t]);
		free(ix->join[t]);
	}
	free(ix->relo_at);
	free(ix->join);
	ix->relo_at = NULL;
	ix->join = NULL;
}

void bpf_reach_prog(const struct bpf_object *o, const struct bpf_reach_index *ix, size_t prog,
		    const struct bpf_relo_value *vals, const struct bpf_reach_data *data,
		    struct bpf_reach *out)
{
	memset(out, 0, sizeof(*out));
	struct walk w = { .o = o, .vals = vals, .data = data, .ix = ix, .out = out };
	const struct bpf_prog *p = &o->progs.v[prog];
	out->complete = true;
	if (p->text >= 0 && p->count) {
		struct state s = { 0 };
		s.r[1].tag = V_CTX;
		flow(&w, p->text, p->start, &s);
		size_t steps = 0;
		while (w.work.n && !w.full) {
			struct item it = w.work.v[--w.work.n];
			if (++steps > MAX_STEPS) {
				out->complete = false;
				break;
			}
			step(&w, it.k, it.carried ? w.carry.v[--w.carry.n] : w.st.v[w.slot.v[it.k]]);
		}
		if (w.full)
			out->complete = false;
	}
	vec_free(&w.slot);
	vec_free(&w.st);
	vec_free(&w.work);
	vec_free(&w.carry);
}

bool bpf_reach_insn(const struct bpf_reach *r, int text, uint32_t insn)
{
	if (!r->complete || text < 0)
		return true;
	return find(r, (uint64_t)text << 32 | insn) >= 0;
}

void bpf_reach_free(struct bpf_reach *r)
{
	vec_free(&r->visited);
	hindex_free(&r->ix);
}
