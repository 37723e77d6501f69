#include "graphs/result.h"
