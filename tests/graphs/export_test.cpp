#include "graphs/render/export.h"

#include <graphviz/cgraph.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/base/text_escape.h"
#include "graphs/model/json_io.h"
#include "support/hostile_titles.h"
#include "support/test_support.h"

namespace {

using pg::CorpusGraph;
using pg::ExportFormat;
using pg::ExportOptions;
using pg::RelationType;

using namespace pg::testing;

const char* const kGoldenDir = TEST_DATA_DIR "/../golden";

ExportOptions options(ExportFormat format) {
  ExportOptions o;
  o.format = format;
  o.as_of = *pg::Date::parse_iso("2024-01-01");
  return o;
}

std::string render_all(const CorpusGraph& g, const ExportOptions& o) {
  auto sel = pg::select_subgraph(g, o);
  REQUIRE(sel.ok());
  auto out = pg::render(g, *sel, o);
  INFO((out.ok() ? std::string() : out.error().to_string()));
  REQUIRE(out.ok());
  return *out;
}

// Compares with tests/golden/NAME, or writes it when POLICYGRAPH_REGEN_GOLDEN
// is set (scripts/regen-golden).
void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(kGoldenDir) + "/" + name;
  if (const char* regen = std::getenv("POLICYGRAPH_REGEN_GOLDEN");
      regen != nullptr && std::string(regen) == "1") {
    std::ofstream out(path, std::ios::binary);
    REQUIRE(out);
    out << actual;
    WARN("rewrote " << path);
    return;
  }
  INFO(path << " (run scripts/regen-golden after an intended change)");
  const std::string expected = read_file(path);
  if (actual != expected) {
    // Name the first differing line rather than dumping both files.
    std::istringstream a(actual), e(expected);
    std::string la, le;
    int line = 0;
    while (true) {
      ++line;
      bool ga = static_cast<bool>(std::getline(a, la));
      bool ge = static_cast<bool>(std::getline(e, le));
      if (!ga && !ge) break;
      if (la != le || ga != ge) {
        INFO("first difference at line " << line << "\nactual:   " << la << "\nexpected: " << le);
        CHECK(actual == expected);
        return;
      }
    }
  }
  CHECK(actual == expected);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos;
       p = text.find(needle, p + needle.size())) {
    ++n;
  }
  return n;
}

// A small well-formedness check for XML (SVG, GraphML): tags balance, quoted
// attribute values hold no '<', and every '&' starts an entity or a
// character reference. Returns what is wrong, or "" when nothing is.
std::string entity_problem(const std::string& s) {
  for (std::size_t i = s.find('&'); i != std::string::npos; i = s.find('&', i + 1)) {
    std::size_t end = s.find(';', i);
    if (end == std::string::npos || end - i > 10) return "bare & at " + s.substr(i, 12);
    std::string ref = s.substr(i + 1, end - i - 1);
    static const std::set<std::string> kNamed = {"amp", "lt", "gt", "quot", "apos"};
    bool numeric =
        ref.size() > 1 && ref[0] == '#' && std::all_of(ref.begin() + 1, ref.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) || c == 'x';
        });
    if (!numeric && kNamed.count(ref) == 0) return "unknown entity &" + ref + ";";
  }
  return "";
}

std::string xml_problem(const std::string& x) {
  std::vector<std::string> open;
  bool saw_root = false;
  std::size_t i = 0;
  while (i < x.size()) {
    if (x[i] != '<') {
      std::size_t next = std::min(x.find('<', i), x.size());
      std::string text = x.substr(i, next - i);
      if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos) {
        return "text outside the root element";
      }
      if (auto p = entity_problem(text); !p.empty()) return p;
      i = next;
      continue;
    }
    if (x.compare(i, 4, "<!--") == 0) {
      auto end = x.find("-->", i);
      if (end == std::string::npos) return "unterminated comment";
      i = end + 3;
      continue;
    }
    if (x.compare(i, 2, "<?") == 0 || x.compare(i, 2, "<!") == 0) {
      auto end = x.find('>', i);
      if (end == std::string::npos) return "unterminated declaration";
      i = end + 1;
      continue;
    }
    std::size_t j = i + 1;
    char quote = 0;
    for (; j < x.size(); ++j) {
      char c = x[j];
      if (quote != 0) {
        if (c == quote)
          quote = 0;
        else if (c == '<')
          return "'<' in an attribute value";
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      } else if (c == '<') {
        return "'<' inside a tag";
      }
    }
    if (j >= x.size()) return "unterminated tag";
    std::string tag = x.substr(i + 1, j - i - 1);
    if (auto p = entity_problem(tag); !p.empty()) return p;
    bool closing = !tag.empty() && tag[0] == '/';
    bool self_closing = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \t\r\n/"));
    if (closing) {
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
    } else {
      if (open.empty() && saw_root) return "second root element <" + name + ">";
      saw_root = true;
      if (!self_closing) open.push_back(name);
    }
    i = j + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!saw_root) return "no root element";
  return "";
}

// -------------------------------------------------- hostile titles ----

// Titles are untrusted: every character that means something in DOT, XML,
// JSON or a Graphviz label, plus a line break and 《》.
const std::string kHostileTitle =
    "关于\"引号\"\\N反斜杠<b>尖括号</b>&amp;与{花}|括号\n第二行《书名》的通知";
const std::string kHostileTarget = "《被引\"用\"》\\G<script>&lt;'单'{x|y}\n换行";
const std::string kHostileQuote = "依据《被引\"用\"》</data><x>&\\";

const CorpusGraph& hostile_graph() {
  static const CorpusGraph g = [] {
    pg::Extraction e;
    e.source = "hostile<&>.txt";
    pg::Document d;
    d.doc_no = "济政发〔2020〕1号";
    d.title = kHostileTitle;
    d.issuers = {"济南市人民政府"};
    d.signed_date = pg::Date::parse_iso("2020-01-02");
    e.documents.push_back(d);
    pg::Edge edge;
    edge.from = "济政发〔2020〕1号";
    edge.to_title = kHostileTarget;
    edge.type = RelationType::kBasedOn;
    edge.line = 7;
    edge.evidence = kHostileQuote;
    e.edges.push_back(edge);
    return CorpusGraph::build({e}, agency_rules());
  }();
  return g;
}

std::string hostile_target_id() {
  const auto& g = hostile_graph();
  for (const auto& n : g.nodes()) {
    if (!n.doc_no) return n.id;
  }
  FAIL("the hostile graph has no title-only node");
  return "";
}

}  // namespace

// ----------------------------------------------------------- golden ----

TEST_CASE("DOT of the sample corpus matches the golden file", "[export][golden]") {
  auto o = options(ExportFormat::kDot);
  std::string dot = render_all(sample_graph(), o);
  CHECK(dot.rfind("digraph policygraph {", 0) == 0);
  check_golden("export_sample.dot", dot);
}

TEST_CASE("JSON of the sample corpus matches the golden file", "[export][golden]") {
  check_golden("export_sample.json", render_all(sample_graph(), options(ExportFormat::kJson)));
}

TEST_CASE("GraphML of the sample corpus matches the golden file", "[export][golden]") {
  std::string x = render_all(sample_graph(), options(ExportFormat::kGraphml));
  CHECK(xml_problem(x).empty());
  check_golden("export_sample.graphml", x);
}

TEST_CASE("DOT is byte-identical when exported twice and from a rebuilt graph",
          "[export][determinism]") {
  auto o = options(ExportFormat::kDot);
  std::string first = render_all(sample_graph(), o);
  std::string second = render_all(sample_graph(), o);
  CHECK(first == second);
  CorpusGraph rebuilt = CorpusGraph::build(sample_corpus(), agency_rules());
  CHECK(render_all(rebuilt, o) == first);
  // Rendering (gvContext) changes cgraph's global defaults; DOT must not.
  auto svg = options(ExportFormat::kSvg);
  svg.around = idx(sample_graph(), "济政发〔2017〕24号");
  REQUIRE(pg::export_graph(sample_graph(), svg).ok());
  CHECK(render_all(sample_graph(), o) == first);
}

// The AddressSanitizer finding of issue 8: each drawing had its own Graphviz
// context, and the second layout in a process read the font name the first
// context had freed (heap-use-after-free in textspan_size <- make_html_label
// <- gvLayout). Under ASan this test failed at the second render.
TEST_CASE("second drawing in one process lays out like the first (Graphviz context kept)",
          "[export][svg][sanitizer]") {
  auto svg = options(ExportFormat::kSvg);
  std::string first = render_all(sample_graph(), svg);
  std::string second = render_all(sample_graph(), svg);
  std::string third = render_all(sample_graph(), svg);
  CHECK(first.find("<svg") != std::string::npos);
  CHECK(second == first);
  CHECK(third == first);
}

TEST_CASE("DOT clusters come in level order and hold their nodes", "[export][dot]") {
  const auto& g = sample_graph();
  std::string dot = render_all(g, options(ExportFormat::kDot));
  auto national = dot.find("subgraph cluster_national");
  auto provincial = dot.find("subgraph cluster_provincial");
  auto municipal = dot.find("subgraph cluster_municipal");
  REQUIRE(national != std::string::npos);
  REQUIRE(provincial != std::string::npos);
  REQUIRE(municipal != std::string::npos);
  CHECK(national < provincial);
  CHECK(provincial < municipal);
  // 国发〔2016〕14号 is national, 济政发〔2017〕24号 municipal. (cgraph
  // quotes no name made of letters, digits and non-ASCII characters.)
  auto top = dot.find("\t\t国发〔2016〕14号\t[");
  auto low = dot.find("\t\t济政发〔2017〕24号\t[");
  REQUIRE(top != std::string::npos);
  REQUIRE(low != std::string::npos);
  CHECK(national < top);
  CHECK(top < provincial);
  CHECK(municipal < low);
  CHECK(dot.find("linelength=0") != std::string::npos);
}

TEST_CASE("DOT styles nodes by status and edges by type", "[export][dot]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kDot);
  o.around = idx(g, "济政发〔2017〕24号");
  o.depth = 2;
  std::string dot = render_all(g, o);
  // The derived implements edge 鲁政发〔2016〕26号 -> 国发〔2016〕14号.
  auto edge = dot.find("\t鲁政发〔2016〕26号 -> 国发〔2016〕14号\t[");
  REQUIRE(edge != std::string::npos);
  std::string attrs = dot.substr(edge, dot.find("];", edge) - edge);
  CHECK(attrs.find("style=dashed") != std::string::npos);
  CHECK(attrs.find("arrowhead=empty") != std::string::npos);
  // The start of the walk is drawn with a heavy border.
  auto start = dot.find("\t\t济政发〔2017〕24号\t[");
  REQUIRE(start != std::string::npos);
  CHECK(dot.substr(start, dot.find("];", start) - start).find("penwidth=3") != std::string::npos);
  CHECK(count(dot, "penwidth=3") == 1);
  // Filled by status as of 2024-01-01: 济政发〔2017〕24号 has expired.
  REQUIRE(g.status(*o.around, o.as_of).kind == pg::StatusKind::kExpired);
  CHECK(dot.substr(start, dot.find("];", start) - start).find("fillcolor=\"#dcdcdc\"") !=
        std::string::npos);
  // The legend names every status and relation type.
  for (const char* word : {"in_force", "repealed", "amended", "repeals", "based_on", "implements",
                           "forwards", "cites"}) {
    INFO(word);
    CHECK(dot.find(word) != std::string::npos);
  }
}

// -------------------------------------------------------- selection ----

TEST_CASE("the neighbourhood of 济政发〔2017〕24号 at depth 2 reaches 国发〔2016〕14号",
          "[export][select]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kDot);
  o.around = idx(g, "济政发〔2017〕24号");
  o.depth = 2;
  auto sel = pg::select_subgraph(g, o);
  REQUIRE(sel.ok());
  std::vector<std::string> ids;
  for (auto i : sel->nodes) ids.push_back(g.nodes()[i].id);
  CHECK(ids ==
        std::vector<std::string>{"国发〔2016〕14号", "济政发〔2017〕24号", "鲁政发〔2016〕26号"});
  for (auto e : sel->edges) {
    CHECK(std::binary_search(sel->nodes.begin(), sel->nodes.end(), g.edges()[e].from));
    CHECK(std::binary_search(sel->nodes.begin(), sel->nodes.end(), g.edges()[e].to));
  }

  o.depth = 1;  // one step less: the national instrument is out of reach
  auto near = pg::select_subgraph(g, o);
  REQUIRE(near.ok());
  CHECK_FALSE(
      std::binary_search(near->nodes.begin(), near->nodes.end(), idx(g, "国发〔2016〕14号")));
  CHECK(std::binary_search(near->nodes.begin(), near->nodes.end(), idx(g, "鲁政发〔2016〕26号")));
}

TEST_CASE("a type filter keeps only the chosen edge types", "[export][select]") {
  const auto& g = sample_graph();
  auto all = pg::select_subgraph(g, options(ExportFormat::kJson));
  REQUIRE(all.ok());
  std::set<RelationType> seen;
  for (auto e : all->edges) seen.insert(g.edges()[e].type);
  REQUIRE(seen.size() > 2);  // otherwise the filter below proves nothing

  auto o = options(ExportFormat::kJson);
  o.types = {RelationType::kRepeals, RelationType::kAmends};
  auto sel = pg::select_subgraph(g, o);
  REQUIRE(sel.ok());
  REQUIRE_FALSE(sel->edges.empty());
  CHECK(sel->edges.size() < all->edges.size());
  for (auto e : sel->edges) {
    CHECK(o.types.count(g.edges()[e].type) == 1);
  }
  // Nodes without a kept edge are left out.
  std::set<std::size_t> ends;
  for (auto e : sel->edges) {
    ends.insert(g.edges()[e].from);
    ends.insert(g.edges()[e].to);
  }
  CHECK(std::set<std::size_t>(sel->nodes.begin(), sel->nodes.end()) == ends);

  auto json = nlohmann::json::parse(render_all(g, o));
  for (const auto& e : json["edges"]) {
    CHECK((e["type"] == "repeals" || e["type"] == "amends"));
  }
}

TEST_CASE("an issuer filter keeps that issuer's nodes", "[export][select]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kJson);
  o.issuer = "最高人民法院";
  auto sel = pg::select_subgraph(g, o);
  REQUIRE(sel.ok());
  REQUIRE_FALSE(sel->nodes.empty());
  CHECK(sel->nodes.size() < g.nodes().size());
  for (auto i : sel->nodes) {
    const auto& n = g.nodes()[i];
    bool issued = n.issuer == "最高人民法院" ||
                  (n.document && std::count(n.document->issuers.begin(), n.document->issuers.end(),
                                            "最高人民法院") > 0);
    INFO(n.id);
    CHECK(issued);
  }
}

TEST_CASE("bad selections are errors", "[export][select]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kDot);
  o.around = g.nodes().size();
  CHECK_FALSE(pg::select_subgraph(g, o).ok());
  o.around = 0;
  o.depth = -1;
  CHECK_FALSE(pg::select_subgraph(g, o).ok());
  ExportOptions no_date;
  auto r = pg::select_subgraph(g, no_date);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("as_of") != std::string::npos);
}

TEST_CASE("a drawing past the node limit says so and suggests --around", "[export][limit]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kSvg);
  o.max_nodes = 5;
  REQUIRE(g.nodes().size() > 5);
  auto r = pg::export_graph(g, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == std::to_string(g.nodes().size()) +
                                 " nodes exceed the limit of 5; use --around "
                                 "X --depth N to draw the neighbourhood of one "
                                 "document (or --types, --issuer to filter)");
  // Data formats are not drawings: no limit.
  o.format = ExportFormat::kJson;
  CHECK(pg::export_graph(g, o).ok());
  // A neighbourhood within the limit is drawn.
  o.format = ExportFormat::kDot;
  o.around = idx(g, "济政发〔2017〕24号");
  o.depth = 2;
  CHECK(pg::export_graph(g, o).ok());
  o.max_nodes = 0;  // no limit
  o.around.reset();
  CHECK(pg::export_graph(g, o).ok());
}

TEST_CASE("export formats have one name each", "[export]") {
  for (auto f : {ExportFormat::kDot, ExportFormat::kSvg, ExportFormat::kPng, ExportFormat::kJson,
                 ExportFormat::kGraphml}) {
    CHECK(pg::parse_export_format(pg::to_string(f)) == f);
  }
  CHECK_FALSE(pg::parse_export_format("pdf").has_value());
  CHECK(pg::is_drawing(ExportFormat::kPng));
  CHECK_FALSE(pg::is_drawing(ExportFormat::kGraphml));
}

// ------------------------------------------------------ svg and png ----

TEST_CASE("SVG of the 24号 neighbourhood is XML with one node group each", "[export][svg]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kSvg);
  o.around = idx(g, "济政发〔2017〕24号");
  o.depth = 2;
  auto sel = pg::select_subgraph(g, o);
  REQUIRE(sel.ok());
  auto svg = pg::render(g, *sel, o);
  INFO((svg.ok() ? std::string() : svg.error().to_string()));
  REQUIRE(svg.ok());
  CHECK(svg->rfind("<?xml", 0) == 0);
  CHECK(svg->find("</svg>") != std::string::npos);
  CHECK(xml_problem(*svg) == "");
  CHECK(count(*svg, "class=\"node\"") == sel->nodes.size());
  CHECK(count(*svg, "class=\"edge\"") == sel->edges.size());
  CHECK(count(*svg, "class=\"cluster\"") >= 3);
  CHECK(svg->find("<title>济政发〔2017〕24号</title>") != std::string::npos);
  const auto& start = g.nodes()[*o.around];
  CHECK(svg->find("xlink:title=\"济政发〔2017〕24号 " + start.title) != std::string::npos);
}

TEST_CASE("PNG renders in-process or fails with a clear error", "[export][png]") {
  const auto& g = sample_graph();
  auto o = options(ExportFormat::kPng);
  o.around = idx(g, "济政发〔2017〕24号");
  o.depth = 1;
  auto png = pg::export_graph(g, o);
  if (png.ok()) {
    CHECK(png->rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  } else {
    CHECK(png.error().message.find("\"png\"") != std::string::npos);
  }
}

// Not run by default: writes the 24号 neighbourhood for people to look at.
//   POLICYGRAPH_SAMPLE_OUT=/tmp/neighbourhood export_test "[.samples]"
TEST_CASE("write the 24号 neighbourhood drawings", "[.samples]") {
  const char* base = std::getenv("POLICYGRAPH_SAMPLE_OUT");
  REQUIRE(base != nullptr);
  const auto& g = sample_graph();
  for (auto f : {ExportFormat::kSvg, ExportFormat::kPng, ExportFormat::kDot}) {
    auto o = options(f);
    o.around = idx(g, "济政发〔2017〕24号");
    o.depth = 2;
    auto out = pg::export_graph(g, o);
    INFO((out.ok() ? std::string() : out.error().to_string()));
    REQUIRE(out.ok());
    std::ofstream(std::string(base) + "." + std::string(pg::to_string(f)), std::ios::binary)
        << *out;
  }
}

// ---------------------------------------------------------- escaping ----

TEST_CASE("hostile titles survive DOT: it parses back to the same graph",
          "[export][escaping][dot]") {
  const auto& g = hostile_graph();
  REQUIRE(g.nodes().size() == 2);
  REQUIRE(g.edges().size() == 1);
  std::string dot = render_all(g, options(ExportFormat::kDot));

  Agraph_t* parsed = agmemread(dot.c_str());
  REQUIRE(parsed != nullptr);
  CHECK(agnnodes(parsed) == 2);
  CHECK(agnedges(parsed) == 1);
  Agnode_t* doc = agnode(parsed, const_cast<char*>("济政发〔2020〕1号"), 0);
  // Node names have their backslashes doubled and line breaks written \n.
  std::string target_id;
  for (char c : hostile_target_id()) {
    target_id += c == '\\'   ? std::string("\\\\")
                 : c == '\n' ? std::string("\\n")
                             : std::string(1, c);
  }
  Agnode_t* target = agnode(parsed, const_cast<char*>(target_id.c_str()), 0);
  CHECK(doc != nullptr);
  CHECK(target != nullptr);
  if (doc != nullptr) {
    // Backslashes doubled and the line break written as \n (escString), so
    // Graphviz shows the text as printed and \N is not the node name.
    std::string tooltip = agget(doc, const_cast<char*>("tooltip"));
    CHECK(tooltip.rfind("济政发〔2020〕1号 关于\"引号\"\\\\N反斜杠<b>尖括号</b>&amp;与{花}"
                        "|括号\\n第二行《书名》的通知\\n",
                        0) == 0);
    std::string label = agget(doc, const_cast<char*>("label"));
    CHECK(label.find('\n') == std::string::npos);
    CHECK(label.rfind("济政发〔2020〕1号\\n", 0) == 0);
  }
  if (target != nullptr) {
    std::string tooltip = agget(target, const_cast<char*>("tooltip"));
    CHECK(tooltip.find("\\\\G<script>") != std::string::npos);
  }
  Agnode_t* from = doc;
  if (from != nullptr && target != nullptr) {
    Agedge_t* e = agedge(parsed, from, target, nullptr, 0);
    REQUIRE(e != nullptr);
    std::string tooltip = agget(e, const_cast<char*>("tooltip"));
    CHECK(tooltip.find("</data><x>&\\\\") != std::string::npos);
  }
  agclose(parsed);
}

TEST_CASE("hostile titles survive JSON", "[export][escaping][json]") {
  const auto& g = hostile_graph();
  auto json = nlohmann::json::parse(render_all(g, options(ExportFormat::kJson)));
  REQUIRE(json["nodes"].size() == 2);
  std::set<std::string> titles;
  for (const auto& n : json["nodes"]) titles.insert(n["title"].get<std::string>());
  CHECK(titles.count(kHostileTitle) == 1);
  REQUIRE(json["edges"].size() == 1);
  CHECK(json["edges"][0]["evidence"]["quote"] == kHostileQuote);
  CHECK(json["edges"][0]["to"] == hostile_target_id());
}

TEST_CASE("hostile titles survive GraphML", "[export][escaping][graphml]") {
  const auto& g = hostile_graph();
  std::string x = render_all(g, options(ExportFormat::kGraphml));
  CHECK(xml_problem(x) == "");
  CHECK(count(x, "<node ") == 2);
  CHECK(count(x, "<edge ") == 1);
  CHECK(x.find("<b>") == std::string::npos);
  CHECK(x.find("<script>") == std::string::npos);
  CHECK(x.find("关于&quot;引号&quot;\\N反斜杠&lt;b&gt;尖括号&lt;/b&gt;&amp;amp;与"
               "{花}|括号&#10;第二行《书名》的通知") != std::string::npos);
  CHECK(x.find("&apos;单&apos;") != std::string::npos);
}

TEST_CASE("hostile titles survive SVG", "[export][escaping][svg]") {
  const auto& g = hostile_graph();
  auto o = options(ExportFormat::kSvg);
  auto svg = pg::export_graph(g, o);
  INFO((svg.ok() ? std::string() : svg.error().to_string()));
  REQUIRE(svg.ok());
  CHECK(xml_problem(*svg) == "");
  CHECK(count(*svg, "class=\"node\"") == 2);
  CHECK(svg->find("<b>") == std::string::npos);
  CHECK(svg->find("<script>") == std::string::npos);
  CHECK(svg->find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("every title of the shared hostile list survives every output",
          "[export][escaping][hostile]") {
  const auto& titles = pg::testing::hostile_titles();
  pg::Extraction e = pg::testing::hostile_documents("济政发", 2020, "济南市人民政府");
  for (std::size_t i = 0; i < titles.size(); ++i) {
    pg::Edge edge;  // each cites the next title, known by title only
    edge.from = *e.documents[i].doc_no;
    edge.to_title = titles[(i + 1) % titles.size()] + "（被引）";
    edge.line = static_cast<int>(i + 1);
    edge.evidence = titles[i];
    e.edges.push_back(edge);
  }
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  const std::size_t nodes = g.nodes().size();
  REQUIRE(nodes == 2 * titles.size());
  REQUIRE(g.edges().size() == titles.size());

  // DOT: Graphviz's own parser reads back every node and edge.
  std::string dot = render_all(g, options(ExportFormat::kDot));
  Agraph_t* parsed = agmemread(dot.c_str());
  REQUIRE(parsed != nullptr);
  CHECK(static_cast<std::size_t>(agnnodes(parsed)) == nodes);
  CHECK(static_cast<std::size_t>(agnedges(parsed)) == titles.size());
  agclose(parsed);

  // GraphML and SVG: well-formed XML, no element from a title.
  std::string graphml = render_all(g, options(ExportFormat::kGraphml));
  CHECK(xml_problem(graphml) == "");
  CHECK(count(graphml, "<node ") == nodes);
  auto svg = pg::export_graph(g, options(ExportFormat::kSvg));
  REQUIRE(svg.ok());
  CHECK(xml_problem(*svg) == "");
  for (const std::string* out : {&graphml, &*svg}) {
    CHECK(out->find("<script") == std::string::npos);
    CHECK(out->find("<img") == std::string::npos);
    CHECK(out->find("<b>") == std::string::npos);
  }

  // JSON: parses; every valid title reads back as printed.
  auto json = nlohmann::json::parse(render_all(g, options(ExportFormat::kJson)));
  REQUIRE(json["nodes"].size() == nodes);
  std::set<std::string> read_back;
  for (const auto& n : json["nodes"]) read_back.insert(n["title"].get<std::string>());
  CHECK(read_back.count(titles[0]) == 1);
  CHECK(read_back.count(titles[2]) == 1);

  // Terminal: no control byte survives terminal_safe.
  for (const std::string& t : titles) {
    std::string shown = pg::terminal_safe(t);
    CAPTURE(shown);
    CHECK(std::none_of(shown.begin(), shown.end(), [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u < 0x20 || u == 0x7f;
    }));
    // Bidi overrides and isolates are shown as escapes, never applied.
    for (const char* bidi : {"\xe2\x80\xae", "\xe2\x81\xa6"})
      CHECK(shown.find(bidi) == std::string::npos);
  }
}

TEST_CASE("invalid UTF-8 in a title is replaced by U+FFFD", "[export][escaping]") {
  pg::Extraction e;
  e.source = "bad.txt";
  pg::Document d;
  d.doc_no = "济政发〔2020〕2号";
  d.title = std::string("坏\xff\xfe字节");
  e.documents.push_back(d);
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  std::string x = render_all(g, options(ExportFormat::kGraphml));
  CHECK(x.find("坏\xEF\xBF\xBD\xEF\xBF\xBD字节") != std::string::npos);
  auto json = nlohmann::json::parse(render_all(g, options(ExportFormat::kJson)));
  CHECK(json["nodes"][0]["title"] == "坏\xEF\xBF\xBD\xEF\xBF\xBD字节");
}

// Node names are document text too (a title-only node's id is its title):
// cgraph escapes " in a name but not \, so \" ended the quoted name early.
TEST_CASE("DOT node names with backslash-quote parse back", "[export][escaping][dot]") {
  const std::vector<std::string> titles = {"《甲\\\"乙》", "《丙\\》",
                                           "《丁\"\\\"; x -> y [label=z]; \"》", "《戊\n己\\n庚》",
                                           "《辛\\\\\"壬》"};
  pg::Extraction e;
  e.source = "names.txt";
  pg::Document d;
  d.doc_no = "济政发〔2020〕3号\\\"";
  d.title = "关于\\\"名字\\\"的通知\\";
  e.documents.push_back(d);
  for (const auto& t : titles) {
    pg::Edge edge;
    edge.from = *d.doc_no;
    edge.to_title = t;
    edge.type = RelationType::kBasedOn;
    edge.line = 1;
    edge.evidence = t;
    e.edges.push_back(edge);
  }
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  REQUIRE(g.nodes().size() >= titles.size() + 1);
  std::string dot = render_all(g, options(ExportFormat::kDot));
  INFO(dot);
  Agraph_t* parsed = agmemread(dot.c_str());
  REQUIRE(parsed != nullptr);
  CHECK(agnnodes(parsed) == static_cast<int>(g.nodes().size()));
  CHECK(agnedges(parsed) == static_cast<int>(g.edges().size()));
  CHECK(agnode(parsed, const_cast<char*>("x"), 0) == nullptr);
  CHECK(agnode(parsed, const_cast<char*>("y"), 0) == nullptr);
  agclose(parsed);
}

// XML 1.0 forbids U+FFFE, U+FFFF and C0 controls other than tab, LF, CR.
TEST_CASE("non-characters and control characters never reach GraphML or SVG",
          "[export][escaping][graphml][svg]") {
  const std::string bad = "题\xEF\xBF\xBE目\xEF\xBF\xBF\x01\x08\x0B\x0C\x1B\x1F尾";
  pg::Extraction e;
  e.source = "bad\x01.txt";
  pg::Document d;
  d.doc_no = "济政发〔2020〕4号";
  d.title = "关于" + bad + "的通知";
  d.issuers = {"济南市人民政府\x02"};
  e.documents.push_back(d);
  pg::Edge edge;
  edge.from = *d.doc_no;
  edge.to_title = "《被引" + bad + "》";
  edge.type = RelationType::kBasedOn;
  edge.line = 1;
  edge.evidence = "依据" + bad;
  e.edges.push_back(edge);
  CorpusGraph g = CorpusGraph::build({e}, agency_rules());
  REQUIRE(g.nodes().size() == 2);
  auto clean = [](const std::string& x) {
    CHECK(x.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(x.find("\xEF\xBF\xBF") == std::string::npos);
    for (char c : x) {
      auto u = static_cast<unsigned char>(c);
      if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        FAIL("control byte " << static_cast<int>(u));
      }
    }
    CHECK(xml_problem(x) == "");
  };
  std::string x = render_all(g, options(ExportFormat::kGraphml));
  clean(x);
  CHECK(x.find("题\xEF\xBF\xBD目\xEF\xBF\xBD") != std::string::npos);
  CHECK(count(x, "<node ") == 2);
  auto svg = pg::export_graph(g, options(ExportFormat::kSvg));
  INFO((svg.ok() ? std::string() : svg.error().to_string()));
  REQUIRE(svg.ok());
  clean(*svg);
  CHECK(count(*svg, "class=\"node\"") == 2);
}
