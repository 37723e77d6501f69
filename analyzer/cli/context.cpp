#include "analyzer/cli/context.h"

#include <ctime>
#include <filesystem>
#include <iostream>
#include <vector>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/output.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/data/tables.h"
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
  cmd->add_option("--db", c.db, "Database file (default: $POLICYGRAPH_DB, else ./policygraph.db)");
  cmd->add_flag("--json", c.json, "Print JSON instead of a table");
  if (with_as_of) {
    cmd->add_option("--as-of", c.as_of, "Statuses as of this day, YYYY-MM-DD (default: today)");
  }
}

std::optional<Context> load(const Common& c) {
  std::optional<Date> as_of = c.as_of.empty() ? today() : Date::parse_iso(c.as_of);
  if (!as_of) {
    std::cerr << "policygraph: error: --as-of: '" << c.as_of
              << "' is not a date (YYYY-MM-DD)\n";
    return std::nullopt;
  }
  const std::string path = resolve_db_path(c.db);
  Result<Store> store = Store::open(path, Store::OpenMode::kReadOnly);
  if (!store) {
    std::cerr << "policygraph: error: " << store.error().to_string();
    // Advice to ingest only where there is nothing yet; a damaged file says
    // how to rebuild it in its own message.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      std::cerr << " (run `policygraph ingest PATH...` first, or give --db)";
    }
    std::cerr << '\n';
    return std::nullopt;
  }
  Result<std::vector<Extraction>> corpus = store->load_all();
  if (!corpus) {
    std::cerr << "policygraph: error: " << corpus.error().to_string() << '\n';
    return std::nullopt;
  }
  Result<std::vector<IssuerRule>> rules =
      parse_issuer_rules(data_file("agency_codes.tsv"), "agency_codes.tsv");
  if (!rules) {
    std::cerr << "policygraph: error: " << rules.error().to_string() << '\n';
    return std::nullopt;
  }
  return Context{CorpusGraph::build(*corpus, *rules), *as_of};
}

std::optional<std::size_t> resolve(const CorpusGraph& g, const std::string& x, bool as_json) {
  Lookup found = lookup(g, x, canonical_doc_number(x));
  if (found.nodes.size() == 1) return found.nodes.front();
  if (found.nodes.empty()) {
    if (as_json) print_json(std::cout, {{"query", x}, {"error", "not found"}, {"matches", json::array()}});
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

std::string number_cell(const Node& n) { return n.doc_no ? *n.doc_no : "(no number)"; }

}  // namespace pg::cli
