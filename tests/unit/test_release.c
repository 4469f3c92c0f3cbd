/* Image identity from the release string (SPEC §2). */
#include "elf/identity.h"
#include "check.h"

static void split(const char *release, const char *base, const char *abi, const char *flavor)
{
	struct arena a = { 0 };
	const char *b, *n, *f;
	ks_parse_release(&a, release, "amd64", &b, &n, &f);
	CHECK_STR(b, base);
	CHECK_STR(n, abi);
	CHECK_STR(f, flavor);
	arena_free(&a);
}

int main(void)
{
	split("6.1.0-56-cloud-amd64", "6.1.0", "56", "cloud");
	split("6.1.0-56-amd64", "6.1.0", "56", "generic");
	split("6.1.0-56-rt-amd64", "6.1.0", "56", "rt");
	split("5.4.0-26-generic", "5.4.0", "26", "generic");
	split("5.15.0-1004-aws", "5.15.0", "1004", "aws");
	split("6.12.48+deb12-amd64", "6.12.48", "", "generic");
	split("6.12.48+deb12-cloud-arm64", "6.12.48", "", "cloud");
	return check_failures ? 1 : 0;
}
