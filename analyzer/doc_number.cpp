#include "analyzer/doc_number.h"
