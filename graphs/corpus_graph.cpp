#include "graphs/corpus_graph.h"
