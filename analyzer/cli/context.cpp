#include "analyzer/cli/context.h"

#include <ctime>
#include <filesystem>
#include <iostream>
#include <vector>

#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/doc_number.h"
#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/queries.h"
#include "graphs/store/store.h"

namespace pg::cli {

using nlohmann::json;

Date today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return *Date::make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void add_common(CLI::App* cmd, Common& c, bool with_as_of) {
  add_db_option(cmd, c.db);
  add_json_option(cmd, c.json);
  if (with_as_of) add_as_of_option(cmd, c.as_of);
}

std::optional<Date> as_of_date(const Common& c) {
  std::optional<Date> as_of = c.as_of.empty() ? today() : Date::parse_iso(c.as_of);
  if (!as_of) {  // the option's check refuses it first
    std::cerr << "policygraph: error: --as-of: '" << c.as_of << "' is not a date (YYYY-MM-DD)\n";
  }
  return as_of;
}

std::optional<Store> open_store(const Common& c) {
  Result<Store> store = Store::open(c.db, Store::OpenMode::kReadOnly);
  if (!store) {
    std::cerr << "policygraph: error: " << store.error().to_string();
    // Advice to ingest only where there is nothing yet; a damaged file says
    // how to rebuild it in its own message.
    std::error_code ec;
    if (!std::filesystem::exists(c.db, ec)) {
      std::cerr << " (run `policygraph ingest PATH...` first, or give --db)";
    }
    std::cerr << '\n';
    return std::nullopt;
  }
  return std::move(*store);
}

std::optional<Context> load_from(const Store& store, Date as_of, GraphNeed need) {
  need.as_of = as_of;
  Result<NeededGraph> graph = load_needed(store, need);
  if (!graph) {
    std::cerr << "policygraph: error: " << graph.error().to_string() << '\n';
    return std::nullopt;
  }
  if (!graph->stored && graph->state == GraphState::kStale) {
    // A store made before graphs were stored has none: that is no news. A
    // stale one means files changed without the graph being saved again.
    std::cerr << "policygraph: note: the graph stored in " << store.path()
              << " is out of date; resolving every extraction now (run `policygraph ingest` "
                 "on the corpus again to store it)\n";
  }
  return Context{std::move(graph->graph), as_of, graph->node};
}

std::optional<Context> load(const Common& c, GraphNeed need) {
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return std::nullopt;
  std::optional<Store> store = open_store(c);
  if (!store) return std::nullopt;
  return load_from(*store, *as_of, std::move(need));
}

GraphNeed document_need(const std::string& x, GraphNeed::Scope scope) {
  GraphNeed need;
  need.scope = scope;
  need.x = x;
  need.canonical = canonical_doc_number(x);
  return need;
}

std::optional<std::size_t> named_node(const Context& ctx, const std::string& x, bool as_json) {
  if (ctx.node) return ctx.node;
  // Not one node: `graph` holds what lookup reads, so resolve says why.
  return resolve(ctx.graph, x, as_json);
}

std::optional<std::size_t> resolve(const CorpusGraph& g, const std::string& x, bool as_json) {
  Lookup found = lookup(g, x, canonical_doc_number(x));
  if (found.nodes.size() == 1) return found.nodes.front();
  if (found.nodes.empty()) {
    if (as_json)
      print_json(std::cout, {{"query", x}, {"error", "not found"}, {"matches", json::array()}});
    std::cerr << "policygraph: not found: " << x << '\n';
    return std::nullopt;
  }
  if (as_json) {
    json matches = json::array();
    for (std::size_t n : found.nodes) matches.push_back(node_ref_json(g.nodes()[n]));
    print_json(std::cout, {{"query", x}, {"error", "ambiguous"}, {"matches", matches}});
  } else {
    Table t({"DOCUMENT", "TITLE", "SOURCE"});
    t.max_width(1, 60);
    for (std::size_t n : found.nodes) {
      const Node& node = g.nodes()[n];
      t.add_row({number_cell(node), node.title, node.external ? "(cited only)" : node.source});
    }
    t.print(std::cout);
  }
  std::cerr << "policygraph: ambiguous: " << found.nodes.size() << " matches for " << x
            << "; give a number or a longer title\n";
  return std::nullopt;
}

void note_issuer_match(const CorpusGraph& g, const std::string& issuer) {
  note_issuer_match(!issuer.empty() && IssuerFilter(g, issuer).by_substring(), issuer);
}

void note_issuer_match(bool by_substring, const std::string& issuer) {
  if (issuer.empty() || !by_substring) return;
  std::cerr << "policygraph: note: no document has exactly the issuer " << issuer
            << "; matching the issuers that contain it\n";
}

std::string number_cell(const Node& n) { return n.doc_no ? *n.doc_no : "(no number)"; }

}  // namespace pg::cli
