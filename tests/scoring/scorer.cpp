#include "scoring/scorer.h"
