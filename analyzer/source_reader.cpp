#include "analyzer/source_reader.h"
