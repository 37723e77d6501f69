// Rows of the stored graph written or read in more than one place
// (graph_store.cpp's save_graph, graph_update.cpp's incremental update): one
// writer of node rows, so a column added to graph_nodes lands in one place.
// Internal to graphs/store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graphs/graph/corpus_graph.h"
#include "graphs/model/json.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/sqlite_stmt.h"

namespace pg::graph_rows {

// Writes a node's row (graph_nodes: the columns queries select by and
// status is computed from), its field evidence (graph_node_evidence, for a
// document with some), its search keys (graph_node_keys), its body
// (graph_bodies), its mention rows (with what each reference was, when
// `refs` is given: one per mention) and, for a node without a number, its
// title keys (graph_title_keys: every key the title index may list it
// under, shadowed by numbers or not).
class NodeWriter {
 public:
  explicit NodeWriter(sqlite3* db);
  void write(std::int64_t no, const Node& n, const std::vector<MentionRef>* refs);
  // write() of every node, numbered by position (refs: per node, may be
  // shorter or null). The row values (body, folded names, packed columns)
  // are made by helper threads ahead of the inserts, which stay on this
  // thread in node order: the same rows as write() one by one.
  void write_all(const std::vector<Node>& nodes, const std::vector<std::vector<MentionRef>>* refs);

 private:
  struct Row;  // a node's values, made without the database (graph_store.cpp)
  static Row make_row(const Node& n);
  void write_row(std::int64_t no, const Node& n, const Row& row,
                 const std::vector<MentionRef>* refs);

  sql::Stmt node_, evidence_, keys_, body_, mention_, title_key_;
};

// The keys a title node is indexed by (CorpusGraph's title index): its
// title's fold_title key, and that key without the state's name.
std::vector<std::string> title_node_keys(const std::string& title);

// Nodes by id with their names and the document fields status() reads
// (StoredGraph's Parts::Body::kStatus): no body decoded, no mentions.
class StatusNodeReader {
 public:
  explicit StatusNodeReader(sqlite3* db);
  std::optional<Node> read(const std::string& id);

 private:
  sql::Stmt s_;
};

// A node from its stored id, external flag and body blob (no mentions).
Node node_from_row(std::string id, bool external, const Json& body);
Json finding_body(const Finding& f);
Finding finding_from_body(const Json& body);
Json cbor_column(const sql::Stmt& s, int i);
void write_file_keys(sqlite3* db, const std::vector<FileKeys>& files);

}  // namespace pg::graph_rows
