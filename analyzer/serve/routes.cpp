// The routes: each reads its parameters (params.h), opens the store
// read-only, asks graphs/answers one question and renders the answer with
// graphs/render/web (pages) or as the CLI's --json (graphs/answers/
// answer_json.h, json.h). Errors are thrown and answered in one place per
// kind of route (html_route, api_route).
#include "analyzer/serve/routes.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/extract/extractor.h"
#include "analyzer/ingest/graph_loading.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/read/source_reader.h"
#include "analyzer/serve/csp.h"
#include "analyzer/serve/params.h"
#include "graphs/answers/answer_json.h"
#include "graphs/answers/draft_check.h"
#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/json.h"
#include "graphs/answers/queries.h"
#include "graphs/answers/report.h"
#include "graphs/answers/search.h"
#include "graphs/answers/worksheet.h"
#include "graphs/base/utf8.h"
#include "graphs/render/export.h"
#include "graphs/render/report.h"
#include "graphs/render/web/assets.h"
#include "graphs/render/web/pages.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"

namespace pg::serve {
namespace {

using httplib::Request;
using httplib::Response;

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::size_t kMaxHits = 100;
constexpr std::size_t kMaxSuggestions = 10;

// A document the request names that the store does not hold (or holds
// several of): a 404 with suggestions.
struct DocNotFound {
  std::string x;
  std::vector<std::string> matches;  // node ids when ambiguous
};

Date today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return *Date::make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// A store for one request, given back to State::idle_stores at its end.
class StoreLease {
 public:
  StoreLease(State& st, std::unique_ptr<Store> store) : st_(&st), store_(std::move(store)) {}
  StoreLease(StoreLease&&) = default;
  StoreLease& operator=(StoreLease&&) = delete;
  ~StoreLease() {
    if (!store_) return;
    std::lock_guard<std::mutex> lock(st_->stores_mutex);
    // As many as requests ran at once, at most the server's threads.
    if (st_->idle_stores.size() < kServeThreads) st_->idle_stores.push_back(std::move(store_));
  }
  operator const Store&() const { return *store_; }  // NOLINT: used as the Store
  const Store* operator->() const { return store_.get(); }

 private:
  State* st_;
  std::unique_ptr<Store> store_;
};

// An idle store of an earlier request when the file is still the one it
// opened (an ingest writes into it; a file put in its place is opened anew),
// else the store opened now.
StoreLease open_store(State& st) {
  struct stat file {};
  const bool named = ::stat(st.options.db.c_str(), &file) == 0;
  {
    std::lock_guard<std::mutex> lock(st.stores_mutex);
    if (!named || static_cast<std::uint64_t>(file.st_dev) != st.store_device ||
        static_cast<std::uint64_t>(file.st_ino) != st.store_inode) {
      st.idle_stores.clear();
    } else if (!st.idle_stores.empty()) {
      std::unique_ptr<Store> idle = std::move(st.idle_stores.back());
      st.idle_stores.pop_back();
      return StoreLease(st, std::move(idle));
    }
  }
  Result<Store> store = Store::open(st.options.db, Store::OpenMode::kReadOnly);
  if (!store) throw HttpError{503, "the store cannot be read: " + store.error().to_string()};
  if (named) {
    std::lock_guard<std::mutex> lock(st.stores_mutex);
    st.store_device = static_cast<std::uint64_t>(file.st_dev);
    st.store_inode = static_cast<std::uint64_t>(file.st_ino);
  }
  return StoreLease(st, std::make_unique<Store>(std::move(*store)));
}

// The whole graph, read again when the store's files changed since it was
// read (files_generation): an ingest beside the server shows at once.
std::shared_ptr<const CorpusGraph> whole_graph(State& st, const Store& store) {
  Result<std::int64_t> generation = files_generation(store);
  if (!generation) throw HttpError{503, generation.error().to_string()};
  std::lock_guard<std::mutex> lock(st.graph_mutex);
  if (st.whole && st.generation == *generation) return st.whole;
  GraphNeed need;
  need.scope = GraphNeed::Scope::kWhole;
  need.as_of = today();
  Result<NeededGraph> g = load_needed(store, need);
  if (!g) throw HttpError{503, g.error().to_string()};
  st.whole = std::make_shared<const CorpusGraph>(std::move(g->graph));
  st.generation = *generation;
  return st.whole;
}

// The graph a question about X needs; throws DocNotFound unless X is one node.
NeededGraph load_doc(const Store& store, const std::string& x, GraphNeed::Scope scope, Date as_of,
                     int depth = 1) {
  if (x.empty() || x.size() > kMaxParamBytes || first_invalid_utf8(x) != std::string::npos) {
    throw HttpError{400, "document: not a number or title"};
  }
  GraphNeed need;
  need.scope = scope;
  need.x = x;
  need.canonical = canonical_doc_number(x);
  need.as_of = as_of;
  need.depth = depth;
  Result<NeededGraph> g = load_needed(store, need);
  if (!g) throw HttpError{503, g.error().to_string()};
  if (!g->node) {
    DocNotFound nf{x, {}};
    for (std::size_t n : lookup(g->graph, x, need.canonical).nodes) {
      nf.matches.push_back(g->graph.nodes()[n].id);
    }
    throw nf;
  }
  return std::move(*g);
}

// Nodes whose id or title contains the longest leading part of X that
// anything contains (at least two characters), by id: the 404's suggestions.
std::vector<std::size_t> suggestions(const CorpusGraph& g, const DocNotFound& nf) {
  std::vector<std::size_t> out;
  for (const std::string& id : nf.matches) {
    if (auto i = g.index_of(id)) out.push_back(*i);
    if (out.size() >= kMaxSuggestions) return out;
  }
  if (!out.empty()) return out;
  std::string x = valid_utf8(nf.x);
  std::vector<std::size_t> cuts;  // character boundaries
  for (std::size_t i = 1; i <= x.size(); ++i) {
    if (i == x.size() || (static_cast<unsigned char>(x[i]) & 0xC0) != 0x80) cuts.push_back(i);
  }
  for (std::size_t k = cuts.size(); k-- > 1;) {
    const std::string part = x.substr(0, cuts[k]);
    for (std::size_t n = 0; n < g.nodes().size() && out.size() < kMaxSuggestions; ++n) {
      const Node& node = g.nodes()[n];
      if (node.id.find(part) != std::string::npos || node.title.find(part) != std::string::npos) {
        out.push_back(n);
      }
    }
    if (!out.empty()) break;
  }
  return out;
}

void send_html(Response& res, const web::Frame& frame, const std::string& body, int status = 200) {
  res.status = status;
  res.set_content(web::page(frame, body), kHtml);
}

void send_json(Response& res, const Json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(2), kJson);
}

// The as-of date of a request whose asof may be the bad parameter itself.
Date safe_as_of(const Request& req) {
  try {
    return param_as_of(req, today());
  } catch (const HttpError&) {
    return today();
  }
}

template <class F>
httplib::Server::Handler html_route(State& st, F f) {
  return [&st, f](const Request& req, Response& res) {
    web::Frame frame{"错误", req.path, {}, safe_as_of(req)};
    try {
      f(req, res);
    } catch (const DocNotFound& nf) {
      try {
        StoreLease store = open_store(st);
        auto g = whole_graph(st, store);
        frame.title = "未找到文件";
        send_html(res, frame, web::not_found_body(nf.x, *g, suggestions(*g, nf), frame.as_of), 404);
      } catch (const HttpError& e) {
        send_html(res, frame, web::message_body("未找到文件", e.message), 404);
      }
    } catch (const HttpError& e) {
      send_html(res, frame, web::message_body(std::to_string(e.status), e.message), e.status);
    } catch (const std::exception& e) {
      send_html(res, frame, web::message_body("500", std::string("internal error: ") + e.what()),
                500);
    }
  };
}

template <class F>
httplib::Server::Handler api_route(State& st, F f) {
  return [&st, f](const Request& req, Response& res) {
    try {
      f(req, res);
    } catch (const DocNotFound& nf) {
      Json matches = Json::array();
      try {
        StoreLease store = open_store(st);
        auto g = whole_graph(st, store);
        for (std::size_t n : suggestions(*g, nf))
          matches.push_back(node_summary_json(g->nodes()[n]));
      } catch (const HttpError&) {}
      send_json(res,
                {{"error", nf.matches.empty() ? "not found" : "ambiguous"},
                 {"query", valid_utf8(nf.x)},
                 {"matches", matches}},
                404);
    } catch (const HttpError& e) {
      send_json(res, {{"error", e.message}}, e.status);
    } catch (const std::exception& e) {
      send_json(res, {{"error", std::string("internal error: ") + e.what()}}, 500);
    }
  };
}

// ----------------------------------------------------------------- search ----

struct Found {
  std::shared_ptr<const CorpusGraph> graph;
  std::vector<web::Hit> hits;
  std::optional<std::string> redirect;  // a q that is one document number
  std::vector<std::string> notes;       // the search's notes (short query, no text index)
};

// A hit as `search --json` writes one: the node summary, "status", and the
// passage when the text matched.
Json hit_json(const web::Hit& h) {
  Node n;
  n.id = h.id;
  n.doc_no = h.doc_no;
  n.title = h.title;
  n.issuer = h.issuer;
  n.level = h.level;
  n.external = h.external;
  Json j = document_status_json(n, h.status);
  if (!h.passage.empty()) {
    j["passage"] = h.passage;
    j["evidence"] = Json(h.where);
  }
  return j;
}

// The store's search (graphs/answers/search.h): the number, then titles,
// then words of the text. The status shown is the graph's, as /doc shows it.
// With `redirect_only`, a q that is one document number answers its redirect
// alone: the page goes there without showing the hits.
Found find(State& st, const std::string& q, Date as_of, bool redirect_only = false) {
  Found f;
  StoreLease store = open_store(st);
  f.graph = whole_graph(st, store);
  const CorpusGraph& g = *f.graph;
  if (q.empty()) return f;
  const std::optional<std::string> canonical = canonical_doc_number(q);
  if (canonical) {
    if (auto i = g.index_of(*canonical)) f.redirect = g.nodes()[*i].id;
    if (f.redirect && redirect_only) return f;
  }
  Result<SearchResult> found = search(store, SearchQuery{q, canonical, as_of, kMaxHits, 0});
  if (!found) throw HttpError{503, found.error().to_string()};
  f.notes = found->notes;
  for (const SearchHit& hit : found->hits) {
    web::Hit h{hit.id, hit.doc_no, hit.title, hit.issuer, hit.level, {}, hit.external, {}, {}};
    const std::optional<std::size_t> node = hit.id.empty() ? std::nullopt : g.index_of(hit.id);
    if (node) {
      h.status = g.status(*node, as_of);
    } else {
      h.status.kind = hit.status;
    }
    if (hit.passage) {
      h.passage = hit.passage->text;
      h.where.file = hit.passage->file;
      h.where.line = hit.passage->line;
      h.where.page = hit.passage->page;
    }
    f.hits.push_back(std::move(h));
  }
  return f;
}

// ------------------------------------------------------------------ lists ----

struct ListAnswer {
  std::shared_ptr<const CorpusGraph> graph;
  web::ListTable table;
  Json json;
  std::string query;  // the parameters, for the download links
};

ListAnswer list_answer(State& st, const Request& req, const std::string& name) {
  const Date as_of = param_as_of(req, today());
  const std::string issuer = param_text(req, "issuer");
  const std::optional<Level> level = param_level(req);
  const Window within = param_window(req, "6m");
  if (name != "superseded" && name != "orphans" && name != "expiring" && name != "unresolved" &&
      name != "findings") {
    throw HttpError{404,
                    "no list " + name + " (superseded, orphans, expiring, unresolved, findings)"};
  }
  StoreLease store = open_store(st);
  ListAnswer a;
  a.graph = whole_graph(st, store);
  const CorpusGraph& g = *a.graph;
  const IssuerFilter by_issuer(g, issuer);
  web::NodeFilter keep;
  if (!issuer.empty() || level) {
    keep = [&by_issuer, level](const Node& n) {
      return by_issuer.matches(n) && (!level || n.level == *level);
    };
  }
  auto kept = [&](std::size_t n) { return !keep || keep(g.nodes()[n]); };
  a.query = "asof=" + as_of.to_iso();
  if (!issuer.empty()) a.query += "&issuer=" + web::url_encode(issuer);
  if (level) a.query += "&level=" + std::string(to_string(*level));
  Json list = Json::array();
  if (name == "superseded") {
    std::vector<StatusRow> rows = superseded(g, as_of, issuer);
    a.table = web::superseded_table(g, rows, as_of, keep);
    for (const StatusRow& r : rows) {
      if (kept(r.node)) list.push_back(document_status_json(g.nodes()[r.node], r.status));
    }
    a.json = {{"as_of", as_of.to_iso()}, {"issuer", issuer}, {"documents", list}};
  } else if (name == "orphans") {
    std::vector<Orphan> rows = orphans(g, as_of);
    a.table = web::orphans_table(g, rows, as_of, keep);
    for (const Orphan& o : rows) {
      if (!kept(o.node)) continue;
      Json j = document_status_json(g.nodes()[o.node], o.status);
      j["basis"] = document_status_json(g.nodes()[o.basis], o.basis_status);
      j["fell_away"] = o.fell_away ? Json(o.fell_away->to_iso()) : Json(nullptr);
      Json chain = Json::array();
      for (std::size_t e : o.edges) chain.push_back(edge_json(g, e));
      j["chain"] = chain;
      list.push_back(j);
    }
    a.json = {{"as_of", as_of.to_iso()}, {"orphans", list}};
  } else if (name == "expiring") {
    std::vector<ExpiringRow> rows = expiring(g, as_of, within);
    a.table = web::expiring_table(g, rows, as_of, keep);
    a.query += "&within=" + within.to_string();
    for (const ExpiringRow& r : rows) {
      if (!kept(r.node)) continue;
      Json j = document_status_json(g.nodes()[r.node], r.status);
      j["expires"] = r.expires.to_iso();
      j["days_left"] = r.days_left;
      j["evidence"] = Json(r.evidence);
      list.push_back(j);
    }
    a.json = {{"as_of", as_of.to_iso()},
              {"within", within.to_string()},
              {"until", within.end_from(as_of).to_iso()},
              {"documents", list}};
  } else if (name == "unresolved") {
    std::vector<UnresolvedGroup> rows = unresolved(g);
    a.table = web::unresolved_table(g, rows, as_of, keep);
    for (const UnresolvedGroup& u : rows) {
      bool any = !keep;
      for (std::size_t c : u.citing) any = any || keep(g.nodes()[c]);
      if (!any) continue;
      Json refs = Json::array();
      for (std::size_t e : u.references) refs.push_back(edge_json(g, e));
      Json j = node_summary_json(g.nodes()[u.target]);
      j["issuer"] = g.nodes()[u.target].issuer;
      j["count"] = u.references.size();
      j["citing_documents"] = u.citing_documents;
      j["references"] = refs;
      list.push_back(j);
    }
    a.json = {{"targets", list}};
  } else {
    a.table = web::findings_table(g, as_of, keep);
    for (const Finding& f : g.findings()) {
      auto i = g.index_of(f.subject);
      if (keep && (!i || !keep(g.nodes()[*i]))) continue;
      list.push_back(Json(f));
    }
    a.json = {{"findings", list}};
  }
  return a;
}

// ------------------------------------------------------------------ check ----

struct Draft {
  std::string name = "draft.txt";
  std::string bytes;
};

// The draft of a POST: a file part, else a text part (multipart), else a
// form field `text`, else the body itself (text/plain or a file's bytes).
Draft draft_of(const Request& req) {
  Draft d;
  if (req.has_file("file") && !req.get_file_value("file").content.empty()) {
    const auto& f = req.get_file_value("file");
    d.bytes = f.content;
    if (!f.filename.empty()) d.name = f.filename;
  } else if (req.has_file("text")) {
    d.bytes = req.get_file_value("text").content;
  } else if (req.has_param("text")) {
    d.bytes = req.get_param_value("text");
  } else if (!req.is_multipart_form_data()) {
    d.bytes = req.body;
  }
  if (d.bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw HttpError{400, "text: no draft given (a text field `text` or a file `file`)"};
  }
  // The name only labels the answer: a path in it means nothing here.
  if (auto slash = d.name.find_last_of("/\\"); slash != std::string::npos) {
    d.name = d.name.substr(slash + 1);
  }
  d.name = valid_utf8(d.name);
  return d;
}

// The as-of date of a POST: the query's asof, else the form's (a multipart
// field, as the check form sends it).
Date post_as_of(const Request& req) {
  if (req.has_param("asof") || !req.has_file("asof")) return param_as_of(req, today());
  const std::string text = req.get_file_value("asof").content;
  if (text.empty()) return today();
  std::optional<Date> d = Date::parse_iso(text);
  if (!d)
    throw HttpError{400,
                    "asof: '" + valid_utf8(text).substr(0, 40) + "' is not a date (YYYY-MM-DD)"};
  return *d;
}

struct Checked {
  NeededGraph graph;
  DraftReport report;
};

// Reads the draft as `check` does (any text, a PDF or a web page), holds it
// against the corpus; nothing is written.
Checked check(State& st, const Draft& d, Date as_of) {
  Result<SourceText> source = decode_source(d.name, d.bytes);
  if (!source) throw HttpError{400, "file: " + source.error().to_string()};
  CollectingSink sink;
  Extraction draft = extract(*source, sink);
  StoreLease store = open_store(st);
  GraphNeed need;
  need.scope = GraphNeed::Scope::kDraft;
  need.draft = &draft;
  need.as_of = as_of;
  Result<NeededGraph> g = load_needed(store, need);
  if (!g) throw HttpError{503, g.error().to_string()};
  Checked c{std::move(*g), {}};
  c.report = check_draft(c.graph.graph, draft, as_of);
  return c;
}

// ------------------------------------------------------------------ graph ----

struct Drawing {
  NeededGraph graph;
  std::size_t node = 0;
  int depth = 1;
  std::set<RelationType> types;
  std::string svg;       // the drawing, or
  std::string json;      // export json
  std::string too_many;  // the node-limit message
};

Drawing drawing(State& st, const Request& req, const std::string& x, Date as_of, ExportFormat f) {
  const int depth = param_int(req, "depth", 1, 4, 1);
  std::set<RelationType> types = param_types(req);
  StoreLease store = open_store(st);
  Drawing d{load_doc(store, x, GraphNeed::Scope::kNeighbourhood, as_of, depth),
            0,
            depth,
            types,
            {},
            {},
            {}};
  d.node = *d.graph.node;
  ExportOptions o;
  o.format = f;
  o.around = d.node;
  o.depth = depth;
  o.types = types;
  o.as_of = as_of;
  o.node_url = [as_of](const Node& n) { return web::doc_href(n.id, as_of); };
  Result<Selection> sel = select_subgraph(d.graph.graph, o);
  if (!sel) throw HttpError{400, sel.error().to_string()};
  if (auto limit = node_limit_message(*sel, o)) {
    d.too_many = *limit;
    return d;
  }
  std::lock_guard<std::mutex> lock(st.graphviz_mutex);
  Result<std::string> out = render(d.graph.graph, *sel, o);
  if (!out) throw HttpError{500, out.error().to_string()};
  (f == ExportFormat::kSvg ? d.svg : d.json) = std::move(*out);
  return d;
}

// ----------------------------------------------------------------- source ----

constexpr int kSourceRadius = 8;

struct SourceView {
  std::string file;
  int line = 0;
  int first = 1;
  std::vector<std::string> lines;
};

// The lines around file:line. Only a file the store holds is read (the
// evidence names it as stored): any other path is a 404, never a read.
SourceView source_lines_of(State& st, const Request& req) {
  SourceView s;
  s.file = param_text(req, "file");
  if (s.file.empty()) throw HttpError{400, "file: required"};
  s.line = param_int(req, "line", 1, 100000000, 1);
  StoreLease store = open_store(st);
  // The text the store keeps (graphs/store/text_index.h), as it was read.
  Result<std::optional<pg::SourceLines>> kept = source_lines(store, s.file, s.line, kSourceRadius);
  if (!kept) throw HttpError{503, kept.error().to_string()};
  if (*kept) {
    if (!(*kept)->lines.empty()) s.first = (*kept)->lines.front().line;
    for (const SourceLine& l : (*kept)->lines) s.lines.push_back(l.text);
    return s;
  }
  // Not kept (a store made before the text was, or a line outside the file):
  // evidence names a file as its extraction's source; the record's path
  // (the key given at ingest) is where it is read from.
  Result<std::vector<FileRecord>> files = store->files();
  if (!files) throw HttpError{503, files.error().to_string()};
  const FileRecord* record = nullptr;
  for (const FileRecord& f : *files) {
    if (f.source == s.file || f.path == s.file) {
      record = &f;
      break;
    }
  }
  if (!record) throw HttpError{404, "file: not a file of the store: " + s.file};
  Result<SourceText> text = read_source(record->path);
  if (!text) throw HttpError{404, "file: cannot be read now: " + text.error().to_string()};
  const std::string& t = text->utf8;
  s.first = std::max(1, s.line - kSourceRadius);
  int n = 1;
  std::size_t from = 0;
  while (from <= t.size() && n <= s.line + kSourceRadius) {
    std::size_t end = t.find('\n', from);
    if (end == std::string::npos) end = t.size();
    if (n >= s.first) s.lines.push_back(t.substr(from, end - from));
    from = end + 1;
    ++n;
  }
  if (s.lines.empty() || s.line >= s.first + static_cast<int>(s.lines.size())) {
    throw HttpError{400, "line: " + std::to_string(s.line) + " is past the end of " + s.file};
  }
  return s;
}

// The rows an API answer about one document gives of a list that grows
// with the corpus (impact, cites, cited-by, a card's references) unless
// `limit` says otherwise.
constexpr std::size_t kApiRows = 100;

// Keeps the page [offset, offset + limit) of `rows`.
template <class T>
void cut(std::vector<T>& rows, const RowPage& page) {
  const std::size_t from = std::min(page.offset, rows.size());
  const std::size_t count = std::min(rows.size() - from, page.limit);
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(from + count), rows.end());
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(from));
}

// "offset" and "limit" (null: all) of a paged answer.
void page_fields(Json& j, const RowPage& page) {
  j["offset"] = page.offset;
  j["limit"] = page.all() ? Json(nullptr) : Json(page.limit);
}

std::string doc_id(const Request& req) {
  return req.matches.size() > 1 ? std::string(req.matches[1]) : "";
}

}  // namespace

void add_routes(httplib::Server& http, State& st) {
  // Browsers ask every site for an icon; "no content" rather than a 404,
  // which they log as an error on every page.
  http.Get("/favicon.ico", [](const Request&, Response& res) { res.status = 204; });
  http.Get("/static/(app\\.css|app\\.js)", [](const Request& req, Response& res) {
    const std::string name = req.matches[1];
    res.set_content(std::string(web::asset_file(name)), std::string(web::asset_type(name)).c_str());
  });

  auto search_page = html_route(st, [&st](const Request& req, Response& res) {
    const Date as_of = param_as_of(req, today());
    const std::string q = param_text(req, "q");
    Found f = find(st, q, as_of, /*redirect_only=*/true);
    if (f.redirect) {
      res.set_redirect(web::doc_href(*f.redirect, as_of));
      return;
    }
    std::string note;
    if (!q.empty()) {
      note = f.hits.empty() ? "未找到" : "找到 " + std::to_string(f.hits.size()) + " 个文件";
      for (const std::string& n : f.notes) note += "（" + n + "）";
    } else {
      note = "语料共 " + std::to_string(f.graph->nodes().size()) + " 个文件（含仅见于引用者）";
    }
    send_html(res, {q.empty() ? "检索" : q, req.path, {{"q", q}}, as_of},
              web::search_body(q, as_of, f.hits, note));
  });
  http.Get("/", search_page);
  http.Get("/search", search_page);

  http.Get(
      "/doc/(.+)", html_route(st, [&st](const Request& req, Response& res) {
        const Date as_of = param_as_of(req, today());
        const std::string x = doc_id(req);
        // `all=SECTION`: that section whole (or the page of it that
        // offset and limit ask for); the others cut at kDocSectionRows.
        const std::string v_all = param_text(req, "all");
        if (!v_all.empty() && std::find(std::begin(web::kDocSections), std::end(web::kDocSections),
                                        v_all) == std::end(web::kDocSections)) {
          throw HttpError{400, "all: '" + v_all + "' is not a section (impact, cites, cited-by)"};
        }
        const RowPage rows = param_page(req, static_cast<std::size_t>(-1));
        StoreLease store = open_store(st);
        NeededGraph card_g = load_doc(store, x, GraphNeed::Scope::kCard, as_of);
        NeededGraph chain_g = load_doc(store, x, GraphNeed::Scope::kChain, as_of);
        NeededGraph impact_g = load_doc(store, x, GraphNeed::Scope::kImpact, as_of);
        const Card c = card(card_g.graph, *card_g.node, as_of);
        const Chain ch = chain(chain_g.graph, *chain_g.node, as_of);
        // The impact rows the page shows, and no status or path more.
        const Impact im =
            v_all == "impact"
                ? impact(impact_g.graph, *impact_g.node, as_of, rows.offset, rows.limit)
                : impact(impact_g.graph, *impact_g.node, as_of, 0, web::kDocSectionRows);
        const Node& n = card_g.graph.nodes()[*card_g.node];
        web::DocView v{&card_g.graph, &c,    &chain_g.graph, &ch,         &impact_g.graph,
                       &im,           as_of, v_all,          rows.offset, rows.limit};
        send_html(res, {n.doc_no.value_or(n.title), req.path, {}, as_of}, web::doc_body(v));
      }));

  http.Get("/graph/(.+)", html_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             Drawing d = drawing(st, req, doc_id(req), as_of, ExportFormat::kSvg);
             const Node& n = d.graph.graph.nodes()[d.node];
             std::string svg = d.svg;
             if (!d.too_many.empty()) svg = web::message_body("图过大", d.too_many);
             web::Frame frame{"关系图 " + n.doc_no.value_or(n.title),
                              req.path,
                              {{"depth", std::to_string(d.depth)}},
                              as_of};
             for (RelationType t : d.types)
               frame.keep.push_back({"types", std::string(to_string(t))});
             send_html(res, frame, web::graph_body(n, as_of, d.depth, d.types, svg));
           }));

  http.Get("/lists/([a-z]+)", html_route(st, [&st](const Request& req, Response& res) {
             const std::string name = req.matches[1];
             ListAnswer a = list_answer(st, req, name);
             const std::string issuer = param_text(req, "issuer");
             const std::string level = param_text(req, "level");
             const std::string within = param_text(req, "within");
             web::Frame frame{a.table.heading, req.path, {}, param_as_of(req, today())};
             if (!issuer.empty()) frame.keep.push_back({"issuer", issuer});
             if (!level.empty()) frame.keep.push_back({"level", level});
             if (!within.empty()) frame.keep.push_back({"within", within});
             send_html(
                 res, frame,
                 web::list_body(a.table, a.query, issuer, level, within.empty() ? "6m" : within));
           }));

  http.Get("/check", html_route(st, [](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             send_html(res, {"草案审查", req.path, {}, as_of}, web::check_form_body(as_of, ""));
           }));
  http.Post("/check", html_route(st, [&st](const Request& req, Response& res) {
              const Date as_of = post_as_of(req);
              Draft d = draft_of(req);
              Checked c = check(st, d, as_of);
              const bool pasted =
                  !req.has_file("file") || req.get_file_value("file").content.empty();
              send_html(res, {"草案审查", "/check", {}, as_of},
                        web::check_form_body(as_of, pasted ? valid_utf8(d.bytes) : "") +
                            web::check_result_body(c.graph.graph, c.report));
            }));

  http.Get("/worksheet", html_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             const std::string issuer = param_text(req, "issuer");
             if (issuer.empty()) throw HttpError{400, "issuer: required (an issuer's name)"};
             StoreLease store = open_store(st);
             auto g = whole_graph(st, store);
             Worksheet sheet = make_worksheet(*g, issuer, as_of);
             std::ostringstream csv;
             write_worksheet_csv(csv, *g, sheet);
             res.set_content(csv.str(), "text/csv; charset=utf-8");
             res.set_header("Content-Disposition", "attachment; filename=\"cleanup.csv\"");
           }));

  http.Get("/report", html_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             std::string format = param_text(req, "format");
             if (format.empty()) format = "html";
             std::optional<ReportFormat> f = parse_report_format(format);
             if (!f) throw HttpError{400, "format: '" + format + "' is not html, md or json"};
             StoreLease store = open_store(st);
             auto g = whole_graph(st, store);
             ReportOptions o;
             o.as_of = as_of;
             o.issuer = param_text(req, "issuer");
             Result<Report> report = [&] {
               std::lock_guard<std::mutex> lock(st.graphviz_mutex);
               return build_report(*g, o);
             }();
             if (!report) throw HttpError{500, report.error().to_string()};
             std::string text;
             {
               std::lock_guard<std::mutex> lock(st.graphviz_mutex);  // its diagrams
               text = render(*g, *report, *f);
             }
             const char* type = *f == ReportFormat::kJson       ? kJson
                                : *f == ReportFormat::kMarkdown ? "text/markdown; charset=utf-8"
                                                                : kHtml;
             if (*f == ReportFormat::kHtml) {
               // The report is one self-contained file: its sort script and
               // style are inline. Allowed by their hashes, they alone run
               // where a browser shows the answer in place.
               res.headers.erase("Content-Security-Policy");
               res.set_header("Content-Security-Policy", report_csp(text, kPageCsp));
             }
             res.set_content(text, type);
             res.set_header("Content-Disposition",
                            "attachment; filename=\"report." + std::string(to_string(*f)) + "\"");
           }));

  http.Get("/source", html_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             SourceView s = source_lines_of(st, req);
             send_html(
                 res,
                 {"原文", req.path, {{"file", s.file}, {"line", std::to_string(s.line)}}, as_of},
                 web::source_body(s.file, s.line, s.first, s.lines, as_of));
           }));
  http.Get("/api/source", api_route(st, [&st](const Request& req, Response& res) {
             SourceView s = source_lines_of(st, req);
             send_json(
                 res, {{"file", s.file}, {"line", s.line}, {"first", s.first}, {"lines", s.lines}});
           }));

  // ------------------------------------------------------------------- API
  http.Get(
      "/api/search", api_route(st, [&st](const Request& req, Response& res) {
        const Date as_of = param_as_of(req, today());
        const std::string q = param_text(req, "q");
        if (q.empty()) throw HttpError{400, "q: required"};
        Found f = find(st, q, as_of);
        Json hits = Json::array();
        for (const web::Hit& h : f.hits) {
          Json j = hit_json(h);
          if (!h.passage.empty()) j["passage"] = h.passage;
          hits.push_back(j);
        }
        send_json(
            res,
            {{"query", q}, {"as_of", as_of.to_iso()}, {"hits", hits}, {"notes", Json(f.notes)}});
      }));
  http.Get("/api/doc/(.+)", api_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             const std::string x = doc_id(req);
             StoreLease store = open_store(st);
             const RowPage rows = param_page(req, kApiRows);
             NeededGraph g = load_doc(store, x, GraphNeed::Scope::kCard, as_of);
             Card c = card(g.graph, *g.node, as_of);
             const std::size_t references = c.references.size(),
                               referenced_by = c.referenced_by.size();
             cut(c.references, rows);
             cut(c.referenced_by, rows);
             Json j = card_json(g.graph, x, c, as_of);
             j["references_total"] = references;
             j["referenced_by_total"] = referenced_by;
             page_fields(j, rows);
             send_json(res, j);
           }));
  http.Get("/api/chain/(.+)", api_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             StoreLease store = open_store(st);
             NeededGraph g = load_doc(store, doc_id(req), GraphNeed::Scope::kChain, as_of);
             send_json(res, chain_json(g.graph, chain(g.graph, *g.node, as_of), as_of));
           }));
  http.Get("/api/impact/(.+)", api_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             StoreLease store = open_store(st);
             const RowPage rows = param_page(req, kApiRows);
             NeededGraph g = load_doc(store, doc_id(req), GraphNeed::Scope::kImpact, as_of);
             const Impact im = impact(g.graph, *g.node, as_of, rows.offset, rows.limit);
             Json j = impact_json(g.graph, im, as_of);
             // Each level's count in the whole answer (its documents: the page's).
             for (std::size_t i = 0; i < im.groups.size(); ++i) {
               j["levels"][i]["count"] = im.groups[i].total;
             }
             page_fields(j, rows);
             send_json(res, j);
           }));
  for (const bool backward : {false, true}) {
    http.Get(backward ? "/api/cited-by/(.+)" : "/api/cites/(.+)",
             api_route(st, [&st, backward](const Request& req, Response& res) {
               const Date as_of = param_as_of(req, today());
               const std::set<RelationType> types = param_types(req);
               StoreLease store = open_store(st);
               NeededGraph g = load_doc(store, doc_id(req), GraphNeed::Scope::kCard, as_of);
               const std::vector<RelationType> list(types.begin(), types.end());
               std::vector<std::string> names;
               for (RelationType t : list) names.emplace_back(to_string(t));
               const RowPage rows = param_page(req, kApiRows);
               std::vector<Reference> refs =
                   backward ? cited_by(g.graph, *g.node, list) : cites(g.graph, *g.node, list);
               const std::size_t total = refs.size();
               cut(refs, rows);
               Json j = references_json(g.graph, *g.node, names, refs, backward);
               j["total"] = total;
               page_fields(j, rows);
               send_json(res, j);
             }));
  }
  http.Get("/api/graph/(.+)", api_route(st, [&st](const Request& req, Response& res) {
             const Date as_of = param_as_of(req, today());
             Drawing d = drawing(st, req, doc_id(req), as_of, ExportFormat::kJson);
             res.set_content(d.json, kJson);
           }));
  http.Get("/api/lists/([a-z]+)\\.(json|csv)",
           api_route(st, [&st](const Request& req, Response& res) {
             const std::string name = req.matches[1], format = req.matches[2];
             ListAnswer a = list_answer(st, req, name);
             if (format == "csv") {
               res.set_content(web::list_csv(a.table), "text/csv; charset=utf-8");
               res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
             } else {
               send_json(res, a.json);
             }
           }));
  http.Post("/api/check", api_route(st, [&st](const Request& req, Response& res) {
              const Date as_of = post_as_of(req);
              Checked c = check(st, draft_of(req), as_of);
              send_json(res, draft_json(c.graph.graph, c.report));
            }));
}

}  // namespace pg::serve
