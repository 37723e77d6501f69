// `policygraph search WORDS...`: a number in any printed variant, a title
// or a part of one, or words of the text (graphs/answers/search.h), as a
// table or as JSON (the shape /api/search serves).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
#include "analyzer/cli/output.h"
#include "analyzer/read/doc_number.h"
#include "graphs/answers/search.h"

namespace pg::cli {

namespace {

using nlohmann::json;

constexpr int kTitleWidth = 40;
constexpr int kPassageWidth = 60;
constexpr std::size_t kLeadChars = 8;

struct SearchOptions {
  Common common;
  std::vector<std::string> words;
  std::size_t limit = 20;
  std::size_t offset = 0;
};

// The passage for a terminal: its line breaks as spaces, each match in 【】
// (the table escapes control characters; 【】 are plain text).
std::string passage_cell(const Passage& p) {
  std::string out;
  // A narrow cell starts a few characters before the first match.
  std::size_t at = 0;
  if (!p.marks.empty()) {
    std::size_t chars = 0, from = p.marks.front().first;
    while (from > 0 && chars < kLeadChars) {
      --from;
      if ((static_cast<unsigned char>(p.text[from]) & 0xC0) != 0x80) ++chars;
    }
    if (from > 0) out = "…";
    at = from;
  }
  for (const auto& [begin, end] : p.marks) {
    out.append(p.text, at, begin - at);
    out += "【";
    out.append(p.text, begin, end - begin);
    out += "】";
    at = end;
  }
  out.append(p.text, at);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return quote_cell(out, kPassageWidth);
}

Node hit_node(const SearchHit& h) {
  Node n;
  n.id = h.id;
  n.doc_no = h.doc_no;
  n.title = h.title;
  n.issuer = h.issuer;
  n.level = h.level;
  n.external = h.external;
  return n;
}

json hit_json(const SearchHit& h) {
  json j = node_ref_json(hit_node(h));
  j["match"] = std::string(to_string(h.kind));
  j["status"] = std::string(ascii_name(h.status));
  j["status_zh"] = std::string(to_string(h.status));
  if (h.passage) {
    const Passage& p = *h.passage;
    json marks = json::array();
    for (const auto& [b, e] : p.marks) marks.push_back({b, e});
    j["passage"] = {
        {"text", p.text}, {"marks", marks}, {"file", p.file}, {"line", p.line}, {"page", p.page}};
  }
  return j;
}

int run_search(const SearchOptions& o) {
  std::optional<Date> as_of = as_of_date(o.common);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(o.common);
  if (!store) return 2;
  std::string text;
  for (const std::string& w : o.words) {
    if (!text.empty()) text += ' ';
    text += w;
  }
  SearchQuery q{text, canonical_doc_number(text), *as_of, o.limit, o.offset};
  Result<SearchResult> r = search(*store, q);
  if (!r) {
    std::cerr << "policygraph: error: " << r.error().to_string() << '\n';
    return 2;
  }
  for (const std::string& note : r->notes) std::cerr << "policygraph: note: " << note << '\n';
  if (o.common.json) {
    json hits = json::array();
    for (const SearchHit& h : r->hits) hits.push_back(hit_json(h));
    print_json(std::cout, {{"query", text},
                           {"as_of", as_of->to_iso()},
                           {"offset", o.offset},
                           {"total", r->total},
                           {"total_is_lower_bound", r->total_is_lower_bound},
                           {"short_query", r->short_query},
                           {"text_index_empty", r->text_index_empty},
                           {"notes", r->notes},
                           {"hits", hits}});
    return r->hits.empty() ? 1 : 0;
  }
  if (r->hits.empty()) {
    std::cout << "nothing found for " << quote_cell(text, 40) << '\n';
    return 1;
  }
  Table t({"DOCUMENT", "TITLE", "ISSUER", "STATUS", "MATCH", "WHERE", "PASSAGE"});
  t.max_width(1, kTitleWidth);
  for (const SearchHit& h : r->hits) {
    const Node n = hit_node(h);
    std::string at, passage;
    if (h.passage) {
      Evidence e;
      e.file = h.passage->file;
      e.line = h.passage->line;
      e.page = h.passage->page;
      at = where(e);
      passage = passage_cell(*h.passage);
    }
    t.add_row({number_cell(n), h.title, h.issuer,
               h.id.empty() ? "" : std::string(to_string(h.status)), std::string(to_string(h.kind)),
               at, passage});
  }
  t.print(std::cout);
  std::cout << r->hits.size() << " of " << r->total << (r->total_is_lower_bound ? "+" : "")
            << " found as of " << as_of->to_iso() << '\n';
  return 0;
}

}  // namespace

Runner add_search_command(CLI::App& app) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Find documents by number (any printed form), title, or words of their text");
  cmd->add_option("words", o->words, "What to look for")->required();
  cmd->add_option("--limit", o->limit, "At most this many hits (1-500)")->check(CLI::Range(1, 500));
  cmd->add_option("--offset", o->offset, "Skip this many hits first");
  add_common(cmd, o->common, true);
  return [o] { return run_search(*o); };
}

}  // namespace pg::cli
