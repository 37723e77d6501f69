#include "analyzer/relations.h"
