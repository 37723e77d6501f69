#pragma once
#include "graphs/base/fine.h"
#include "graphs/loose.h"
