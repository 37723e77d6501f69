// What every command over the store shares: the --db/--json/--as-of options
// (spelled in options.h), opening the store and resolving the corpus graph,
// and finding the document a user names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "graphs/base/date.h"
#include "graphs/graph/corpus_graph.h"

namespace pg::cli {

// Options every command over the store takes.
struct Common {
  std::string db;  // set by add_db_option: --db, $POLICYGRAPH_DB or the default
  bool json = false;
  std::string as_of;  // YYYY-MM-DD (checked while parsing); empty: today
};

// The corpus as of a day.
struct Context {
  CorpusGraph graph;
  Date as_of;
};

Date today();

// Adds --db and --json, and --as-of when `with_as_of`.
void add_common(CLI::App* cmd, Common& c, bool with_as_of);

// Opens the store (which must exist) and resolves the corpus. An error is
// printed to stderr and returned as nullopt (the caller exits 2).
std::optional<Context> load(const Common& c);

// X (a number in any variant, or a title or a fragment of one) -> one node.
// Prints "not found" or the list of matches and returns nullopt (exit 1).
std::optional<std::size_t> resolve(const CorpusGraph& g, const std::string& x, bool as_json);

// When `issuer` is a part of names only (no document has it exactly), says
// so on stderr: the one --issuer rule then matches by containment.
void note_issuer_match(const CorpusGraph& g, const std::string& issuer);

// A node's number for a table cell, "(no number)" when it has none.
std::string number_cell(const Node& n);

}  // namespace pg::cli
