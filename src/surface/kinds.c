#include "surface/kinds.h"

#include <string.h>

const char *const dep_kind_names[DEP__COUNT] = {
	"func", "struct", "union", "enum", "syscall", "tracepoint", "lsm", "kfunc", "field", "config",
};

const char *const dep_titles[DEP__COUNT] = {
	"Function", "Struct", "Union", "Enum", "Syscall", "Tracepoint", "LSM", "kfunc", "Field", "Config",
};

const char *const dep_plurals[DEP__COUNT] = {
	"Functions", "Structs", "Unions", "Enums", "System calls", "Tracepoints", "LSM hooks",
	"Kfuncs", "Fields", "Config options",
};

int dep_kind_parse(const char *word)
{
	for (int i = 0; i < DEP__COUNT; i++)
		if (!strcmp(word, dep_kind_names[i]))
			return i;
	return -1;
}
