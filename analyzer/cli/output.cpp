#include "analyzer/cli/output.h"
