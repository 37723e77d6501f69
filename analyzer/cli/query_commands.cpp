// The query commands: each opens the store, builds the corpus graph, asks
// graphs/answers/queries.h one question and prints the answer as a table or JSON.
// Exit status: 0 something found, 1 nothing found (or X is ambiguous),
// 2 usage or input error.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/cli/pages.h"
#include "graphs/answers/answer_json.h"
#include "graphs/answers/queries.h"
#include "graphs/answers/stored_lists.h"
#include "graphs/base/json_text.h"
#include "graphs/base/json_writer.h"
#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/graph/corpus_graph.h"

namespace pg::cli {
namespace {

using nlohmann::json;

constexpr int kTitleWidth = 40;
constexpr int kQuoteWidth = 36;

// The printers below take the whole graph (CorpusGraph) or the part a list
// read from the store (RowGraph, graphs/answers/stored_lists.h): both index
// nodes() and edges() and find a node by id.

// A node named by id in a cell when the graph has no node of that id.
std::string absent_label(const std::string& id) {
  if (id.rfind("title:", 0) != 0) return id;
  std::string out;
  append_title_label(out, std::string_view(id).substr(6));
  return out;
}

// A node named by id in a cell: its label, or the id when not in the graph.
template <class G>
std::string label(const G& g, const std::string& id) {
  auto i = g.index_of(id);
  if (!i) return absent_label(id);
  return node_label(g.nodes()[*i]);
}

// number_cell and node_label of a node a stored list names only.
std::string_view name_number_cell(const NodeName& n) {
  return n.doc_no ? *n.doc_no : std::string_view("(no number)");
}
// node_label's text appended to `out` (the title cut as truncate_to_width).
void append_name_label(std::string& out, const NodeName& n, int width = 24) {
  if (n.doc_no) {
    out += *n.doc_no;
  } else {
    append_title_label(out, n.title, width);
  }
}

// A list's --json on stdout, written by a JsonWriter as the rows come and
// sent in pieces: no tree of the rows, nor of one row (at 10^6 rows the
// trees and nlohmann's serializer were nine tenths of the CPU). The bytes
// are print_json's of the tree the old code built (output_json_test).
class JsonOut {
 public:
  JsonWriter& w() { return w_; }
  void flush_if_large() {
    if (text_.size() >= kPiece) flush();
  }
  // Ends the document with print_json's line break.
  void finish() {
    text_ += '\n';
    flush();
  }

 private:
  static constexpr std::size_t kPiece = std::size_t{1} << 16;
  void flush() {
    std::cout.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }
  std::string text_;
  JsonWriter w_{text_};
};

// JSON elements of a stored list made in node-number order, printed in id
// order (the order of a graph's nodes): the texts kept in one buffer, the
// order applied at the end. Each element is written `depth` deep.
class IdOrderedJson {
 public:
  void add(std::string_view id, int depth, const std::function<void(JsonWriter&)>& write) {
    sorted_ = sorted_ && (ids_.empty() || ids_.back() <= id);
    ids_.emplace_back(id);
    JsonWriter w(text_, depth);
    write(w);
    ends_.push_back(text_.size());
  }
  std::size_t size() const { return ends_.size(); }
  // The elements, in id order, as values of `out`'s open array.
  void print(JsonOut& out) const {
    std::vector<std::size_t> order(ends_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (!sorted_) {
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return ids_[a] < ids_[b]; });
    }
    for (std::size_t k : order) {
      out.w().raw(at(k));
      out.flush_if_large();
    }
  }

 private:
  std::string_view at(std::size_t k) const {
    const std::size_t begin = k == 0 ? 0 : ends_[k - 1];
    return std::string_view(text_).substr(begin, ends_[k] - begin);
  }
  std::vector<std::string> ids_;
  std::string text_;
  std::vector<std::size_t> ends_;
  bool sorted_ = true;
};

template <class G>
json chain_json(const G& g, const std::vector<std::size_t>& edges) {
  json out = json::array();
  for (std::size_t e : edges) out.push_back(edge_json(g.nodes(), g.edges()[e]));
  return out;
}

json ref_json(const CorpusGraph& g, const Reference& r) {
  json j = edge_json(g, r.edge);
  j["other"] = node_ref_json(g.nodes()[r.other]);
  return j;
}

template <class G>
json node_status_json(const G& g, std::size_t node, const Status& st) {
  json j = node_ref_json(g.nodes()[node]);
  j["issuer"] = g.nodes()[node].issuer;
  j["level"] = std::string(to_string(g.nodes()[node].level));
  j["status"] = status_json(st);
  return j;
}

void print_heading(const CorpusGraph& g, std::size_t node) {
  const Node& n = g.nodes()[node];
  std::cout << terminal_safe(number_cell(n));
  if (!n.title.empty()) std::cout << "  " << terminal_safe(n.title);
  std::cout << '\n';
}

void references_table(const CorpusGraph& g, const std::vector<Reference>& refs,
                      const char* other_header) {
  Table t({"TYPE", other_header, "TITLE", "EVIDENCE", "QUOTE"});
  t.max_width(2, kTitleWidth);
  for (const Reference& r : refs) {
    const GraphEdge& e = g.edges()[r.edge];
    std::string type(to_string(e.type));
    if (e.derived) type += " (derived)";
    // A partial repeal: the part it ends (部分失效).
    if (e.scope) type += " 部分:" + quote_cell(*e.scope, 24);
    t.add_row({type, number_cell(g.nodes()[r.other]), g.nodes()[r.other].title, where(e.evidence),
               quote_cell(e.evidence.quote, kQuoteWidth)});
  }
  t.print(std::cout, "  ");
}

// ----------------------------------------------------------------- show ----

// "  name        value", nothing when the value is empty.
void print_field(const char* name, const std::string& value) {
  if (value.empty()) return;
  std::cout << "  " << name << std::string(12 - std::string(name).size(), ' ')
            << terminal_safe(value) << '\n';
}

std::string effective_cell(const Effective& e) {
  switch (e.kind) {
    case Effective::Kind::kDate: return e.date.to_iso();
    case Effective::Kind::kOnIssue: return "on issue";
    default: return "not stated";
  }
}

// The card's fields: status, issuer, dates, where it is printed, aliases.
void print_card_fields(const Node& n, const Card& card, Date as_of) {
  std::string status = status_cell(card.status);
  if (card.status.by) status += " by " + *card.status.by;
  print_field("status", status + "  (as of " + as_of.to_iso() + ")");
  print_field("detail", card.status.detail);
  if (!card.status.evidence.evidence.file.empty()) {
    print_field("evidence", where(card.status.evidence.evidence) + " " +
                                quote_cell(card.status.evidence.evidence.quote, 60));
  }
  print_field("issuer",
              n.issuer.empty() ? "" : n.issuer + " (" + std::string(to_string(n.level)) + ")");
  if (n.document) {
    const Document& d = *n.document;
    print_field("signed", d.signed_date ? d.signed_date->to_iso() : "");
    print_field("printed", d.printed_date ? d.printed_date->to_iso() : "");
    print_field("effective", effective_cell(d.effective));
    if (d.expires) {
      print_field("expires",
                  d.expires->to_iso() + (d.expires_text ? " 「" + *d.expires_text + "」" : ""));
    }
    print_field("registered", d.registration_no.value_or(""));
    print_field("source", location(n.source, header_page(d), d.line_start) + "-" +
                              std::to_string(d.line_end));
    for (const std::string& t : d.promulgated_titles) print_field("issues", "《" + t + "》");
  } else {
    print_field("source",
                "(not in the corpus: cited " + std::to_string(times_cited(n)) + " time(s))");
  }
  for (const std::string& a : n.aliases) print_field("also cited", a);
}

int run_show(const Common& c, const std::string& x) {
  auto ctx = load(c, document_need(x, GraphNeed::Scope::kCard));
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  auto node = named_node(*ctx, x, c.json);
  if (!node) return 1;
  Card card = pg::card(g, *node, ctx->as_of);
  if (c.json) {
    print_json(std::cout, json(pg::card_json(g, x, card, ctx->as_of)));
    return 0;
  }
  print_heading(g, *node);
  print_card_fields(g.nodes()[*node], card, ctx->as_of);
  std::cout << "\nreferences (" << card.references.size() << ")\n";
  if (!card.references.empty()) references_table(g, card.references, "TARGET");
  std::cout << "\nreferenced by (" << card.referenced_by.size() << ")\n";
  if (!card.referenced_by.empty()) references_table(g, card.referenced_by, "SOURCE");
  return 0;
}

// -------------------------------------------------------------- repeals ----

json repeals_json(const CorpusGraph& g, std::size_t node, const std::vector<RepealTarget>& targets,
                  Date as_of) {
  json list = json::array();
  for (const RepealTarget& t : targets) {
    json j = ref_json(g, t.ref);
    j["status"] = status_json(t.status);
    json cascade = json::array();
    for (const Dependent& d : t.cascade) {
      json dj = node_status_json(g, d.node, d.status);
      dj["chain"] = chain_json(g, d.edges);
      cascade.push_back(dj);
    }
    j["cascade"] = cascade;
    list.push_back(j);
  }
  return {
      {"document", node_ref_json(g.nodes()[node])}, {"as_of", as_of.to_iso()}, {"targets", list}};
}

// The documents in force resting on what a repeal ends.
void print_cascade(const CorpusGraph& g, const RepealTarget& r, Date as_of) {
  const Node& target = g.nodes()[r.ref.other];
  std::cout << "\ncascade of " << number_cell(target) << ": documents in force on "
            << as_of.to_iso() << " resting on it (" << r.cascade.size() << ")\n";
  if (r.cascade.empty()) return;
  Table ct({"DOCUMENT", "TITLE", "STATUS", "CHAIN"});
  ct.max_width(1, kTitleWidth);
  for (const Dependent& d : r.cascade) {
    ct.add_row({number_cell(g.nodes()[d.node]), g.nodes()[d.node].title, status_cell(d.status),
                path_cell(g, d.path, d.edges)});
  }
  ct.print(std::cout, "  ");
}

int run_repeals(const Common& c, const std::string& x) {
  auto ctx = load(c, document_need(x, GraphNeed::Scope::kRepeals));
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  auto node = named_node(*ctx, x, c.json);
  if (!node) return 1;
  std::vector<RepealTarget> targets = repeals(g, *node, ctx->as_of);
  if (c.json) {
    print_json(std::cout, repeals_json(g, *node, targets, ctx->as_of));
    return targets.empty() ? 1 : 0;
  }
  print_heading(g, *node);
  if (targets.empty()) {
    std::cout << "  repeals and amends nothing in the corpus\n";
    return 1;
  }
  Table t({"TYPE", "TARGET", "TITLE", "STATUS", "EVIDENCE", "QUOTE"});
  t.max_width(2, kTitleWidth);
  for (const RepealTarget& r : targets) {
    const GraphEdge& e = g.edges()[r.ref.edge];
    const Node& target = g.nodes()[r.ref.other];
    t.add_row({std::string(to_string(e.type)), number_cell(target), target.title,
               status_cell(r.status), where(e.evidence),
               quote_cell(e.evidence.quote, kQuoteWidth)});
  }
  t.print(std::cout, "  ");
  for (const RepealTarget& r : targets) {
    if (g.edges()[r.ref.edge].type == RelationType::kRepeals) print_cascade(g, r, ctx->as_of);
  }
  std::cout << "\n(statuses as of " << ctx->as_of.to_iso() << ")\n";
  return 0;
}

// ------------------------------------------------------ cites, cited-by ----

int run_cites(const Common& c, const std::string& x, const std::vector<std::string>& type_names,
              bool backward) {
  std::vector<RelationType> types;  // names checked by add_types_option
  for (const std::string& name : type_names) {
    if (auto t = parse_relation_type(name)) types.push_back(*t);
  }
  auto ctx =
      load(c, document_need(x, backward ? GraphNeed::Scope::kCitedBy : GraphNeed::Scope::kCites));
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  auto node = named_node(*ctx, x, c.json);
  if (!node) return 1;
  std::vector<Reference> refs = backward ? cited_by(g, *node, types) : cites(g, *node, types);
  if (c.json) {
    print_json(std::cout, json(references_json(g, *node, type_names, refs, backward)));
    return refs.empty() ? 1 : 0;
  }
  print_heading(g, *node);
  if (refs.empty()) {
    std::cout << (backward ? "  nothing in the corpus references it" : "  references nothing")
              << (types.empty() ? "" : " with these types") << '\n';
    return 1;
  }
  references_table(g, refs, backward ? "SOURCE" : "TARGET");
  return 0;
}

// ----------------------------------------------------------- superseded ----

// The lists read the store's columns when its graph is current
// (graphs/answers/stored_lists.h), else resolve every extraction (load_from
// says so).
bool graph_is_current(const Store& store) {
  Result<GraphState> state = graph_state(store);
  return state && *state == GraphState::kCurrent;
}

// A list read from the store failed: said as load_from says it (exit 2).
int list_failed(const Error& e) {
  std::cerr << "policygraph: error: " << e.to_string() << '\n';
  return 2;
}

template <class G>
int print_superseded(const Common& c, const G& g, const std::vector<StatusRow>& rows, Date as_of,
                     const std::string& issuer) {
  if (c.json) {
    json list = json::array();
    for (const StatusRow& r : rows) list.push_back(node_status_json(g, r.node, r.status));
    print_json(std::cout, {{"as_of", as_of.to_iso()}, {"issuer", issuer}, {"documents", list}});
    return rows.empty() ? 1 : 0;
  }
  if (rows.empty()) {
    std::cout << "nothing repealed or expired as of " << as_of.to_iso() << '\n';
    return 1;
  }
  Table t({"DOCUMENT", "TITLE", "STATUS", "BY", "EVIDENCE", "QUOTE"});
  t.max_width(1, kTitleWidth);
  for (const StatusRow& r : rows) {
    const Node& n = g.nodes()[r.node];
    t.add_row({number_cell(n), n.title, status_cell(r.status),
               r.status.by ? label(g, *r.status.by) : "", where(r.status.evidence.evidence),
               quote_cell(r.status.evidence.evidence.quote, kQuoteWidth)});
  }
  t.print(std::cout);
  std::cout << rows.size() << " repealed or expired as of " << as_of.to_iso() << '\n';
  return 0;
}

// Rows of a stored list made in node-number order, put in id order (the
// order of a graph's nodes) before printing: the ids kept in one buffer.
class IdOrder {
 public:
  void add(std::string_view id) {
    sorted_ = sorted_ && (ends_.empty() || last() <= id);
    text_ += id;
    ends_.push_back(text_.size());
  }
  // Sorts `t`'s rows (one per id added) by id, when not in that order yet.
  void apply(Table& t) const {
    if (sorted_) return;
    t.sort_rows([&](std::size_t a, std::size_t b) { return at(a) < at(b); });
  }

 private:
  std::string_view at(std::size_t k) const {
    const std::size_t begin = k == 0 ? 0 : ends_[k - 1];
    return std::string_view(text_).substr(begin, ends_[k] - begin);
  }
  std::string_view last() const { return at(ends_.size() - 1); }
  std::string text_;
  std::vector<std::size_t> ends_;
  bool sorted_ = true;
};

// The cells of a stored list's row, each made in a buffer kept from row to
// row: the text status_cell, label, where and quote_cell make (no string
// made per cell; 10^5 rows).
class RowCells {
 public:
  std::string_view status(const Status& s) {
    status_.clear();
    append_status_cell(status_, s);
    return status_;
  }
  // A node a stored list hands over (`node`, null when absent) named in a
  // cell: label() of its id (node_label, else absent_label).
  std::string_view label(const Node* node, const std::string& id) {
    if (node && node->doc_no) return *node->doc_no;
    if (!node && id.rfind("title:", 0) != 0) return id;
    label_.clear();
    append_title_label(label_,
                       node ? std::string_view(node->title) : std::string_view(id).substr(6));
    return label_;
  }
  std::string_view where(const Evidence& e) {
    where_.clear();
    append_where(where_, e);
    return where_;
  }
  std::string_view quote(std::string_view quote, int width) {
    quote_.clear();
    append_quote_cell(quote_, quote, width);
    return quote_;
  }

 private:
  std::string status_, label_, where_, quote_;
};

// print_superseded's table from visit_superseded, each row made into the
// table's cells as it is read.
int print_stored_superseded(const Store& store, Date as_of, const std::string& issuer) {
  Table t({"DOCUMENT", "TITLE", "STATUS", "BY", "EVIDENCE", "QUOTE"});
  t.max_width(1, kTitleWidth);
  IdOrder order;
  bool by_substring = false;
  RowCells cells;
  Result<bool> done = visit_superseded(
      StoredGraph(store), as_of, issuer, by_substring,
      [&](const Node& n, const Status& st, const Node* by) {
        const Evidence& e = st.evidence.evidence;
        t.add_view_row({n.doc_no ? std::string_view(*n.doc_no) : "(no number)", n.title,
                        cells.status(st), st.by ? cells.label(by, *st.by) : "", cells.where(e),
                        cells.quote(e.quote, kQuoteWidth)});
        order.add(n.id);
      });
  if (!done) return list_failed(done.error());
  note_issuer_match(by_substring, issuer);
  if (t.empty()) {
    std::cout << "nothing repealed or expired as of " << as_of.to_iso() << '\n';
    return 1;
  }
  order.apply(t);
  t.print(std::cout);
  std::cout << t.size() << " repealed or expired as of " << as_of.to_iso() << '\n';
  return 0;
}

int run_superseded(const Common& c, const std::string& issuer) {
  heap_in_huge_pages();
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  if (graph_is_current(*store) && !c.json) return print_stored_superseded(*store, *as_of, issuer);
  if (graph_is_current(*store)) {
    // print_superseded's JSON, each row made as it is read: printed at once
    // when node numbers follow ids (a graph saved whole), else kept as text
    // and put in id order at the end.
    Result<std::vector<NodeNo>> by_id = StoredGraph(*store).nodes_by_id();
    if (!by_id) return list_failed(by_id.error());
    const bool in_order = std::is_sorted(by_id->begin(), by_id->end());
    std::vector<NodeNo>().swap(*by_id);
    JsonOut out;
    JsonWriter& w = out.w();
    w.begin_object();
    w.key("as_of").string(as_of->to_iso());
    w.key("documents").begin_array();
    IdOrderedJson rows;
    std::size_t count = 0;
    bool by_substring = false;
    Result<bool> done = visit_superseded(
        StoredGraph(*store), *as_of, issuer, by_substring,
        [&](const Node& n, const Status& st, const Node*) {
          ++count;
          if (in_order) {
            write_node_status(w, name_of(n), st);
            out.flush_if_large();
          } else {
            rows.add(n.id, 2, [&](JsonWriter& r) { write_node_status(r, name_of(n), st); });
          }
        });
    if (!done) return list_failed(done.error());
    note_issuer_match(by_substring, issuer);
    rows.print(out);
    w.end_array();
    w.key("issuer").string(issuer);
    w.end_object();
    out.finish();
    return count == 0 ? 1 : 0;
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kSuperseded;
  need.issuer = issuer;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  note_issuer_match(g, issuer);
  return print_superseded(c, g, superseded(g, ctx->as_of, issuer), ctx->as_of, issuer);
}

// -------------------------------------------------------------- orphans ----

template <class G>
int print_orphans(const Common& c, const G& g, const std::vector<Orphan>& rows, Date as_of) {
  if (c.json) {
    json list = json::array();
    for (const Orphan& o : rows) {
      json j = node_status_json(g, o.node, o.status);
      j["basis"] = node_status_json(g, o.basis, o.basis_status);
      j["fell_away"] = o.fell_away ? json(o.fell_away->to_iso()) : json(nullptr);
      j["chain"] = chain_json(g, o.edges);
      list.push_back(j);
    }
    print_json(std::cout, {{"as_of", as_of.to_iso()}, {"orphans", list}});
    return rows.empty() ? 1 : 0;
  }
  if (rows.empty()) {
    std::cout << "no document in force rests on a repealed or expired basis as of "
              << as_of.to_iso() << '\n';
    return 1;
  }
  Table t({"DOCUMENT", "TITLE", "BASIS", "BASIS STATUS", "FELL AWAY", "CHAIN", "EVIDENCE"});
  t.max_width(1, 30);
  for (const Orphan& o : rows) {
    const Node& n = g.nodes()[o.node];
    std::string status(to_string(o.basis_status.kind));
    if (o.basis_status.by) status += " by " + label(g, *o.basis_status.by);
    t.add_row({number_cell(n), n.title, number_cell(g.nodes()[o.basis]), status,
               o.fell_away ? o.fell_away->to_iso() : "",
               path_cell(g.nodes(), g.edges(), o.path, o.edges),
               where(o.basis_status.evidence.evidence)});
  }
  t.print(std::cout);
  std::cout << rows.size() << " document(s) in force on " << as_of.to_iso()
            << " rest on a basis that fell away\n";
  return 0;
}

// print_orphans' table from visit_orphans, each row made into the table's
// cells as it is read, twice: the columns measured, then printed (the
// chains of 10^5 rows would hold hundreds of MB of cells). The cells are
// made in buffers kept from row to row, each cell's width kept from the
// first pass (measuring and allocating the cells twice was a third of the
// list at 10^5 documents), and the lines written in pieces of 64 KB.
int print_stored_orphans(const Store& store, Date as_of) {
  Table t({"DOCUMENT", "TITLE", "BASIS", "BASIS STATUS", "FELL AWAY", "CHAIN", "EVIDENCE"});
  t.max_width(1, 30);
  std::string status, chain, where_cell, since;
  auto cells = [&](const OrphanRow& o, auto&& use) {
    status.assign(to_string(o.basis_status.kind));
    if (o.basis_status.by) {
      status += " by ";
      if (o.by) {
        append_name_label(status, *o.by, 24);
      } else {
        status += absent_label(*o.basis_status.by);
      }
    }
    chain.clear();  // path_cell
    for (std::size_t i = 0; i < o.path.size(); ++i) {
      append_name_label(chain, o.path[i], 20);
      if (i < o.types.size()) {
        chain += " —";
        chain += to_string(o.types[i]);
        chain += "→ ";
      }
    }
    since.clear();
    if (o.basis_status.since) since = o.basis_status.since->to_iso();
    where_cell.clear();
    append_where(where_cell, o.basis_status.evidence.evidence);
    use({name_number_cell(o.node), o.node.title, name_number_cell(o.basis), status, since, chain,
         where_cell});
  };
  // Rows are handed over only once every read is done: a failure comes
  // before the first, and the header goes out before the second pass.
  bool header = false;
  constexpr std::size_t kPiece = std::size_t{1} << 16;
  std::string text;
  Result<bool> done = visit_orphans(
      StoredGraph(store), as_of,
      [&](const OrphanRow& o) {
        if (o.pass == 0) {
          cells(o, [&](std::initializer_list<std::string_view> c) { t.measure_view(c); });
          return;
        }
        if (!header) {
          t.print_header(std::cout);
          text.reserve(kPiece + 4096);
        }
        header = true;
        cells(o, [&](std::initializer_list<std::string_view> c) { t.print_view_row(text, c); });
        if (text.size() >= kPiece) {
          std::cout << text;
          text.clear();
        }
      },
      2);
  if (!done) return list_failed(done.error());
  std::cout << text;
  if (t.measured() == 0) {
    std::cout << "no document in force rests on a repealed or expired basis as of "
              << as_of.to_iso() << '\n';
    return 1;
  }
  std::cout << t.measured() << " document(s) in force on " << as_of.to_iso()
            << " rest on a basis that fell away\n";
  return 0;
}

int run_orphans(const Common& c) {
  heap_in_huge_pages();
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  if (graph_is_current(*store) && !c.json) return print_stored_orphans(*store, *as_of);
  if (graph_is_current(*store)) {
    // print_orphans' JSON, each row written as it is handed over (after
    // every read: a failure prints nothing on stdout).
    JsonOut out;
    JsonWriter& w = out.w();
    w.begin_object();
    w.key("as_of").string(as_of->to_iso());
    w.key("orphans").begin_array();
    std::size_t count = 0;
    Result<bool> done = visit_orphans(
        StoredGraph(*store), *as_of,
        [&](const OrphanRow& o) {
          ++count;
          write_node_row(
              w, o.node,
              {{"basis", [&](JsonWriter& v) { write_node_status(v, o.basis, o.basis_status); }},
               {"chain",
                [&](JsonWriter& v) {
                  v.begin_array();
                  for (std::size_t k = 0; k < o.edges.size(); ++k) {
                    write_edge(v, o.path[k].id, o.path[k + 1].id, *o.edges[k]);
                  }
                  v.end_array();
                }},
               {"fell_away",
                [&](JsonWriter& v) {
                  if (o.basis_status.since) {
                    v.string(o.basis_status.since->to_iso());
                  } else {
                    v.null();
                  }
                }},
               {"status", [&](JsonWriter& v) { write_status(v, *o.status); }}});
          out.flush_if_large();
        },
        1, true);
    if (!done) return list_failed(done.error());
    w.end_array();
    w.end_object();
    out.finish();
    return count == 0 ? 1 : 0;
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kOrphans;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  return print_orphans(c, ctx->graph, orphans(ctx->graph, ctx->as_of), ctx->as_of);
}

// ---------------------------------------------------------- chain, impact ----

Table walk_table(const CorpusGraph& g, const std::vector<WalkRow>& rows, bool with_level) {
  std::vector<std::string> headers{"DEPTH",  "DOCUMENT", "TITLE",    "LEVEL",
                                   "STATUS", "VIA",      "EVIDENCE", "QUOTE"};
  if (!with_level) headers.erase(headers.begin() + 3);
  Table t(headers);
  t.max_width(2, kTitleWidth);
  for (const WalkRow& r : rows) {
    const Node& n = g.nodes()[r.node];
    const GraphEdge& e = g.edges()[r.via_edge];
    std::string via(to_string(e.type));
    if (e.derived) via += " (derived)";
    std::vector<std::string> cells{std::to_string(r.depth),
                                   number_cell(n),
                                   n.title,
                                   std::string(to_string(n.level)),
                                   status_cell(r.status),
                                   via,
                                   where(e.evidence),
                                   quote_cell(e.evidence.quote, kQuoteWidth)};
    if (!with_level) cells.erase(cells.begin() + 3);
    t.add_row(std::move(cells));
  }
  return t;
}

int run_chain(const Common& c, const std::string& x) {
  auto ctx = load(c, document_need(x, GraphNeed::Scope::kChain));
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  auto node = named_node(*ctx, x, c.json);
  if (!node) return 1;
  Chain ch = chain(g, *node, ctx->as_of);
  if (c.json) {
    print_json(std::cout, json(pg::chain_json(g, ch, ctx->as_of)));
    return ch.rows.empty() ? 1 : 0;
  }
  print_heading(g, *node);
  if (ch.rows.empty()) {
    std::cout << "  rests on nothing in the corpus (no based_on or implements reference)\n";
    return 1;
  }
  walk_table(g, ch.rows, true).print(std::cout, "  ");
  // The longest path, spelled out.
  const WalkRow& top = ch.rows.back();
  std::cout << "\n  " << path_cell(g, top.path, top.edges) << '\n';
  std::cout << (ch.reaches_national ? "  reaches the national level\n"
                                    : "  does not reach a national instrument in the corpus\n");
  return 0;
}

int run_impact(const Common& c, const std::string& x) {
  auto ctx = load(c, document_need(x, GraphNeed::Scope::kImpact));
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  auto node = named_node(*ctx, x, c.json);
  if (!node) return 1;
  Impact im = impact(g, *node, ctx->as_of);
  if (c.json) {
    print_json(std::cout, json(impact_json(g, im, ctx->as_of)));
    return im.total == 0 ? 1 : 0;
  }
  print_heading(g, *node);
  if (im.total == 0) {
    std::cout << "  nothing in the corpus rests on it\n";
    return 1;
  }
  for (const ImpactGroup& group : im.groups) {
    std::cout << "\n" << to_string(group.level) << " (" << group.rows.size() << ")\n";
    walk_table(g, group.rows, false).print(std::cout, "  ");
  }
  std::cout << "\n" << im.total << " document(s) depend on it\n";
  return 0;
}

// ------------------------------------------------------------- expiring ----

Table expiring_table() {
  Table t({"DOCUMENT", "TITLE", "EXPIRES", "DAYS LEFT", "STATUS", "EVIDENCE", "QUOTE"});
  t.max_width(1, kTitleWidth);
  return t;
}

void add_expiring_row(Table& t, const Node& n, const ExpiringRow& r) {
  t.add_row({number_cell(n), n.title, r.expires.to_iso(), std::to_string(r.days_left),
             status_cell(r.status), where(r.evidence), quote_cell(r.evidence.quote, kQuoteWidth)});
}

int print_expiring_table(const Table& t, Date as_of, Date until) {
  t.print(std::cout);
  std::cout << t.size() << " document(s) expire between " << as_of.to_iso() << " and "
            << until.to_iso() << '\n';
  return 0;
}

template <class G>
int print_expiring(const Common& c, const G& g, const std::vector<ExpiringRow>& rows, Date as_of,
                   const Window& window) {
  const Date until = window.end_from(as_of);
  if (c.json) {
    json list = json::array();
    for (const ExpiringRow& r : rows) {
      json j = node_status_json(g, r.node, r.status);
      j["expires"] = r.expires.to_iso();
      j["days_left"] = r.days_left;
      j["evidence"] = evidence_json(r.evidence);
      list.push_back(j);
    }
    print_json(std::cout, {{"as_of", as_of.to_iso()},
                           {"within", window.to_string()},
                           {"until", until.to_iso()},
                           {"documents", list}});
    return rows.empty() ? 1 : 0;
  }
  if (rows.empty()) {
    std::cout << "no 有效期 ends between " << as_of.to_iso() << " and " << until.to_iso() << '\n';
    return 1;
  }
  Table t = expiring_table();
  for (const ExpiringRow& r : rows) add_expiring_row(t, g.nodes()[r.node], r);
  return print_expiring_table(t, as_of, until);
}

// print_expiring's table from visit_expiring, each row made into the
// table's cells as it is read.
int print_stored_expiring(const Store& store, Date as_of, const Window& window) {
  const Date until = window.end_from(as_of);
  Table t = expiring_table();
  IdOrder order;
  Result<bool> done =
      visit_expiring(StoredGraph(store), as_of, window, [&](const Node& n, const ExpiringRow& r) {
        add_expiring_row(t, n, r);
        order.add(n.id);
      });
  if (!done) return list_failed(done.error());
  if (t.empty()) {
    std::cout << "no 有效期 ends between " << as_of.to_iso() << " and " << until.to_iso() << '\n';
    return 1;
  }
  order.apply(t);
  return print_expiring_table(t, as_of, until);
}

int run_expiring(const Common& c, const std::string& within) {
  heap_in_huge_pages();
  std::optional<Window> window = parse_window(within);
  if (!window) return 2;  // refused by add_window_option's check first
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  if (graph_is_current(*store) && !c.json) {
    return print_stored_expiring(*store, *as_of, *window);
  }
  if (graph_is_current(*store)) {
    // print_expiring's JSON, each row made as it is read.
    IdOrderedJson rows;
    Result<bool> done = visit_expiring(
        StoredGraph(*store), *as_of, *window, [&](const Node& n, const ExpiringRow& r) {
          rows.add(n.id, 2, [&](JsonWriter& v) {
            write_node_row(v, name_of(n),
                           {{"days_left", [&](JsonWriter& x) { x.integer(r.days_left); }},
                            {"evidence", [&](JsonWriter& x) { write_evidence(x, r.evidence); }},
                            {"expires", [&](JsonWriter& x) { x.string(r.expires.to_iso()); }},
                            {"status", [&](JsonWriter& x) { write_status(x, r.status); }}});
          });
        });
    if (!done) return list_failed(done.error());
    JsonOut out;
    JsonWriter& w = out.w();
    w.begin_object();
    w.key("as_of").string(as_of->to_iso());
    w.key("documents").begin_array();
    rows.print(out);
    w.end_array();
    w.key("until").string(window->end_from(*as_of).to_iso());
    w.key("within").string(window->to_string());
    w.end_object();
    out.finish();
    return rows.size() == 0 ? 1 : 0;
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kExpiring;
  need.within = window;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  return print_expiring(c, ctx->graph, expiring(ctx->graph, ctx->as_of, *window), ctx->as_of,
                        *window);
}

// ----------------------------------------------------------- unresolved ----

// The unresolved table: a group's target, count, first evidence and the
// labels of the sources of its references (source(k): of the k-th).
class UnresolvedTable {
 public:
  UnresolvedTable() { t_.max_width(1, kTitleWidth).max_width(3, kCitedByWidth); }
  bool empty() const { return t_.empty(); }

  template <class Source>
  void add(const Node& n, std::size_t references, const Evidence& first, Source&& source) {
    std::string by;
    for (std::size_t k = 0; k < references; ++k) {
      // A source is in the graph: label() of its id is its label.
      std::string id = node_label(source(k));
      if (by.find(id) == std::string::npos) by += (by.empty() ? "" : ", ") + id;
      // Wider than its column, the cell is cut there (after the same
      // terminal escapes): what would follow is never shown. Searching an
      // ever longer list made this quadratic in the citing documents.
      int width = safe_display_width(by);
      if (width < 0) width = display_width(terminal_safe(by));
      if (width > kCitedByWidth) break;
    }
    const std::string count = std::to_string(references);
    t_.add_view_row({n.doc_no ? std::string_view(*n.doc_no) : "(no number)", n.title, count, by,
                     cells_.where(first), cells_.quote(first.quote, kQuoteWidth)});
    total_ += references;
  }

  int print() const {
    t_.print(std::cout);
    std::cout << t_.size() << " instrument(s) cited but not in the corpus (" << total_
              << " references)\n";
    return 0;
  }

 private:
  static constexpr int kCitedByWidth = 40;
  Table t_{{"TARGET", "TITLE", "COUNT", "CITED BY", "FIRST EVIDENCE", "QUOTE"}};
  RowCells cells_;
  std::size_t total_ = 0;
};

template <class G>
int print_unresolved(const Common& c, const G& g, const std::vector<UnresolvedGroup>& groups) {
  if (c.json) {
    json list = json::array();
    for (const UnresolvedGroup& u : groups) {
      json refs = json::array();
      for (std::size_t e : u.references) refs.push_back(edge_json(g.nodes(), g.edges()[e]));
      json j = node_ref_json(g.nodes()[u.target]);
      j["issuer"] = g.nodes()[u.target].issuer;
      j["count"] = u.references.size();
      j["citing_documents"] = u.citing_documents;
      j["references"] = refs;
      list.push_back(j);
    }
    print_json(std::cout, {{"targets", list}});
    return groups.empty() ? 1 : 0;
  }
  if (groups.empty()) {
    std::cout << "every reference resolves to a document in the corpus\n";
    return 1;
  }
  UnresolvedTable t;
  for (const UnresolvedGroup& u : groups) {
    t.add(g.nodes()[u.target], u.references.size(), g.edges()[u.references.front()].evidence,
          [&](std::size_t k) -> const Node& { return g.nodes()[g.edges()[u.references[k]].from]; });
  }
  return t.print();
}

// print_unresolved's table from visit_unresolved, each group made into the
// table's cells as it is read.
int print_stored_unresolved(const Store& store) {
  UnresolvedTable t;
  Result<bool> done = visit_unresolved(StoredGraph(store), [&](const UnresolvedRow& u) {
    t.add(u.target, u.references, u.first, u.source);
  });
  if (!done) return list_failed(done.error());
  if (t.empty()) {
    std::cout << "every reference resolves to a document in the corpus\n";
    return 1;
  }
  return t.print();
}

int run_unresolved(const Common& c) {
  heap_in_huge_pages();
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  if (graph_is_current(*store) && !c.json) return print_stored_unresolved(*store);
  if (graph_is_current(*store)) {
    // print_unresolved's JSON, each group written as it is handed over (its
    // edges read in one pass before the first: a failure prints nothing on
    // stdout).
    JsonOut out;
    JsonWriter& w = out.w();
    w.begin_object();
    w.key("targets").begin_array();
    std::size_t count = 0;
    Result<bool> done =
        visit_unresolved_references(StoredGraph(*store), [&](const UnresolvedReferences& u) {
          ++count;
          write_node_row(
              w, name_of(u.target),
              {{"citing_documents", [&](JsonWriter& v) { v.unsigned_integer(u.citing_documents); }},
               {"count", [&](JsonWriter& v) { v.unsigned_integer(u.references.size()); }},
               {"references", [&](JsonWriter& v) {
                  v.begin_array();
                  for (const UnresolvedReference& r : u.references) {
                    write_edge(v, r.from, u.target.id, *r.edge);
                    out.flush_if_large();
                  }
                  v.end_array();
                }}});
          out.flush_if_large();
        });
    if (!done) return list_failed(done.error());
    w.end_array();
    w.end_object();
    out.finish();
    return count == 0 ? 1 : 0;
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kUnresolved;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  return print_unresolved(c, ctx->graph, unresolved(ctx->graph));
}

// ---------------------------------------------------------------- check ----

template <class G>
int print_findings(const Common& c, const G& g) {
  const std::vector<Finding>& findings = g.findings();
  if (c.json) {
    JsonOut out;
    JsonWriter& w = out.w();
    w.begin_object();
    w.key("findings").begin_array();
    for (const Finding& f : findings) {
      w.begin_object();
      w.key("evidence").begin_array();
      for (const Sourced& s : f.evidence) write_evidence(w, s.evidence, &s.document);
      w.end_array();
      w.key("kind").string(to_string(f.kind));
      w.key("message").string(f.message);
      w.key("subject").string(f.subject);
      w.end_object();
      out.flush_if_large();
    }
    w.end_array();
    w.end_object();
    out.finish();
    return findings.empty() ? 1 : 0;
  }
  if (findings.empty()) {
    std::cout << "no integrity findings\n";
    return 1;
  }
  // A finding may have thousands of places (one number printed with another
  // title in every citing file): the cell lists those that fit its width and
  // counts the rest (`--json` has them all). Joined in full, one such cell
  // padded every row of the table to its width.
  constexpr int kEvidenceWidth = 60;
  Table t({"KIND", "SUBJECT", "MESSAGE", "EVIDENCE", "QUOTE"});
  t.max_width(1, 30).max_width(2, 60);
  for (const Finding& f : findings) {
    std::string where_cell, quote;
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      std::string next =
          where_cell + (where_cell.empty() ? "" : ", ") + where(f.evidence[i].evidence);
      if (i > 0 && display_width(terminal_safe(next)) > kEvidenceWidth) {
        where_cell += " … +" + std::to_string(f.evidence.size() - i) + " more";
        break;
      }
      where_cell = std::move(next);
    }
    if (!f.evidence.empty()) quote = quote_cell(f.evidence.front().evidence.quote, kQuoteWidth);
    t.add_row({std::string(to_string(f.kind)), label(g, f.subject), f.message, where_cell, quote});
  }
  t.print(std::cout);
  std::cout << findings.size() << " finding(s)\n";
  return 0;
}

int run_findings(const Common& c) {
  heap_in_huge_pages();
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  if (graph_is_current(*store)) {
    Result<RowGraph> g = stored_findings(StoredGraph(*store));
    if (!g) return list_failed(g.error());
    return print_findings(c, *g);
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kFindings;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  return print_findings(c, ctx->graph);
}

// The commands about one document X: show, repeals, chain, impact, cites, cited-by.
void add_document_commands(CLI::App& app, Registry& registry) {
  auto doc_command = [&](const char* name, const char* help, bool as_of,
                         int (*run)(const Common&, const std::string&)) {
    auto c = std::make_shared<Common>();
    auto x = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(name, help);
    add_document_argument(cmd, *x);
    add_common(cmd, *c, as_of);
    registry[name] = [c, x, run] { return run(*c, *x); };
  };
  doc_command("show",
              "A document card: metadata, status, what it references and what references it", true,
              run_show);
  doc_command("repeals",
              "What X repeals and amends, and the in-force documents based on or implementing "
              "what it repeals",
              true, run_repeals);
  doc_command("chain", "What X rests on (based_on, implements), up to the national level", true,
              run_chain);
  doc_command("impact", "Everything that depends on X, transitively, by administrative level", true,
              run_impact);

  for (bool backward : {false, true}) {
    auto c = std::make_shared<Common>();
    auto x = std::make_shared<std::string>();
    auto types = std::make_shared<std::vector<std::string>>();
    const char* name = backward ? "cited-by" : "cites";
    CLI::App* cmd = app.add_subcommand(name, backward ? "What references X" : "What X references");
    add_document_argument(cmd, *x);
    add_types_option(cmd, *types);
    add_common(cmd, *c, false);
    registry[name] = [c, x, types, backward] { return run_cites(*c, *x, *types, backward); };
  }
}

// The commands over the whole corpus: superseded, expiring, orphans,
// unresolved, findings.
void add_corpus_commands(CLI::App& app, Registry& registry) {
  {
    auto c = std::make_shared<Common>();
    auto issuer = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("superseded", "Documents repealed or expired");
    add_issuer_option(cmd, *issuer);
    add_common(cmd, *c, true);
    registry["superseded"] = [c, issuer] { return run_superseded(*c, *issuer); };
  }
  auto list_command = [&](const char* name, const char* help, bool as_of,
                          int (*run)(const Common&)) {
    auto c = std::make_shared<Common>();
    add_common(app.add_subcommand(name, help), *c, as_of);
    registry[name] = [c, run] { return run(*c); };
  };
  list_command("orphans",
               "Documents in force whose based_on or implements basis is repealed or expired", true,
               run_orphans);
  {
    auto c = std::make_shared<Common>();
    auto within = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("expiring", "Documents whose 有效期 ends within a window");
    add_window_option(cmd, *within, "The window")->required();
    add_common(cmd, *c, true);
    registry["expiring"] = [c, within] { return run_expiring(*c, *within); };
  }
  list_command("unresolved", "References that match nothing in the corpus, grouped by target",
               false, run_unresolved);
  list_command("findings",
               "Integrity findings: title conflicts, impossible dates, ambiguous titles", false,
               run_findings);
}

}  // namespace

void add_query_commands(CLI::App& app, Registry& registry) {
  add_document_commands(app, registry);
  add_corpus_commands(app, registry);
}

}  // namespace pg::cli
