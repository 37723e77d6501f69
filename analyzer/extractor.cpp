#include "analyzer/extractor.h"
