#include "analyzer/segmenter.h"
