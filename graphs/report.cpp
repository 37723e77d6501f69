#include "graphs/report.h"
