#include "graphs/json_io.h"
