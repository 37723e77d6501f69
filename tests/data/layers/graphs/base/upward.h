#pragma once
// The bottom layer reaching up to a renderer: the check must refuse it.
#include "graphs/render/drawing.h"
