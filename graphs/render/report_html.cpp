// The report as one HTML page. HtmlPage turns each row of the report into
// plain values (document text still raw) and renders it with its list's row
// template, cut out of graphs/render/templates/report.html.mustache, as the
// rows come from the source; the page around the lists is rendered last,
// when every count is known, and the rows spliced in (report_spool.h).
// kainjow mustache escapes every value with html_escape below. The diagrams
// are drawn here, by the exporter's SVG renderer.
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <kainjow/mustache.hpp>

#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/base/utf8.h"
#include "graphs/render/export.h"
#include "graphs/render/report.h"
#include "graphs/render/report_spool.h"
#include "graphs/render/report_text.h"
#include "graphs/render/templates.h"

namespace pg {

using namespace report_text;

namespace {

// What each byte becomes in HTML text and attribute values: an entity for
// & < > " ', a space for a control character other than a line break or a
// tab, nullptr for itself.
struct HtmlEntities {
  std::array<const char*, 256> of{};
  HtmlEntities() {
    for (int b = 0; b < 256; ++b) {
      const char c = static_cast<char>(b);
      if (const char* entity = markup_entity(c, /*quote=*/true)) {
        of[b] = entity;
      } else if (c == '\'') {
        of[b] = "&#39;";
      } else if (is_control_char(c) && c != '\n' && c != '\t') {
        of[b] = " ";
      }
    }
  }
};

const HtmlEntities kHtml;

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  std::string repaired;
  if (first_invalid_utf8(text) != std::string_view::npos) {
    repaired = valid_utf8(text);
    text = repaired;
  }
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = kHtml.of[static_cast<unsigned char>(text[i])];
    if (!entity) continue;
    out.append(text.data() + run, i - run);
    out += entity;
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  append_html_escaped(out, text);
  return out;
}

namespace {

namespace mustache = kainjow::mustache;
// A template value: an object, a list, a string or a bool. Numbers go in as
// strings (num below): data(std::size_t) would convert to bool.
using mustache::data;
using mustache::list;
using mustache::object;

data num(std::size_t n) { return data(std::to_string(n)); }
data num(long n) { return data(std::to_string(n)); }
data num(int n) { return data(std::to_string(n)); }

// The appendix's line cell: "31", or "p12:31" on page 12 of a PDF.
std::string page_line(int page, int line) {
  return page > 0 ? "p" + std::to_string(page) + ":" + std::to_string(line) : std::to_string(line);
}

// Graphviz writes an XML prolog, a DOCTYPE and comments before <svg>; inline
// SVG in HTML needs the element alone. Its ids (graph0, node1, edge1 ...)
// repeat in every drawing, so they get a per-diagram prefix to stay unique.
std::string inline_svg(const std::string& svg, const std::string& prefix) {
  auto start = svg.find("<svg");
  std::string body = start == std::string::npos ? svg : svg.substr(start);
  std::string out;
  out.reserve(body.size() + 1024);
  static const std::string kId = " id=\"";
  static const std::string kUrl = "url(#";
  static const std::string kHref = "href=\"#";
  for (std::size_t i = 0; i < body.size();) {
    bool hit = false;
    for (const std::string* pat : {&kId, &kUrl, &kHref}) {
      if (body.compare(i, pat->size(), *pat) == 0) {
        out += *pat;
        out += prefix;
        i += pat->size();
        hit = true;
        break;
      }
    }
    if (!hit) out += body[i++];
  }
  return out;
}

// Evidence met while making the rows, numbered in order of first use, with
// the sections that use it, for the "Evidence" appendix every item links to.
// An entry's file, line and quote wait in a temporary file until the
// appendix is written; in memory, each takes its 128-bit key (two hashes of
// file, line and quote) and the set of sections.
class EvidenceBook {
 public:
  EvidenceBook() : entries_(std::tmpfile()) {
    if (!entries_) throw std::runtime_error("report: cannot make a temporary file");
  }
  ~EvidenceBook() { std::fclose(entries_); }
  EvidenceBook(const EvidenceBook&) = delete;
  EvidenceBook& operator=(const EvidenceBook&) = delete;

  // The number of `e` (from 1), used by `section`.
  std::size_t use(const Evidence& e, const char* section) {
    key_.clear();
    append_num(key_, e.file.size());
    key_ += ':';
    key_ += e.file;
    append_num(key_, static_cast<long long>(e.line));
    key_ += ':';
    append_num(key_, static_cast<long long>(e.page));
    key_ += ':';
    key_ += e.quote;
    const Key k{std::hash<std::string_view>{}(key_), fnv(key_)};
    const std::uint32_t at = find_or_add(k);
    if (at == sections_.size()) {
      sections_.push_back(0);
      put(e.file);
      key_.clear();
      append_num(key_, static_cast<long long>(e.line));
      put(key_);
      put(e.quote);
      key_.clear();
      append_num(key_, static_cast<long long>(e.page));
      put(key_);
    }
    sections_[at] |= section_bit(section);
    return at + 1;
  }
  std::size_t size() const { return sections_.size(); }

  // Each entry in number order: (number, file, line, page, quote, sections
  // by name).
  template <class F>
  void for_each(F each) {
    if (std::fflush(entries_) != 0 || std::fseek(entries_, 0, SEEK_SET) != 0) {
      throw std::runtime_error("report: reading a temporary file failed");
    }
    for (std::size_t k = 0; k < sections_.size(); ++k) {
      std::string file = get(), line = get(), quote = get(), page = get();
      std::vector<std::string> used;
      for (std::size_t b = 0; b < kSections.size(); ++b) {
        if (sections_[k] & (1u << b)) used.emplace_back(kSections[b]);
      }
      each(k + 1, file, std::stoi(line), std::stoi(page), quote, used);
    }
  }

 private:
  // The sections that use evidence, by name (the appendix lists them so).
  static constexpr std::array<std::string_view, 6> kSections = {
      "expiring", "findings", "issuers", "orphans", "superseded", "unresolved"};
  static std::uint8_t section_bit(std::string_view s) {
    for (std::size_t b = 0; b < kSections.size(); ++b) {
      if (kSections[b] == s) return static_cast<std::uint8_t>(1u << b);
    }
    throw std::logic_error("report: no evidence section " + std::string(s));
  }
  static std::uint64_t fnv(std::string_view s) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return h;
  }
  struct Key {
    std::uint64_t a, b;
    bool operator==(const Key& o) const { return a == o.a && b == o.b; }
  };
  static void append_num(std::string& out, long long n) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    out.append(digits, end);
  }
  // The number (from 0) of the entry keyed `k`, sections_.size() when it is
  // new (added to keys_ then). An open-addressed table of entry numbers
  // over keys_, at most half full: 16 bytes an entry and 8 to 16 of slots,
  // where a node-based map took about 60 (a report of a million documents
  // holds millions of entries).
  std::uint32_t find_or_add(const Key& k) {
    if (2 * (keys_.size() + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(k.a ^ (k.b >> 7)) & mask;; i = (i + 1) & mask) {
      const std::uint32_t at = slots_[i];
      if (at == kEmpty) {
        slots_[i] = static_cast<std::uint32_t>(keys_.size());
        keys_.push_back(k);
        return slots_[i];
      }
      if (keys_[at] == k) return at;
    }
  }
  void grow() {
    slots_.assign(slots_.empty() ? 1024 : 2 * slots_.size(), kEmpty);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t at = 0; at < keys_.size(); ++at) {
      std::size_t i = static_cast<std::size_t>(keys_[at].a ^ (keys_[at].b >> 7)) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = at;
    }
  }
  static constexpr std::uint32_t kEmpty = static_cast<std::uint32_t>(-1);
  void put(std::string_view s) {
    const std::uint64_t n = s.size();
    if (std::fwrite(&n, sizeof n, 1, entries_) != 1 ||
        (n > 0 && std::fwrite(s.data(), 1, n, entries_) != n)) {
      throw std::runtime_error("report: writing a temporary file failed");
    }
  }
  std::string get() {
    std::uint64_t n = 0;
    if (std::fread(&n, sizeof n, 1, entries_) != 1) {
      throw std::runtime_error("report: reading a temporary file failed");
    }
    std::string s(n, '\0');
    if (n > 0 && std::fread(s.data(), 1, n, entries_) != n) {
      throw std::runtime_error("report: reading a temporary file failed");
    }
    return s;
  }

  std::FILE* entries_;
  std::vector<Key> keys_;             // by entry number
  std::vector<std::uint32_t> slots_;  // entry numbers (kEmpty: a free slot)
  std::vector<std::uint8_t> sections_;
  std::string key_;  // the key being hashed (reused)
};

// Each object sets every key its partial reads: a missing key would be looked
// up in the enclosing objects.
data node_object(const char* kind) {
  data d = object{{"link", false},
                  {"span", false},
                  {"plain", false},
                  {"no_number_link", false},
                  {"no_number", false}};
  d.set(kind, true);
  return d;
}

// A section's object: its item count, and whether it has none.
data section(std::size_t count) { return object{{"count", num(count)}, {"none", count == 0}}; }

// A partial's text: the file without its final line break, so that it sits
// inline where the template names it.
std::string partial_text(std::string_view name) {
  std::string text(template_file(name));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// The page template cut at its lists: each {{#rows}}..{{/rows}} becomes
// {{{rows_marker}}} in `page`, and its inside a template of one row.
struct PageTemplates {
  std::string page;
  std::vector<std::string> rows;  // in page order (kRowLists)
};

// Rows are written to the spool in pieces of about this size.
constexpr std::size_t kRowBuffer = 1 << 16;

// The lists of report.html.mustache, in its order.
enum RowList {
  kSuperseded,
  kOrphans,
  kExpiring,
  kUnresolved,
  kFindings,
  kIssuer,
  kEvidence,
  kLists
};

PageTemplates cut_page() {
  static const std::string kOpen = "{{#rows}}", kClose = "{{/rows}}";
  PageTemplates t;
  std::string text(template_file("report.html.mustache"));
  std::size_t from = 0;
  for (;;) {
    std::size_t open = text.find(kOpen, from);
    if (open == std::string::npos) break;
    std::size_t close = text.find(kClose, open);
    if (close == std::string::npos) break;
    t.page += text.substr(from, open - from) + "{{{rows_marker}}}";
    t.rows.push_back(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    from = close + kClose.size();
  }
  t.page += text.substr(from);
  // The templates are compiled in: a mismatch is a broken template in the
  // source tree.
  if (t.rows.size() != kLists) {
    throw std::logic_error("report.html.mustache: expected " + std::to_string(kLists) +
                           " lists of rows, found " + std::to_string(t.rows.size()));
  }
  return t;
}

// The table each issuer's section opens (report.html.mustache).
constexpr std::string_view kIssuerTableHead =
    "<table class=\"sortable issuer\"><thead><tr><th>文号 number</th><th>标题 title</th>"
    "<th>状态 status</th><th>签发 signed</th><th>施行 effective</th><th>有效期至 expires</th>"
    "<th>出处 source</th></tr></thead><tbody>";

// The page template with its two {{#sections}} lists of issuers replaced by
// the markers of the spooled ones (HtmlPage::issuer_sections): the index's
// inline, the sections' (a block on lines of its own) by a line holding the
// marker.
std::string issuers_spooled(std::string page) {
  static const std::string kOpen = "{{#sections}}", kClose = "{{/sections}}";
  const std::size_t index = page.find(kOpen);
  const std::size_t index_end = page.find(kClose, index);
  const std::size_t block = page.find("\n" + kOpen + "\n", index_end);
  const std::size_t block_end = page.find("\n" + kClose + "\n", block);
  if (index == std::string::npos || index_end == std::string::npos || block == std::string::npos ||
      block_end == std::string::npos) {
    throw std::logic_error("report.html.mustache: the issuers' {{#sections}} not found");
  }
  page.replace(block + 1, block_end + kClose.size() + 2 - (block + 1), "{{{sections_marker}}}\n");
  page.replace(index, index_end + kClose.size() - index, "{{{index_marker}}}");
  return page;
}

// Renders one row of a list with its own template, as the page's list would:
// the row's object on top of the partials.
class RowRenderer {
 public:
  explicit RowRenderer(const std::string& inside)
      // A leading mark keeps {{#row}} from standing alone on its line (a
      // standalone tag would drop the line break after it).
      : template_("\x02{{#row}}" + with_partials(inside) + "{{/row}}") {
    template_.set_custom_escape([](const std::string& s) { return html_escape(s); });
    for (const char* partial : {"node.mustache", "status.mustache", "evidence.mustache"}) {
      base_.set(partial, partial_text(partial));
    }
  }
  // The partials written out in place: the library parses a partial again
  // at each use, which was most of the time of a large page. They sit
  // inline (never alone on a line), so they render the same in place.
  static std::string with_partials(std::string text) {
    for (const char* name : {"node.mustache", "status.mustache", "evidence.mustache"}) {
      const std::string tag = "{{> " + std::string(name) + "}}", body = partial_text(name);
      for (std::size_t at = text.find(tag); at != std::string::npos;
           at = text.find(tag, at + body.size())) {
        text.replace(at, tag.size(), body);
      }
    }
    return text;
  }

  void render(data row, report_spool::Spool& out) {
    base_.set("row", std::move(row));
    std::string text = template_.render(base_);
    if (!template_.is_valid()) {
      throw std::logic_error("report.html.mustache: " + template_.error_message());
    }
    out.write(std::string_view(text).substr(1));
  }

 private:
  mustache::mustache template_;
  data base_ = object{};
};

// The page's values, section by section, each list's rows rendered as they
// come and spooled; the page around them is rendered last, when every count
// is known.
class HtmlPage {
 public:
  HtmlPage(ReportSource& source, report_spool::Spool& spool, HtmlRows mode)
      : source_(source), spool_(spool), templates_(cut_page()), mode_(mode) {
    if (mode_ == HtmlRows::kTemplates) {
      for (const std::string& inside : templates_.rows) rows_.emplace_back(inside);
    }
  }

  Result<bool> lists();
  std::string page();
  ReportTally tally() const {
    return {source_.head().published.total(),
            superseded_,
            orphans_,
            expiring_,
            unresolved_,
            findings_,
            diagrams_};
  }

 private:
  // A node (node.mustache): its number, else its title in 《》 (long ones cut,
  // whole in the tooltip), linked to its row when it has one.
  data node(const ReportPart& p, std::size_t i) const;
  // A number column: the node, or "(无文号)" when it has no number.
  data number(const ReportPart& p, std::size_t i) const;
  // A node id from a status or finding; plain text when not in the graph.
  data node_id(const ReportPart& p, const std::string& id) const;
  // A list of none or one node_id, for an optional "by".
  data by(const ReportPart& p, const std::optional<std::string>& id) const;
  data status(const Status& s) const;
  // Evidence (evidence.mustache): "file:line" linked to the appendix, then
  // the quote (shortened); brief: file:line only, the quote as tooltip. Empty
  // evidence shows nothing. `gap` puts a space before it.
  data evidence(const Evidence& e, const char* section, bool brief = false, bool gap = false);

  void row(RowList list, data d) { rows_[list].render(std::move(d), spool_); }

  // The direct writers: each appends to buf_ the bytes its list's row
  // template (with the partials node, status and evidence) renders from the
  // object the function above of the same name makes, document text through
  // append_html_escaped; evidence is numbered in the same order. No template
  // and no object per row: the templates' way costs most of a large page.
  // report_source_test checks both ways give the same page.
  void put(std::string_view text) { buf_ += text; }
  void esc(std::string_view text) { append_html_escaped(buf_, text); }
  void put_num(long long n);
  // `text` cut to `max` code points ("…" when cut), escaped.
  void esc_short(std::string_view text, std::size_t max);
  void put_node(const ReportPart& p, std::size_t i);
  void put_number(const ReportPart& p, std::size_t i);
  void put_node_id(const ReportPart& p, const std::string& id);
  void put_status(const Status& s);
  // A row opened with its node's anchor (its place in the whole graph), then
  // its number (or 无文号) and title cells, and the next cell opened.
  void put_row_head(const ReportPart& p, std::size_t i);
  void put_evidence(const Evidence& e, const char* section, bool brief = false, bool gap = false);
  void write_superseded(const ReportPart& p, const StatusRow& row);
  void write_orphan(const ReportPart& p, const Orphan& o);
  void write_expiring(const ReportPart& p, const ExpiringRow& e);
  void write_unresolved(const ReportPart& p, const UnresolvedGroup& u);
  void write_finding(const ReportPart& p, const Finding& f);
  void write_issuer(const ReportPart& p, const StatusRow& row);
  void write_evidence(std::size_t n, const std::string& file, int line, int page,
                      const std::string& quote, const std::vector<std::string>& sections);
  // buf_ to the spool (at the end of each part, and when it grows large).
  void flush_rows() {
    spool_.write(buf_);
    buf_.clear();
  }
  data superseded_row(const ReportPart& p, const StatusRow& row);
  data orphan_row(const ReportPart& p, const Orphan& o);
  data expiring_row(const ReportPart& p, const ExpiringRow& e);
  data unresolved_row(const ReportPart& p, const UnresolvedGroup& u);
  data finding_row(const ReportPart& p, const Finding& f);
  data issuer_row(const ReportPart& p, const StatusRow& row);
  data figure(const ReportPart& p, const Diagram& d, std::size_t k);
  void appendix();
  // kDirect: the issuers' index and sections, rows and all, spooled.
  Result<bool> issuer_sections();

  data cards() const;
  data count_tables() const;
  data issuers() const;

  ReportSource& source_;
  report_spool::Spool& spool_;
  PageTemplates templates_;
  HtmlRows mode_;
  std::vector<RowRenderer> rows_;  // kTemplates only
  std::string buf_;
  // Per node of the current part: the last unresolved row that cited from it.
  std::vector<std::uint32_t> cited_in_;
  std::uint32_t unresolved_row_ = 0;
  EvidenceBook evidence_;
  std::size_t superseded_ = 0, orphans_ = 0, expiring_ = 0, unresolved_ = 0,
              unresolved_references_ = 0, findings_ = 0, diagrams_ = 0;
  data figures_ = list{};
  std::vector<std::string> notes_;
};

data HtmlPage::node(const ReportPart& p, std::size_t i) const {
  const Node& n = p.graph->nodes()[i];
  const std::size_t index = p.whole_index(i);
  data d = node_object(source_.anchored(index) ? "link" : "span");
  d.set("index", num(index));
  d.set("title", n.title);
  d.set("text", n.doc_no ? *n.doc_no : "《" + shorten(n.title, 22) + "》");
  return d;
}

data HtmlPage::number(const ReportPart& p, std::size_t i) const {
  if (p.graph->nodes()[i].doc_no) return node(p, i);
  const std::size_t index = p.whole_index(i);
  data d = node_object(source_.anchored(index) ? "no_number_link" : "no_number");
  d.set("index", num(index));
  return d;
}

data HtmlPage::node_id(const ReportPart& p, const std::string& id) const {
  if (auto i = p.graph->index_of(id)) return node(p, *i);
  data d = node_object("plain");
  d.set("text", id.rfind("title:", 0) == 0 ? "《" + id.substr(6) + "》" : id);
  return d;
}

data HtmlPage::by(const ReportPart& p, const std::optional<std::string>& id) const {
  data l = list{};
  if (id) l.push_back(node_id(p, *id));
  return l;
}

data HtmlPage::status(const Status& s) const {
  return object{{"name", std::string(ascii_name(s.kind))},
                {"zh", std::string(to_string(s.kind))},
                {"has_since", s.since.has_value()},
                {"since", s.since ? s.since->to_iso() : ""}};
}

data HtmlPage::evidence(const Evidence& e, const char* section, bool brief, bool gap) {
  data d = object{{"gap", gap}, {"long", false}, {"brief", false}, {"has_quote", false}};
  if (e.file.empty() && e.quote.empty()) return d;
  d.set(brief ? "brief" : "long", true);
  d.set("n", num(evidence_.use(e, section)));
  d.set("where", location(e.file, e.page, e.line));
  d.set("quote", e.quote);
  d.set("has_quote", !e.quote.empty());
  d.set("short_quote", shorten(e.quote, 60));
  return d;
}

data HtmlPage::cards() const {
  data l = list{};
  auto card = [&](const char* href, std::size_t n, const char* label, bool warn, const char* key) {
    l.push_back(object{
        {"href", href}, {"n", num(n)}, {"label", label}, {"warn", warn && n > 0}, {"key", key}});
  };
  const auto& p = source_.head().published;
  card("counts", p.total(), "收录文件 documents in the corpus", false, "documents");
  card("counts",
       p.by_status(StatusKind::kInForce) + p.by_status(StatusKind::kAmended) +
           p.by_status(StatusKind::kPartlyRepealed),
       "现行有效（含已修改） in force", false, "in_force");
  card("superseded", superseded_, "已废止或失效 superseded", true, "superseded");
  card("orphans", orphans_, "依据已失效 orphans", true, "orphans");
  card("expiring", expiring_, "即将到期 expiring", true, "expiring");
  card("unresolved", unresolved_, "未收录的被引文件 unresolved", false, "unresolved");
  card("findings", findings_, "一致性问题 findings", true, "findings");
  card("diagrams", diagrams_, "关系图 diagrams", false, "diagrams");
  return l;
}

data HtmlPage::count_tables() const {
  auto table = [](const StatusLevelCounts& c, const char* caption, const char* id) {
    data levels = list{};
    for (Level l : kAllLevels) {
      if (c.by_level(l) == 0) continue;
      data cells = list{};
      for (StatusKind k : kStatusColumns)
        cells.push_back(num(c.cells[level_index(l)][status_index(k)]));
      levels.push_back(object{{"level", std::string(zh_name(l)) + " " + std::string(to_string(l))},
                              {"cells", cells},
                              {"level_total", num(c.by_level(l))}});
    }
    data totals = list{};
    for (StatusKind k : kStatusColumns) totals.push_back(num(c.by_status(k)));
    return data(object{{"caption", caption},
                       {"id", id},
                       {"levels", levels},
                       {"totals", totals},
                       {"table_total", num(c.total())}});
  };
  const ReportHead& h = source_.head();
  return list{table(h.published, "收录文件 Documents published in the corpus", "counts-published"),
              table(h.cited_only, "仅被引用的文件 Instruments only cited", "counts-cited")};
}

data HtmlPage::superseded_row(const ReportPart& p, const StatusRow& row) {
  const Node& n = p.graph->nodes()[row.node];
  return object{{"number", number(p, row.node)},
                {"cited_only", n.external},
                {"title", n.title},
                {"status", status(row.status)},
                {"by", by(p, row.status.by)},
                {"evidence", list{evidence(row.status.evidence.evidence, "superseded")}}};
}

data HtmlPage::orphan_row(const ReportPart& p, const Orphan& o) {
  const CorpusGraph& g = *p.graph;
  data chain = list{};
  for (std::size_t i = 0; i < o.path.size(); ++i) {
    data link = node(p, o.path[i]);
    link.set("arrow", i < o.edges.size());
    link.set("edge_type",
             i < o.edges.size() ? std::string(to_string(g.edges()[o.edges[i]].type)) : "");
    chain.push_back(link);
  }
  // The chain's evidence first, then the basis's status.
  data ev = list{};
  for (std::size_t e : o.edges) ev.push_back(evidence(g.edges()[e].evidence, "orphans"));
  ev.push_back(evidence(o.basis_status.evidence.evidence, "orphans"));
  return object{{"number", number(p, o.node)},
                {"title", g.nodes()[o.node].title},
                {"basis", node(p, o.basis)},
                {"status", status(o.basis_status)},
                {"by", by(p, o.basis_status.by)},
                {"fell_away", date_or_empty(o.fell_away)},
                {"chain", chain},
                {"evidence", ev}};
}

data HtmlPage::expiring_row(const ReportPart& p, const ExpiringRow& e) {
  return object{
      {"number", number(p, e.node)},   {"title", p.graph->nodes()[e.node].title},
      {"expires", e.expires.to_iso()}, {"days_left", num(e.days_left)},
      {"status", status(e.status)},    {"evidence", list{evidence(e.evidence, "expiring")}}};
}

data HtmlPage::unresolved_row(const ReportPart& p, const UnresolvedGroup& u) {
  const CorpusGraph& g = *p.graph;
  const Node& n = g.nodes()[u.target];
  // The first reference with its quote; the others as file:line links (the
  // quote is their tooltip and is in the appendix), to keep rows short.
  data cited_by = list{};
  data ev = list{};
  std::set<std::size_t> seen;
  for (std::size_t k = 0; k < u.references.size(); ++k) {
    const GraphEdge& edge = g.edges()[u.references[k]];
    if (seen.insert(edge.from).second) {
      data link = node(p, edge.from);
      link.set("br", seen.size() > 1);
      cited_by.push_back(link);
    }
    ev.push_back(evidence(edge.evidence, "unresolved", /*brief=*/k > 0, /*gap=*/k > 1));
  }
  return object{{"index", num(p.whole_index(u.target))},
                {"numbered", n.doc_no.has_value()},
                {"doc_no", n.doc_no ? *n.doc_no : ""},
                {"title", n.title},
                {"issuer", n.issuer},
                {"references", num(u.references.size())},
                {"cited_by", cited_by},
                {"evidence", ev}};
}

data HtmlPage::finding_row(const ReportPart& p, const Finding& f) {
  data ev = list{};
  for (const Sourced& s : f.evidence) ev.push_back(evidence(s.evidence, "findings"));
  return object{{"kind", std::string(to_string(f.kind))},
                {"subject", node_id(p, f.subject)},
                {"message", f.message},
                {"evidence", ev}};
}

data HtmlPage::issuer_row(const ReportPart& p, const StatusRow& row) {
  const Node& n = p.graph->nodes()[row.node];
  const Document& d = *n.document;
  return object{{"index", num(p.whole_index(row.node))},
                {"numbered", n.doc_no.has_value()},
                {"doc_no", n.doc_no ? *n.doc_no : ""},
                {"title", n.title},
                {"status", status(row.status)},
                {"by", by(p, row.status.by)},
                {"signed", date_or_empty(d.signed_date ? d.signed_date : d.printed_date)},
                {"effective", effective_text(d)},
                {"expires", date_or_empty(d.expires)},
                {"evidence", list{evidence(header_evidence(n), "issuers")}}};
}

// ------------------------------------------------------ direct writers ----

void HtmlPage::put_num(long long n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  buf_.append(digits, end);
}

void HtmlPage::esc_short(std::string_view text, std::size_t max) {
  // Valid UTF-8 is cut at a code point and escaped in place; anything else
  // as the template's value was made (shorten, then repaired).
  if (first_invalid_utf8(text) != std::string_view::npos) return esc(shorten(text, max));
  std::size_t i = 0, n = 0;
  while (i < text.size() && n < max) {
    next_code_point(text, i);
    ++n;
  }
  if (i >= text.size()) return esc(text);
  esc(text.substr(0, i));
  put("…");
}

// node.mustache
void HtmlPage::put_node(const ReportPart& p, std::size_t i) {
  const Node& n = p.graph->nodes()[i];
  const std::size_t index = p.whole_index(i);
  const bool link = source_.anchored(index);
  if (link) {
    put("<a href=\"#n");
    put_num(static_cast<long long>(index));
    put("\" title=\"");
  } else {
    put("<span title=\"");
  }
  esc(n.title);
  put("\">");
  if (n.doc_no) {
    esc(*n.doc_no);
  } else if (first_invalid_utf8(n.title) != std::string_view::npos) {
    esc("《" + shorten(n.title, 22) + "》");  // repaired as one value, as the template's
  } else {
    put("《");
    esc_short(n.title, 22);
    put("》");
  }
  put(link ? "</a>" : "</span>");
}

void HtmlPage::put_number(const ReportPart& p, std::size_t i) {
  if (p.graph->nodes()[i].doc_no) return put_node(p, i);
  const std::size_t index = p.whole_index(i);
  if (source_.anchored(index)) {
    put("<a href=\"#n");
    put_num(static_cast<long long>(index));
    put("\"><span class=\"ext\">(无文号)</span></a>");
  } else {
    put("<span class=\"ext\">(无文号)</span>");
  }
}

void HtmlPage::put_node_id(const ReportPart& p, const std::string& id) {
  if (auto i = p.graph->index_of(id)) return put_node(p, *i);
  if (id.rfind("title:", 0) == 0) {
    esc("《" + id.substr(6) + "》");
  } else {
    esc(id);
  }
}

// status.mustache
void HtmlPage::put_status(const Status& s) {
  put("<span class=\"st st-");
  esc(ascii_name(s.kind));
  put("\">");
  esc(to_string(s.kind));
  put("</span>");
  if (s.since) {
    put(" <span class=\"d\">");
    esc(s.since->to_iso());
    put("</span>");
  }
}

// evidence.mustache
void HtmlPage::put_evidence(const Evidence& e, const char* section, bool brief, bool gap) {
  if (gap) put(" ");
  if (e.file.empty() && e.quote.empty()) return;
  const std::size_t n = evidence_.use(e, section);
  auto where = [&] {
    const std::string& file = e.file;
    if (first_invalid_utf8(file) != std::string_view::npos) {
      esc(location(file, e.page, e.line));  // repaired as one value
      return;
    }
    esc(file);
    put(":");
    if (e.page > 0) {
      put("p");
      put_num(e.page);
      put(":");
    }
    put_num(e.line);
  };
  if (brief) {
    put("<a class=\"evs\" href=\"#e");
    put_num(static_cast<long long>(n));
    put("\" title=\"");
    esc(e.quote);
    put("\">");
    where();
    put("</a>");
    return;
  }
  put("<span class=\"ev\"><a href=\"#e");
  put_num(static_cast<long long>(n));
  put("\">");
  where();
  put("</a>");
  if (!e.quote.empty()) {
    put(" <q title=\"");
    esc(e.quote);
    put("\">");
    esc_short(e.quote, 60);
    put("</q>");
  }
  put("</span>");
}

void HtmlPage::put_row_head(const ReportPart& p, std::size_t i) {
  const Node& n = p.graph->nodes()[i];
  put("\n<tr id=\"n");
  put_num(static_cast<long long>(p.whole_index(i)));
  put("\"><td class=\"no\">");
  if (n.doc_no) {
    esc(*n.doc_no);
  } else {
    put("<span class=\"ext\">(无文号)</span>");
  }
  put("</td><td>");
  esc(n.title);
  put("</td><td>");
}

void HtmlPage::write_superseded(const ReportPart& p, const StatusRow& row) {
  const Node& n = p.graph->nodes()[row.node];
  put("\n<tr><td class=\"no\">");
  put_number(p, row.node);
  if (n.external) put("<br><span class=\"ext\">仅被引用 cited only</span>");
  put("</td><td>");
  esc(n.title);
  put("</td><td>");
  put_status(row.status);
  put("</td><td>");
  if (row.status.by) put_node_id(p, *row.status.by);
  put("</td><td>");
  put_evidence(row.status.evidence.evidence, "superseded");
  put("</td></tr>");
}

void HtmlPage::write_orphan(const ReportPart& p, const Orphan& o) {
  const CorpusGraph& g = *p.graph;
  put("\n<tr><td class=\"no\">");
  put_number(p, o.node);
  put("</td><td>");
  esc(g.nodes()[o.node].title);
  put("</td><td class=\"no\">");
  put_node(p, o.basis);
  put("</td><td>");
  put_status(o.basis_status);
  if (o.basis_status.by) {
    put(" by ");
    put_node_id(p, *o.basis_status.by);
  }
  put("</td><td>");
  if (o.fell_away) esc(o.fell_away->to_iso());
  put("</td><td>");
  for (std::size_t i = 0; i < o.path.size(); ++i) {
    put_node(p, o.path[i]);
    if (i < o.edges.size()) {
      put(" —");
      esc(to_string(g.edges()[o.edges[i]].type));
      put("→ ");
    }
  }
  put("</td><td>");
  // The chain's evidence first, then the basis's status.
  for (std::size_t e : o.edges) put_evidence(g.edges()[e].evidence, "orphans");
  put_evidence(o.basis_status.evidence.evidence, "orphans");
  put("</td></tr>");
}

void HtmlPage::write_expiring(const ReportPart& p, const ExpiringRow& e) {
  put("\n<tr><td class=\"no\">");
  put_number(p, e.node);
  put("</td><td>");
  esc(p.graph->nodes()[e.node].title);
  put("</td><td>");
  esc(e.expires.to_iso());
  put("</td><td class=\"num\">");
  put_num(static_cast<long long>(e.days_left));
  put("</td><td>");
  put_status(e.status);
  put("</td><td>");
  put_evidence(e.evidence, "expiring");
  put("</td></tr>");
}

void HtmlPage::write_unresolved(const ReportPart& p, const UnresolvedGroup& u) {
  const CorpusGraph& g = *p.graph;
  const Node& n = g.nodes()[u.target];
  put_row_head(p, u.target);
  esc(n.issuer);
  put("</td><td class=\"num\">");
  put_num(static_cast<long long>(u.references.size()));
  put("</td><td>");
  // Each citing document once, in order of first reference (a stamp per
  // node of the part: no set per row).
  if (cited_in_.size() < g.nodes().size()) cited_in_.resize(g.nodes().size(), 0);
  if (++unresolved_row_ == 0) {
    std::fill(cited_in_.begin(), cited_in_.end(), 0);
    unresolved_row_ = 1;
  }
  bool first = true;
  for (std::size_t e : u.references) {
    const std::size_t from = g.edges()[e].from;
    if (cited_in_[from] == unresolved_row_) continue;
    cited_in_[from] = unresolved_row_;
    if (!first) put("<br>");
    first = false;
    put_node(p, from);
  }
  put("</td><td>");
  // The first reference with its quote; the others as file:line links.
  for (std::size_t k = 0; k < u.references.size(); ++k) {
    put_evidence(g.edges()[u.references[k]].evidence, "unresolved", /*brief=*/k > 0,
                 /*gap=*/k > 1);
  }
  put("</td></tr>");
}

void HtmlPage::write_finding(const ReportPart& p, const Finding& f) {
  put("\n<tr><td class=\"no\">");
  esc(to_string(f.kind));
  put("</td><td>");
  put_node_id(p, f.subject);
  put("</td><td>");
  esc(f.message);
  put("</td><td>");
  for (const Sourced& s : f.evidence) put_evidence(s.evidence, "findings");
  put("</td></tr>");
}

void HtmlPage::write_issuer(const ReportPart& p, const StatusRow& row) {
  const Node& n = p.graph->nodes()[row.node];
  const Document& d = *n.document;
  put_row_head(p, row.node);
  put_status(row.status);
  if (row.status.by) {
    put("<br><span class=\"ext\">by</span> ");
    put_node_id(p, *row.status.by);
  }
  put("</td><td>");
  if (const auto& signed_on = d.signed_date ? d.signed_date : d.printed_date) {
    esc(signed_on->to_iso());
  }
  put("</td><td>");
  esc(effective_text(d));
  put("</td><td>");
  if (d.expires) esc(d.expires->to_iso());
  put("</td><td>");
  put_evidence(header_evidence(n), "issuers");
  put("</td></tr>");
}

void HtmlPage::write_evidence(std::size_t n, const std::string& file, int line, int page,
                              const std::string& quote, const std::vector<std::string>& sections) {
  put("\n<tr id=\"e");
  put_num(static_cast<long long>(n));
  put("\"><td class=\"num\">");
  put_num(static_cast<long long>(n));
  put("</td><td class=\"no\">");
  esc(file);
  put("</td><td class=\"num\">");
  put(page_line(page, line));
  put("</td><td>");
  esc(quote);
  put("</td><td>");
  bool comma = false;
  for (const std::string& s : sections) {
    if (comma) put(", ");
    comma = true;
    put("<a href=\"#");
    esc(s);
    put("\">");
    esc(s);
    put("</a>");
  }
  put("</td></tr>");
}

// Drawn as the exporter draws `export svg --around`; a drawing that fails
// shows as a note in its place.
data HtmlPage::figure(const ReportPart& from, const Diagram& d, std::size_t k) {
  data out;
  Result<bool> read = source_.diagram_graph(d, from, [&](const ReportPart& p, std::size_t around) {
    const Node& n = p.graph->nodes()[around];
    ExportOptions eo;
    eo.format = ExportFormat::kSvg;
    eo.as_of = source_.head().as_of;
    eo.around = around;
    eo.depth = d.depth;
    eo.max_nodes = 0;
    if (d.key_types_only) eo.types = kDiagramKeyTypes;
    Result<std::string> svg = export_graph(*p.graph, eo);
    if (!svg) {
      out = object{{"drawn", false}, {"failure", label_of(n) + ": " + svg.error().to_string()}};
      return;
    }
    out = object{{"drawn", true},
                 {"k", num(k + 1)},
                 {"around", node(p, around)},
                 {"short_title", shorten(n.title, 50)},
                 {"reason", d.reason == "orphan" ? "orphan 依据已失效" : "repeals 废止"},
                 {"depth", num(d.depth)},
                 {"nodes", num(d.nodes)},
                 {"key_types_only", d.key_types_only},
                 // Trusted markup, written unescaped by the template.
                 {"svg", inline_svg(*svg, "d" + std::to_string(k + 1) + "-")}};
  });
  if (!read) throw std::runtime_error(read.error().to_string());
  return out;
}

void HtmlPage::appendix() {
  spool_.begin("evidence");
  evidence_.for_each([&](std::size_t n, const std::string& file, int line, int page,
                         const std::string& quote, const std::vector<std::string>& sections) {
    if (mode_ == HtmlRows::kDirect) {
      write_evidence(n, file, line, page, quote, sections);
      if (buf_.size() >= kRowBuffer) flush_rows();
      return;
    }
    data used = list{};
    for (const std::string& s : sections) {
      used.push_back(object{{"comma", used.list_value().size() > 0}, {"section", s}});
    }
    row(kEvidence, object{{"n", num(n)},
                          {"file", file},
                          {"line", page_line(page, line)},
                          {"quote", quote},
                          {"used", used}});
  });
  flush_rows();
}

// In page order: the rows number the evidence the appendix lists.
Result<bool> HtmlPage::lists() {
  auto each = [&](const char* key, RowList list, std::size_t& count, auto make, auto write) {
    spool_.begin(key);
    return [&, list, make, write](const ReportPart& p, const auto& rows) {
      if (mode_ == HtmlRows::kTemplates) {
        for (const auto& r : rows) row(list, (this->*make)(p, r));
      } else {
        for (const auto& r : rows) {
          (this->*write)(p, r);
          if (buf_.size() >= kRowBuffer) flush_rows();
        }
        flush_rows();
      }
      count += rows.size();
    };
  };
  std::vector<Result<bool>> done;
  done.push_back(source_.superseded(each("superseded", kSuperseded, superseded_,
                                         &HtmlPage::superseded_row, &HtmlPage::write_superseded)));
  done.push_back(source_.orphans(
      each("orphans", kOrphans, orphans_, &HtmlPage::orphan_row, &HtmlPage::write_orphan)));
  done.push_back(source_.expiring(
      each("expiring", kExpiring, expiring_, &HtmlPage::expiring_row, &HtmlPage::write_expiring)));
  spool_.begin("unresolved");
  done.push_back(
      source_.unresolved([&](const ReportPart& p, const std::vector<UnresolvedGroup>& rows) {
        for (const UnresolvedGroup& u : rows) {
          if (mode_ == HtmlRows::kTemplates) {
            row(kUnresolved, unresolved_row(p, u));
          } else {
            write_unresolved(p, u);
            if (buf_.size() >= kRowBuffer) flush_rows();
          }
          unresolved_references_ += u.references.size();
        }
        if (mode_ == HtmlRows::kDirect) flush_rows();
        unresolved_ += rows.size();
      }));
  done.push_back(source_.findings(
      each("findings", kFindings, findings_, &HtmlPage::finding_row, &HtmlPage::write_finding)));
  for (const Result<bool>& r : done) {
    if (!r) return r.error();
  }
  if (mode_ == HtmlRows::kDirect) {
    if (Result<bool> r = issuer_sections(); !r) return r.error();
  } else {
    for (std::size_t k = 0; k < source_.head().issuers.size(); ++k) {
      std::size_t documents = 0;
      Result<bool> r =
          source_.issuer_rows(k, each(("issuer-" + std::to_string(k + 1)).c_str(), kIssuer,
                                      documents, &HtmlPage::issuer_row, &HtmlPage::write_issuer));
      if (!r) return r.error();
    }
  }
  Result<bool> drawn = source_.diagrams(
      [&](const ReportPart& p, const std::vector<Diagram>& diagrams) {
        for (const Diagram& d : diagrams) {
          figures_.push_back(figure(p, d, diagrams_));
          ++diagrams_;
        }
      },
      notes_);
  if (!drawn) return drawn.error();
  appendix();
  return true;
}

// The page's two lists of issuers as the template's {{#sections}} write
// them, spooled: the index rows under "issuer-index", and every section
// (heading, table, its rows) under "issuer-sections", each section ending
// with a line break but the last (the template's line after the marker ends
// it). At 10^6 documents (about 10^5 issuers) the sections as template
// objects and the page rendered around them were most of the report's memory.
Result<bool> HtmlPage::issuer_sections() {
  const std::vector<IssuerHead>& issuers = source_.head().issuers;
  auto name = [&](const IssuerHead& s) {
    if (s.issuer.empty()) {
      put("(未知 unknown)");
    } else {
      esc(s.issuer);
    }
  };
  spool_.begin("issuer-index");
  for (std::size_t k = 0; k < issuers.size(); ++k) {
    const IssuerHead& s = issuers[k];
    put("\n<tr><td><a href=\"#issuer-");
    put_num(static_cast<long long>(k + 1));
    put("\">");
    name(s);
    put("</a></td><td>");
    esc(zh_name(s.level));
    put(" ");
    esc(to_string(s.level));
    put("</td>");
    for (StatusKind st : kStatusColumns) {
      put("<td class=\"num\">");
      put_num(static_cast<long long>(s.by_status[status_index(st)]));
      put("</td>");
    }
    put("<td class=\"num\">");
    put_num(static_cast<long long>(s.documents));
    put("</td></tr>");
    if (buf_.size() >= kRowBuffer) flush_rows();
  }
  flush_rows();
  spool_.begin("issuer-sections");
  for (std::size_t k = 0; k < issuers.size(); ++k) {
    const IssuerHead& s = issuers[k];
    if (k > 0) put("\n");
    put("<h3 id=\"issuer-");
    put_num(static_cast<long long>(k + 1));
    put("\">");
    name(s);
    put(" <span class=\"ext\">");
    esc(zh_name(s.level));
    put(" · ");
    put_num(static_cast<long long>(s.documents));
    put(" documents</span></h3>\n");
    put(kIssuerTableHead);
    Result<bool> r = source_.issuer_rows(k, [&](const ReportPart& p, const auto& rows) {
      for (const StatusRow& row : rows) {
        write_issuer(p, row);
        if (buf_.size() >= kRowBuffer) flush_rows();
      }
    });
    if (!r) return r.error();
    put("\n</tbody></table>");
  }
  flush_rows();
  return true;
}

// An index (one row per issuer with its counts), then a table per issuer.
data HtmlPage::issuers() const {
  const ReportHead& h = source_.head();
  std::size_t documents = 0;
  data sections = list{};
  for (std::size_t k = 0; k < h.issuers.size(); ++k) {
    const IssuerHead& s = h.issuers[k];
    documents += s.documents;
    data by_status = list{};
    for (StatusKind st : kStatusColumns) by_status.push_back(num(s.by_status[status_index(st)]));
    sections.push_back(
        object{{"k", num(k + 1)},
               {"known", !s.issuer.empty()},
               {"name", s.issuer},
               {"level_zh", std::string(zh_name(s.level))},
               {"level", std::string(to_string(s.level))},
               {"by_status", by_status},
               {"total", num(s.documents)},
               {"rows_marker", report_spool::marker("issuer-" + std::to_string(k + 1))}});
  }
  data s = section(h.issuers.size());
  s.set("documents", num(documents));
  s.set("sections", sections);
  return s;
}

std::string HtmlPage::page() {
  const ReportHead& h = source_.head();
  auto listed = [](std::size_t count, const char* key) {
    data s = section(count);
    s.set("rows_marker", report_spool::marker(key));
    return s;
  };
  data p = object{};
  p.set("as_of", h.as_of.to_iso());
  p.set("has_issuer", !h.issuer.empty());
  p.set("issuer", h.issuer);
  data columns = list{};
  for (StatusKind k : kStatusColumns) {
    columns.push_back(
        object{{"zh", std::string(to_string(k))}, {"name", std::string(ascii_name(k))}});
  }
  p.set("columns", columns);
  p.set("cards", cards());
  p.set("count_tables", count_tables());
  p.set("superseded", listed(superseded_, "superseded"));
  p.set("orphans", listed(orphans_, "orphans"));
  data expiring = listed(expiring_, "expiring");
  expiring.set("within", h.expiring_within.to_string());
  expiring.set("until", h.expiring_until.to_iso());
  p.set("expiring", expiring);
  data unresolved = listed(unresolved_, "unresolved");
  unresolved.set("references", num(unresolved_references_));
  p.set("unresolved", unresolved);
  p.set("findings", listed(findings_, "findings"));
  if (mode_ == HtmlRows::kDirect && !h.issuers.empty()) {
    data s = section(h.issuers.size());
    std::size_t documents = 0;
    for (const IssuerHead& i : h.issuers) documents += i.documents;
    s.set("documents", num(documents));
    s.set("index_marker", report_spool::marker("issuer-index"));
    s.set("sections_marker", report_spool::marker("issuer-sections"));
    p.set("issuers", s);
  } else {
    p.set("issuers", issuers());
  }
  data notes = list{};
  for (const std::string& note : notes_) notes.push_back(note);
  p.set("diagrams", object{{"count", num(diagrams_)},
                           {"none", diagrams_ == 0 && notes_.empty()},
                           {"figures", figures_},
                           {"notes", notes}});
  p.set("evidence_appendix", listed(evidence_.size(), "evidence"));
  for (const char* partial :
       {"node.mustache", "status.mustache", "evidence.mustache", "report.css", "report.js"}) {
    p.set(partial, partial_text(partial));
  }
  mustache::mustache page_template{mode_ == HtmlRows::kDirect && !h.issuers.empty()
                                       ? issuers_spooled(templates_.page)
                                       : templates_.page};
  // Every {{value}} goes through our escaping (which also repairs UTF-8), not
  // the library's.
  page_template.set_custom_escape([](const std::string& s) { return html_escape(s); });
  std::string html = page_template.render(p);
  // The templates are compiled in and rendered by every test of this page,
  // so an error here is a broken template in the source tree.
  if (!page_template.is_valid()) {
    throw std::logic_error("report.html.mustache: " + page_template.error_message());
  }
  return html;
}

}  // namespace

Result<ReportTally> render_html(ReportSource& source, std::ostream& out, HtmlRows rows) {
  report_spool::Spool spool;
  HtmlPage page(source, spool, rows);
  if (Result<bool> r = page.lists(); !r) return r.error();
  if (Result<bool> r = spool.splice(page.page(), out); !r) return r.error();
  return page.tally();
}

std::string render_html(const CorpusGraph& graph, const Report& report) {
  MemoryReportSource source(graph, report);
  std::ostringstream out;
  Result<ReportTally> r = render_html(source, out);
  if (!r) throw std::runtime_error(r.error().to_string());
  return out.str();
}

}  // namespace pg
