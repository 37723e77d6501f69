#pragma once
// A later layer including an earlier one: allowed.
#include "graphs/base/fine.h"
