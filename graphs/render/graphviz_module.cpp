// policygraph-graphviz.so: graphviz_module.h over Graphviz's cgraph and gvc.
#include "graphs/render/graphviz_module.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>

struct pg_gv_graph {
  Agraph_t* root;
};

namespace {

// cgraph's default ID discipline makes a named object's ID the address of
// its name string, and (in Graphviz 2.43) subgraphs are written in ID order:
// cluster order would follow the heap. This discipline numbers every object
// in creation order, which makes agwrite deterministic, and keeps the names
// itself, as cgraph strings (agstrdup: agwrite asks aghtmlstr of them, and
// agclose frees them with the graph's string dictionary). It once refused
// names, leaving them to cgraph's internal map; but Graphviz 2.42's agclose
// closes that map without freeing its entries, so every drawing leaked one
// entry per node - LeakSanitizer's finding.
struct SeqIds {
  Agraph_t* root = nullptr;
  IDTYPE next = 1;
  std::map<std::pair<int, std::string>, IDTYPE> ids;  // (object kind, name)
  std::map<IDTYPE, char*> names;                      // agstrdup'd
};
int id_kind(int objtype) { return objtype == AGINEDGE ? AGEDGE : objtype; }
void* seq_open(Agraph_t* root, Agdisc_t*) {
  auto* s = new SeqIds;
  s->root = root;
  return s;
}
long seq_map(void* state, int objtype, char* str, IDTYPE* id, int createflag) {
  auto* s = static_cast<SeqIds*>(state);
  if (str != nullptr) {
    auto key = std::make_pair(id_kind(objtype), std::string(str));
    if (auto it = s->ids.find(key); it != s->ids.end()) {
      *id = it->second;
      return 1;
    }
    if (!createflag) return 0;
    *id = s->next;
    s->next += 2;
    s->ids.emplace(std::move(key), *id);
    s->names.emplace(*id, agstrdup(s->root, str));
    return 1;
  }
  if (!createflag) return 0;
  *id = s->next;
  s->next += 2;
  return 1;
}
long seq_alloc(void*, int, IDTYPE) { return 0; }
void seq_free(void*, int, IDTYPE) {}
char* seq_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<SeqIds*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : it->second;
}
void seq_close(void* state) { delete static_cast<SeqIds*>(state); }
void seq_register(void*, int, void*) {}

Agiddisc_t kSeqIdDisc = {seq_open,  seq_map,   seq_alloc,   seq_free,
                         seq_print, seq_close, seq_register};
Agdisc_t kDisc = {&AgMemDisc, &kSeqIdDisc, &AgIoDisc};

char* cs(const char* s) { return const_cast<char*>(s); }

// Graphviz reports problems through agerr; collect them for our Error.
std::string g_graphviz_messages;
int collect_message(char* message) {
  g_graphviz_messages += message;
  return 0;
}
class MessageCapture {
 public:
  MessageCapture() : previous_(agseterrf(collect_message)) { g_graphviz_messages.clear(); }
  ~MessageCapture() { agseterrf(previous_); }
  std::string text() const {
    std::string t = g_graphviz_messages;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t;
  }

 private:
  agusererrf previous_;
};

// One Graphviz context for the whole process, made on first use and never
// freed. Graphviz 2.42's pango text-layout plugin keeps, in a static, a
// pointer to the name of the last font it measured; that name belongs to the
// font dictionary of the context that laid the text out. gvFreeContext frees
// the dictionary, so the next drawing, in a fresh context, compared against
// freed memory (heap-use-after-free in strcmp <- pango_textlayout <-
// textspan_size, found by AddressSanitizer in the report tests). A context
// that outlives every drawing keeps that pointer valid; it stays reachable,
// so it is not a leak either.
GVC_t* graphviz_context() {
  static GVC_t* const context = gvContext();
  return context;
}

// Frees what gvLayout attached to a graph, whether or not layout succeeded
// (gvFreeLayout does nothing to a graph without a layout).
class LayoutGuard {
 public:
  LayoutGuard(GVC_t* gvc, Agraph_t* g) : gvc_(gvc), g_(g) {}
  ~LayoutGuard() { gvFreeLayout(gvc_, g_); }
  LayoutGuard(const LayoutGuard&) = delete;
  LayoutGuard& operator=(const LayoutGuard&) = delete;

 private:
  GVC_t* gvc_;
  Agraph_t* g_;
};

char* copy_text(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

pg_gv_graph* open_graph(const char* name) {
  return new pg_gv_graph{agopen(cs(name), Agdirected, &kDisc)};
}

pg_gv_object* root(pg_gv_graph* g) { return g->root; }

void declare(pg_gv_graph* g, int kind, const char* name, const char* value) {
  const int k = kind == PG_GV_NODE ? AGNODE : kind == PG_GV_EDGE ? AGEDGE : AGRAPH;
  agattr(g->root, k, cs(name), cs(value));
}

pg_gv_object* subgraph(pg_gv_graph* g, const char* name) { return agsubg(g->root, cs(name), 1); }

pg_gv_object* node(pg_gv_object* parent, const char* name) {
  return agnode(static_cast<Agraph_t*>(parent), cs(name), 1);
}

pg_gv_object* edge(pg_gv_graph* g, pg_gv_object* from, pg_gv_object* to) {
  return agedge(g->root, static_cast<Agnode_t*>(from), static_cast<Agnode_t*>(to), nullptr, 1);
}

void set(pg_gv_object* object, const char* name, const char* value) {
  agsafeset(object, cs(name), cs(value), cs(""));
}

void set_root_html(pg_gv_graph* g, const char* name, const char* html) {
  char* label = agstrdup_html(g->root, cs(html));
  agxset(g->root, agattr(g->root, AGRAPH, cs(name), nullptr), label);
  agstrfree(g->root, label);
}

char* write_dot(pg_gv_graph* g, size_t* size) {
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* out = open_memstream(&buf, &len);
  if (out == nullptr) return nullptr;
  agwrite(g->root, out);
  std::fclose(out);
  *size = len;
  return buf;
}

int render(pg_gv_graph* g, const char* format, char** out, size_t* size, char** messages) {
  MessageCapture capture;
  *out = nullptr;
  *size = 0;
  GVC_t* gvc = graphviz_context();
  LayoutGuard layout(gvc, g->root);
  int status = 0;
  if (gvLayout(gvc, g->root, "dot") != 0) {
    status = 1;
  } else {
    char* data = nullptr;
    unsigned int len = 0;
    const int rc = gvRenderData(gvc, g->root, format, &data, &len);
    if (rc == 0 && data != nullptr) {
      *out = static_cast<char*>(std::malloc(len > 0 ? len : 1));
      if (*out != nullptr && len > 0) std::memcpy(*out, data, len);
      *size = len;
    }
    if (data != nullptr) gvFreeRenderData(data);
    if (rc != 0) status = 2;
  }
  const std::string text = capture.text();
  *messages = text.empty() ? nullptr : copy_text(text);
  return status;
}

void free_text(char* text) { std::free(text); }

void close_graph(pg_gv_graph* g) {
  agclose(g->root);
  delete g;
}

constexpr pg_graphviz_module kModule = {open_graph, root,   declare,   subgraph,
                                        node,       edge,   set,       set_root_html,
                                        write_dot,  render, free_text, close_graph};

}  // namespace

extern "C" const pg_graphviz_module* policygraph_graphviz_module_v1(void) { return &kModule; }
