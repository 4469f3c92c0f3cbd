#include "util/text_esc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* 0xC2 0x80-0x9F: a C1 control in UTF-8. */
static bool is_c1(const unsigned char *p, size_t left)
{
	return left >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
}

void sb_add_visible(struct strbuf *sb, const char *s, size_t n, bool keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* bytes passed through as they are, not yet added */
	for (size_t i = 0; i < n; i++) {
		bool ctl = is_control(p[i]) && !(keep_lines && (p[i] == '\n' || p[i] == '\t'));
		bool c1 = !ctl && is_c1(p + i, n - i);
		if (!ctl && !c1) {
			run++;
			continue;
		}
		sb_addn(sb, s + i - run, run);
		run = 0;
		if (ctl)
			sb_addf(sb, "\\x%02x", p[i]);
		else
			sb_addf(sb, "\\u00%02x", p[++i]);
	}
	sb_addn(sb, s + n - run, run);
}

void fput_visible(FILE *f, const char *s)
{
	struct strbuf sb = { 0 };
	sb_add_visible(&sb, s ? s : "", s ? strlen(s) : 0, false);
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

void sb_add_html_n(struct strbuf *sb, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent = NULL;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default:
			if (is_control((unsigned char)s[i]) || is_c1((const unsigned char *)s + i, n - i))
				break;
			run++;
			continue;
		}
		sb_addn(sb, s + i - run, run);
		run = 0;
		if (ent)
			sb_add(sb, ent);
		else {
			size_t w = is_c1((const unsigned char *)s + i, n - i) ? 2 : 1;
			sb_add_visible(sb, s + i, w, false);
			i += w - 1;
		}
	}
	sb_addn(sb, s + n - run, run);
}

void sb_add_html(struct strbuf *sb, const char *s)
{
	sb_add_html_n(sb, s, strlen(s));
}

void fput_html(FILE *f, const char *s)
{
	struct strbuf sb = { 0 };
	sb_add_html(&sb, s ? s : "");
	fputs(sb_str(&sb), f);
	sb_free(&sb);
}

void fput_code(FILE *f, bool md, const char *s)
{
	if (!md) {
		fputs(s, f);
		return;
	}
	fputs("<code>", f);
	fput_html(f, s);
	fputs("</code>", f);
}

/* --- the stdout filter --- */

static FILE *real_out;
static unsigned char held[24]; /* an escape sequence or a lead byte, still open */
static size_t n_held;

static int put_visible(const unsigned char *s, size_t n)
{
	struct strbuf sb = { 0 };
	sb_add_visible(&sb, (const char *)s, n, true);
	int r = fwrite(sb_str(&sb), 1, sb.len, real_out) == sb.len ? 0 : -1;
	sb_free(&sb);
	return r;
}

/* The held bytes, which turned out not to be ksurf's colour sequence (or a
 * lone UTF-8 lead byte 0xC2 at the end: shown as \xc2). */
static int drop_held(void)
{
	int r = n_held == 1 && held[0] == 0xc2 ? (fputs("\\xc2", real_out) < 0 ? -1 : 0)
					       : put_visible(held, n_held);
	n_held = 0;
	return r;
}

/* C after a held 0xC2: a C1 control (shown), a character (written), or
 * neither (the lead byte shown, C left to the caller).  1 consumed, 0 not,
 * -1 a write error. */
static int after_c2(unsigned char c)
{
	if (c >= 0x80 && c <= 0xbf) {
		held[n_held++] = c;
		int r = c <= 0x9f ? drop_held() : fwrite(held, 1, n_held, real_out) == n_held ? 0 : -1;
		n_held = 0;
		return r < 0 ? -1 : 1;
	}
	n_held = 0;
	return fputs("\\xc2", real_out) < 0 ? -1 : 0;
}

/* C after a held ESC: ksurf's colour sequence ESC [ digits ; ... m goes on
 * (then out whole), anything else shows the held bytes and is left to the
 * caller.  1 consumed, 0 not, -1 a write error. */
static int after_esc(unsigned char c)
{
	bool more = (n_held == 1 && c == '[') || (n_held >= 2 && ((c >= '0' && c <= '9') || c == ';'));
	if (more && n_held + 1 < sizeof(held)) {
		held[n_held++] = c;
		return 1;
	}
	if (n_held >= 2 && c == 'm') {
		held[n_held++] = c;
		size_t n = n_held;
		n_held = 0;
		return fwrite(held, 1, n, real_out) == n ? 1 : -1;
	}
	return drop_held() < 0 ? -1 : 0;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	const unsigned char *p = (const unsigned char *)buf;
	size_t run = 0;
	for (size_t i = 0; i < size; i++) {
		unsigned char c = p[i];
		if (n_held) {
			int r = held[0] == 0xc2 ? after_c2(c) : after_esc(c);
			if (r < 0)
				return -1;
			if (r)
				continue;
		}
		if (c == 0x1b || c == 0xc2 || (is_control(c) && c != '\n' && c != '\t')) {
			if (run && fwrite(p + i - run, 1, run, real_out) != run)
				return -1;
			run = 0;
			if (c == 0x1b || c == 0xc2)
				held[n_held++] = c;
			else if (put_visible(&c, 1) < 0)
				return -1;
			continue;
		}
		run++;
	}
	if (run && fwrite(p + size - run, 1, run, real_out) != run)
		return -1;
	return (ssize_t)size;
}

void stdout_guard(void)
{
	int fd = dup(fileno(stdout));
	FILE *real = fd >= 0 ? fdopen(fd, "w") : NULL;
	cookie_io_functions_t io = { .write = guard_write };
	FILE *g = real ? fopencookie(NULL, "w", io) : NULL;
	if (!g) {
		if (real)
			fclose(real);
		return; /* unfiltered rather than nothing */
	}
	real_out = real;
	static char buf[1 << 16];
	setvbuf(g, buf, isatty(fileno(real)) ? _IOLBF : _IOFBF, sizeof(buf));
	/* fixed now: a pager taking the descriptor over later keeps the lines in
	 * order with stderr's */
	setvbuf(real, NULL, isatty(fileno(real)) ? _IOLBF : _IOFBF, 1 << 16);
	stdout = g;
}

int stdout_guard_flush(void)
{
	errno = 0;
	int r = fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
	if (real_out) {
		if (r == 0 && n_held)
			r = drop_held();
		if (fflush(real_out) != 0 || ferror(real_out))
			r = -1;
	}
	return r;
}

int stdout_guard_fd(void)
{
	return real_out ? fileno(real_out) : -1;
}
