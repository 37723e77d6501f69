#include "graphs/render/export.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "graphs/answers/issuer_filter.h"
#include "graphs/answers/neighbourhood.h"
#include "graphs/base/json_text.h"
#include "graphs/base/module_loader.h"
#include "graphs/base/text_escape.h"
#include "graphs/graph/json.h"
#include "graphs/render/graphviz_module.h"

namespace pg {

std::string_view to_string(ExportFormat f) {
  switch (f) {
    case ExportFormat::kDot: return "dot";
    case ExportFormat::kSvg: return "svg";
    case ExportFormat::kPng: return "png";
    case ExportFormat::kJson: return "json";
    case ExportFormat::kGraphml: return "graphml";
  }
  return "dot";
}

std::optional<ExportFormat> parse_export_format(std::string_view s) {
  for (auto f : {ExportFormat::kDot, ExportFormat::kSvg, ExportFormat::kPng, ExportFormat::kJson,
                 ExportFormat::kGraphml}) {
    if (to_string(f) == s) return f;
  }
  return std::nullopt;
}

bool is_drawing(ExportFormat f) {
  return f == ExportFormat::kDot || f == ExportFormat::kSvg || f == ExportFormat::kPng;
}

namespace {

// ------------------------------------------------------------- text ----

// Document text is untrusted: invalid UTF-8 becomes U+FFFD so that every
// writer (XML in particular) gets well-formed text.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    // U+FFFE and U+FFFF are not characters (XML 1.0 forbids them, and they
    // would reach GraphML and the SVG Graphviz writes): U+FFFD too.
    if (ok && len == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
      out += "\xEF\xBF\xBD";
      i += len;
    } else if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// One line: control characters (newline included) become spaces.
std::string one_line(std::string_view s) {
  std::string out = valid_utf8(s);
  for (char& c : out) {
    if (is_control_char(c)) c = ' ';
  }
  return out;
}

// Graphviz escString (label, tooltip): a backslash starts an escape (\N is the
// node name, \n a line break), so a literal one is doubled; line breaks in
// the text become \n, other control characters spaces. The quotes DOT needs
// are added by cgraph when it writes.
std::string esc_string(std::string_view text) {
  return escape_bytes(valid_utf8(text), [](std::string& out, char c) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (is_control_char(c)) {
      out += ' ';
    } else {
      out += c;
    }
  });
}

// A DOT node name. cgraph quotes a name when it writes it, escaping " but
// not \, so a name holding \" or ending in \ would end the quoted string
// early and the rest would be read as DOT. Backslashes are doubled; control
// characters (which Graphviz also writes into the SVG <title>) become \n, \r,
// \t or \xNN, so distinct ids keep distinct names. The shown label is set
// separately, so the name is only an id.
std::string dot_name(std::string_view id) {
  return escape_bytes(valid_utf8(id), [](std::string& out, char c) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (is_control_char(c)) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      auto u = static_cast<unsigned char>(c);
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  });
}

// XML text and attribute values (GraphML). Tab, LF and CR are written as
// character references so that attribute values keep them; other control
// characters are not allowed in XML 1.0 and become U+FFFD.
std::string xml_escape(std::string_view text) {
  return escape_bytes(valid_utf8(text), [](std::string& out, char c) {
    if (const char* entity = markup_entity(c, /*quote=*/true)) {
      out += entity;
    } else if (c == '\'') {
      out += "&apos;";
    } else if (c == '\t' || c == '\n' || c == '\r') {
      out += "&#" + std::to_string(static_cast<int>(c)) + ";";
    } else if (is_control_char(c)) {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  });
}

// ------------------------------------------------------------ style ----

constexpr std::array<StatusKind, 7> kStatuses = {
    StatusKind::kInForce,  StatusKind::kAmended, StatusKind::kPartlyRepealed,
    StatusKind::kRepealed, StatusKind::kExpired, StatusKind::kNotYetEffective,
    StatusKind::kUnknown};

const char* fill_of(StatusKind k) {
  switch (k) {
    case StatusKind::kNotYetEffective: return "#cfe2ff";  // light blue
    case StatusKind::kInForce: return "#c7ecd2";          // light green
    case StatusKind::kAmended: return "#fff0b3";          // light yellow
    case StatusKind::kPartlyRepealed: return "#ffd8a8";   // light orange
    case StatusKind::kRepealed: return "#f5c2c7";         // light red
    case StatusKind::kExpired: return "#dcdcdc";          // grey
    case StatusKind::kUnknown: return "#ffffff";
  }
  return "#ffffff";
}

constexpr std::array<RelationType, 6> kTypes = {RelationType::kRepeals,  RelationType::kAmends,
                                                RelationType::kBasedOn,  RelationType::kImplements,
                                                RelationType::kForwards, RelationType::kCites};

struct EdgeStyle {
  const char* color;
  const char* style;
  const char* penwidth;
};

EdgeStyle style_of(RelationType t) {
  switch (t) {
    case RelationType::kRepeals: return {"#d62728", "solid", "2"};
    case RelationType::kAmends: return {"#ff7f0e", "solid", "2"};
    case RelationType::kBasedOn: return {"#222222", "solid", "1.5"};
    case RelationType::kImplements: return {"#222222", "dashed", "1.5"};
    case RelationType::kForwards: return {"#1f77b4", "solid", "1"};
    case RelationType::kCites: return {"#999999", "solid", "1"};
  }
  return {"#999999", "solid", "1"};
}

// Clusters top to bottom (the drawing uses rankdir=BT, so edges from a
// document to what it rests on point up).
constexpr std::array<Level, 6> kLevels = {Level::kNational, Level::kProvincial, Level::kMunicipal,
                                          Level::kDistrict, Level::kDepartment, Level::kUnknown};

const char* level_label(Level l) {
  switch (l) {
    case Level::kNational: return "national 国家";
    case Level::kProvincial: return "provincial 省级";
    case Level::kMunicipal: return "municipal 市级";
    case Level::kDistrict: return "district 区县";
    case Level::kDepartment: return "department 部门";
    case Level::kUnknown: return "unknown 未知";
  }
  return "unknown";
}

// Fixed text only: no document text goes into the legend.
std::string legend_html() {
  std::string h =
      "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
      "CELLPADDING=\"3\"><TR><TD COLSPAN=\"2\"><B>legend</B></TD></TR>";
  for (auto k : kStatuses) {
    h += "<TR><TD BGCOLOR=\"";
    h += fill_of(k);
    h += "\"> </TD><TD ALIGN=\"LEFT\">";
    h += std::string(to_string(k)) + " " + std::string(ascii_name(k));
    h += "</TD></TR>";
  }
  for (auto t : kTypes) {
    auto st = style_of(t);
    h += "<TR><TD><FONT COLOR=\"";
    h += st.color;
    h += std::string(st.style) == "dashed" ? "\">- - &gt;" : "\">——&gt;";
    h += "</FONT></TD><TD ALIGN=\"LEFT\">";
    h += to_string(t);
    h += "</TD></TR>";
  }
  h += "<TR><TD>▭ dashed</TD><TD ALIGN=\"LEFT\">external (cited only)</TD></TR>"
       "<TR><TD>hollow arrow</TD><TD ALIGN=\"LEFT\">derived edge</TD></TR>"
       "</TABLE>";
  return h;
}

// ------------------------------------------------------------ cgraph ----

// Graphviz, loaded on the first drawing (graphs/render/graphviz_module.h).
Result<const pg_graphviz_module*> graphviz_module() {
  static const Result<const pg_graphviz_module*> module =
      []() -> Result<const pg_graphviz_module*> {
    Result<void*> entry = load_module_entry("policygraph-graphviz.so", PG_GRAPHVIZ_MODULE_ENTRY,
                                            "DOT output and drawings (Graphviz)");
    if (!entry) return entry.error();
    return reinterpret_cast<const pg_graphviz_module* (*)()>(*entry)();
  }();
  return module;
}

// A graph being built in the module, closed with it.
class GvGraph {
 public:
  GvGraph(const pg_graphviz_module* gv, const char* name) : gv_(gv), g_(gv->open(name)) {}
  ~GvGraph() { gv_->close(g_); }
  GvGraph(const GvGraph&) = delete;
  GvGraph& operator=(const GvGraph&) = delete;
  const pg_graphviz_module* api() const { return gv_; }
  pg_gv_graph* get() const { return g_; }

 private:
  const pg_graphviz_module* gv_;
  pg_gv_graph* g_;
};

// Text the module allocated, freed by it.
struct GvText {
  const pg_graphviz_module* gv;
  char* text = nullptr;
  ~GvText() {
    if (text != nullptr) gv->free_text(text);
  }
};

// Up to `lines` lines of `width` code points (escString, joined by \n),
// "…" marking a cut.
std::string wrap(std::string_view s, std::size_t width, std::size_t lines) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    std::size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    chars.push_back(s.substr(i, j - i));
  }
  const std::size_t room = width * lines;
  const bool cut = chars.size() > room;
  // Lines of even length: 13 characters are 7 + 6, not 12 + 1.
  const std::size_t shown = std::min(chars.size(), room);
  const std::size_t line_count = std::max<std::size_t>(1, (shown + width - 1) / width);
  const std::size_t per_line = (shown + line_count - 1) / line_count;
  std::string out;
  for (std::size_t k = 0; k < shown; ++k) {
    if (k > 0 && k % per_line == 0) out += "\\n";
    if (cut && k + 1 == room) {
      out += "…";
      break;
    }
    out += esc_string(chars[k]);
  }
  return out;
}

// The number, then the title without what every title repeats: the notice
// wrapper (关于印发《X》的通知 -> X) and the issuer before 关于.
std::string node_label(const Node& n) {
  std::string title = n.title;
  if (auto inner = strip_issue_wrapper(title)) title = *inner;
  if (auto about = title.find("关于"); about != std::string::npos && about + 6 < title.size()) {
    title = title.substr(about + 6);
  }
  std::string text = wrap(one_line(title), 12, 2);
  if (!n.doc_no) return text;
  std::string number = esc_string(one_line(*n.doc_no));
  return text.empty() ? number : number + "\\n" + text;
}

std::string node_tooltip(const Node& n, const Status& s) {
  std::string t = n.title;
  if (n.doc_no) t = t.empty() ? *n.doc_no : *n.doc_no + " " + t;
  t += "\n" + std::string(to_string(s.kind));
  if (!n.issuer.empty()) t += " · " + n.issuer;
  return esc_string(t);
}

std::string edge_tooltip(const CorpusGraph& g, const GraphEdge& e) {
  std::string t =
      g.nodes()[e.from].id + " " + std::string(to_string(e.type)) + " " + g.nodes()[e.to].id;
  if (e.derived) t += " (derived)";
  if (e.scope) t += " (部分: " + *e.scope + ")";
  if (!e.evidence.quote.empty()) t += "\n" + e.evidence.quote;
  if (!e.evidence.file.empty()) {
    t += "\n" + location(e.evidence);
  }
  return esc_string(t);
}

void build_agraph(GvGraph& graph, const CorpusGraph& g, const Selection& sel,
                  const ExportOptions& opt) {
  const pg_graphviz_module* gv = graph.api();
  pg_gv_graph* r = graph.get();
  const auto declare = [&](int kind, const char* name, const char* value) {
    gv->declare(r, kind, name, value);
  };
  const auto set = [&](pg_gv_object* obj, const char* name, const std::string& value) {
    gv->set(obj, name, value.c_str());
  };
  // Declarations first: agwrite prints attributes in name order, and the
  // defaults below in the graph/node/edge headers. gvContext() sets the node
  // label default of every graph made after it (agattr on the prototype
  // graph); declaring it here keeps the DOT the same whether or not something
  // was rendered before in this process.
  struct Default {
    int kind;
    const char* name;
    const char* value;
  };
  static constexpr Default kDefaults[] = {
      {PG_GV_GRAPH, "rankdir", "BT"},
      {PG_GV_GRAPH, "linelength", "0"},  // no "\" breaks
      {PG_GV_GRAPH, "fontname", "sans-serif"},
      {PG_GV_GRAPH, "label", ""},
      {PG_GV_GRAPH, "style", ""},
      {PG_GV_GRAPH, "color", ""},
      {PG_GV_NODE, "label", "\\N"},
      {PG_GV_NODE, "shape", "box"},
      {PG_GV_NODE, "style", "filled"},
      {PG_GV_NODE, "fillcolor", "#ffffff"},
      {PG_GV_NODE, "fontname", "sans-serif"},
      {PG_GV_NODE, "fontsize", "10"},
      {PG_GV_NODE, "penwidth", "1"},
      {PG_GV_NODE, "tooltip", ""},
      {PG_GV_EDGE, "color", "#999999"},
      {PG_GV_EDGE, "style", "solid"},
      {PG_GV_EDGE, "penwidth", "1"},
      {PG_GV_EDGE, "arrowhead", "normal"},
      {PG_GV_EDGE, "tooltip", ""},
  };
  for (const Default& d : kDefaults) declare(d.kind, d.name, d.value);
  if (opt.node_url) declare(PG_GV_NODE, "URL", "");

  std::vector<pg_gv_object*> made(g.nodes().size(), nullptr);
  for (Level level : kLevels) {
    pg_gv_object* cluster = nullptr;
    for (std::size_t i : sel.nodes) {
      const Node& n = g.nodes()[i];
      if (n.level != level) continue;
      if (cluster == nullptr) {
        std::string name = "cluster_" + std::string(to_string(level));
        cluster = gv->subgraph(r, name.c_str());
        set(cluster, "label", level_label(level));
        set(cluster, "style", "rounded");
        set(cluster, "color", "#bbbbbb");
      }
      pg_gv_object* v = gv->node(cluster, dot_name(n.id).c_str());
      made[i] = v;
      Status s = g.status(i, opt.as_of);
      set(v, "label", node_label(n));
      set(v, "tooltip", node_tooltip(n, s));
      set(v, "fillcolor", fill_of(s.kind));
      if (n.external) set(v, "style", "filled,dashed");
      if (opt.around && *opt.around == i) set(v, "penwidth", "3");
      if (opt.node_url) set(v, "URL", opt.node_url(n));
    }
  }
  for (std::size_t k : sel.edges) {
    const GraphEdge& e = g.edges()[k];
    pg_gv_object* a = gv->edge(r, made[e.from], made[e.to]);
    auto st = style_of(e.type);
    set(a, "color", st.color);
    set(a, "style", st.style);
    set(a, "penwidth", st.penwidth);
    if (e.derived) set(a, "arrowhead", "empty");
    set(a, "tooltip", edge_tooltip(g, e));
  }
  // Set last: a graph attribute set on the root becomes the default of
  // subgraphs made afterwards.
  gv->set_root_html(r, "label", legend_html().c_str());
}

Result<std::string> to_dot(const CorpusGraph& g, const Selection& sel, const ExportOptions& opt) {
  Result<const pg_graphviz_module*> gv = graphviz_module();
  if (!gv) return gv.error();
  GvGraph graph(*gv, "policygraph");
  build_agraph(graph, g, sel, opt);
  std::size_t len = 0;
  GvText dot{*gv, (*gv)->write_dot(graph.get(), &len)};
  if (dot.text == nullptr) return Error{"", -1, "Graphviz could not write the DOT text"};
  return std::string(dot.text, len);
}

Result<std::string> to_drawing(const CorpusGraph& g, const Selection& sel, const ExportOptions& opt,
                               const char* format) {
  Result<const pg_graphviz_module*> gv = graphviz_module();
  if (!gv) return gv.error();
  GvGraph graph(*gv, "policygraph");
  build_agraph(graph, g, sel, opt);
  GvText data{*gv}, messages{*gv};
  std::size_t len = 0;
  const int rc = (*gv)->render(graph.get(), format, &data.text, &len, &messages.text);
  const std::string said = messages.text != nullptr ? messages.text : "";
  if (rc == 1) return Error{"", -1, "Graphviz dot layout failed: " + said};
  if (rc != 0) {
    return Error{"", -1,
                 std::string("Graphviz cannot render \"") + format +
                     "\" in-process (for png, install the Graphviz cairo or "
                     "gd plugin, e.g. Debian's libgvplugin-pango/graphviz): " +
                     said};
  }
  return std::string(data.text != nullptr ? data.text : "", len);
}

// ------------------------------------------------------ json, graphml ----

// Nodes and edges in the mappings every output shares (graphs/graph/json.h).
std::string to_json(const CorpusGraph& g, const Selection& sel, const ExportOptions& opt) {
  Json doc;
  doc["as_of"] = opt.as_of.to_iso();
  Json nodes = Json::array();
  for (std::size_t i : sel.nodes) {
    Json j = node_summary_json(g.nodes()[i]);
    j["status"] = g.status(i, opt.as_of);
    nodes.push_back(std::move(j));
  }
  Json edges = Json::array();
  for (std::size_t k : sel.edges) edges.push_back(edge_json(g, k));
  doc["nodes"] = std::move(nodes);
  doc["edges"] = std::move(edges);
  // Invalid UTF-8 in a document string becomes U+FFFD instead of throwing.
  return json_text(doc) + "\n";
}

std::string to_graphml(const CorpusGraph& g, const Selection& sel, const ExportOptions& opt) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  struct Key {
    const char* id;
    const char* for_;
    const char* name;
    const char* type;
  };
  static constexpr Key kKeys[] = {
      {"d_doc_no", "node", "doc_no", "string"},       {"d_title", "node", "title", "string"},
      {"d_issuer", "node", "issuer", "string"},       {"d_level", "node", "level", "string"},
      {"d_level_zh", "node", "level_zh", "string"},   {"d_status", "node", "status", "string"},
      {"d_status_zh", "node", "status_zh", "string"}, {"d_external", "node", "external", "boolean"},
      {"d_type", "edge", "type", "string"},           {"d_type_zh", "edge", "type_zh", "string"},
      {"d_file", "edge", "file", "string"},           {"d_line", "edge", "line", "int"},
      {"d_evidence", "edge", "evidence", "string"},   {"d_derived", "edge", "derived", "boolean"},
      {"d_date", "edge", "date", "string"},
  };
  for (const Key& k : kKeys) {
    x += std::string("  <key id=\"") + k.id + "\" for=\"" + k.for_ + "\" attr.name=\"" + k.name +
         "\" attr.type=\"" + k.type + "\"/>\n";
  }
  // The page of a PDF's evidence: declared only when an edge has one, so a
  // graph read from text is written as before.
  if (std::any_of(sel.edges.begin(), sel.edges.end(),
                  [&g](std::size_t k) { return g.edges()[k].evidence.page > 0; })) {
    x += "  <key id=\"d_page\" for=\"edge\" attr.name=\"page\" attr.type=\"int\"/>\n";
  }
  x += "  <graph id=\"policygraph\" edgedefault=\"directed\">\n";
  auto data = [&x](const char* key, const std::string& value) {
    x += std::string("      <data key=\"") + key + "\">" + xml_escape(value) + "</data>\n";
  };
  for (std::size_t i : sel.nodes) {
    const Node& n = g.nodes()[i];
    Status s = g.status(i, opt.as_of);
    x += "    <node id=\"" + xml_escape(n.id) + "\">\n";
    if (n.doc_no) data("d_doc_no", *n.doc_no);
    data("d_title", n.title);
    data("d_issuer", n.issuer);
    // The vocabulary of the JSON (graphs/model/json.h): ASCII name, then
    // the Chinese word in "_zh".
    data("d_level", std::string(to_string(n.level)));
    data("d_level_zh", std::string(zh_name(n.level)));
    data("d_status", std::string(ascii_name(s.kind)));
    data("d_status_zh", std::string(to_string(s.kind)));
    data("d_external", n.external ? "true" : "false");
    x += "    </node>\n";
  }
  std::size_t number = 0;
  for (std::size_t k : sel.edges) {
    const GraphEdge& e = g.edges()[k];
    x += "    <edge id=\"e" + std::to_string(number++) + "\" source=\"" +
         xml_escape(g.nodes()[e.from].id) + "\" target=\"" + xml_escape(g.nodes()[e.to].id) +
         "\">\n";
    data("d_type", std::string(to_string(e.type)));
    data("d_type_zh", std::string(zh_name(e.type)));
    data("d_file", e.evidence.file);
    data("d_line", std::to_string(e.evidence.line));
    if (e.evidence.page > 0) data("d_page", std::to_string(e.evidence.page));
    data("d_evidence", e.evidence.quote);
    data("d_derived", e.derived ? "true" : "false");
    if (e.date) data("d_date", e.date->to_iso());
    x += "    </edge>\n";
  }
  x += "  </graph>\n</graphml>\n";
  return x;
}

}  // namespace

// ------------------------------------------------------------ public ----

Result<Selection> select_subgraph(const CorpusGraph& graph, const ExportOptions& options) {
  if (!Date::make(options.as_of.year, options.as_of.month, options.as_of.day)) {
    return Error{"", -1, "export: as_of is not a date"};
  }
  const auto& nodes = graph.nodes();
  const auto& edges = graph.edges();
  auto type_kept = [&](RelationType t) {
    return options.types.empty() || options.types.count(t) > 0;
  };

  std::vector<char> in(nodes.size(), 0);
  if (options.around) {
    if (*options.around >= nodes.size()) {
      return Error{
          "", -1,
          "export: --around node " + std::to_string(*options.around) + " is not in the graph"};
    }
    if (options.depth < 0) {
      return Error{"", -1, "export: --depth must not be negative"};
    }
    for (std::size_t i : neighbourhood(graph, *options.around, options.depth, options.types)) {
      in[i] = 1;
    }
  } else {
    std::fill(in.begin(), in.end(), 1);
  }
  if (options.issuer) {
    const IssuerFilter filter(graph, *options.issuer);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (in[i] && options.around != i && !filter.matches(nodes[i])) {
        in[i] = 0;
      }
    }
  }

  Selection sel;
  std::vector<char> touched(nodes.size(), 0);
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const GraphEdge& e = edges[k];
    if (!type_kept(e.type) || !in[e.from] || !in[e.to]) continue;
    sel.edges.push_back(k);
    touched[e.from] = touched[e.to] = 1;
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!in[i]) continue;
    if (!options.types.empty() && !touched[i] && options.around != i) continue;
    sel.nodes.push_back(i);
  }
  return sel;
}

std::optional<std::string> node_limit_message(const Selection& selection,
                                              const ExportOptions& options) {
  if (!is_drawing(options.format) || options.max_nodes == 0 ||
      selection.nodes.size() <= options.max_nodes) {
    return std::nullopt;
  }
  std::string m = std::to_string(selection.nodes.size()) + " nodes exceed the limit of " +
                  std::to_string(options.max_nodes) + "; ";
  if (options.around) {
    m += "use a smaller --depth than " + std::to_string(options.depth) +
         ", or --types to follow fewer relations";
  } else {
    m += "use --around X --depth N to draw the neighbourhood of one document "
         "(or --types, --issuer to filter)";
  }
  return m;
}

Result<std::string> render(const CorpusGraph& graph, const Selection& selection,
                           const ExportOptions& options) {
  switch (options.format) {
    case ExportFormat::kDot: return to_dot(graph, selection, options);
    case ExportFormat::kSvg: return to_drawing(graph, selection, options, "svg");
    case ExportFormat::kPng: return to_drawing(graph, selection, options, "png");
    case ExportFormat::kJson: return to_json(graph, selection, options);
    case ExportFormat::kGraphml: return to_graphml(graph, selection, options);
  }
  return Error{"", -1, "export: unknown format"};
}

Result<std::string> export_graph(const CorpusGraph& graph, const ExportOptions& options) {
  auto sel = select_subgraph(graph, options);
  if (!sel) return sel.error();
  if (auto limit = node_limit_message(*sel, options)) {
    return Error{"", -1, *limit};
  }
  return render(graph, *sel, options);
}

}  // namespace pg
