#include "graphs/store.h"
