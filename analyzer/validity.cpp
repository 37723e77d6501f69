#include "analyzer/validity.h"
