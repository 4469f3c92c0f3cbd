/* Kernel-source-relative paths for every distribution's build layout (SPEC §3). */
#include "dwarf/path_norm.h"
#include "tap.h"

static const char *norm(const char *dir, const char *name, const char *comp_dir)
{
	static char buf[4096];
	ks_path_normalize(buf, sizeof(buf), dir, name, comp_dir);
	return buf;
}

int main(void)
{
	tap_plan(15);
	/* Debian: relative compilation directory under debian/build. */
	CHECK_STR(norm("debian/build/build_amd64_none_cloud-amd64", "arch/x86/kernel/head64.c", NULL),
		  "arch/x86/kernel/head64.c");
	CHECK_STR(norm(NULL, "debian/build/source_rt/block/bio.c", NULL), "block/bio.c");
	/* rt: the unit's name holds two build prefixes, both go. */
	CHECK_STR(norm(NULL, "debian/build/build_amd64_rt_amd64/debian/build/source_rt/fs/read_write.c",
		       NULL), "fs/read_write.c");
	CHECK_STR(norm("debian/build/build_amd64_rt_amd64", "debian/build/source_rt/fs/read_write.c",
		       NULL), "fs/read_write.c");
	CHECK_STR(norm(NULL, "/build/reproducible-path/linux-6.1.192/arch/x86/kernel/head_64.S",
		       "/build/reproducible-path/linux-6.1.192/debian/build/build_amd64_none_amd64"),
		  "arch/x86/kernel/head_64.S");
	CHECK_STR(norm(NULL, "/build/reproducible-path/linux-6.1.192/debian/build/source_rt/mm/x.c", NULL),
		  "mm/x.c");
	CHECK_STR(norm(NULL, "/build/reproducible-path/linux-6.1.192/arch/x86/kernel/../../x86/xen/xen-head.S", NULL),
		  "arch/x86/xen/xen-head.S");
	/* Relative include directories with "..". */
	CHECK_STR(norm(NULL, "include/trace/../../arch/x86/entry/vsyscall/vsyscall_trace.h", NULL),
		  "arch/x86/entry/vsyscall/vsyscall_trace.h");
	CHECK_STR(norm(NULL, "arch/x86/events/amd/../perf_event.h", NULL), "arch/x86/events/perf_event.h");
	/* Ubuntu: /build/linux-XXX/linux-X.Y.Z/. */
	CHECK_STR(norm(NULL, "/build/linux-abc/linux-5.4.0/mm/mempool.c", NULL), "mm/mempool.c");
	CHECK_STR(norm("/build/linux-5.4.0", "mm/mempool.c", NULL), "mm/mempool.c");
	/* Upstream in-tree build: strip the compilation directory. */
	CHECK_STR(norm("/home/u/src/kernel", "mm/mempool.c", "/home/u/src/kernel"), "mm/mempool.c");
	CHECK_STR(norm(NULL, "/home/u/src/kernel/include/linux/list.h", "/home/u/src/kernel"),
		  "include/linux/list.h");
	/* Outside the tree: kept absolute. */
	CHECK_STR(norm(NULL, "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h", "/home/u/linux"),
		  "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h");
	CHECK_STR(norm(NULL, "./include//linux/./list.h", NULL), "include/linux/list.h");
	return tap_done();
}
