#include "graphs/date.h"
