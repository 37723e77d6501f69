#include "graphs/draft_check.h"
