#include "analyzer/read/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "analyzer/read/doc_number.h"
#include "graphs/base/work_stats.h"

namespace pg {
namespace {

// --- Folding table for radicals and compatibility ideographs ----------------

constexpr char32_t kRadicalsFirst = 0x2E80;  // CJK Radicals Supplement ...
constexpr char32_t kRadicalsLast = 0x2FDF;   // ... through Kangxi Radicals
constexpr char32_t kCompatFirst = 0xF900;    // CJK Compatibility Ideographs
constexpr char32_t kCompatLast = 0xFAFF;

// NFKC has no mapping for most of the CJK Radicals Supplement. PDF fonts map
// these simplified-form radicals to whole characters (⼈⺠政府 for 人民政府),
// so those whose glyph *is* a whole character fold to it, as Unicode's
// EquivalentUnifiedIdeograph.txt lists. Component-only forms (⺅ 亻, ⺡ 氵)
// are left alone: they are never a character of running text.
constexpr std::pair<char32_t, char32_t> kRadicalEquivalents[] = {
    {0x2EA0, 0x6C11},  // ⺠ 民
    {0x2EC4, 0x897F},  // ⻄ 西
    {0x2EC5, 0x89C1},  // ⻅ 见
    {0x2EC6, 0x89D2},  // ⻆ 角
    {0x2EC9, 0x8D1D},  // ⻉ 贝
    {0x2ECB, 0x8F66},  // ⻋ 车
    {0x2ED1, 0x9577},  // ⻑ 長
    {0x2ED3, 0x957F},  // ⻓ 长
    {0x2ED4, 0x95E8},  // ⻔ 门
    {0x2ED8, 0x9752},  // ⻘ 青
    {0x2ED9, 0x97E6},  // ⻙ 韦
    {0x2EDA, 0x9875},  // ⻚ 页
    {0x2EDB, 0x98CE},  // ⻛ 风
    {0x2EDC, 0x98DE},  // ⻜ 飞
    {0x2EDD, 0x98DF},  // ⻝ 食
    {0x2EE2, 0x9A6C},  // ⻢ 马
    {0x2EE3, 0x9AA8},  // ⻣ 骨
    {0x2EE4, 0x9B3C},  // ⻤ 鬼
    {0x2EE5, 0x9C7C},  // ⻥ 鱼
    {0x2EE6, 0x9E1F},  // ⻦ 鸟
    {0x2EE7, 0x5364},  // ⻧ 卤
    {0x2EE8, 0x9EA6},  // ⻨ 麦
    {0x2EE9, 0x9EC4},  // ⻩ 黄
    {0x2EEA, 0x9EFE},  // ⻪ 黾
    {0x2EEC, 0x9F50},  // ⻬ 齐
    {0x2EEE, 0x9F7F},  // ⻮ 齿
    {0x2EF0, 0x9F99},  // ⻰ 龙
};

struct FoldTable {
  std::array<char32_t, kRadicalsLast - kRadicalsFirst + 1> radicals{};
  std::array<char32_t, kCompatLast - kCompatFirst + 1> compat{};
};

char32_t nfkc_single(const icu::Normalizer2* nfkc, char32_t c) {
  icu::UnicodeString d;
  if (nfkc == nullptr || !nfkc->getDecomposition(static_cast<UChar32>(c), d)) return 0;
  if (d.countChar32() != 1) return 0;
  const char32_t u = static_cast<char32_t>(d.char32At(0));
  return is_cjk_ideograph(u) ? u : 0;
}

// Built once; the hot loop only looks here for the three blocks above.
const FoldTable& fold_table() {
  static const FoldTable kTable = [] {
    FoldTable t;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) nfkc = nullptr;
    for (char32_t c = kRadicalsFirst; c <= kRadicalsLast; ++c) {
      t.radicals[c - kRadicalsFirst] = nfkc_single(nfkc, c);
    }
    for (const auto& [radical, ideograph] : kRadicalEquivalents) {
      if (t.radicals[radical - kRadicalsFirst] == 0) {
        t.radicals[radical - kRadicalsFirst] = ideograph;
      }
    }
    for (char32_t c = kCompatFirst; c <= kCompatLast; ++c) {
      t.compat[c - kCompatFirst] = nfkc_single(nfkc, c);
    }
    return t;
  }();
  return kTable;
}

// --- Byte classes for the normalizer's loop ---------------------------------

enum ByteClass : unsigned char {
  kPlain = 0,  // copied as is (also every UTF-8 continuation byte)
  kSkip,       // ASCII whitespace, CR, table pipe
  kEmphasis,   // '*' or '_': dropped when doubled
  kLess,       // '<': maybe an HTML comment
  kLeadC2,     // U+0080..U+00BF: NBSP
  kLeadE1,     // U+1000..U+1FFF: U+1680
  kLeadE2,     // U+2000..U+2FFF: spaces, radicals
  kLeadE3,     // U+3000..U+3FFF: ideographic space
  kLeadEF,     // U+F000..U+FFFF: compat ideographs, full-width, BOM
};

constexpr std::array<unsigned char, 256> make_classes() {
  std::array<unsigned char, 256> c{};
  for (unsigned char b : {' ', '\t', '\f', '\v', '\r', '|'}) c[b] = kSkip;
  c['*'] = kEmphasis;
  c['_'] = kEmphasis;
  c['<'] = kLess;
  c[0xC2] = kLeadC2;
  c[0xE1] = kLeadE1;
  c[0xE2] = kLeadE2;
  c[0xE3] = kLeadE3;
  c[0xEF] = kLeadEF;
  return c;
}
constexpr std::array<unsigned char, 256> kClasses = make_classes();

// The first byte in [p, e) that kClasses marks, or e. Sixteen bytes at a
// time, the test is looser than kClasses in one way (any byte up to ' ', and
// E0 and E1 for the rare leads) and tighter in another: E2, E3 and EF lead
// the punctuation of CJK text (，：（） are EF BC xx, 、。《》 E3 80 xx,
// “”…— E2 80 xx), and only the sequences that LineNormalizer::special drops
// or folds are marked (E3 80 80; E2 but E2 80 8E-A7; EF but EF BC xx outside
// the full-width digits and letters). A byte marked that needs no rule is
// copied by special, so the output is the same either way.
const unsigned char* next_marked(const unsigned char* p, const unsigned char* e) {
#if defined(__SSE2__)
  const auto set = [](unsigned char b) { return _mm_set1_epi8(static_cast<char>(b)); };
  // Bytes of v in [lo, hi] (unsigned).
  const auto in = [&](__m128i v, unsigned char lo, unsigned char hi) {
    const __m128i d = _mm_sub_epi8(v, set(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, set(static_cast<unsigned char>(hi - lo))), d);
  };
  const __m128i space = set(' ');
  const __m128i e0_mask = set(0xFE);
  const __m128i e0 = set(0xE0);
  for (; e - p >= 18; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2));
    __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, space), v);                 // v <= ' '
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_and_si128(v, e0_mask), e0));  // E0, E1
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, set(0xC2)));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, set('|')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, set('*')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, set('_')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, set('<')));
    const __m128i after_80 = _mm_cmpeq_epi8(v1, set(0x80));
    // E2, but not E2 80 8E..A7 (quotes, dashes, the ellipsis).
    const __m128i e2_plain = _mm_and_si128(after_80, in(v2, 0x8E, 0xA7));
    hit = _mm_or_si128(hit, _mm_andnot_si128(e2_plain, _mm_cmpeq_epi8(v, set(0xE2))));
    // E3 80 80, the ideographic space.
    hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(v, set(0xE3)),
                                          _mm_and_si128(after_80, _mm_cmpeq_epi8(v2, set(0x80)))));
    // EF, but not EF BC xx outside ０-９ (90-99) and Ａ-Ｚ (A1-BA).
    const __m128i fold_bc = _mm_or_si128(in(v2, 0x90, 0x99), in(v2, 0xA1, 0xBA));
    const __m128i ef_plain = _mm_andnot_si128(fold_bc, _mm_cmpeq_epi8(v1, set(0xBC)));
    hit = _mm_or_si128(hit, _mm_andnot_si128(ef_plain, _mm_cmpeq_epi8(v, set(0xEF))));
    if (const int mask = _mm_movemask_epi8(hit); mask != 0) return p + __builtin_ctz(mask);
  }
#endif
  while (p < e && kClasses[*p] == kPlain) ++p;
  return p;
}

bool is_ascii_blank(unsigned char b) {
  return b == ' ' || b == '\t' || b == '\f' || b == '\v' || b == '\r';
}

// A Markdown table rule or horizontal rule: only - : | + = and blanks, with
// at least three dashes.
bool is_table_rule(const unsigned char* p, const unsigned char* e) {
  int dashes = 0;
  for (; p < e; ++p) {
    switch (*p) {
      case '-': ++dashes; break;
      case ':':
      case '|':
      case '+':
      case '=': break;
      default:
        if (!is_ascii_blank(*p)) return false;
    }
  }
  return dashes >= 3;
}

const unsigned char* find_comment_end(const unsigned char* p, const unsigned char* e) {
  const std::string_view rest(reinterpret_cast<const char*>(p), static_cast<std::size_t>(e - p));
  const std::size_t at = rest.find("-->");
  return at == std::string_view::npos ? nullptr : p + at + 3;
}

// --- Line breaks that typesetting rules forbid --------------------------------

// Chinese typesetting never starts a line with closing punctuation nor ends
// one with an opening bracket (行首/行尾禁则). A text that does was broken by
// a narrower column or by a tool, not by the printer.
constexpr std::string_view kNoLineStart[] = {"）", ")",  "〕", "］", "]",  "】", "》", "」", "』",
                                             "，", "。", "、", "；", "：", "！", "？", "”",  "’"};
constexpr std::string_view kNoLineEnd[] = {"（", "(",  "〔", "［", "[", "【",
                                           "《", "「", "『", "“",  "‘"};

// s holds p at byte `at`. The last byte is tested first: it is the one that
// tells these marks apart (a CJK mark's lead byte is shared with the text's),
// and this runs for every line.
bool holds_at(std::string_view s, std::size_t at, std::string_view p) {
  return at <= s.size() && s.size() - at >= p.size() && s[at + p.size() - 1] == p.back() &&
         s.compare(at, p.size(), p) == 0;
}

// Bytes that begin some mark of `marks` (at_end false) or end one (true):
// nearly every line starts and ends with a byte no mark has there, and is
// passed over without trying the marks one by one.
template <std::size_t N>
constexpr std::array<bool, 256> edge_bytes(const std::string_view (&marks)[N], bool at_end) {
  std::array<bool, 256> t{};
  for (std::string_view p : marks)
    t[static_cast<unsigned char>(at_end ? p.back() : p.front())] = true;
  return t;
}
constexpr std::array<bool, 256> kNoLineStartFirst = edge_bytes(kNoLineStart, false);
constexpr std::array<bool, 256> kNoLineEndLast = edge_bytes(kNoLineEnd, true);

std::size_t leading_run(std::string_view s) {
  std::size_t at = 0;
  if (s.empty() || !kNoLineStartFirst[static_cast<unsigned char>(s.front())]) return 0;
  for (bool more = true; more && at < s.size();) {
    more = false;
    for (std::string_view p : kNoLineStart) {
      if (holds_at(s, at, p)) {
        at += p.size();
        more = true;
        break;
      }
    }
  }
  return at;
}

// Where the run of opening brackets that ends s begins.
std::size_t trailing_open_run(std::string_view s) {
  std::size_t at = s.size();
  if (s.empty() || !kNoLineEndLast[static_cast<unsigned char>(s.back())]) return at;
  for (bool more = true; more && at > 0;) {
    more = false;
    for (std::string_view p : kNoLineEnd) {
      if (at >= p.size() && holds_at(s, at - p.size(), p)) {
        at -= p.size();
        more = true;
        break;
      }
    }
  }
  return at;
}

}  // namespace

// Moves the pieces of a line broken where print never breaks one: the rest of
// a document number and closing punctuation at the start of a line go up to
// the line before (…的通知济政字〔20 / 19〕90号 -> …的通知济政字〔2019〕90号),
// an opening bracket at the end of a line goes down to the line after.
// Lines keep their numbers; blank lines between the two (PDF text has one
// after every printed line) are passed over. The offset map follows the bytes.
void NormalizedText::repair_breaks() {
  constexpr int kMaxBlankLines = 2;
  constexpr std::size_t kContextBytes = 3 * 14;    // what number_rest_length reads
  constexpr std::size_t kMaxCarriedBytes = 3 * 4;  // opening marks carried down
  struct Piece {
    std::uint32_t begin;
    std::uint32_t end;
  };
  const int count = line_count();
  const auto size = static_cast<std::size_t>(count) + 1;
  // Most lines are never touched: they stay views into text_ and one piece.
  // A line that changes gets its own copy and piece list, kept by line
  // number: a string and a vector for every line were 56 bytes a line, more
  // than the text itself in a file of short lines.
  std::vector<std::string_view> lines(size);
  std::unordered_map<int, std::string> owned;
  std::unordered_map<int, std::vector<Piece>> pieces;
  std::vector<bool> changed(size, false);
  for (int n = 1; n <= count; ++n) lines[n] = line(n);
  const auto own = [&](int n) -> std::string& {
    if (!changed[n]) {
      changed[n] = true;
      owned[n] = std::string(lines[n]);
      if (!lines[n].empty()) pieces[n].push_back({line_offsets_[n - 1], line_offsets_[n] - 1});
    }
    return owned[n];
  };
  // Splits the pieces of line n at byte `at` of its text; returns the tail.
  const auto split = [&](int n, std::size_t at) {
    own(n);
    std::vector<Piece> head;
    std::vector<Piece> tail;
    std::size_t seen = 0;
    for (const Piece& p : pieces[n]) {
      const std::size_t len = p.end - p.begin;
      if (seen + len <= at) {
        head.push_back(p);
      } else if (seen >= at) {
        tail.push_back(p);
      } else {
        const auto cut = static_cast<std::uint32_t>(p.begin + (at - seen));
        head.push_back({p.begin, cut});
        tail.push_back({cut, p.end});
      }
      seen += len;
    }
    pieces[n] = std::move(head);
    return tail;
  };
  bool moved = false;
  std::string context;
  int before = 0;  // the non-blank line above n (0: none, lines[0] is empty)
  for (int n = 1; n < count; before = lines[n].empty() ? before : n, ++n) {
    if (lines[n].empty()) continue;
    int m = n + 1;
    while (m <= count && m - n - 1 <= kMaxBlankLines && lines[m].empty()) ++m;
    if (m > count || lines[m].empty()) continue;
    // The rest of a number goes up to where it starts, and closing marks
    // after it. The line above joins in when this one is short: a title's
    // last word may be broken off (…的通 / 知 / 济政字〔2017〕39号).
    std::string_view tail = lines[n];
    if (tail.size() < kContextBytes) {
      std::string_view above = lines[before];
      context.assign(above.substr(above.size() - std::min(above.size(), kContextBytes)));
      context += tail;
      tail = context;
    }
    std::size_t up = number_rest_length(tail, lines[m]);
    up += leading_run(lines[m].substr(up));
    if (up > 0) {
      std::vector<Piece> rest = split(m, up);
      std::vector<Piece> head = std::move(pieces[m]);
      pieces[m] = std::move(rest);
      own(n);
      pieces[n].insert(pieces[n].end(), head.begin(), head.end());
      owned[n] += owned[m].substr(0, up);
      owned[m].erase(0, up);
      lines[n] = owned[n];
      lines[m] = owned[m];
      moved = true;
      continue;
    }
    // Opening marks left at a line's end go down to the text they open - a
    // few of them: a run that was carried down would be carried again from
    // the next line, and lines of 《 alone would copy the run once per line.
    const std::size_t down = trailing_open_run(lines[n]);
    if (down < lines[n].size() && lines[n].size() - down <= kMaxCarriedBytes) {
      std::vector<Piece> rest = split(n, down);
      own(m);
      pieces[m].insert(pieces[m].begin(), rest.begin(), rest.end());
      owned[m].insert(0, owned[n].substr(down));
      owned[n].erase(down);
      lines[n] = owned[n];
      lines[m] = owned[m];
      moved = true;
    }
  }
  if (!moved) return;

  std::string text;
  text.reserve(text_.size());
  std::vector<std::uint32_t> offsets;
  offsets.reserve(line_offsets_.size());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> anchors;
  const auto anchor = [&](std::uint32_t at, std::size_t original) {
    const auto o = static_cast<std::uint32_t>(original);
    // An anchor the last one implies (the distance unchanged) is left out:
    // every line end is offered one, and a large file has millions of lines.
    if (!anchors.empty() && anchors.back().first < at &&
        anchors.back().second + (at - anchors.back().first) == o) {
      return;
    }
    if (!anchors.empty() && anchors.back().first == at) {
      anchors.back().second = o;
    } else {
      anchors.push_back({at, o});
    }
  };
  // Pieces come in the order of their normalized offsets (text moves across
  // a line break, never past other text), and so do line ends: each of the
  // two walks the old anchors with its own cursor, as to_original() would
  // find them, instead of a binary search per piece and per line.
  const auto advance = [&](std::size_t& cursor, std::size_t offset) {
    if (anchors_[cursor].first > offset) cursor = 0;  // not in order after all: start over
    while (cursor + 1 < anchors_.size() && anchors_[cursor + 1].first <= offset) ++cursor;
  };
  const auto original = [&](std::size_t cursor, std::size_t offset) {
    return anchors_[cursor].second + (offset - anchors_[cursor].first);
  };
  std::size_t piece_cursor = 0;
  std::size_t end_cursor = 0;
  const auto append_piece = [&](const Piece& p) {
    const auto at = static_cast<std::uint32_t>(text.size());
    advance(piece_cursor, p.begin);
    anchor(at, original(piece_cursor, p.begin));
    for (std::size_t k = piece_cursor + 1; k < anchors_.size() && anchors_[k].first < p.end; ++k) {
      anchor(at + (anchors_[k].first - p.begin), anchors_[k].second);
    }
    text.append(text_, p.begin, p.end - p.begin);
  };
  for (int n = 1; n <= count; ++n) {
    offsets.push_back(static_cast<std::uint32_t>(text.size()));
    if (changed[n]) {
      for (const Piece& p : pieces[n]) append_piece(p);
    } else if (!lines[n].empty()) {
      append_piece({line_offsets_[n - 1], line_offsets_[n] - 1});
    }
    // The line's '\n' stands for its own line end in the original.
    advance(end_cursor, line_offsets_[n] - 1);
    anchor(static_cast<std::uint32_t>(text.size()), original(end_cursor, line_offsets_[n] - 1));
    text += '\n';
  }
  offsets.push_back(static_cast<std::uint32_t>(text.size()));
  text_ = std::move(text);
  line_offsets_ = std::move(offsets);
  anchors_ = std::move(anchors);
}

// --- NormalizedText ----------------------------------------------------------

int NormalizedText::line_at(std::size_t offset) const {
  if (line_count() == 0) return 0;
  const auto last_start = line_offsets_.end() - 1;
  const auto it = std::upper_bound(line_offsets_.begin(), last_start, offset);
  return std::max(1, static_cast<int>(it - line_offsets_.begin()));
}

std::size_t NormalizedText::to_original(std::size_t offset) const {
  if (anchors_.empty()) return offset;
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), offset,
                             [](std::size_t o, const auto& a) { return o < a.first; });
  if (it != anchors_.begin()) --it;
  return it->second + (offset - it->first);
}

namespace {

// What one of the three-byte sequences the normalizer looks at becomes:
// dropped (a space of some width, the BOM), folded to `folded`, or kept.
struct ThreeBytes {
  bool drop = false;
  char32_t folded = 0;
};

// U+1000..U+1FFF: the Ogham space mark U+1680.
ThreeBytes classify_e1(unsigned char b1, unsigned char b2) { return {b1 == 0x9A && b2 == 0x80, 0}; }

// U+2000..U+2FFF: the spaces and invisible marks of General Punctuation, and
// the radicals that fold to ideographs.
ThreeBytes classify_e2(unsigned char b1, unsigned char b2, const FoldTable& fold) {
  if (b2 < 0x80 || b2 > 0xBF) return {};  // not a continuation byte
  if (b1 == 0x80) return {b2 <= 0x8D || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF, 0};  // U+2000..
  if (b1 == 0x81) return {b2 == 0x9F || b2 == 0xA0, 0};  // U+205F, U+2060
  if (b1 >= 0xBA && b1 <= 0xBF) {
    const char32_t c = 0x2000 + ((b1 & 0x3Fu) << 6) + (b2 & 0x3Fu);
    if (c <= kRadicalsLast) return {false, fold.radicals[c - kRadicalsFirst]};
  }
  return {};
}

// U+3000..U+3FFF: the ideographic space U+3000.
ThreeBytes classify_e3(unsigned char b1, unsigned char b2) { return {b1 == 0x80 && b2 == 0x80, 0}; }

// U+F000..U+FFFF: the BOM, full-width digits and Latin letters, and the
// compatibility ideographs.
ThreeBytes classify_ef(unsigned char b1, unsigned char b2, const FoldTable& fold) {
  if (b1 == 0xBB && b2 == 0xBF) return {true, 0};                                  // U+FEFF
  if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) return {false, U'0' + (b2 - 0x90)};  // ０-９
  if (b1 == 0xBC && b2 >= 0xA1 && b2 <= 0xBA) return {false, U'A' + (b2 - 0xA1)};  // Ａ-Ｚ
  if (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A) return {false, U'a' + (b2 - 0x81)};  // ａ-ｚ
  if (b1 >= 0xA4 && b1 <= 0xAB && b2 >= 0x80 && b2 <= 0xBF) {
    const char32_t c = 0xF000 + ((b1 & 0x3Fu) << 6) + (b2 & 0x3Fu);
    return {false, fold.compat[c - kCompatFirst]};
  }
  return {};
}

// One pass over the decoded text, a line at a time; normalize() takes the
// parts it builds. The steps of a line: note whether it is a table row, drop
// what a Markdown line may open with (the rest of an HTML comment, a table
// rule, heading marks), then copy it, dropping and folding as the header of
// normalizer.h lists.
class LineNormalizer {
 public:
  explicit LineNormalizer(std::string_view utf8)
      : base_(reinterpret_cast<const unsigned char*>(utf8.data())),
        end_(base_ + utf8.size()),
        fold_(fold_table()) {
    // Output is written through a raw pointer. Invariant: the buffer has room
    // for out_ + (bytes of input left) + 1, since every rule but one shrinks
    // or keeps length; the exception (a 3-byte compat ideograph folding to a
    // 4-byte one) grows the buffer first (put_folded).
    text_.resize(utf8.size() + 1);
    buf_ = reinterpret_cast<unsigned char*>(text_.data());
    anchors_.push_back({0, 0});
  }

  void run() {
    const unsigned char* line_start = base_;
    while (line_start < end_) {
      line_offsets_.push_back(static_cast<std::uint32_t>(out_));
      const auto* nl = static_cast<const unsigned char*>(
          std::memchr(line_start, '\n', static_cast<std::size_t>(end_ - line_start)));
      const unsigned char* const e = nl != nullptr ? nl : end_;
      note_table_row(line_start, e);
      copy_line(skip_line_opening(line_start, e), e);
      buf_[out_++] = '\n';
      if (nl != nullptr) {
        line_start = nl + 1;
      } else {
        line_start = end_;
        note(end_);  // the added '\n' has no original byte
      }
    }
    line_offsets_.push_back(static_cast<std::uint32_t>(out_));
    text_.resize(out_);
  }

  std::string text_;
  std::vector<std::uint32_t> line_offsets_;
  std::vector<bool> table_rows_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> anchors_;

 private:
  // The normalized offset now corresponds to input byte `in`.
  void note(const unsigned char* in) {
    const auto o = static_cast<std::uint32_t>(out_);
    const auto i = static_cast<std::uint32_t>(in - base_);
    if (anchors_.back().first == o) {
      anchors_.back().second = i;
    } else {
      anchors_.push_back({o, i});
    }
  }

  // Writes c for the `len` input bytes at p and moves p past them.
  void put_folded(const unsigned char*& p, std::size_t len, char32_t c) {
    if (c >= 0x10000) {
      const std::size_t needed = out_ + 4 + static_cast<std::size_t>(end_ - (p + len)) + 1;
      if (needed > text_.size()) {
        text_.resize(std::max(needed, text_.size() + text_.size() / 8));
        buf_ = reinterpret_cast<unsigned char*>(text_.data());
      }
    }
    out_ += static_cast<std::size_t>(encode_utf8(buf_ + out_, c));
    p += len;
    note(p);
  }

  // A Markdown table row: | cell | cell |. Its pipes are dropped by
  // copy_line, so the fact is kept per line.
  void note_table_row(const unsigned char* p, const unsigned char* e) {
    while (p < e && is_ascii_blank(*p)) ++p;
    const bool row = p < e && *p == '|' &&
                     std::memchr(p + 1, '|', static_cast<std::size_t>(e - p - 1)) != nullptr;
    if (!row) return;
    table_rows_.resize(line_offsets_.size() + 1, false);
    table_rows_[line_offsets_.size()] = true;
  }

  // Where the line's text starts: past the rest of an HTML comment opened on
  // a line above, past heading marks; at its end when it is a table rule.
  const unsigned char* skip_line_opening(const unsigned char* p, const unsigned char* e) {
    if (in_comment_) {
      const unsigned char* close = find_comment_end(p, e);
      in_comment_ = close == nullptr;
      p = in_comment_ ? e : close;
      note(p);
      return p;
    }
    if (p < e &&
        (*p == '-' || *p == '|' || *p == ':' || *p == '+' || *p == '=' || is_ascii_blank(*p)) &&
        is_table_rule(p, e)) {
      note(e);
      return e;
    }
    const unsigned char* q = p;
    while (q < e && is_ascii_blank(*q)) ++q;
    if (q == e || *q != '#') return p;
    const unsigned char* r = q;
    while (r < e && *r == '#') ++r;
    // An ATX heading needs a blank (or nothing) after its marks; "#1" is text.
    if (r != e && !is_ascii_blank(*r)) return p;
    note(r);
    return r;
  }

  // Copies [p, e) to the output: runs of plain bytes whole, each byte that
  // kClasses marks through special().
  void copy_line(const unsigned char* p, const unsigned char* e) {
    while (p < e) {
      const unsigned char* run = p;
      p = next_marked(p, e);
      if (p > run) {
        std::memcpy(buf_ + out_, run, static_cast<std::size_t>(p - run));
        out_ += static_cast<std::size_t>(p - run);
      }
      if (p < e) p = special(p, e);
    }
  }

  // The byte at p that kClasses marks: dropped, folded, the start of an HTML
  // comment, or (not special after all) copied. Returns where to go on.
  const unsigned char* special(const unsigned char* p, const unsigned char* e) {
    const std::size_t left = static_cast<std::size_t>(e - p);
    const unsigned char b1 = left > 1 ? p[1] : 0;
    const unsigned char b2 = left > 2 ? p[2] : 0;
    ThreeBytes three;
    switch (kClasses[*p]) {
      case kSkip: note(++p); return p;
      case kEmphasis:
        if (b1 != *p) break;
        for (const unsigned char mark = *p; p < e && *p == mark;) ++p;
        note(p);
        return p;
      case kLess:
        if (left < 4 || std::memcmp(p, "<!--", 4) != 0) break;
        if (const unsigned char* close = find_comment_end(p + 4, e)) {
          p = close;
        } else {
          in_comment_ = true;
          p = e;
        }
        note(p);
        return p;
      case kLeadC2:
        if (b1 != 0xA0) break;  // U+00A0
        p += 2;
        note(p);
        return p;
      case kLeadE1: three = classify_e1(b1, b2); break;
      case kLeadE2: three = classify_e2(b1, b2, fold_); break;
      case kLeadE3: three = classify_e3(b1, b2); break;
      case kLeadEF: three = classify_ef(b1, b2, fold_); break;
      default: break;
    }
    if (three.folded != 0) {
      put_folded(p, 3, three.folded);
      return p;
    }
    if (three.drop) {
      p += 3;
      note(p);
      return p;
    }
    // Not special after all: copy the byte; continuation bytes follow as plain.
    buf_[out_++] = *p++;
    return p;
  }

  const unsigned char* const base_;
  const unsigned char* const end_;
  const FoldTable& fold_;
  unsigned char* buf_ = nullptr;
  std::size_t out_ = 0;
  bool in_comment_ = false;
};

}  // namespace

NormalizedText normalize(std::string_view utf8) {
  work_stats().scanned += utf8.size();
  LineNormalizer pass(utf8);
  pass.run();
  NormalizedText t;
  t.text_ = std::move(pass.text_);
  t.line_offsets_ = std::move(pass.line_offsets_);
  t.table_rows_ = std::move(pass.table_rows_);
  t.anchors_ = std::move(pass.anchors_);
  t.repair_breaks();
  return t;
}

// --- FlowText ---------------------------------------------------------------

int FlowText::line_at(std::size_t offset) const {
  if (starts_.empty()) return 0;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const std::size_t index =
      it == starts_.begin() ? 0 : static_cast<std::size_t>(it - starts_.begin()) - 1;
  return lines_[index];
}

std::size_t FlowText::offset_of_line(int n) const {
  const auto it = std::lower_bound(lines_.begin(), lines_.end(), n);
  if (it == lines_.end()) return text_.size();
  return starts_[static_cast<std::size_t>(it - lines_.begin())];
}

FlowText join_lines(const NormalizedText& t, int first, int last) {
  return join_lines(t, first, last, {});
}

FlowText join_lines(const NormalizedText& t, int first, int last, const std::vector<bool>& skip) {
  FlowText f;
  first = std::max(first, 1);
  last = std::min(last, t.line_count());
  if (first > last) return f;
  f.text_.reserve(t.line_offset(last + 1) - t.line_offset(first));
  for (int n = first; n <= last; ++n) {
    const std::string_view line = t.line(n);
    if (line.empty()) continue;
    if (static_cast<std::size_t>(n) < skip.size() && skip[n]) continue;
    f.starts_.push_back(static_cast<std::uint32_t>(f.text_.size()));
    f.lines_.push_back(n);
    f.text_.append(line);
  }
  work_stats().scanned += f.text_.size();
  return f;
}

}  // namespace pg
