#include "graphs/export.h"
