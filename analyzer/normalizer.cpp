#include "analyzer/normalizer.h"
