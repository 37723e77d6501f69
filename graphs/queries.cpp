#include "graphs/queries.h"
