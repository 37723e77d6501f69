#include "analyzer/read/pdf_reader.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/data/tables.h"
#include "analyzer/read/pdf_module.h"
#include "graphs/base/module_loader.h"
#include "graphs/base/utf8.h"

namespace pg {
namespace {

// --- Words and lines ---------------------------------------------------------

struct Word {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  std::string text;
  bool space_after = false;
  double center_y() const { return (y0 + y1) / 2; }
  double height() const { return y1 - y0; }
};

// Words on one baseline, left to right.
struct Line {
  std::vector<Word> words;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double height() const { return y1 - y0; }
  void add(Word w) {
    if (words.empty()) {
      x0 = w.x0, x1 = w.x1, y0 = w.y0, y1 = w.y1;
    } else {
      x0 = std::min(x0, w.x0), x1 = std::max(x1, w.x1);
      y0 = std::min(y0, w.y0), y1 = std::max(y1, w.y1);
    }
    words.push_back(std::move(w));
  }
};

struct Page {
  double top = 0, height = 0;  // of the page box
  std::vector<Line> lines;     // top to bottom
  bool no_text = false;
};

// Words whose vertical centres lie within a third of a word's height of the
// first word of a line share that line. Lines of one column are further
// apart than that; lines of two columns that happen to share a baseline are
// parted again at the gutter, so joining them here does no harm.
std::vector<Line> build_lines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(),
            [](const Word& a, const Word& b) { return a.center_y() < b.center_y(); });
  std::vector<Line> lines;
  double anchor = 0;
  double tolerance = 0;
  for (Word& w : words) {
    if (lines.empty() || w.center_y() - anchor > tolerance) {
      lines.emplace_back();
      anchor = w.center_y();
      tolerance = std::max(0.35 * w.height(), 0.5);
    }
    lines.back().add(std::move(w));
  }
  for (Line& l : lines) {
    std::sort(l.words.begin(), l.words.end(),
              [](const Word& a, const Word& b) { return a.x0 < b.x0; });
  }
  return lines;
}

constexpr std::string_view kCellGap = "    ";

// The words of a line as text: a blank where the words stand apart (table
// cells get several, so that a reader of the text still sees the cells).
std::string line_text(const std::vector<Word>& words, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    const Word& w = words[i];
    if (i > first) {
      const Word& prev = words[i - 1];
      const double h = std::max(std::min(prev.height(), w.height()), 1.0);
      const double gap = w.x0 - prev.x1;
      if (gap > 1.5 * h) {
        out += kCellGap;
      } else if (prev.space_after || gap > 0.2 * h) {
        out += ' ';
      }
    }
    out += w.text;
  }
  return out;
}

std::u32string to_utf32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out += next_code_point(s, i);
  return out;
}

// --- Page furniture and contents lines (analyzer/data/page_furniture.tsv) ----

struct FurnitureTables {
  std::vector<std::u32string> page_numbers;  // patterns, '#' for a number
  std::u32string leaders;
};

const FurnitureTables& furniture_tables() {
  static const FurnitureTables tables = [] {
    FurnitureTables t;
    for (const auto& row : tsv_rows("page_furniture.tsv")) {
      if (row.size() < 2 || row[1].empty()) continue;
      std::u32string pattern = to_utf32(row[1]);
      if (row[0] == "page_number") t.page_numbers.push_back(pattern);
      if (row[0] == "leader") t.leaders += pattern;
    }
    return t;
  }();
  return tables;
}

bool is_number_char(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= U'０' && c <= U'９')) return true;
  return std::u32string_view(U"〇零一二三四五六七八九十百").find(c) != std::u32string_view::npos;
}

bool is_dash(char32_t c) {
  return std::u32string_view(U"-—–－─‒﹣―").find(c) != std::u32string_view::npos;
}

bool is_blank(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0xFEFF;
}

// The line as the page-number patterns see it: no blanks, dashes as one '-'.
std::u32string furniture_form(std::string_view text) {
  std::u32string out;
  for (char32_t c : to_utf32(text)) {
    if (is_blank(c)) continue;
    if (is_dash(c)) {
      if (out.empty() || out.back() != '-') out += '-';
      continue;
    }
    out += c;
  }
  return out;
}

bool matches_page_number(std::u32string_view s, std::u32string_view pattern) {
  std::size_t i = 0;
  for (char32_t p : pattern) {
    if (p == '#') {
      const std::size_t start = i;
      while (i < s.size() && is_number_char(s[i])) ++i;
      if (i == start) return false;
    } else {
      if (i >= s.size() || s[i] != p) return false;
      ++i;
    }
  }
  return i == s.size();
}

bool is_page_number_line(std::string_view text) {
  const std::u32string s = furniture_form(text);
  if (s.empty() || s.size() > 16) return false;
  for (const std::u32string& p : furniture_tables().page_numbers) {
    if (matches_page_number(s, p)) return true;
  }
  return false;
}

// The key under which a running header or footer repeats: no blanks, every
// run of digits one '#', so that 2017年第14期 and page 3 and 4 compare equal.
std::string repeat_key(std::string_view text) {
  std::string out;
  bool in_number = false;
  for (char32_t c : furniture_form(text)) {
    if (is_number_char(c)) {
      if (!in_number) out += '#';
      in_number = true;
      continue;
    }
    in_number = false;
    append_utf8(out, c);
  }
  return out;
}

// TITLE……………… 5 -> TITLE……5: a run of at least four leader characters
// (blanks between them allowed) followed only by a page number.
std::string mend_contents_line(const std::string& text) {
  const std::u32string& leaders = furniture_tables().leaders;
  std::u32string s = to_utf32(text);
  std::size_t end = s.size();
  while (end > 0 && is_blank(s[end - 1])) --end;
  std::size_t digits_begin = end;
  while (digits_begin > 0 && is_number_char(s[digits_begin - 1]) && end - digits_begin < 4) {
    --digits_begin;
  }
  if (digits_begin == end || (digits_begin > 0 && is_number_char(s[digits_begin - 1]))) {
    return text;
  }
  std::size_t lead_begin = digits_begin;
  int count = 0;
  while (lead_begin > 0) {
    const char32_t c = s[lead_begin - 1];
    if (leaders.find(c) != std::u32string::npos) {
      ++count;
    } else if (!is_blank(c)) {
      break;
    }
    --lead_begin;
  }
  if (count < 4) return text;
  std::string out;
  for (std::size_t i = 0; i < lead_begin; ++i) append_utf8(out, s[i]);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "……";
  for (std::size_t i = digits_begin; i < end; ++i) append_utf8(out, s[i]);
  return out;
}

// Lines at the top or bottom of a page that are not text: page numbers, and
// lines that repeat (digits aside) at the top or the bottom of at least three
// pages and a quarter of them. Only the two outermost lines at each end, and
// only in the outer sixth of the page, are candidates.
void drop_furniture(std::vector<Page>& pages) {
  constexpr int kEdgeLines = 2;
  constexpr double kZone = 1.0 / 6;
  auto candidates = [&](const Page& p, auto&& visit) {
    const int n = static_cast<int>(p.lines.size());
    for (int i = 0; i < std::min(kEdgeLines, n); ++i) {
      if (p.lines[i].y1 <= p.top + kZone * p.height) visit(i, true);
    }
    for (int i = std::max(kEdgeLines, n - kEdgeLines); i < n; ++i) {
      if (p.lines[i].y0 >= p.top + (1 - kZone) * p.height) visit(i, false);
    }
  };
  std::map<std::string, int> top_count, bottom_count;
  for (const Page& p : pages) {
    std::map<std::string, bool> seen;  // key -> top; each counted once a page
    candidates(p, [&](int i, bool top) {
      const Line& l = p.lines[i];
      std::string key = repeat_key(line_text(l.words, 0, l.words.size()));
      if (key.empty() || key == "#") return;
      auto& counts = top ? top_count : bottom_count;
      if (seen.emplace((top ? "t" : "b") + key, true).second) ++counts[key];
    });
  }
  const int pages_with_text = static_cast<int>(
      std::count_if(pages.begin(), pages.end(), [](const Page& p) { return !p.lines.empty(); }));
  const int needed = std::max(3, (pages_with_text + 3) / 4);
  for (Page& p : pages) {
    std::vector<bool> drop(p.lines.size(), false);
    candidates(p, [&](int i, bool top) {
      const Line& l = p.lines[i];
      const std::string text = line_text(l.words, 0, l.words.size());
      const auto& counts = top ? top_count : bottom_count;
      auto it = counts.find(repeat_key(text));
      if (is_page_number_line(text) || (it != counts.end() && it->second >= needed)) {
        drop[i] = true;
      }
    });
    std::vector<Line> kept;
    for (std::size_t i = 0; i < p.lines.size(); ++i) {
      if (!drop[i]) kept.push_back(std::move(p.lines[i]));
    }
    p.lines = std::move(kept);
  }
}

// --- Columns -------------------------------------------------------------------

struct Gutter {
  double x = std::nan("");  // NaN: one column
  double width = 0;
};

// A line crosses the gutter when a word stands on it, or when the words on
// either side of it stand closer than half its width (a line across both
// columns that has a space between two words just there).
bool spans_gutter(const Line& l, double x, double width) {
  double last_left = -1e300, first_right = 1e300;
  for (const Word& w : l.words) {
    if (w.x0 < x && w.x1 > x) return true;
    if (w.x1 <= x) last_left = std::max(last_left, w.x1);
    if (w.x0 >= x) first_right = std::min(first_right, w.x0);
  }
  return first_right - last_left < 0.5 * width;
}

// The x of the gutter of a page set in two columns, or NaN for one column.
// The gutter is the middle of the widest stretch, in the middle two-fifths of
// the text's width, that the fewest words cross; the page has two columns
// when few lines cross it and most lines on either side fill their column
// (a table's cells are short: its rows stay whole).
Gutter find_gutter(const std::vector<Line>& lines) {
  const Gutter kNone;
  if (lines.size() < 6) return kNone;
  double left = 1e300, right = -1e300;
  for (const Line& l : lines) left = std::min(left, l.x0), right = std::max(right, l.x1);
  const double width = right - left;
  if (!(width >= 100) || width > 20000) return kNone;
  const int bins = static_cast<int>(std::ceil(width));
  std::vector<int> cover(static_cast<std::size_t>(bins) + 1, 0);
  for (const Line& l : lines) {
    for (const Word& w : l.words) {
      const int a = std::clamp(static_cast<int>(std::floor(w.x0 - left)), 0, bins);
      const int b = std::clamp(static_cast<int>(std::ceil(w.x1 - left)), 0, bins);
      ++cover[a];
      --cover[b];
    }
  }
  for (int i = 1; i <= bins; ++i) cover[i] += cover[i - 1];
  const int from = static_cast<int>(0.3 * width);
  const int to = static_cast<int>(0.7 * width);
  // The fewest words any x there meets, and the widest stretch that meets
  // hardly more (a title across the columns crosses the gutter).
  int fewest = INT_MAX;
  for (int i = from; i < to; ++i) fewest = std::min(fewest, cover[i]);
  const int allowed = fewest + std::max(2, static_cast<int>(lines.size()) / 10);
  int best_len = 0, best_mid = -1;
  for (int i = from; i < to;) {
    if (cover[i] > allowed) {
      ++i;
      continue;
    }
    int j = i;
    while (j < to && cover[j] <= allowed) ++j;
    if (j - i > best_len) best_len = j - i, best_mid = (i + j) / 2;
    i = j;
  }
  // A gutter is wider than the space between words: at least a line's height.
  std::vector<double> heights;
  for (const Line& l : lines) heights.push_back(l.height());
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  if (best_mid < 0 || best_len < std::max(4.0, heights[heights.size() / 2])) return kNone;
  const double g = left + best_mid;
  const double gutter_width = best_len;
  int spanning = 0, full_left = 0, full_right = 0, n_left = 0, n_right = 0;
  for (const Line& l : lines) {
    double lx0 = 1e300, lx1 = -1e300, rx0 = 1e300, rx1 = -1e300;
    const bool spans = spans_gutter(l, g, gutter_width);
    for (const Word& w : l.words) {
      if (w.x1 <= g) {
        lx0 = std::min(lx0, w.x0), lx1 = std::max(lx1, w.x1);
      } else if (w.x0 >= g) {
        rx0 = std::min(rx0, w.x0), rx1 = std::max(rx1, w.x1);
      }
    }
    if (spans) {
      ++spanning;
      continue;
    }
    if (lx1 > lx0) {
      ++n_left;
      if (lx1 - lx0 >= 0.6 * (g - left)) ++full_left;
    }
    if (rx1 > rx0) {
      ++n_right;
      if (rx1 - rx0 >= 0.6 * (right - g)) ++full_right;
    }
  }
  const int n = static_cast<int>(lines.size());
  if (2 * spanning > n || n_left < 3 || n_right < 3) return kNone;
  if (2 * full_left < n_left || 2 * full_right < n_right) return kNone;
  return Gutter{g, gutter_width};
}

// A piece of a line in reading order.
struct Piece {
  const Line* line;
  std::size_t first, last;  // word range
  double y0, y1;
  double x0() const { return line->words[first].x0; }
  double x1() const { return line->words[last - 1].x1; }
};

// The page's lines in reading order: in one column, top to bottom; in two,
// each run of lines between lines that span the gutter is read left column
// first.
std::vector<std::vector<Piece>> reading_order(const Page& p) {
  std::vector<std::vector<Piece>> blocks;  // a break in the flow between blocks
  const Gutter gutter = find_gutter(p.lines);
  const double g = gutter.x;
  auto whole = [](const Line& l) { return Piece{&l, 0, l.words.size(), l.y0, l.y1}; };
  if (std::isnan(g)) {
    blocks.emplace_back();
    for (const Line& l : p.lines) blocks.back().push_back(whole(l));
    return blocks;
  }
  std::vector<Piece> left, right;
  auto flush = [&] {
    if (!left.empty()) blocks.push_back(std::move(left));
    if (!right.empty()) blocks.push_back(std::move(right));
    left.clear();
    right.clear();
  };
  for (const Line& l : p.lines) {
    if (spans_gutter(l, g, gutter.width)) {
      flush();
      blocks.push_back({whole(l)});
      continue;
    }
    std::size_t split = 0;
    while (split < l.words.size() && l.words[split].x1 <= g) ++split;
    auto extent = [&](std::size_t a, std::size_t b) {
      double y0 = 1e300, y1 = -1e300;
      for (std::size_t i = a; i < b; ++i) {
        y0 = std::min(y0, l.words[i].y0), y1 = std::max(y1, l.words[i].y1);
      }
      return Piece{&l, a, b, y0, y1};
    };
    if (split > 0) left.push_back(extent(0, split));
    if (split < l.words.size()) right.push_back(extent(split, l.words.size()));
  }
  flush();
  return blocks;
}

// The median distance between the centres of consecutive lines of a page,
// or 0 when the page has too few lines to tell.
double typical_pitch(const std::vector<std::vector<Piece>>& blocks) {
  std::vector<double> pitches;
  for (const std::vector<Piece>& block : blocks) {
    for (std::size_t i = 1; i < block.size(); ++i) {
      const double d = (block[i].y0 + block[i].y1 - block[i - 1].y0 - block[i - 1].y1) / 2;
      if (d > 0) pitches.push_back(d);
    }
  }
  if (pitches.size() < 3) return 0;
  std::nth_element(pitches.begin(), pitches.begin() + pitches.size() / 2, pitches.end());
  return pitches[pitches.size() / 2];
}

// An empty line in print: the next line stands lower than the page's line
// pitch allows (glyph boxes vary by font; the pitch does not), or, on a page
// too short to know its pitch, further below than a line's height.
bool paragraph_break(const Piece& prev, const Piece& next, double pitch) {
  if (pitch > 0) return (next.y0 + next.y1 - prev.y0 - prev.y1) / 2 > 1.7 * pitch;
  return next.y0 - prev.y1 > std::max(next.y1 - next.y0, prev.y1 - prev.y0);
}

// A line that runs on: it reaches the right edge of its column (of the
// block's widest lines) and the next line starts at the left edge, not
// indented as a paragraph's first line is. Such lines are one line of the
// text, as a sentence, a recipients list or an adoption note is one line in
// a text file; titles (centred) and the last line of a paragraph end theirs.
bool runs_on(const Piece& line, const Piece& next, double left, double right) {
  const double h = std::max(line.y1 - line.y0, 1.0);
  const double next_h = std::max(next.y1 - next.y0, 1.0);
  return line.x1() >= right - 2.2 * h && next.x0() <= left + 0.8 * next_h && right - left > 10 * h;
}

// --- Reading ---------------------------------------------------------------------

// Poppler, loaded on the first PDF (analyzer/read/pdf_module.h).
Result<const pg_pdf_module*> pdf_module() {
  static const Result<const pg_pdf_module*> module = []() -> Result<const pg_pdf_module*> {
    Result<void*> entry =
        load_module_entry("policygraph-pdf.so", PG_PDF_MODULE_ENTRY, "reading PDFs (Poppler)");
    if (!entry) return entry.error();
    return reinterpret_cast<const pg_pdf_module* (*)()>(*entry)();
  }();
  return module;
}

struct PdfDocumentCloser {
  const pg_pdf_module* module;
  void operator()(pg_pdf_document* d) const { module->close(d); }
};

// Keeps the words Poppler gives that can be read: horizontal, valid UTF-8,
// with a finite box.
void collect_word(void* context, const pg_pdf_word* b) {
  if (b->rotation != 0) return;  // vertical and rotated text: not read
  Word w;
  w.text.assign(b->text, b->text_size);
  if (w.text.empty() || first_invalid_utf8(w.text) != std::string_view::npos) return;
  w.x0 = b->x0, w.x1 = b->x1, w.y0 = b->y0, w.y1 = b->y1;
  if (!std::isfinite(w.x0 + w.x1 + w.y0 + w.y1)) return;
  w.space_after = b->space_after != 0;
  static_cast<std::vector<Word>*>(context)->push_back(std::move(w));
}

// "3, 5-7, 9" from ascending 1-based page numbers.
std::string page_ranges(const std::vector<int>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size();) {
    std::size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(pages[i]);
    if (j > i) out += "-" + std::to_string(pages[j]);
    i = j + 1;
  }
  return out;
}

// "page 3" or "pages 3-9".
std::string pages_from(int first, int last) {
  return first == last ? "page " + std::to_string(first)
                       : "pages " + std::to_string(first) + "-" + std::to_string(last);
}

bool ends_with_eof_marker(std::string_view bytes) {
  const std::string_view tail =
      bytes.substr(bytes.size() - std::min<std::size_t>(bytes.size(), 2048));
  return tail.find("%%EOF") != std::string_view::npos;
}

}  // namespace

bool looks_like_pdf(std::string_view bytes) { return bytes.starts_with("%PDF-"); }

Result<SourceText> read_pdf(std::string name, std::string_view bytes, const PdfLimits& limits) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  if (bytes.size() > limits.max_file_bytes || bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return Error{std::move(name), -1,
                 "PDF larger than the bound of " + std::to_string(limits.max_file_bytes >> 20) +
                     " MiB: not read"};
  }
  if (!ends_with_eof_marker(bytes)) {
    return Error{std::move(name), static_cast<std::int64_t>(bytes.size()),
                 "truncated PDF: no %%EOF at its end"};
  }
  Result<const pg_pdf_module*> poppler = pdf_module();
  if (!poppler) return Error{std::move(name), -1, poppler.error().message};
  const pg_pdf_module* pdf = *poppler;
  int status = PG_PDF_OK;
  std::unique_ptr<pg_pdf_document, PdfDocumentCloser> doc(
      pdf->open(bytes.data(), static_cast<int>(bytes.size()), &status), PdfDocumentCloser{pdf});
  if (status == PG_PDF_LOCKED) {
    return Error{std::move(name), -1, "encrypted PDF: it needs a password, not read"};
  }
  if (!doc) return Error{std::move(name), -1, "malformed PDF: Poppler cannot open it"};

  SourceText out;
  out.name = std::move(name);
  out.encoding = "UTF-8";
  out.format = "pdf";
  const int total_pages = std::max(pdf->pages(doc.get()), 0);
  const int to_read = std::min(total_pages, limits.max_pages);
  if (to_read < total_pages) {
    out.warnings.push_back("PDF has " + std::to_string(total_pages) + " pages, over the bound of " +
                           std::to_string(limits.max_pages) + ": " +
                           pages_from(to_read + 1, total_pages) + " not read");
  }

  std::vector<Page> pages;
  pages.reserve(static_cast<std::size_t>(to_read));
  std::vector<int> no_text, too_many_words;
  std::size_t words_held = 0;
  for (int i = 0; i < to_read; ++i) {
    if (words_held > limits.max_words) {
      out.warnings.push_back("PDF has over " + std::to_string(limits.max_words) +
                             " words, over the bound: " + pages_from(i + 1, total_pages) +
                             " not read");
      break;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (seconds > limits.max_seconds) {
      out.warnings.push_back("reading the PDF took over the bound of " +
                             std::to_string(static_cast<int>(limits.max_seconds)) +
                             " s: " + pages_from(i + 1, total_pages) + " not read");
      break;
    }
    Page page;
    bool over_bound = false;
    std::vector<Word> words;
    const long count = pdf->page_words(doc.get(), i, limits.max_words_per_page, &page.top,
                                       &page.height, collect_word, &words);
    if (count > static_cast<long>(limits.max_words_per_page)) {
      too_many_words.push_back(i + 1);
      over_bound = true;
    } else if (count >= 0) {
      words_held += words.size();
      page.lines = build_lines(std::move(words));
    }
    page.no_text = page.lines.empty() && !over_bound;
    if (page.no_text) no_text.push_back(i + 1);
    pages.push_back(std::move(page));
  }
  doc.reset();

  if (!no_text.empty() && no_text.size() == pages.size()) {
    return Error{out.name, -1,
                 "PDF without a text layer (a scan?): no text on any of its " +
                     std::to_string(pages.size()) + " pages; OCR is not done"};
  }
  if (!no_text.empty()) {
    out.warnings.push_back("PDF pages without a text layer (blank or scanned; OCR is not done): " +
                           page_ranges(no_text));
  }
  if (!too_many_words.empty()) {
    out.warnings.push_back("PDF pages with over " + std::to_string(limits.max_words_per_page) +
                           " words, over the bound, not read: " + page_ranges(too_many_words));
  }

  drop_furniture(pages);

  int line = 1;  // the line of out.utf8 the next '\n' ends
  for (std::size_t k = 0; k < pages.size(); ++k) {
    if (out.utf8.size() > limits.max_text_bytes) {
      out.warnings.push_back(
          "PDF text over the bound of " + std::to_string(limits.max_text_bytes >> 20) +
          " MiB: " + pages_from(static_cast<int>(k) + 1, total_pages) + " not read");
      break;
    }
    out.page_starts.push_back(line);
    const std::vector<std::vector<Piece>> blocks = reading_order(pages[k]);
    const double pitch = typical_pitch(blocks);
    for (const std::vector<Piece>& block : blocks) {
      double left = 1e300, right = -1e300;
      for (const Piece& piece : block)
        left = std::min(left, piece.x0()), right = std::max(right, piece.x1());
      const bool reflow = block.size() >= 3;  // too few lines to know the column
      const Piece* prev = nullptr;
      bool open = false;  // the text's last line runs on
      for (const Piece& piece : block) {
        const bool breaks = prev != nullptr && paragraph_break(*prev, piece, pitch);
        const std::string text = line_text(piece.line->words, piece.first, piece.last);
        const std::string mended = mend_contents_line(text);
        // A table row (cells set apart) neither runs on nor is run on to.
        const bool row = text.find(kCellGap) != std::string::npos;
        if (open && !row && !breaks && runs_on(*prev, piece, left, right)) {
          out.utf8.pop_back();  // the '\n'
          if (!out.utf8.empty() && std::isalnum(static_cast<unsigned char>(out.utf8.back())) &&
              std::isalnum(static_cast<unsigned char>(text[0]))) {
            out.utf8 += ' ';
          }
          --line;
        } else if (breaks) {
          out.utf8 += '\n';
          ++line;
        }
        out.utf8 += mended;
        out.utf8 += '\n';
        ++line;
        open = reflow && !row && mended == text;  // a contents line ends at its page number
        prev = &piece;
      }
    }
  }
  return out;
}

}  // namespace pg
