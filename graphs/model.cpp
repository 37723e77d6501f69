#include "graphs/model.h"
