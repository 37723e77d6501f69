#include "graphs/worksheet.h"
