// The C interface of the Graphviz module, policygraph-graphviz.so
// (graphviz_module.cpp): a directed graph built through cgraph, written as
// DOT (agwrite) or laid out with dot and rendered by gvc. export.cpp builds
// the drawing through it; the module is loaded by the first drawing
// (graphs/base/module_loader.h), so that no other command loads Graphviz.
//
// Objects are numbered in creation order (a cgraph ID discipline of the
// module's), so agwrite's output is the same for the same calls.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PG_GRAPHVIZ_MODULE_ENTRY "policygraph_graphviz_module_v1"

typedef struct pg_gv_graph pg_gv_graph;
typedef void pg_gv_object;  // the root graph, a subgraph, a node or an edge

enum { PG_GV_GRAPH = 0, PG_GV_NODE = 1, PG_GV_EDGE = 2 };

typedef struct pg_graphviz_module {
  pg_gv_graph* (*open)(const char* name);
  pg_gv_object* (*root)(pg_gv_graph* g);
  // Declares attribute `name` of every object of `kind` (PG_GV_*) with its
  // default value (agattr).
  void (*declare)(pg_gv_graph* g, int kind, const char* name, const char* value);
  pg_gv_object* (*subgraph)(pg_gv_graph* g, const char* name);
  // A node in `parent` (the root or a subgraph).
  pg_gv_object* (*node)(pg_gv_object* parent, const char* name);
  pg_gv_object* (*edge)(pg_gv_graph* g, pg_gv_object* from, pg_gv_object* to);
  void (*set)(pg_gv_object* object, const char* name, const char* value);
  // The root's declared graph attribute `name` set to an HTML-like label.
  void (*set_root_html)(pg_gv_graph* g, const char* name, const char* html);
  // DOT text, malloc'd (free with free_text); NULL on failure.
  char* (*write_dot)(pg_gv_graph* g, size_t* size);
  // Lays the graph out with dot and renders it in `format` ("svg", "png").
  // 0: *out (malloc'd, *size bytes); 1: layout failed; 2: rendering
  // failed. *messages (malloc'd, or NULL): what Graphviz reported.
  int (*render)(pg_gv_graph* g, const char* format, char** out, size_t* size, char** messages);
  void (*free_text)(char* text);
  void (*close)(pg_gv_graph* g);
} pg_graphviz_module;

// The module's one exported symbol, named by PG_GRAPHVIZ_MODULE_ENTRY.
const pg_graphviz_module* policygraph_graphviz_module_v1(void);

#ifdef __cplusplus
}
#endif
