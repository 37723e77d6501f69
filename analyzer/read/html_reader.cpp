#include "analyzer/read/html_reader.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/data/tables.h"
#include "graphs/base/utf8.h"

namespace pg {
namespace {

constexpr std::size_t kMaxHtmlBytes = std::size_t{64} << 20;
constexpr int kMaxDepth = 512;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (lower(s[i]) != p[i]) return false;
  }
  return true;
}

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// --- the table of web_page.tsv ------------------------------------------------

struct PageWords {
  std::vector<std::pair<std::string_view, std::string_view>> labels;  // word, kind
  std::vector<std::string> content_ids;                               // lowered
  std::vector<std::string_view> chrome_words;
};

const PageWords& page_words() {
  static const PageWords kWords = [] {
    PageWords w;
    for (const auto& row : tsv_rows("web_page.tsv")) {
      if (row.size() < 2 || row[1].empty()) continue;
      if (row[0].starts_with("label_")) {
        w.labels.emplace_back(row[1], row[0].substr(6));
      } else if (row[0] == "content_id") {
        w.content_ids.push_back(lowered(row[1]));
      } else if (row[0] == "chrome_word") {
        w.chrome_words.push_back(row[1]);
      }
    }
    return w;
  }();
  return kWords;
}

// A label as web_page.tsv spells it, from its cell's text: without spaces
// (索 引 号, 标　　题) and without the colon.
std::string label_word(std::string_view cell) {
  std::string key;
  for (std::size_t i = 0; i < cell.size();) {
    std::size_t at = i;
    char32_t c = next_code_point(cell, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000) continue;
    key.append(cell.substr(at, i - at));
  }
  for (std::string_view colon : {"：", ":"}) {
    if (key.ends_with(colon)) key.resize(key.size() - colon.size());
  }
  return key;
}

// The kind ("number", "title", "other", ...) of a label as its cell prints
// it, spaces and colon included; empty when it is no label.
std::string_view label_kind(std::string_view cell) {
  if (cell.size() > 3 * 16) return {};
  std::string key = label_word(cell);
  if (key.empty() || key.size() > 3 * 8) return {};
  for (const auto& [word, kind] : page_words().labels) {
    if (word == key) return kind;
  }
  return {};
}

// --- sniffing -------------------------------------------------------------------

// The first bytes as ASCII: UTF-16 (with a BOM) narrowed to its low bytes,
// UTF-8's BOM dropped.
std::string sniff_prefix(std::string_view bytes) {
  constexpr std::size_t kSniff = 1 << 12;
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() >= 2 &&
      ((byte_at(0) == 0xFF && byte_at(1) == 0xFE) || (byte_at(0) == 0xFE && byte_at(1) == 0xFF))) {
    const bool big_endian = byte_at(0) == 0xFE;
    std::string out;
    for (std::size_t i = 2; i + 1 < bytes.size() && out.size() < kSniff; i += 2) {
      const unsigned char high = big_endian ? byte_at(i) : byte_at(i + 1);
      const unsigned char low = big_endian ? byte_at(i + 1) : byte_at(i);
      out += high == 0 && low < 0x80 ? static_cast<char>(low) : '?';
    }
    return out;
  }
  if (bytes.size() >= 3 && byte_at(0) == 0xEF && byte_at(1) == 0xBB && byte_at(2) == 0xBF) {
    bytes.remove_prefix(3);
  }
  return std::string(bytes.substr(0, kSniff));
}

// --- the depth guard --------------------------------------------------------------
//
// gumbo checks "has an element in scope" by walking the stack of open
// elements, so its work is the number of tags times their depth: 8,000
// nested <div> take a second, and a page of them would take hours. The
// depth of the tree is estimated before parsing, with the implicit closes
// that keep real pages shallow (<p>, <li>, <td>, <tr> end their open
// predecessor; an end tag closes up to its start), and a page deeper than
// kMaxDepth is not parsed. This scan only counts; the text comes from gumbo.

bool is_void_element(std::string_view n) {
  for (std::string_view v : {"area",     "base",    "br",    "col",    "embed",  "hr",     "img",
                             "input",    "link",    "meta",  "param",  "source", "track",  "wbr",
                             "basefont", "bgsound", "frame", "keygen", "image",  "isindex"}) {
    if (n == v) return true;
  }
  return false;
}

bool is_raw_text_element(std::string_view n) {
  for (std::string_view v : {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                             "noframes", "noscript", "plaintext"}) {
    if (n == v) return true;
  }
  return false;
}

bool is_block_start(std::string_view n) {
  for (std::string_view v :
       {"address", "article", "aside", "blockquote", "center",     "details", "dialog",
        "dir",     "div",     "dl",    "fieldset",   "figcaption", "figure",  "footer",
        "header",  "hgroup",  "main",  "menu",       "nav",        "ol",      "p",
        "section", "summary", "ul",    "h1",         "h2",         "h3",      "h4",
        "h5",      "h6",      "pre",   "listing",    "form",       "table",   "hr"}) {
    if (n == v) return true;
  }
  return false;
}

class DepthEstimate {
 public:
  // The greatest depth seen, or more than kMaxDepth as soon as it is passed.
  int run(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
      const void* lt = std::memchr(s.data() + i, '<', n - i);
      if (lt == nullptr) break;
      i = static_cast<const char*>(lt) - s.data();
      std::string_view rest = s.substr(i);
      if (rest.starts_with("<!--")) {
        std::size_t end = s.find("-->", i + 4);
        i = end == std::string_view::npos ? n : end + 3;
      } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
        std::size_t end = s.find('>', i);
        i = end == std::string_view::npos ? n : end + 1;
      } else if (rest.size() > 2 && rest[1] == '/' && is_letter(rest[2])) {
        std::string name = tag_name(s, i + 2);
        std::size_t end = s.find('>', i);
        i = end == std::string_view::npos ? n : end + 1;
        close(name);
      } else if (rest.size() > 1 && is_letter(rest[1])) {
        std::string name = tag_name(s, i + 1);
        bool self_closing = false;
        i = tag_end(s, i + 1 + name.size(), self_closing);
        if (is_void_element(name) || self_closing) continue;
        if (is_raw_text_element(name)) {
          i = raw_text_end(s, i, name);
          continue;
        }
        open(name);
        if (static_cast<int>(stack_.size()) > max_) max_ = static_cast<int>(stack_.size());
        if (max_ > kMaxDepth) return max_;
      } else {
        ++i;
      }
    }
    return max_;
  }

 private:
  static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  static std::string tag_name(std::string_view s, std::size_t i) {
    std::string name;
    while (i < s.size() && !ascii_space(s[i]) && s[i] != '>' && s[i] != '/' && name.size() < 32) {
      name += lower(s[i++]);
    }
    return name;
  }

  // Past the '>' that ends a start tag; quoted attribute values may hold '>'.
  static std::size_t tag_end(std::string_view s, std::size_t i, bool& self_closing) {
    char quote = 0;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        if (i > 0 && s[i - 1] == '=') quote = c;
      } else if (c == '>') {
        self_closing = i > 0 && s[i - 1] == '/';
        return i + 1;
      }
    }
    return s.size();
  }

  static std::size_t raw_text_end(std::string_view s, std::size_t i, std::string_view name) {
    for (std::size_t at = s.find("</", i); at != std::string_view::npos;
         at = s.find("</", at + 2)) {
      if (starts_with_nocase(s.substr(at + 2), name)) {
        std::size_t end = s.find('>', at);
        return end == std::string_view::npos ? s.size() : end + 1;
      }
    }
    return s.size();
  }

  // The index of the nearest open element named one of `names`, looking down
  // to the nearest of `bounds`; -1 when there is none.
  int find_open(std::initializer_list<std::string_view> names,
                std::initializer_list<std::string_view> bounds) const {
    for (int k = static_cast<int>(stack_.size()) - 1; k >= 0; --k) {
      for (std::string_view n : names) {
        if (stack_[k] == n) return k;
      }
      for (std::string_view b : bounds) {
        if (stack_[k] == b) return -1;
      }
    }
    return -1;
  }

  void pop_to(int k) {
    if (k >= 0) stack_.resize(static_cast<std::size_t>(k));
  }

  void open(const std::string& name) {
    if (is_block_start(name) || name == "li" || name == "dt" || name == "dd") {
      // <p> is closed within its button scope.
      pop_to(find_open({"p"}, {"table", "td", "th", "caption", "html", "button", "object",
                               "marquee", "applet"}));
    }
    if (name == "li") pop_to(find_open({"li"}, {"ul", "ol", "table"}));
    if (name == "dt" || name == "dd") pop_to(find_open({"dt", "dd"}, {"dl", "table"}));
    if (name == "tr") pop_to(find_open({"tr"}, {"table"}));
    if (name == "td" || name == "th") pop_to(find_open({"td", "th"}, {"tr", "table"}));
    if (name == "tbody" || name == "thead" || name == "tfoot") {
      pop_to(find_open({"tbody", "thead", "tfoot"}, {"table"}));
    }
    if (name == "option") pop_to(find_open({"option"}, {"select"}));
    stack_.push_back(name);
  }

  void close(const std::string& name) {
    for (int k = static_cast<int>(stack_.size()) - 1; k >= 0; --k) {
      if (stack_[k] == name) {
        stack_.resize(static_cast<std::size_t>(k));
        return;
      }
    }
  }

  std::vector<std::string> stack_;
  int max_ = 0;
};

// --- encoding ------------------------------------------------------------------

// The charset a <meta> of the page's head declares, lowered; empty when none.
// Read from a parse of the page's first bytes, where the head is.
std::string declared_charset(std::string_view bytes) {
  constexpr std::size_t kHead = 1 << 14;
  std::string_view head = bytes.substr(0, std::min(bytes.size(), kHead));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&options, head.data(), head.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  std::vector<const GumboNode*> todo = {out->root};
  while (!todo.empty()) {
    const GumboNode* node = todo.back();
    todo.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_BODY) continue;
    if (e.tag == GUMBO_TAG_META) {
      if (const GumboAttribute* a = gumbo_get_attribute(&e.attributes, "charset")) {
        return lowered(a->value);
      }
      const GumboAttribute* equiv = gumbo_get_attribute(&e.attributes, "http-equiv");
      const GumboAttribute* content = gumbo_get_attribute(&e.attributes, "content");
      if (equiv != nullptr && content != nullptr && lowered(equiv->value) == "content-type") {
        std::string c = lowered(content->value);
        std::size_t at = c.find("charset=");
        if (at != std::string::npos) {
          std::string v = c.substr(at + 8);
          std::size_t end = v.find_first_of("; \t\"'");
          if (end != std::string::npos) v.resize(end);
          return v;
        }
      }
    }
    for (unsigned k = e.children.length; k-- > 0;) {
      todo.push_back(static_cast<const GumboNode*>(e.children.data[k]));
    }
  }
  return {};
}

bool is_gb_charset(std::string_view c) {
  for (std::string_view v : {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn",
                             "csgb2312", "gb_2312-80", "chinese", "iso-ir-58"}) {
    if (c == v) return true;
  }
  return false;
}

bool is_utf8_charset(std::string_view c) { return c == "utf-8" || c == "utf8"; }

bool has_non_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// The page as UTF-8 and what its bytes were.
Result<std::pair<std::string, std::string>> decode_page(const std::string& name,
                                                        std::string_view bytes) {
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const bool utf16_bom = bytes.size() >= 2 && ((byte_at(0) == 0xFF && byte_at(1) == 0xFE) ||
                                               (byte_at(0) == 0xFE && byte_at(1) == 0xFF));
  const bool utf8_bom =
      bytes.size() >= 3 && byte_at(0) == 0xEF && byte_at(1) == 0xBB && byte_at(2) == 0xBF;
  // A BOM decides, and NUL bytes are UTF-16 without one or no page at all:
  // the text reader knows both.
  auto as_text = [&]() -> Result<std::pair<std::string, std::string>> {
    Result<SourceText> t = decode_text(name, bytes);
    if (!t) return t.error();
    return std::make_pair(std::move(t->utf8), std::move(t->encoding));
  };
  if (utf16_bom || utf8_bom || std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    return as_text();
  }
  const std::string charset = declared_charset(bytes);
  const bool valid_utf8 = first_invalid_utf8(bytes) == std::string_view::npos;
  if (charset.empty() || is_utf8_charset(charset)) {
    if (valid_utf8) return std::make_pair(std::string(bytes), std::string("UTF-8"));
    return as_text();  // declared wrongly, or not at all: GB18030 if it decodes
  }
  // Text in GBK that also reads as UTF-8 does not exist beyond a few
  // characters: such a page was saved as UTF-8 with its old declaration.
  if (valid_utf8 && has_non_ascii(bytes)) {
    return std::make_pair(std::string(bytes), "UTF-8 (declared " + charset + ")");
  }
  std::string out;
  const std::string converter = is_gb_charset(charset) ? "GB18030" : charset;
  if (decode_charset(bytes, converter.c_str(), out)) {
    return std::make_pair(std::move(out), converter + " (declared " + charset + ")");
  }
  return as_text();
}

// --- the tree --------------------------------------------------------------------

using Node = const GumboNode*;

bool is_element(Node n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }

const GumboVector& children(Node n) { return n->v.element.children; }

Node child(Node n, unsigned k) { return static_cast<Node>(children(n).data[k]); }

std::string_view attribute(Node n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

// Elements whose content is never the document's text.
bool never_text(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED: return true;
    default: return false;
  }
}

// Page chrome: the HTML5 sectioning elements for it, hidden elements, and
// elements whose id or class says menu, footer, share bar (web_page.tsv).
bool is_chrome(Node n) {
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER ||
      t == GUMBO_TAG_ASIDE) {
    return true;
  }
  if (gumbo_get_attribute(&n->v.element.attributes, "hidden") != nullptr) return true;
  std::string style;
  for (char c : attribute(n, "style")) {
    if (!ascii_space(c)) style += lower(c);
  }
  if (style.find("display:none") != std::string::npos) return true;
  for (const char* attr : {"id", "class"}) {
    std::string value = lowered(attribute(n, attr));
    std::size_t i = 0;
    while (i < value.size()) {
      std::size_t end = value.find_first_of(" \t\n\r\f-_", i);
      if (end == std::string::npos) end = value.size();
      std::string_view word = std::string_view(value).substr(i, end - i);
      for (std::string_view w : page_words().chrome_words) {
        if (word == w) return true;
      }
      i = end + 1;
    }
  }
  return false;
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL: return true;
    default: return false;
  }
}

// Lines of text: whitespace runs become one space, no-break spaces stay as
// they are (总&nbsp;&nbsp;则), a line is trimmed of spaces, no-break spaces and
// ideographic spaces (the indent of a paragraph), blank lines are dropped.
class LineWriter {
 public:
  void text(std::string_view s, bool preformatted) {
    for (std::size_t i = 0; i < s.size();) {
      std::size_t at = i;
      char32_t c = next_code_point(s, i);
      if (preformatted && c == '\n') {
        end_line();
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        continue;
      }
      if (space_ && !line_.empty()) line_ += ' ';
      space_ = false;
      if ((c == 0x3000 || c == 0xA0) && line_.empty()) continue;
      line_.append(s.substr(at, i - at));
    }
  }
  // A separator between table cells, or blocks inside a table row.
  void cell_break() { space_ = true; }
  void end_line() {
    space_ = false;
    for (bool trimmed = true; trimmed;) {
      trimmed = false;
      for (std::string_view space : {" ", "\u3000", "\u00A0"}) {
        if (line_.ends_with(space)) {
          line_.resize(line_.size() - space.size());
          trimmed = true;
        }
      }
    }
    if (line_.empty()) return;
    lines_.push_back(std::move(line_));
    line_.clear();
  }
  std::vector<std::string> take() {
    end_line();
    return std::move(lines_);
  }

 private:
  std::string line_;
  bool space_ = false;
  std::vector<std::string> lines_;
};

// The text of an element, whitespace collapsed, as one line (scripts and
// the like left out). Read from at most `max_nodes` nodes: a label or a value
// cell is small, and each element of a page is asked.
std::string flat_text(Node root, std::size_t max_nodes = 256) {
  LineWriter w;
  std::vector<Node> todo = {root};
  for (std::size_t seen = 0; !todo.empty() && seen < max_nodes; ++seen) {
    Node n = todo.back();
    todo.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      w.text(n->v.text.text, false);
      continue;
    }
    if (!is_element(n) || never_text(n->v.element.tag)) continue;
    if (n->v.element.tag == GUMBO_TAG_BR) w.cell_break();
    for (unsigned k = children(n).length; k-- > 0;) todo.push_back(child(n, k));
  }
  std::vector<std::string> lines = w.take();
  return lines.empty() ? std::string() : lines.front();
}

// A list most of whose text is links: related links, a menu.
bool is_link_list(Node n) {
  GumboTag t = n->v.element.tag;
  if (t != GUMBO_TAG_UL && t != GUMBO_TAG_OL) return false;
  std::size_t all = 0, linked = 0, links = 0;
  std::vector<std::pair<Node, bool>> todo = {{n, false}};
  for (std::size_t seen = 0; !todo.empty(); ++seen) {
    if (seen > 4096) return false;  // a list that large is no list of links
    auto [m, in_link] = todo.back();
    todo.pop_back();
    if (m->type == GUMBO_NODE_TEXT) {
      std::size_t len = std::strlen(m->v.text.text);
      all += len;
      if (in_link) linked += len;
      continue;
    }
    if (!is_element(m)) continue;
    bool link = in_link || m->v.element.tag == GUMBO_TAG_A;
    if (m->v.element.tag == GUMBO_TAG_A) ++links;
    for (unsigned k = 0; k < children(m).length; ++k) todo.push_back({child(m, k), link});
  }
  return links >= 2 && linked * 10 >= all * 8;
}

// A table row of data, read as one line: no table inside it, and not the
// whole page in a cell (a layout table).
bool is_data_row(Node tr) {
  std::size_t text = 0;
  std::vector<Node> todo;
  for (unsigned k = 0; k < children(tr).length; ++k) todo.push_back(child(tr, k));
  for (std::size_t seen = 0; !todo.empty(); ++seen) {
    if (seen > 2048) return false;
    Node n = todo.back();
    todo.pop_back();
    if (n->type == GUMBO_NODE_TEXT) {
      text += std::strlen(n->v.text.text);
      if (text > 3 * 600) return false;
      continue;
    }
    if (!is_element(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_TABLE) return false;
    for (unsigned k = 0; k < children(n).length; ++k) todo.push_back(child(n, k));
  }
  return true;
}

// Renders an element's text as lines: blocks and <br> end lines, a table
// row of data is a line, its cells and the blocks in them separated by a
// space.
class Renderer {
 public:
  explicit Renderer(Node root) : root_(root) {}

  std::vector<std::string> lines() {
    struct Step {
      Node node;
      bool leave;
      bool pre;
      bool in_row;  // inside a data row: blocks and <br> are spaces
    };
    std::vector<Step> todo = {{root_, false, false, false}};
    while (!todo.empty()) {
      Step s = todo.back();
      todo.pop_back();
      Node n = s.node;
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
          n->type == GUMBO_NODE_CDATA) {
        out_.text(n->v.text.text, s.pre);
        continue;
      }
      if (!is_element(n)) continue;
      GumboTag t = n->v.element.tag;
      const bool cell = t == GUMBO_TAG_TD || t == GUMBO_TAG_TH;
      if (s.leave) {
        // s.in_row is the row's own mark on its leave step.
        if (is_block(t) && !s.in_row) out_.end_line();
        if (cell || (s.in_row && is_block(t))) out_.cell_break();
        continue;
      }
      if (never_text(t)) continue;
      if (n != root_ && (is_chrome(n) || is_link_list(n) || skipped(n))) continue;
      if (t == GUMBO_TAG_BR) {
        if (s.in_row) {
          out_.cell_break();
        } else {
          out_.end_line();
        }
        continue;
      }
      const bool row = t == GUMBO_TAG_TR && !s.in_row && is_data_row(n);
      if (is_block(t) && !s.in_row) out_.end_line();
      if (cell || (s.in_row && is_block(t))) out_.cell_break();
      bool pre = s.pre || t == GUMBO_TAG_PRE || t == GUMBO_TAG_LISTING;
      // A data row ends its line when left; inside it, blocks are spaces.
      todo.push_back({n, true, pre, s.in_row && !row});
      for (unsigned k = children(n).length; k-- > 0;) {
        todo.push_back({child(n, k), false, pre, s.in_row || row});
      }
    }
    return out_.take();
  }

  // Elements already read (the metadata table) are not read again.
  void skip(Node n) { skipped_.push_back(n); }

 private:
  bool skipped(Node n) const {
    return std::find(skipped_.begin(), skipped_.end(), n) != skipped_.end();
  }
  Node root_;
  LineWriter out_;
  std::vector<Node> skipped_;
};

// --- the metadata table -------------------------------------------------------------

struct LabelledField {
  std::string label;  // as web_page.tsv spells it
  std::string_view kind;
  std::string value;
};

// The labelled cells of the page outside `body`: a cell whose whole text is
// a label (索 引 号：) and the text of the siblings after it up to the next
// label (the value cell), or an element that prints 发文机关：国务院 alone.
// In document order; the first of each label counts.
class MetadataReader {
 public:
  explicit MetadataReader(Node body) : body_(body) {}

  std::vector<LabelledField> read(Node root) {
    // Post-order: a label cell is met before the row or table around it.
    struct Step {
      Node node;
      bool leave;
    };
    std::vector<Step> todo = {{root, false}};
    while (!todo.empty()) {
      Step s = todo.back();
      todo.pop_back();
      Node n = s.node;
      if (!is_element(n) || n == body_ || never_text(n->v.element.tag)) continue;
      if (!s.leave) {
        todo.push_back({n, true});
        for (unsigned k = children(n).length; k-- > 0;) todo.push_back({child(n, k), false});
        continue;
      }
      if (covered(n)) continue;
      visit(n);
    }
    return std::move(fields_);
  }

  // The elements that hold the fields read: the renderer skips them.
  const std::vector<Node>& tables() const { return tables_; }

 private:
  void visit(Node n) {
    std::string text = flat_text(n);
    if (text.empty() || text.size() > 3 * 300) return;
    if (!label_kind(text).empty()) {
      read_siblings(n, text);
      return;
    }
    // 发文机关：国务院 in one element that holds no other label.
    for (std::string_view colon : {"：", ":"}) {
      std::size_t at = text.find(colon);
      if (at == std::string::npos || at > 3 * 8) continue;
      std::string_view head = std::string_view(text).substr(0, at + colon.size());
      std::string value = trim(std::string_view(text).substr(at + colon.size()));
      if (label_kind(head).empty() || value.empty() || holds_label(value)) continue;
      add(n, label_word(head), value);
      return;
    }
  }

  void read_siblings(Node label, const std::string& label_text) {
    const GumboNode* parent = label->parent;
    if (parent == nullptr || !is_element(parent)) return;
    std::string value;
    for (unsigned k = label->index_within_parent + 1; k < children(parent).length; ++k) {
      Node s = child(parent, k);
      std::string t;
      if (s->type == GUMBO_NODE_TEXT) {
        t = trim(s->v.text.text);
      } else if (is_element(s)) {
        t = flat_text(s);
      }
      if (t.empty()) continue;
      if (!label_kind(t).empty()) break;  // the next label
      if (!value.empty()) value += ' ';
      value += t;
    }
    if (value.empty() || holds_label(value)) return;
    add(label, label_word(label_text), value);
  }

  bool holds_label(std::string_view value) const {
    for (const auto& [word, kind] : page_words().labels) {
      for (std::string_view colon : {"：", ":"}) {
        if (value.find(std::string(word) + std::string(colon)) != std::string_view::npos) {
          return true;
        }
      }
    }
    return false;
  }

  static std::string trim(std::string_view s) {
    LineWriter w;
    w.text(s, false);
    std::vector<std::string> lines = w.take();
    return lines.empty() ? std::string() : lines.front();
  }

  void add(Node n, std::string label, std::string value) {
    for (const LabelledField& f : fields_) {
      if (f.label == label) return;
    }
    fields_.push_back({label, label_kind(label), std::move(value)});
    // The table is what holds the labelled cell; a label standing alone
    // in a paragraph is itself the element to skip.
    Node table = n;
    for (Node p = n->parent; p != nullptr && is_element(p); p = p->parent) {
      if (p->v.element.tag == GUMBO_TAG_TABLE) {
        table = p;
        break;
      }
    }
    if (std::find(tables_.begin(), tables_.end(), table) == tables_.end()) tables_.push_back(table);
  }

  bool covered(Node n) const {
    return std::find(tables_.begin(), tables_.end(), n) != tables_.end();
  }

  Node body_;
  std::vector<LabelledField> fields_;
  std::vector<Node> tables_;
};

// --- the content block -----------------------------------------------------------

Node find_by_id(Node root) {
  std::vector<Node> todo = {root};
  Node article = nullptr;
  while (!todo.empty()) {
    Node n = todo.back();
    todo.pop_back();
    if (!is_element(n)) continue;
    std::string id = lowered(attribute(n, "id"));
    if (!id.empty()) {
      for (const std::string& want : page_words().content_ids) {
        if (id == want) return n;
      }
    }
    GumboTag t = n->v.element.tag;
    if (article == nullptr &&
        (t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN || attribute(n, "role") == "main")) {
      article = n;
    }
    for (unsigned k = children(n).length; k-- > 0;) todo.push_back(child(n, k));
  }
  return article;
}

// The smallest element holding 90% or more of the page's text outside links
// and page chrome: the main content block.
Node find_by_text(Node body) {
  struct Step {
    Node node;
    bool leave;
    bool in_link;
  };
  std::unordered_map<Node, std::size_t> text;
  std::vector<Node> order;  // post-order
  std::vector<Step> todo = {{body, false, false}};
  while (!todo.empty()) {
    Step s = todo.back();
    todo.pop_back();
    Node n = s.node;
    if (n->type == GUMBO_NODE_TEXT) {
      if (!s.in_link) text[n->parent] += std::strlen(n->v.text.text);
      continue;
    }
    if (!is_element(n)) continue;
    if (s.leave) {
      order.push_back(n);
      if (n != body && n->parent != nullptr) text[n->parent] += text[n];
      continue;
    }
    if (never_text(n->v.element.tag) || (n != body && is_chrome(n))) continue;
    bool link = s.in_link || n->v.element.tag == GUMBO_TAG_A;
    todo.push_back({n, true, link});
    for (unsigned k = children(n).length; k-- > 0;) todo.push_back({child(n, k), false, link});
  }
  const std::size_t all = text[body];
  Node best = body;
  std::size_t best_text = all;
  for (Node n : order) {  // children before parents: the first is the smallest
    std::size_t t = text[n];
    if (t * 10 >= all * 9 && t < best_text) {
      best = n;
      best_text = t;
    }
  }
  return best;
}

Node find_body(Node root) {
  std::vector<Node> todo = {root};
  while (!todo.empty()) {
    Node n = todo.back();
    todo.pop_back();
    if (!is_element(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_BODY) return n;
    for (unsigned k = children(n).length; k-- > 0;) todo.push_back(child(n, k));
  }
  return root;
}

}  // namespace

bool has_html_extension(std::string_view name) {
  std::string n = lowered(name.substr(name.size() > 8 ? name.size() - 8 : 0));
  return n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".shtml");
}

bool looks_like_html(std::string_view bytes) {
  std::string s = sniff_prefix(bytes);
  std::size_t i = 0;
  for (;;) {
    while (i < s.size() && ascii_space(s[i])) ++i;
    std::string_view rest = std::string_view(s).substr(i);
    if (rest.starts_with("<!--")) {
      std::size_t end = s.find("-->", i + 4);
      if (end == std::string::npos) return false;
      i = end + 3;
    } else if (rest.starts_with("<?xml")) {
      std::size_t end = s.find("?>", i);
      if (end == std::string::npos) return false;
      i = end + 2;
    } else {
      return starts_with_nocase(rest, "<!doctype html") || starts_with_nocase(rest, "<html");
    }
  }
}

Result<SourceText> read_html(std::string name, std::string_view bytes) {
  if (bytes.size() > kMaxHtmlBytes) {
    return Error{
        std::move(name), -1,
        "web page larger than 64 MiB: not read (" + std::to_string(bytes.size()) + " bytes)"};
  }
  auto decoded = decode_page(name, bytes);
  if (!decoded) return decoded.error();
  auto& [html, encoding] = *decoded;
  if (int depth = DepthEstimate().run(html); depth > kMaxDepth) {
    return Error{std::move(name), -1,
                 "web page nested deeper than " + std::to_string(kMaxDepth) +
                     " elements: not read (hostile or broken markup)"};
  }

  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not reported; they cost memory
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> out(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });

  Node body_element = find_body(out->root);
  Node content = find_by_id(out->root);
  if (content == nullptr) content = find_by_text(body_element);

  MetadataReader meta(content);
  std::vector<LabelledField> fields = meta.read(body_element);

  SourceText result;
  result.name = std::move(name);
  result.encoding = std::move(encoding);
  result.format = "html";
  std::string& text = result.utf8;
  int line = 0;
  for (const LabelledField& f : fields) {
    text += f.label + "：" + f.value + "\n";
    ++line;
    MetadataField* field = f.kind == "number"      ? &result.metadata.number
                           : f.kind == "title"     ? &result.metadata.title
                           : f.kind == "issuer"    ? &result.metadata.issuer
                           : f.kind == "signed"    ? &result.metadata.signed_date
                           : f.kind == "published" ? &result.metadata.published_date
                                                   : nullptr;
    if (field != nullptr && field->empty()) *field = {f.value, line};
  }
  if (!fields.empty()) text += "\n";

  Renderer renderer(content);
  for (Node t : meta.tables()) renderer.skip(t);
  for (const std::string& l : renderer.lines()) {
    text += l;
    text += '\n';
  }
  return result;
}

}  // namespace pg
