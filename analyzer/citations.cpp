#include "analyzer/citations.h"
