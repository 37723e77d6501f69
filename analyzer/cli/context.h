// What every command over the store shares: the --db/--json/--as-of options
// (spelled in options.h), opening the store and reading the corpus graph a
// question needs, and finding the document a user names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "analyzer/ingest/graph_loading.h"
#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/store/store.h"

namespace pg::cli {

// Options every command over the store takes.
struct Common {
  std::string db;  // set by add_db_option: --db, $POLICYGRAPH_DB or the default
  bool json = false;
  std::string as_of;  // YYYY-MM-DD (checked while parsing); empty: today
};

// The corpus as of a day: the whole graph, or the part of it a question
// reads (GraphNeed).
struct Context {
  CorpusGraph graph;
  Date as_of;
  // Document questions: the node X names, when it names one.
  std::optional<std::size_t> node;
};

Date today();

// Adds --db and --json, and --as-of when `with_as_of`.
void add_common(CLI::App* cmd, Common& c, bool with_as_of);

// --as-of, else today; nullopt (exit 2) with the error printed.
std::optional<Date> as_of_date(const Common& c);

// Opens the store (which must exist) for reading; nullopt (exit 2) with the
// error printed.
std::optional<Store> open_store(const Common& c);

// The graph `need` calls for (graph_loading.h: the stored graph, or every
// extraction resolved when the store holds no current one, with a note on
// stderr). An error is printed to stderr and returned as nullopt (exit 2).
std::optional<Context> load_from(const Store& store, Date as_of, GraphNeed need);

// as_of_date, open_store and load_from.
std::optional<Context> load(const Common& c, GraphNeed need = {});

// The need of a question about one document X.
GraphNeed document_need(const std::string& x, GraphNeed::Scope scope);

// The node X names in `ctx` (loaded with document_need), else prints "not
// found" or the matches, as resolve does, and returns nullopt (exit 1).
std::optional<std::size_t> named_node(const Context& ctx, const std::string& x, bool as_json);

// X (a number in any variant, or a title or a fragment of one) -> one node.
// Prints "not found" or the list of matches and returns nullopt (exit 1).
std::optional<std::size_t> resolve(const CorpusGraph& g, const std::string& x, bool as_json);

// When `issuer` is a part of names only (no document has it exactly), says
// so on stderr: the one --issuer rule then matches by containment.
void note_issuer_match(const CorpusGraph& g, const std::string& issuer);
// The same note when the caller has decided it (`by_substring`).
void note_issuer_match(bool by_substring, const std::string& issuer);

// A node's number for a table cell, "(no number)" when it has none.
std::string number_cell(const Node& n);

}  // namespace pg::cli
