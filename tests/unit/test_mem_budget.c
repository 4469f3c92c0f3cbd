/* The sizes --memory-limit and KSURF_MEMORY_LIMIT take. */
#include <stdio.h>

#include "util/mem_budget.h"
#include "tap.h"

static const char *parsed(const char *s)
{
	static char buf[64];
	uint64_t v;
	if (!mem_budget_parse(s, &v))
		return "refused";
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return buf;
}

int main(void)
{
	tap_plan(12);
	CHECK_STR(parsed("4G"), "4294967296");
	CHECK_STR(parsed("512M"), "536870912");
	CHECK_STR(parsed("512MiB"), "536870912");
	CHECK_STR(parsed("64k"), "65536");
	CHECK_STR(parsed("1048576"), "1048576");
	CHECK_STR(parsed("0"), "0");
	CHECK_STR(parsed("1.5G"), "refused");
	CHECK_STR(parsed("-1G"), "refused");
	CHECK_STR(parsed("4X"), "refused");
	CHECK_STR(parsed("4GG"), "refused");
	CHECK_STR(parsed(""), "refused");
	CHECK_STR(parsed("99999999999T"), "refused"); /* past 64 bits */
	return tap_done();
}
