#include "graphs/store/graph_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "graphs/base/doc_number.h"
#include "graphs/base/titles.h"
#include "graphs/model/json.h"
#include "graphs/store/graph_rows.h"
#include "graphs/store/sqlite_stmt.h"

namespace pg {
namespace {

// A failure inside this file (sqlite_stmt.h) becomes an Error naming the
// store at the public functions' edge.
using sql::fail_sqlite;
using sql::Failure;
using sql::Stmt;

// A blob column read as CBOR (bodies are CBOR: it keeps any bytes a file
// name holds, where JSON text would need valid UTF-8).
Json cbor(const Stmt& s, int i) {
  std::basic_string_view<std::uint8_t> b = s.bytes(i);
  return b.empty() ? Json() : Json::from_cbor(b.begin(), b.end());
}

void exec(sqlite3* db, const char* sql) { sql::exec(db, sql, "writing the stored graph"); }

template <class F>
auto guarded(const Store& store, F&& f) -> Result<decltype(f())> {
  try {
    return f();
  } catch (const Failure& e) {
    return Error{store.path(), -1, e.message};
  } catch (const std::exception& e) {  // nlohmann_json: a damaged row
    return Error{store.path(), -1, std::string("stored graph: ") + e.what()};
  }
}

// Tables and triggers that outlive a rebuild: the generation counter.
constexpr const char* kMetaSql = R"sql(
CREATE TABLE IF NOT EXISTS graph_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO graph_meta(key, value) VALUES('files_generation', 0);
CREATE TRIGGER IF NOT EXISTS graph_files_inserted AFTER INSERT ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TRIGGER IF NOT EXISTS graph_files_updated AFTER UPDATE ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TRIGGER IF NOT EXISTS graph_files_deleted AFTER DELETE ON files BEGIN
  UPDATE graph_meta SET value = value + 1 WHERE key = 'files_generation'; END;
CREATE TABLE IF NOT EXISTS graph_dirty(path TEXT PRIMARY KEY, old_source TEXT);
CREATE TRIGGER IF NOT EXISTS graph_dirty_inserted AFTER INSERT ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(NEW.path, NULL); END;
CREATE TRIGGER IF NOT EXISTS graph_dirty_updated AFTER UPDATE ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(OLD.path, OLD.source);
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(NEW.path, NULL); END;
CREATE TRIGGER IF NOT EXISTS graph_dirty_deleted AFTER DELETE ON files BEGIN
  INSERT OR IGNORE INTO graph_dirty(path, old_source) VALUES(OLD.path, OLD.source); END;
)sql";

// The graph itself, dropped and made again by each save. Node and edge
// numbers are the CorpusGraph's indices. A node's fields other than id and
// mentions are one object (the Document as graphs/model/json.h writes it) in
// CBOR, which keeps a file name's bytes even when they are not UTF-8; the
// columns beside it are the ones queries select by.
constexpr const char* kGraphSql = R"sql(
DROP TABLE IF EXISTS graph_nodes;
DROP TABLE IF EXISTS graph_mentions;
DROP TABLE IF EXISTS graph_edges;
DROP TABLE IF EXISTS graph_titles;
DROP TABLE IF EXISTS graph_findings;
DROP TABLE IF EXISTS graph_file_keys;
CREATE TABLE graph_nodes(
  no INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  external INTEGER NOT NULL,
  expires TEXT,
  folded TEXT NOT NULL,
  issuer_keys TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX graph_nodes_expires ON graph_nodes(expires) WHERE expires IS NOT NULL;
CREATE TABLE graph_mentions(
  node INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  document TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  quote TEXT NOT NULL,
  type INTEGER,
  derived INTEGER,
  title TEXT,
  date TEXT,
  PRIMARY KEY(node, seq)
) WITHOUT ROWID;
CREATE INDEX graph_mentions_document ON graph_mentions(document);
CREATE INDEX graph_mentions_file ON graph_mentions(file);
CREATE TABLE graph_file_keys(
  key TEXT NOT NULL,
  role INTEGER NOT NULL,
  file TEXT NOT NULL
);
CREATE INDEX graph_file_keys_key ON graph_file_keys(key, role);
CREATE INDEX graph_file_keys_file ON graph_file_keys(file);
CREATE TABLE graph_edges(
  no INTEGER PRIMARY KEY,
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  type INTEGER NOT NULL,
  derived INTEGER NOT NULL,
  date TEXT,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  quote TEXT NOT NULL
);
CREATE INDEX graph_edges_src ON graph_edges(src, type);
CREATE INDEX graph_edges_dst ON graph_edges(dst, type);
CREATE INDEX graph_edges_type ON graph_edges(type, dst);
CREATE TABLE graph_titles(
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  node_id TEXT NOT NULL,
  PRIMARY KEY(key, seq)
) WITHOUT ROWID;
CREATE TABLE graph_findings(
  seq INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  body BLOB NOT NULL
);
)sql";

bool has_table(sqlite3* db, const char* name) {
  Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  s.text(1, name);
  s.step();
  return s.int64(0) != 0;
}

std::optional<std::int64_t> meta_value(sqlite3* db, const char* key) {
  Stmt s(db, "SELECT value FROM graph_meta WHERE key = ?1");
  s.text(1, key);
  if (!s.step()) return std::nullopt;
  return s.int64(0);
}

// What CorpusGraph::search compares a fragment with, one part a line
// (fold_title drops whitespace, so no fragment spans two parts).
std::string folded_names(const Node& n) {
  std::string out = fold_title(n.id) + "\n" + fold_title(n.title);
  for (const std::string& a : n.aliases) out += "\n" + fold_title(a);
  return out;
}

// Each name issuer_matches compares exactly, between line breaks.
std::string issuer_keys(const Node& n) {
  std::string out = "\n" + n.issuer + "\n";
  if (n.document) {
    for (const std::string& s : n.document->issuers) out += s + "\n";
  }
  if (n.doc_no) {
    if (auto parts = split_doc_no(*n.doc_no)) out += parts->agency + "\n";
  }
  return out;
}

Json node_body(const Node& n) {
  Json j = Json::object();
  j["doc_no"] = n.doc_no ? Json(*n.doc_no) : Json(nullptr);
  j["title"] = n.title;
  j["aliases"] = n.aliases;
  j["source"] = n.source;
  j["issuer"] = n.issuer;
  j["level"] = std::string(to_string(n.level));
  j["document"] = n.document ? Json(*n.document) : Json(nullptr);
  return j;
}

Node node_from(std::string id, bool external, const Json& j) {
  Node n;
  n.id = std::move(id);
  n.external = external;
  if (!j.at("doc_no").is_null()) n.doc_no = j.at("doc_no").get<std::string>();
  n.title = j.at("title").get<std::string>();
  n.aliases = j.at("aliases").get<std::vector<std::string>>();
  n.source = j.at("source").get<std::string>();
  n.issuer = j.at("issuer").get<std::string>();
  n.level = parse_level(j.at("level").get<std::string>()).value_or(Level::kUnknown);
  if (!j.at("document").is_null()) {
    Document d = j.at("document").get<Document>();
    // The JSON leaves out the file of field evidence: the document's own.
    for (auto& fe : d.field_evidence) fe.evidence.file = n.source;
    n.document = std::move(d);
  }
  return n;
}

Json sourced_json(const Sourced& s) {
  return Json{{"document", s.document},
              {"file", s.evidence.file},
              {"line", s.evidence.line},
              {"quote", s.evidence.quote}};
}

Sourced sourced_from(const Json& j) {
  return {
      j.at("document").get<std::string>(),
      {j.at("file").get<std::string>(), j.at("line").get<int>(), j.at("quote").get<std::string>()}};
}

Finding finding_from(const Json& j) {
  Finding f;
  f.kind =
      parse_finding_kind(j.at("kind").get<std::string>()).value_or(FindingKind::kTitleConflict);
  f.subject = j.at("subject").get<std::string>();
  f.message = j.at("message").get<std::string>();
  for (const Json& e : j.at("evidence")) f.evidence.push_back(sourced_from(e));
  return f;
}

// Nodes by id and edges by (from, to, type), as from_parts takes them: node
// numbers are row ids, in id order only in a graph saved whole (an
// incremental update numbers new nodes after the largest).
void sort_parts(std::vector<Node>& nodes, std::vector<GraphEdge>& edges) {
  auto by_id = [](const Node& a, const Node& b) { return a.id < b.id; };
  if (!std::is_sorted(nodes.begin(), nodes.end(), by_id)) {
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return nodes[a].id < nodes[b].id; });
    std::vector<std::size_t> where(nodes.size());
    std::vector<Node> sorted;
    sorted.reserve(nodes.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      where[order[k]] = k;
      sorted.push_back(std::move(nodes[order[k]]));
    }
    nodes = std::move(sorted);
    for (GraphEdge& e : edges) {
      e.from = where[e.from];
      e.to = where[e.to];
    }
  }
  auto by_ends = [](const GraphEdge& a, const GraphEdge& b) {
    return std::make_tuple(a.from, a.to, static_cast<int>(a.type)) <
           std::make_tuple(b.from, b.to, static_cast<int>(b.type));
  };
  if (!std::is_sorted(edges.begin(), edges.end(), by_ends)) {
    std::sort(edges.begin(), edges.end(), by_ends);
  }
}

std::vector<NodeNo> sorted_unique(std::vector<NodeNo> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Reads nodes (with mentions) and edges by number.
class Reader {
 public:
  explicit Reader(sqlite3* db)
      : node_(db, "SELECT id, external, body FROM graph_nodes WHERE no = ?1"),
        mentions_(db,
                  "SELECT document, file, line, quote FROM graph_mentions WHERE node = ?1 "
                  "ORDER BY seq"),
        out_(db,
             "SELECT no, dst, type, derived, date, file, line, quote FROM graph_edges "
             "WHERE src = ?1"),
        sources_(db, "SELECT src FROM graph_edges WHERE dst = ?1 AND type IN (?2, ?3)") {}

  Node node(NodeNo no) {
    node_.integer(1, no);
    if (!node_.step()) throw Failure{"stored graph: no node " + std::to_string(no)};
    Node n = node_from(node_.str(0), node_.int64(1) != 0, cbor(node_, 2));
    node_.reset();
    mentions_.integer(1, no);
    while (mentions_.step()) {
      n.mentions.push_back(
          {mentions_.str(0),
           {mentions_.str(1), static_cast<int>(mentions_.int64(2)), mentions_.str(3)}});
    }
    mentions_.reset();
    return n;
  }

  // Nodes that repeal or amend `no`.
  std::vector<NodeNo> status_sources(NodeNo no) {
    std::vector<NodeNo> out;
    sources_.integer(1, no)
        .integer(2, static_cast<int>(RelationType::kRepeals))
        .integer(3, static_cast<int>(RelationType::kAmends));
    while (sources_.step()) out.push_back(sources_.int64(0));
    sources_.reset();
    return out;
  }

  struct StoredEdge {
    NodeNo no, from, to;
    GraphEdge edge;
  };
  // Edges out of `no`.
  void out_edges(NodeNo no, std::vector<StoredEdge>& into) {
    out_.integer(1, no);
    while (out_.step()) {
      GraphEdge e;
      e.type = static_cast<RelationType>(out_.int64(2));
      e.derived = out_.int64(3) != 0;
      if (!out_.is_null(4)) e.date = Date::parse_iso(out_.str(4));
      e.evidence = {out_.str(5), static_cast<int>(out_.int64(6)), out_.str(7)};
      into.push_back({out_.int64(0), no, out_.int64(1), std::move(e)});
    }
    out_.reset();
  }

 private:
  Stmt node_, mentions_, out_, sources_;
};

std::size_t node_count(sqlite3* db) {
  Stmt s(db, "SELECT coalesce(max(no) + 1, 0) FROM graph_nodes");
  s.step();
  return static_cast<std::size_t>(s.int64(0));
}

// `order` (ascending) by a lookup per node and per node's edges: for the few
// nodes of one document's question.
void read_by_number(Reader& reader, const std::vector<NodeNo>& order, std::vector<Node>& nodes,
                    std::vector<GraphEdge>& edges) {
  std::unordered_map<NodeNo, std::size_t> index;
  index.reserve(order.size());
  nodes.reserve(order.size());
  std::vector<Reader::StoredEdge> stored;
  for (NodeNo no : order) {
    index.emplace(no, nodes.size());
    nodes.push_back(reader.node(no));
  }
  for (NodeNo no : order) reader.out_edges(no, stored);
  std::erase_if(stored, [&](const Reader::StoredEdge& e) { return !index.count(e.to); });
  std::sort(stored.begin(), stored.end(), [](const auto& a, const auto& b) { return a.no < b.no; });
  edges.reserve(stored.size());
  for (auto& e : stored) {
    e.edge.from = index.at(e.from);
    e.edge.to = index.at(e.to);
    edges.push_back(std::move(e.edge));
  }
  sort_parts(nodes, edges);
}

// `order` (ascending) by one pass over each table: for a large part of the
// graph, where a lookup per node costs more than reading every row.
void read_scanning(sqlite3* db, const std::vector<NodeNo>& order, std::vector<Node>& nodes,
                   std::vector<GraphEdge>& edges) {
  const std::size_t total = node_count(db);
  constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(total, kAbsent);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i] < 0 || static_cast<std::size_t>(order[i]) >= total) {
      throw Failure{"stored graph: no node " + std::to_string(order[i])};
    }
    index[static_cast<std::size_t>(order[i])] = i;
  }
  auto at = [&](std::int64_t no) {
    return no >= 0 && static_cast<std::size_t>(no) < total ? index[static_cast<std::size_t>(no)]
                                                           : kAbsent;
  };
  nodes.reserve(order.size());
  {
    Stmt s(db, "SELECT no, id, external, body FROM graph_nodes ORDER BY no");
    while (s.step()) {
      if (at(s.int64(0)) == kAbsent) continue;
      nodes.push_back(node_from(s.str(1), s.int64(2) != 0, cbor(s, 3)));
    }
  }
  if (nodes.size() != order.size()) throw Failure{"stored graph: a node is missing"};
  {
    Stmt s(db, "SELECT node, document, file, line, quote FROM graph_mentions ORDER BY node, seq");
    while (s.step()) {
      std::size_t i = at(s.int64(0));
      if (i == kAbsent) continue;
      nodes[i].mentions.push_back({s.str(1), {s.str(2), static_cast<int>(s.int64(3)), s.str(4)}});
    }
  }
  Stmt s(db,
         "SELECT src, dst, type, derived, date, file, line, quote FROM graph_edges ORDER BY no");
  while (s.step()) {
    std::size_t from = at(s.int64(0)), to = at(s.int64(1));
    if (from == kAbsent || to == kAbsent) continue;
    GraphEdge e;
    e.from = from;
    e.to = to;
    e.type = static_cast<RelationType>(s.int64(2));
    e.derived = s.int64(3) != 0;
    if (!s.is_null(4)) e.date = Date::parse_iso(s.str(4));
    e.evidence = {s.str(5), static_cast<int>(s.int64(6)), s.str(7)};
    edges.push_back(std::move(e));
  }
  sort_parts(nodes, edges);
}

}  // namespace

std::string_view to_string(GraphState s) {
  switch (s) {
    case GraphState::kMissing: return "missing";
    case GraphState::kStale: return "stale";
    case GraphState::kCurrent: return "current";
  }
  return "missing";
}

Result<bool> prepare_graph_tables(Store& store) {
  return guarded(store, [&] {
    exec(store.db_handle(), kMetaSql);
    return true;
  });
}

Result<std::int64_t> files_generation(const Store& store) {
  return guarded(store, [&]() -> std::int64_t {
    sqlite3* db = store.db_handle();
    if (!has_table(db, "graph_meta")) return 0;
    return meta_value(db, "files_generation").value_or(0);
  });
}

namespace graph_rows {

NodeWriter::NodeWriter(sqlite3* db)
    : node_(db,
            "INSERT INTO graph_nodes(no, id, external, expires, folded, issuer_keys, body) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
      mention_(db,
               "INSERT INTO graph_mentions(node, seq, document, file, line, quote, type, "
               "derived, title, date) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") {}

void NodeWriter::write(std::int64_t no, const Node& n, const std::vector<MentionRef>* refs) {
  std::optional<std::string> expires;
  if (n.document && n.document->expires) expires = n.document->expires->to_iso();
  node_.integer(1, no)
      .text(2, n.id)
      .integer(3, n.external ? 1 : 0)
      .text(4, expires)
      .text(5, folded_names(n))
      .text(6, issuer_keys(n))
      .blob(7, Json::to_cbor(node_body(n)))
      .run();
  for (std::size_t m = 0; m < n.mentions.size(); ++m) {
    const Sourced& s = n.mentions[m];
    mention_.integer(1, no)
        .integer(2, static_cast<std::int64_t>(m))
        .text(3, s.document)
        .text(4, s.evidence.file)
        .integer(5, s.evidence.line)
        .text(6, s.evidence.quote);
    if (refs && m < refs->size()) {
      const MentionRef& r = (*refs)[m];
      mention_.integer(7, static_cast<int>(r.type))
          .integer(8, r.derived ? 1 : 0)
          .text(9, r.title)
          .text(10, r.date ? std::optional<std::string>(r.date->to_iso()) : std::nullopt);
    } else {
      mention_.null(7).null(8).null(9).null(10);
    }
    mention_.run();
  }
}

Node node_from_row(std::string id, bool external, const Json& body) {
  return node_from(std::move(id), external, body);
}

Json finding_body(const Finding& f) {
  Json ev = Json::array();
  for (const Sourced& s : f.evidence) ev.push_back(sourced_json(s));
  return Json{{"kind", std::string(to_string(f.kind))},
              {"subject", f.subject},
              {"message", f.message},
              {"evidence", ev}};
}

Finding finding_from_body(const Json& body) { return finding_from(body); }

Json cbor_column(const Stmt& s, int i) { return cbor(s, i); }

void write_file_keys(sqlite3* db, const std::vector<FileKeys>& files) {
  Stmt key(db, "INSERT INTO graph_file_keys(key, role, file) VALUES(?1, ?2, ?3)");
  for (const FileKeys& f : files) {
    for (const auto& [role, k] : f.rows) key.text(1, k).integer(2, role).text(3, f.file).run();
  }
}

}  // namespace graph_rows

Result<bool> save_graph(Store& store, const CorpusGraph& g, std::int64_t generation,
                        const GraphExtras& extras) {
  return guarded(store, [&] {
    sqlite3* db = store.db_handle();
    exec(db, "BEGIN IMMEDIATE");
    try {
      exec(db, kMetaSql);
      exec(db, kGraphSql);
      graph_rows::NodeWriter writer(db);
      const auto* refs = extras.mention_refs;
      for (std::size_t i = 0; i < g.nodes().size(); ++i) {
        writer.write(static_cast<std::int64_t>(i), g.nodes()[i],
                     refs && i < refs->size() ? &(*refs)[i] : nullptr);
      }
      Stmt edge(db,
                "INSERT INTO graph_edges(no, src, dst, type, derived, date, file, line, quote) "
                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
      for (std::size_t i = 0; i < g.edges().size(); ++i) {
        const GraphEdge& e = g.edges()[i];
        edge.integer(1, static_cast<std::int64_t>(i))
            .integer(2, static_cast<std::int64_t>(e.from))
            .integer(3, static_cast<std::int64_t>(e.to))
            .integer(4, static_cast<int>(e.type))
            .integer(5, e.derived ? 1 : 0)
            .text(6, e.date ? std::optional<std::string>(e.date->to_iso()) : std::nullopt)
            .text(7, e.evidence.file)
            .integer(8, e.evidence.line)
            .text(9, e.evidence.quote)
            .run();
      }
      Stmt title(db, "INSERT INTO graph_titles(key, seq, node_id) VALUES(?1, ?2, ?3)");
      for (const auto& [key, ids] : g.title_index()) {
        for (std::size_t k = 0; k < ids.size(); ++k) {
          title.text(1, key).integer(2, static_cast<std::int64_t>(k)).text(3, ids[k]).run();
        }
      }
      Stmt finding(db, "INSERT INTO graph_findings(seq, subject, body) VALUES(?1, ?2, ?3)");
      for (std::size_t i = 0; i < g.findings().size(); ++i) {
        const Finding& f = g.findings()[i];
        finding.integer(1, static_cast<std::int64_t>(i)).text(2, f.subject);
        finding.blob(3, Json::to_cbor(graph_rows::finding_body(f)));
        finding.run();
      }
      if (extras.file_keys) graph_rows::write_file_keys(db, *extras.file_keys);
      // The dirty list is exact from here on only when the graph is of the
      // files as they are now and says what an update needs.
      const bool exact = extras.mention_refs && extras.file_keys &&
                         meta_value(db, "files_generation") == generation;
      exec(db, "DELETE FROM graph_dirty");
      Stmt meta(db, "INSERT OR REPLACE INTO graph_meta(key, value) VALUES(?1, ?2)");
      meta.text(1, "built_generation").integer(2, generation).run();
      meta.text(1, "format").integer(2, kGraphStoreFormat).run();
      meta.text(1, "updatable").integer(2, exact ? 1 : 0).run();
      exec(db, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    return true;
  });
}

Result<GraphState> graph_state(const Store& store) {
  return guarded(store, [&] {
    sqlite3* db = store.db_handle();
    if (!has_table(db, "graph_meta") || !has_table(db, "graph_nodes")) return GraphState::kMissing;
    auto built = meta_value(db, "built_generation");
    if (!built) return GraphState::kMissing;
    Stmt triggers(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                  "('graph_files_inserted', 'graph_files_updated', 'graph_files_deleted')");
    triggers.step();
    // Without the triggers (a files table made again) changes go uncounted.
    if (triggers.int64(0) != 3) return GraphState::kStale;
    if (meta_value(db, "format") != kGraphStoreFormat) return GraphState::kStale;
    return meta_value(db, "files_generation") == built ? GraphState::kCurrent : GraphState::kStale;
  });
}

Result<std::vector<NodeNo>> StoredGraph::nodes_with_ids(const std::vector<std::string>& ids) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT no FROM graph_nodes WHERE id = ?1");
    std::vector<NodeNo> out;
    for (const std::string& id : ids) {
      s.text(1, id);
      if (s.step()) out.push_back(s.int64(0));
      s.reset();
    }
    return sorted_unique(std::move(out));
  });
}

Result<TitleIndex> StoredGraph::titles(const std::vector<std::string>& keys) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT node_id FROM graph_titles WHERE key = ?1 ORDER BY seq");
    TitleIndex out;
    for (const std::string& key : keys) {
      if (out.count(key)) continue;
      s.text(1, key);
      std::vector<std::string> ids;
      while (s.step()) ids.push_back(s.str(0));
      s.reset();
      if (!ids.empty()) out.emplace(key, std::move(ids));
    }
    return out;
  });
}

Result<std::vector<NodeNo>> StoredGraph::nodes_containing(
    const std::string& folded_fragment) const {
  return guarded(*store_, [&] {
    std::vector<NodeNo> out;
    if (folded_fragment.empty()) return out;
    Stmt s(store_->db_handle(), "SELECT no FROM graph_nodes WHERE instr(folded, ?1) > 0");
    s.text(1, folded_fragment);
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::neighbours(const std::vector<NodeNo>& nodes) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Stmt out_s(db, "SELECT dst FROM graph_edges WHERE src = ?1");
    Stmt in_s(db, "SELECT src FROM graph_edges WHERE dst = ?1");
    std::vector<NodeNo> out;
    for (NodeNo n : nodes) {
      for (Stmt* s : {&out_s, &in_s}) {
        s->integer(1, n);
        while (s->step()) out.push_back(s->int64(0));
        s->reset();
      }
    }
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::reach(const std::vector<NodeNo>& start,
                                               const std::set<RelationType>& types,
                                               Direction direction, int depth) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Stmt forward(db, "SELECT dst, type FROM graph_edges WHERE src = ?1");
    Stmt backward(db, "SELECT src, type FROM graph_edges WHERE dst = ?1");
    std::vector<Stmt*> steps;
    if (direction != Direction::kBackward) steps.push_back(&forward);
    if (direction != Direction::kForward) steps.push_back(&backward);
    std::unordered_map<NodeNo, int> seen;
    std::deque<NodeNo> queue;
    for (NodeNo n : start) {
      if (seen.emplace(n, 0).second) queue.push_back(n);
    }
    while (!queue.empty()) {
      NodeNo v = queue.front();
      queue.pop_front();
      int d = seen[v];
      if (depth >= 0 && d >= depth) continue;
      for (Stmt* s : steps) {
        s->integer(1, v);
        while (s->step()) {
          NodeNo w = s->int64(0);
          if (!types.empty() && !types.count(static_cast<RelationType>(s->int64(1)))) continue;
          if (seen.emplace(w, d + 1).second) queue.push_back(w);
        }
        s->reset();
      }
    }
    std::vector<NodeNo> out;
    out.reserve(seen.size());
    for (const auto& [n, d] : seen) out.push_back(n);
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::targets_of(RelationType type) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(), "SELECT DISTINCT dst FROM graph_edges WHERE type = ?1");
    s.integer(1, static_cast<int>(type));
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::expiring_between(std::optional<Date> first,
                                                          std::optional<Date> last) const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT no FROM graph_nodes WHERE expires IS NOT NULL AND expires >= ?1 AND "
           "expires <= ?2");
    // ISO dates compare as text; the bounds cover every stored year.
    s.text(1, first ? first->to_iso() : std::string("0000-00-00"));
    s.text(2, last ? last->to_iso() : std::string("9999-99-99"));
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<std::vector<NodeNo>> StoredGraph::cited_external() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT n.no, e.src FROM graph_nodes n JOIN graph_edges e ON e.dst = n.no "
           "WHERE n.external = 1");
    std::vector<NodeNo> out;
    while (s.step()) {
      out.push_back(s.int64(0));
      out.push_back(s.int64(1));
    }
    return sorted_unique(std::move(out));
  });
}

Result<std::optional<NodeNo>> StoredGraph::node_with_issuer(const std::string& issuer) const {
  return guarded(*store_, [&]() -> std::optional<NodeNo> {
    if (issuer.empty() || issuer.find('\n') != std::string::npos) return std::nullopt;
    Stmt s(store_->db_handle(),
           "SELECT no FROM graph_nodes WHERE instr(issuer_keys, ?1) > 0 ORDER BY no LIMIT 1");
    s.text(1, "\n" + issuer + "\n");
    if (!s.step()) return std::nullopt;
    return s.int64(0);
  });
}

Result<std::vector<NodeNo>> StoredGraph::finding_subjects() const {
  return guarded(*store_, [&] {
    Stmt s(store_->db_handle(),
           "SELECT n.no FROM graph_findings f JOIN graph_nodes n ON n.id = f.subject");
    std::vector<NodeNo> out;
    while (s.step()) out.push_back(s.int64(0));
    return sorted_unique(std::move(out));
  });
}

Result<CorpusGraph> StoredGraph::subgraph(const std::vector<NodeNo>& nodes, TitleIndex titles,
                                          bool with_findings) const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    Reader reader(db);
    // The nodes, and what repeals or amends each, transitively.
    std::unordered_set<NodeNo> chosen(nodes.begin(), nodes.end());
    std::vector<NodeNo> work(chosen.begin(), chosen.end());
    while (!work.empty()) {
      NodeNo v = work.back();
      work.pop_back();
      for (NodeNo s : reader.status_sources(v)) {
        if (chosen.insert(s).second) work.push_back(s);
      }
    }
    std::vector<NodeNo> order(chosen.begin(), chosen.end());
    std::sort(order.begin(), order.end());
    std::vector<Node> out_nodes;
    std::vector<GraphEdge> out_edges;
    if (order.size() * 8 > node_count(db)) {
      read_scanning(db, order, out_nodes, out_edges);
    } else {
      read_by_number(reader, order, out_nodes, out_edges);
    }
    std::vector<Finding> findings;
    if (with_findings) {
      Stmt s(db, "SELECT body FROM graph_findings ORDER BY seq");
      while (s.step()) findings.push_back(finding_from(cbor(s, 0)));
    }
    return CorpusGraph::from_parts(std::move(out_nodes), std::move(out_edges), std::move(findings),
                                   std::move(titles));
  });
}

Result<CorpusGraph> StoredGraph::whole() const {
  return guarded(*store_, [&] {
    sqlite3* db = store_->db_handle();
    std::vector<Node> nodes;
    // Node number -> index in `nodes` (numbers are row ids: gaps are absent).
    constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
    std::vector<std::size_t> at(node_count(db), kAbsent);
    auto index = [&](std::int64_t no) {
      return no >= 0 && static_cast<std::size_t>(no) < at.size() ? at[static_cast<std::size_t>(no)]
                                                                 : kAbsent;
    };
    {
      Stmt s(db, "SELECT no, id, external, body FROM graph_nodes ORDER BY no");
      while (s.step()) {
        if (s.int64(0) < 0) throw Failure{"stored graph: a negative node number"};
        at[static_cast<std::size_t>(s.int64(0))] = nodes.size();
        nodes.push_back(node_from(s.str(1), s.int64(2) != 0, cbor(s, 3)));
      }
    }
    {
      Stmt s(db, "SELECT node, document, file, line, quote FROM graph_mentions ORDER BY node, seq");
      while (s.step()) {
        std::size_t i = index(s.int64(0));
        if (i == kAbsent) throw Failure{"stored graph: a mention of no node"};
        nodes[i].mentions.push_back({s.str(1), {s.str(2), static_cast<int>(s.int64(3)), s.str(4)}});
      }
    }
    std::vector<GraphEdge> edges;
    {
      Stmt s(db,
             "SELECT src, dst, type, derived, date, file, line, quote FROM graph_edges "
             "ORDER BY no");
      while (s.step()) {
        GraphEdge e;
        e.from = index(s.int64(0));
        e.to = index(s.int64(1));
        if (e.from == kAbsent || e.to == kAbsent) {
          throw Failure{"stored graph: an edge to no node"};
        }
        e.type = static_cast<RelationType>(s.int64(2));
        e.derived = s.int64(3) != 0;
        if (!s.is_null(4)) e.date = Date::parse_iso(s.str(4));
        e.evidence = {s.str(5), static_cast<int>(s.int64(6)), s.str(7)};
        edges.push_back(std::move(e));
      }
    }
    TitleIndex titles;
    {
      Stmt s(db, "SELECT key, node_id FROM graph_titles ORDER BY key, seq");
      while (s.step()) titles[s.str(0)].push_back(s.str(1));
    }
    std::vector<Finding> findings;
    {
      Stmt s(db, "SELECT body FROM graph_findings ORDER BY seq");
      while (s.step()) findings.push_back(finding_from(cbor(s, 0)));
    }
    sort_parts(nodes, edges);
    return CorpusGraph::from_parts(std::move(nodes), std::move(edges), std::move(findings),
                                   std::move(titles));
  });
}

}  // namespace pg
