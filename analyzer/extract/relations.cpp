#include "analyzer/extract/relations.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

#include "analyzer/data/tables.h"
#include "analyzer/extract/citations.h"
#include "analyzer/read/normalizer.h"
#include "graphs/base/text.h"
#include "graphs/base/utf8.h"
#include "graphs/base/work_stats.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pg {
namespace {

// How a cue row of cues.tsv is read; the header of that file explains each.
enum class CueKind { kRelation, kPurpose, kPurposeStrong, kTailStrong, kTailWeak, kModifier };
enum class CuePos { kBefore, kAdjacent, kBeforePurpose, kAfter, kClauseAfter };

struct Cue {
  CueKind kind = CueKind::kRelation;
  RelationType type = RelationType::kCites;  // for kRelation
  CuePos pos = CuePos::kBefore;
  std::string_view phrase;       // with {type}: the text before the slot
  bool has_slot = false;         // the phrase ends in a {type} slot
  std::string_view slot_suffix;  // text after the slot
};

constexpr std::string_view kTypeSlot = "{type}";

// A phrase with {type} stands for the phrase with a document type of
// doc_types.tsv in that place, alone or after a qualifier of
// cue_qualifiers.tsv: 制定本{type} matches 制定本办法, 制定本实施细则 and
// 制定本法, not 制定本地区. Returns the length of the slot's match at the
// start of `text`, or 0.
std::size_t match_type_slot(std::string_view text) {
  static const auto words = [] {
    std::pair<std::vector<std::string_view>, std::vector<std::string_view>> w;
    w.first.push_back("");
    for (const auto& row : tsv_rows("cue_qualifiers.tsv")) {
      if (!row.empty() && !row[0].empty()) w.first.push_back(row[0]);
    }
    for (const auto& row : tsv_rows("doc_types.tsv")) {
      if (!row.empty() && !row[0].empty()) w.second.push_back(row[0]);
    }
    return w;
  }();
  std::size_t best = 0;
  for (std::string_view q : words.first) {
    if (!text.starts_with(q)) continue;
    for (std::string_view t : words.second) {
      if (text.substr(q.size()).starts_with(t)) best = std::max(best, q.size() + t.size());
    }
  }
  return best;
}

const std::vector<Cue>& cues() {
  // Loaded once from the embedded table; rows with an unknown type or
  // position are ignored rather than guessed.
  static const std::vector<Cue> table = [] {
    std::vector<Cue> out;
    for (const auto& row : tsv_rows("cues.tsv")) {
      if (row.size() < 3 || row[2].empty()) continue;
      Cue c;
      std::string_view kind = row[0];
      if (kind == "purpose") {
        c.kind = CueKind::kPurpose;
      } else if (kind == "purpose_strong") {
        c.kind = CueKind::kPurposeStrong;
      } else if (kind == "tail_strong") {
        c.kind = CueKind::kTailStrong;
      } else if (kind == "tail_weak") {
        c.kind = CueKind::kTailWeak;
      } else if (kind == "modifier") {
        c.kind = CueKind::kModifier;
      } else if (auto t = parse_relation_type(kind)) {
        c.type = *t;
      } else {
        continue;
      }
      std::string_view pos = row[1];
      if (pos == "before") {
        c.pos = CuePos::kBefore;
      } else if (pos == "adjacent") {
        c.pos = CuePos::kAdjacent;
      } else if (pos == "before_purpose") {
        c.pos = CuePos::kBeforePurpose;
      } else if (pos == "after") {
        c.pos = CuePos::kAfter;
      } else if (pos == "clause_after") {
        c.pos = CuePos::kClauseAfter;
      } else {
        continue;
      }
      c.phrase = row[2];
      if (auto slot = c.phrase.find(kTypeSlot); slot != std::string_view::npos) {
        c.slot_suffix = c.phrase.substr(slot + kTypeSlot.size());
        c.phrase = c.phrase.substr(0, slot);
        c.has_slot = true;
      }
      out.push_back(c);
    }
    return out;
  }();
  return table;
}

// The relation cues read before a reference (positions before, adjacent,
// before_purpose), as indices into cues() in table order: by the last byte of
// their phrase, so that one pass back from the reference finds them all; a
// phrase that is all {type} slot (empty) would end anywhere.
struct CuesBefore {
  std::array<std::vector<std::size_t>, 256> by_last_byte;
  std::vector<std::size_t> empty;
};

const CuesBefore& cues_before() {
  static const CuesBefore table = [] {
    CuesBefore out;
    const std::vector<Cue>& all = cues();
    for (std::size_t i = 0; i < all.size(); ++i) {
      const Cue& c = all[i];
      if (c.kind != CueKind::kRelation) continue;
      if (c.pos != CuePos::kBefore && c.pos != CuePos::kAdjacent &&
          c.pos != CuePos::kBeforePurpose) {
        continue;
      }
      if (c.phrase.empty()) {
        out.empty.push_back(i);
      } else {
        out.by_last_byte[static_cast<unsigned char>(c.phrase.back())].push_back(i);
      }
    }
    return out;
  }();
  return table;
}

bool is_sentence_end(char32_t c) {
  return c == U'。' || c == U'；' || c == U'！' || c == U'？' || c == U';' || c == U'!' ||
         c == U'?';
}

// Clause marks: 、 is not one, it joins the items of a list.
bool is_clause_break(char32_t c) {
  return is_sentence_end(c) || c == U'，' || c == U',' || c == U'：' || c == U':';
}

bool is_open_mark(char32_t c) { return c == U'（' || c == U'(' || c == U'《' || c == U'〈'; }
bool is_close_mark(char32_t c) { return c == U'）' || c == U')' || c == U'》' || c == U'〉'; }

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first offset in [i, to) whose byte may start a mark that clause_end
// and sentence_bounds look for, or `to`: E3 or EF (the lead bytes of every
// full-width mark they test) or a byte in 21-3F (their ASCII marks, and some
// that are none). Neither kind is a continuation byte, so each starts a
// character as next_code_point steps through any text: stepping from one such
// byte to the next passes over characters that are no mark.
std::size_t next_mark_candidate(std::string_view s, std::size_t i, std::size_t to) {
  const std::size_t limit = std::min(to, s.size());
  const auto candidate = [](unsigned char b) {
    return b == 0xE3 || b == 0xEF || (b >= 0x21 && b <= 0x3F);
  };
#if defined(__SSE2__)
  for (; i + 16 <= limit; i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i lead = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xE3))),
                                      _mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xEF))));
    const __m128i ascii = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(0x20)),
                                        _mm_cmplt_epi8(b, _mm_set1_epi8(0x40)));
    if (const int mask = _mm_movemask_epi8(_mm_or_si128(lead, ascii)); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < limit; ++i) {
    if (candidate(static_cast<unsigned char>(s[i]))) return i;
  }
  return to;
}

// Offset of the first clause mark in [from, to) outside brackets and titles
// (（法释〔2009〕19号，以下简称《解释》） is one piece), or `to`.
std::size_t clause_end(std::string_view flow, std::size_t from, std::size_t to) {
  int depth = 0;
  std::size_t i = from;
  while (i < to) {
    i = next_mark_candidate(flow, i, to);
    if (i >= to) break;
    std::size_t at = i;
    char32_t c = next_code_point(flow, i);
    if (is_open_mark(c)) {
      ++depth;
    } else if (is_close_mark(c)) {
      if (depth > 0) --depth;
    } else if (depth == 0 && is_clause_break(c)) {
      return at;
    }
  }
  return to;
}

// Offset just past the last clause mark in [from, to) outside brackets and
// titles, or `from`.
std::size_t clause_begin(std::string_view flow, std::size_t from, std::size_t to) {
  int depth = 0;
  std::size_t i = to;
  while (i > from) {
    std::size_t past = i;
    char32_t c = prev_code_point(flow, i);
    if (is_close_mark(c)) {
      ++depth;
    } else if (is_open_mark(c)) {
      if (depth > 0) --depth;
    } else if (depth == 0 && is_clause_break(c)) {
      return past;
    }
  }
  return from;
}

// Everything classify_reference looks at for one reference.
class Reading {
 public:
  explicit Reading(const ReferenceContext& ctx) : ctx_(ctx), flow_(ctx.flow) {
    auto [b, e] = sentence_bounds(flow_, ctx.begin, ctx.end);
    // A colon also ends the reach of a cue: 现就…解释如下：第一条…依照《X》
    // is one sentence by its marks, but the opening's 根据 does not govern
    // the article after the colon, nor does its tail.
    scope_begin_ = b;
    scope_end_ = e;
    std::size_t i = ctx.begin;
    while (i > b) {
      std::size_t past = i;
      char32_t c = prev_code_point(flow_, i);
      if (c == U'：' || c == U':') {
        scope_begin_ = past;
        break;
      }
    }
    i = ctx.end;
    while (i < e) {
      std::size_t at = i;
      char32_t c = next_code_point(flow_, i);
      if (c == U'：' || c == U':') {
        scope_end_ = at;
        break;
      }
    }
    // Cue words inside other titles are part of those titles, not cues:
    // 《山东省人民政府关于贯彻国发〔2016〕14号文件…》 does not make the title
    // after it implemented.
    std::string_view scope = flow_.substr(scope_begin_, scope_end_ - scope_begin_);
    for (const TitleMention& t : find_titles(scope)) {
      std::size_t tb = scope_begin_ + t.begin;
      std::size_t te = scope_begin_ + t.end;
      if (te <= ctx.begin || tb >= ctx.end) masks_.emplace_back(tb, te);
    }
  }

  RelationType classify() const {
    if (is_modifier()) return RelationType::kCites;

    std::optional<Cue> before = nearest_before();
    if (before) {
      switch (before->type) {
        case RelationType::kRepeals:
        case RelationType::kForwards: return before->type;
        case RelationType::kAmends: return RelationType::kAmends;
        default: break;
      }
    }
    // 《A》、《B》……同时废止: a repeal after the reference reaches every
    // title before it in the sentence, across the dates and issuers printed
    // with each.
    if (find_after(RelationType::kRepeals, false)) {
      return is_partial() ? RelationType::kAmends : RelationType::kRepeals;
    }
    if (find_after(RelationType::kAmends, true)) return RelationType::kAmends;

    if (before) {
      switch (before->type) {
        case RelationType::kBasedOn:
          // Only the document's own statement of its basis; 根据《X》规定
          // inside a provision is a plain citation.
          return (has_tail(CueKind::kTailStrong) ||
                  (ctx_.in_opening && has_tail(CueKind::kTailWeak)))
                     ? RelationType::kBasedOn
                     : RelationType::kCites;
        case RelationType::kImplements:
          // 按照《X》规定 applies a rule; 按照《X》要求/部署/精神 carries it out.
          if (before->pos == CuePos::kBeforePurpose && !has_purpose_word()) {
            return RelationType::kCites;
          }
          // 贯彻落实《X》精神 is the set phrase for carrying out a superior
          // document, wherever the sentence stands.
          if (before->pos != CuePos::kBeforePurpose &&
              has_cue_after(CueKind::kPurposeStrong, clause_end(flow_, ctx_.end, scope_end_))) {
            return RelationType::kImplements;
          }
          return states_purpose() ? RelationType::kImplements : RelationType::kCites;
        default: return RelationType::kCites;
      }
    }
    // No cue before it: 为有效促进《X》落地实施, 现将《X》转发给你们.
    if (find_after(RelationType::kImplements, true)) {
      return states_purpose() ? RelationType::kImplements : RelationType::kCites;
    }
    if (find_after(RelationType::kForwards, true)) return RelationType::kForwards;
    return RelationType::kCites;
  }

 private:
  bool masked(std::size_t b, std::size_t e) const {
    return std::any_of(masks_.begin(), masks_.end(),
                       [&](const auto& m) { return b < m.second && e > m.first; });
  }

  // The first unmasked occurrence of `phrase` in [from, to), or npos.
  std::size_t find_unmasked(std::string_view phrase, std::size_t from, std::size_t to) const {
    std::string_view region = flow_.substr(0, to);
    std::size_t p = find_text(region, phrase, from);
    while (p != std::string_view::npos) {
      if (!masked(p, p + phrase.size())) return p;
      p = find_text(region, phrase, p + 1);
    }
    return std::string_view::npos;
  }

  static bool is_change(RelationType t) {
    return t == RelationType::kRepeals || t == RelationType::kAmends;
  }

  // 制定或者修改《X》, 修改或者废止《X》: a verb among alternatives states a
  // power (who may change X), not a change this document makes.
  bool is_alternative(std::size_t begin, std::size_t end) const {
    std::string_view before = flow_.substr(scope_begin_, begin - scope_begin_);
    std::string_view after = flow_.substr(end, ctx_.begin > end ? ctx_.begin - end : 0);
    for (std::string_view w : {"或者", "或"}) {
      if (before.ends_with(w) || after.starts_with(w)) return true;
    }
    return false;
  }

  // An occurrence [p, e) of relation cue `c` before the reference counts
  // when it is not inside another title, touches the reference when the cue
  // is adjacent (关于修改《X》, not 修改的《X》), and is not a change among
  // alternatives.
  bool counts_before(const Cue& c, std::size_t p, std::size_t e) const {
    if (masked(p, e) || (c.pos == CuePos::kAdjacent && e != ctx_.begin)) return false;
    return !(is_change(c.type) && is_alternative(p, e));
  }

  // The relation cue nearest before the reference: the one that ends last,
  // the longer phrase on a tie (贯彻落实 over 落实), the first in cues.tsv on
  // a tie of both. One pass back from the reference over the sentence: at
  // each end, the cues whose phrase ends in that byte; the first end with
  // one that counts is the nearest.
  std::optional<Cue> nearest_before() const {
    // Search the sentence only: a pass over the whole flow would make every
    // reference cost the length of the document.
    std::string_view region = flow_.substr(scope_begin_, ctx_.begin - scope_begin_);
    const CuesBefore& table = cues_before();
    const std::vector<Cue>& all = cues();
    for (std::size_t end = region.size() + 1; end-- > 0;) {
      const Cue* best = nullptr;
      std::size_t best_index = 0;
      const auto consider = [&](std::size_t i) {
        const Cue& c = all[i];
        const std::size_t m = c.phrase.size();
        if (m > end || region.compare(end - m, m, c.phrase) != 0) return;
        if (!counts_before(c, scope_begin_ + end - m, scope_begin_ + end)) return;
        if (!best || m > best->phrase.size() || (m == best->phrase.size() && i < best_index)) {
          best = &c;
          best_index = i;
        }
      };
      if (end > 0) {
        for (std::size_t i : table.by_last_byte[static_cast<unsigned char>(region[end - 1])]) {
          consider(i);
        }
      }
      for (std::size_t i : table.empty) consider(i);
      if (best) {
        work_stats().searched += region.size() - end;
        return *best;
      }
    }
    work_stats().searched += region.size();
    return std::nullopt;
  }

  // A relation cue of `type` after the reference (in its clause when
  // `same_clause`, otherwise anywhere in the sentence).
  bool find_after(RelationType type, bool same_clause) const {
    std::size_t limit = same_clause ? clause_end(flow_, ctx_.end, scope_end_) : scope_end_;
    for (const Cue& c : cues()) {
      if (c.kind != CueKind::kRelation || c.type != type) continue;
      bool wanted = same_clause ? c.pos == CuePos::kClauseAfter : c.pos == CuePos::kAfter;
      if (!wanted) continue;
      if (find_unmasked(c.phrase, ctx_.end, limit) != std::string_view::npos) return true;
    }
    return false;
  }

  bool has_cue_after(CueKind kind, std::size_t limit) const {
    for (const Cue& c : cues()) {
      if (c.kind != kind) continue;
      if (c.has_slot ? find_slot_phrase(c, ctx_.end, limit)
                     : find_unmasked(c.phrase, ctx_.end, limit) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

  // A {type} phrase in [from, to): its fixed part, then a document type.
  bool find_slot_phrase(const Cue& c, std::size_t from, std::size_t to) const {
    std::size_t p = find_unmasked(c.phrase, from, to);
    while (p != std::string_view::npos) {
      std::string_view rest = flow_.substr(0, to).substr(p + c.phrase.size());
      std::size_t n = match_type_slot(rest);
      if (n > 0 && rest.substr(n).starts_with(c.slot_suffix)) return true;
      p = find_unmasked(c.phrase, p + 1, to);
    }
    return false;
  }

  bool has_tail(CueKind kind) const { return has_cue_after(kind, scope_end_); }

  bool has_purpose_word() const {
    return has_cue_after(CueKind::kPurpose, clause_end(flow_, ctx_.end, scope_end_));
  }

  // implements needs the sentence to state the purpose of the whole
  // document: the caller says so (in_opening), or a tail such as 制定本办法
  // says it wherever the sentence stands.
  bool states_purpose() const { return ctx_.in_opening || has_tail(CueKind::kTailStrong); }

  // 根据《关于修改〈X〉的决定》修正的《X》: the first title only says how the
  // second was amended; whatever the sentence does (同时废止) is done to the
  // second. Read as: the text up to the next 《 is one unbroken phrase ending
  // in a modifier cue.
  bool is_modifier() const {
    std::size_t next = flow_.substr(0, scope_end_).find("《", ctx_.end);
    if (next == std::string_view::npos) return false;
    std::string_view gap = flow_.substr(ctx_.end, next - ctx_.end);
    std::size_t i = 0;
    while (i < gap.size()) {
      char32_t c = next_code_point(gap, i);
      if (is_clause_break(c) || c == U'、') return false;
    }
    for (const Cue& c : cues()) {
      if (c.kind == CueKind::kModifier && gap.ends_with(c.phrase)) return true;
    }
    return false;
  }

  // 《X》（法释〔2015〕11号）第一条…不再适用: the cue ends some provisions
  // only; the target stays in force with a changed text, so it is amended.
  bool is_partial() const {
    std::size_t i = ctx_.end;
    std::string_view rest = flow_.substr(0, scope_end_);
    std::size_t j = i;
    if (j < rest.size()) {
      char32_t c = next_code_point(rest, j);
      if (c == U'（' || c == U'(') {
        int depth = 1;
        while (j < rest.size() && depth > 0) {
          char32_t d = next_code_point(rest, j);
          if (d == U'（' || d == U'(') ++depth;
          if (d == U'）' || d == U')') --depth;
        }
        i = j;
      }
    }
    return rest.substr(i).starts_with("第");
  }

  // The words of repealed_parts.tsv, by kind.
  struct PartWords {
    std::vector<std::string_view> lead, unit, numeral, joiner, annex, topic, topic_end, some;
  };
  static const PartWords& part_words() {
    static const PartWords words = [] {
      PartWords w;
      for (const auto& row : tsv_rows("repealed_parts.tsv")) {
        if (row.size() < 2 || row[1].empty()) continue;
        std::string_view k = row[0];
        auto* list = k == "lead"        ? &w.lead
                     : k == "unit"      ? &w.unit
                     : k == "numeral"   ? &w.numeral
                     : k == "joiner"    ? &w.joiner
                     : k == "annex"     ? &w.annex
                     : k == "topic"     ? &w.topic
                     : k == "topic_end" ? &w.topic_end
                     : k == "some"      ? &w.some
                                        : nullptr;
        if (list) list->push_back(row[1]);
      }
      return w;
    }();
    return words;
  }

  // The length of the longest word of `words` that `s` starts with, or 0.
  static std::size_t starts_with_any(std::string_view s,
                                     const std::vector<std::string_view>& words) {
    std::size_t best = 0;
    for (std::string_view w : words) {
      if (s.starts_with(w)) best = std::max(best, w.size());
    }
    return best;
  }

  // The number of a part at the start of `s`: digits (ASCII or full-width),
  // numerals, or one of them in brackets (第（一）项); its length or 0.
  static std::size_t part_number(std::string_view s) {
    const PartWords& w = part_words();
    std::size_t i = 0;
    for (;;) {
      if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ++i;
      } else if (s.substr(i).starts_with("\xEF\xBC") && i + 2 < s.size() &&
                 static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
                 static_cast<unsigned char>(s[i + 2]) <= 0x99) {
        i += 3;  // ０-９
      } else if (std::size_t n = starts_with_any(s.substr(i), w.numeral); n > 0) {
        i += n;
      } else {
        break;
      }
    }
    if (i > 0) return i;
    for (auto [open, close] : {std::pair{"（", "）"}, std::pair{"(", ")"}}) {
      std::string_view o = open;
      if (!s.starts_with(o)) continue;
      std::size_t n = part_number(s.substr(o.size()));
      if (n > 0 && s.substr(o.size() + n).starts_with(close)) {
        return o.size() + n + std::string_view(close).size();
      }
    }
    return 0;
  }

  // A part named by numbers at the start of `s`: 第十条、第十二条,
  // 第一条第一款第（一）项、第二款和第二条第二款, 第十条至第十二条, 附件2,
  // 附件1、附件3; its length or 0. A joiner counts only when a part follows it.
  static std::size_t numbered_part(std::string_view s) {
    const PartWords& w = part_words();
    std::size_t end = 0;
    std::size_t i = 0;
    bool after_joiner = false;
    for (;;) {
      std::string_view rest = s.substr(i);
      std::size_t item = 0;
      if (rest.starts_with("第")) {
        std::size_t n = part_number(rest.substr(3));
        std::size_t u = n > 0 ? starts_with_any(rest.substr(3 + n), w.unit) : 0;
        if (u > 0) item = 3 + n + u;
      } else if (std::size_t a = starts_with_any(rest, w.annex); a > 0) {
        item = a + part_number(rest.substr(a));
      } else if (after_joiner) {
        // 第十条、十二条: the 第 of a later item may be left out.
        std::size_t n = part_number(rest);
        std::size_t u = n > 0 ? starts_with_any(rest.substr(n), w.unit) : 0;
        if (u > 0) item = n + u;
      }
      if (item == 0) {
        if (end == 0 || after_joiner) break;
        std::size_t j = starts_with_any(rest, w.joiner);
        if (j == 0) break;
        i += j;
        after_joiner = true;
        continue;
      }
      i += item;
      end = i;
      after_joiner = false;
    }
    return end;
  }

  // A part named by its subject at the start of `s` (关于…的规定), ending at
  // the last topic_end word in `s`; its length or 0.
  static std::size_t topic_part(std::string_view s) {
    const PartWords& w = part_words();
    if (starts_with_any(s, w.topic) == 0) return 0;
    std::size_t best = 0;
    for (std::string_view e : w.topic_end) {
      std::size_t at = rfind_text(s, e);
      if (at != std::string_view::npos) best = std::max(best, at + e.size());
    }
    return best;
  }

 public:
  // The part of the target a repeal ends (see repealed_part in the header).
  std::optional<std::string> repealed_part() const {
    if (is_modifier()) return std::nullopt;
    const std::size_t clause = clause_end(flow_, ctx_.end, scope_end_);
    // The cue: a repeal after the reference in its clause, else a repeal
    // before it (废止《X》第十条).
    std::size_t limit = std::string_view::npos;
    for (const Cue& c : cues()) {
      if (c.kind != CueKind::kRelation || c.type != RelationType::kRepeals ||
          c.pos != CuePos::kAfter) {
        continue;
      }
      std::size_t p = find_unmasked(c.phrase, ctx_.end, clause);
      if (p != std::string_view::npos) limit = std::min(limit, p);
    }
    if (limit == std::string_view::npos) {
      std::optional<Cue> before = nearest_before();
      if (!before || before->type != RelationType::kRepeals) return std::nullopt;
      limit = clause;
    }
    std::size_t start = past_bracket(ctx_.end, limit);
    std::string_view rest = flow_.substr(start, limit - start);
    const PartWords& w = part_words();
    for (int k = 0; k < 2; ++k) {
      std::size_t n = starts_with_any(rest, w.lead);
      // 《X》的第十条, but not 《X》的规定: a lead counts before a part only.
      if (n == 0) break;
      rest.remove_prefix(n);
    }
    std::size_t len = numbered_part(rest);
    if (len == 0) len = topic_part(rest);
    if (len == 0) len = starts_with_any(rest, w.some);
    if (len == 0) return std::nullopt;
    // Between the part and the cue the sentence names no other instrument:
    // 《X》第十条所列《Y》同时废止 repeals Y, not part of X.
    std::string_view filler = rest.substr(len);
    for (std::string_view mark : {"《", "〈", "〔"}) {
      if (find_text(filler, mark) != std::string_view::npos) return std::nullopt;
    }
    std::string_view part = rest.substr(0, len);
    constexpr std::size_t kMaxPartChars = 80;
    std::size_t cut = advance_part(part, kMaxPartChars);
    if (cut < part.size()) return std::string(part.substr(0, cut)) + "…";
    return std::string(part);
  }

 private:
  // Past a bracket right after the reference (its number: 《X》（X政发〔2015〕3号）),
  // or `from` when none follows.
  std::size_t past_bracket(std::size_t from, std::size_t limit) const {
    std::string_view rest = flow_.substr(0, limit);
    std::size_t j = from;
    if (j >= rest.size()) return from;
    char32_t c = next_code_point(rest, j);
    if (c != U'（' && c != U'(') return from;
    int depth = 1;
    while (j < rest.size() && depth > 0) {
      char32_t d = next_code_point(rest, j);
      if (d == U'（' || d == U'(') ++depth;
      if (d == U'）' || d == U')') --depth;
    }
    return depth == 0 ? j : from;
  }

  // The offset of the first n code points of s.
  static std::size_t advance_part(std::string_view s, std::size_t n) {
    std::size_t i = 0;
    while (n > 0 && i < s.size()) {
      next_code_point(s, i);
      --n;
    }
    return i;
  }

  const ReferenceContext& ctx_;
  std::string_view flow_;
  std::size_t scope_begin_ = 0;
  std::size_t scope_end_ = 0;
  std::vector<std::pair<std::size_t, std::size_t>> masks_;
};

// Code points in s: the bytes that are not continuation bytes (80-BF),
// sixteen at a time.
std::size_t count_chars(std::string_view s) {
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i below_continuation = _mm_set1_epi8(static_cast<char>(0xBF));  // -65
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // Signed, 80-BF are -128..-65: every other byte is greater than -65.
    count += static_cast<std::size_t>(__builtin_popcount(
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(v, below_continuation)))));
  }
#endif
  for (; i < s.size(); ++i) count += !is_continuation_byte(s[i]);
  return count;
}

// Moves `pos` forward (or back) by up to n code points within [lo, hi].
std::size_t advance_chars(std::string_view s, std::size_t pos, std::size_t n, std::size_t hi) {
  while (n > 0 && pos < hi) {
    next_code_point(s, pos);
    --n;
  }
  return std::min(pos, hi);
}
std::size_t retreat_chars(std::string_view s, std::size_t pos, std::size_t n, std::size_t lo) {
  while (n > 0 && pos > lo) {
    prev_code_point(s, pos);
    --n;
  }
  return std::max(pos, lo);
}

constexpr std::size_t kMaxQuoteChars = 120;

// Past the last 、 or ， in [pos, limit) - the start of the reference's own
// list item (四、废止《X》) - failing that, past the first 》 or ）; pos when
// there is neither.
std::size_t snap_forward(std::string_view s, std::size_t pos, std::size_t limit) {
  std::size_t mark = std::string_view::npos;
  std::size_t close = std::string_view::npos;
  std::size_t i = pos;
  while (i < limit) {
    char32_t c = next_code_point(s, i);
    if (c == U'、' || c == U'，') mark = i;
    if (close == std::string_view::npos && (c == U'》' || c == U'）' || c == U')')) close = i;
  }
  if (mark != std::string_view::npos) return std::min(mark, limit);
  return close == std::string_view::npos ? pos : std::min(close, limit);
}

// At the last 、，《（ in (limit, pos], or pos when there is none.
std::size_t snap_back(std::string_view s, std::size_t pos, std::size_t limit) {
  std::size_t i = pos;
  while (i > limit) {
    char32_t c = prev_code_point(s, i);
    if (c == U'、' || c == U'，' || c == U'《' || c == U'（' || c == U'(') {
      return std::max(i, limit);
    }
  }
  return pos;
}

}  // namespace

RelationType classify_reference(const ReferenceContext& ctx) {
  if (ctx.begin > ctx.end || ctx.end > ctx.flow.size()) return RelationType::kCites;
  return Reading(ctx).classify();
}

std::optional<std::string> repealed_part(const ReferenceContext& ctx) {
  if (ctx.begin > ctx.end || ctx.end > ctx.flow.size()) return std::nullopt;
  return Reading(ctx).repealed_part();
}

constexpr std::size_t kMaxSentenceReach = 3 * 400;

// The sentence excludes its closing mark; a mark inside the reference itself
// (a title never holds one, a bracket after it may) does not end it.
std::pair<std::size_t, std::size_t> sentence_bounds(std::string_view flow, std::size_t ref_begin,
                                                    std::size_t ref_end) {
  ref_end = std::min(ref_end, flow.size());
  ref_begin = std::min(ref_begin, ref_end);
  // Text without sentence marks (a run of titles or digits) would make every
  // reference scan all of it; a sentence reaches at most kMaxSentenceReach
  // bytes either side of the reference, on a character boundary.
  const std::size_t floor = ref_begin > kMaxSentenceReach ? ref_begin - kMaxSentenceReach : 0;
  const std::size_t ceiling = std::min(flow.size(), ref_end + kMaxSentenceReach);
  std::size_t begin = 0;
  std::size_t i = ref_begin;
  while (i > 0) {
    std::size_t past = i;
    if (i <= floor) {
      begin = i;
      break;
    }
    if (is_sentence_end(prev_code_point(flow, i))) {
      begin = past;
      break;
    }
  }
  std::size_t end = flow.size();
  i = ref_end;
  // From one byte that may start a mark to the next while one comes before
  // the ceiling; then character by character, to stop at the first character
  // boundary at or past it.
  bool stepping = false;
  while (i < flow.size()) {
    if (i >= ceiling) {
      end = i;
      break;
    }
    if (!stepping) {
      const std::size_t next = next_mark_candidate(flow, i, ceiling);
      if (next < ceiling) {
        i = next;
      } else {
        stepping = true;
      }
    }
    std::size_t at = i;
    if (is_sentence_end(next_code_point(flow, i))) {
      end = at;
      break;
    }
  }
  work_stats().sentences += end - begin;
  return {begin, end};
}

// The clause of the reference (from the mark before it, so that the cue
// word 根据/按照/废止 is in the quote) and the clauses after it up to the end
// of the sentence while the quote stays within kMaxQuoteChars: 根据《X》等有关
// 规定，结合我市实际，制定本办法. A clause that is too long alone is cut
// around the reference on character boundaries.
std::string evidence_quote(std::string_view flow, std::size_t ref_begin, std::size_t ref_end) {
  ref_end = std::min(ref_end, flow.size());
  ref_begin = std::min(ref_begin, ref_end);
  auto [sb, se] = sentence_bounds(flow, ref_begin, ref_end);
  std::size_t begin = clause_begin(flow, sb, ref_begin);
  std::size_t end = clause_end(flow, ref_end, se);
  // Take further clauses while they fit (the characters of [begin, end)
  // counted as clauses are added, each byte once).
  std::size_t chars = count_chars(flow.substr(begin, end - begin));
  while (end < se) {
    std::size_t mark_end = end;
    char32_t mark = next_code_point(flow, mark_end);
    // 解释如下：第一条… - what follows a colon is another statement.
    if (mark == U'：' || mark == U':') break;
    std::size_t next = clause_end(flow, mark_end, se);
    const std::size_t with_next = chars + count_chars(flow.substr(end, next - end));
    if (with_next > kMaxQuoteChars) break;
    end = next;
    chars = with_next;
  }
  std::size_t ref_chars = count_chars(flow.substr(ref_begin, ref_end - ref_begin));
  if (chars > kMaxQuoteChars) {
    // Keep the reference whole, with what room is left shared between the
    // words before it (where the cue is) and after it.
    std::size_t room = ref_chars >= kMaxQuoteChars ? 0 : kMaxQuoteChars - ref_chars;
    std::size_t left = count_chars(flow.substr(begin, ref_begin - begin));
    std::size_t take_left = std::min(left, room / 2 + room % 2);
    std::size_t right_room = room - take_left;
    std::size_t right = count_chars(flow.substr(ref_end, end - ref_end));
    if (right < right_room) take_left = std::min(left, room - right);
    std::size_t lo = begin;
    std::size_t hi = end;
    begin = retreat_chars(flow, ref_begin, take_left, lo);
    end = advance_chars(flow, ref_end, room - take_left, hi);
    // Do not start or end inside another title or bracket: move the cut to
    // the nearest list or clause mark between it and the reference.
    if (begin > lo) begin = snap_forward(flow, begin, ref_begin);
    if (end < hi) end = snap_back(flow, end, ref_end);
  }
  work_stats().quoted += end - begin;
  return std::string(flow.substr(begin, end - begin));
}

namespace {

bool has(std::string_view text, std::string_view part) {
  return find_text(text, part) != std::string_view::npos;
}

bool is_digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

// The enumeration mark at the start of `line`: its length (0 if none) and
// style. 一、 十二、 （一） (一) 1. 1、 1． （1） (1) 附件 附件1.
struct Mark {
  std::size_t length = 0;
  Enumeration style = Enumeration::kNone;
};

Mark enumeration_mark(std::string_view line) {
  // 一二三四五六七八九十 as three-byte values, compared whole instead of
  // searched for in a string of them (this runs on every line of a body).
  static constexpr std::uint32_t kNumerals[] = {0xE4B880, 0xE4BA8C, 0xE4B889, 0xE59B9B, 0xE4BA94,
                                                0xE585AD, 0xE4B883, 0xE585AB, 0xE4B99D, 0xE58D81};
  auto numeral_at = [&](std::size_t i) {
    if (i + 3 > line.size()) return false;
    const auto byte = [&](std::size_t k) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(line[i + k]));
    };
    const std::uint32_t v = byte(0) << 16 | byte(1) << 8 | byte(2);
    return std::find(std::begin(kNumerals), std::end(kNumerals), v) != std::end(kNumerals);
  };
  auto numeral_run = [&](std::size_t at) {
    std::size_t i = at;
    while (numeral_at(i)) i += 3;
    return i - at;
  };
  auto digit_run = [&](std::size_t at) {
    std::size_t i = at;
    while (is_digit_at(line, i) && i - at < 3) ++i;
    return i - at;
  };
  // Every mark opens with 附 (E9), （ (EF), '(', a numeral (E4, E5) or a
  // digit: most lines are passed over on their first byte.
  if (line.empty()) return {};
  if (const auto b = static_cast<unsigned char>(line[0]);
      b != 0xE9 && b != 0xEF && b != '(' && b != 0xE4 && b != 0xE5 && !(b >= '0' && b <= '9')) {
    return {};
  }
  if (text_starts_with(line, "附件")) return {6 + digit_run(6), Enumeration::kAttachment};
  for (std::string_view open : {"（", "("}) {
    if (!line.starts_with(open)) continue;
    Enumeration style = Enumeration::kParenNumeral;
    std::size_t n = numeral_run(open.size());
    if (n == 0) {
      n = digit_run(open.size());
      style = Enumeration::kParenDigit;
    }
    if (n == 0) return {};
    for (std::string_view close : {"）", ")"}) {
      if (line.substr(open.size() + n).starts_with(close)) {
        return {open.size() + n + close.size(), style};
      }
    }
    return {};
  }
  std::size_t n = numeral_run(0);
  if (n > 0) return line.substr(n).starts_with("、") ? Mark{n + 3, Enumeration::kNumeral} : Mark{};
  n = digit_run(0);
  if (n == 0) return {};
  // 1. 1、 1．, but not 1.5亿元 (a decimal).
  for (std::string_view mark : {"、", "．"}) {
    if (line.substr(n).starts_with(mark)) return {n + mark.size(), Enumeration::kDigit};
  }
  if (line.substr(n).starts_with(".") && !is_digit_at(line, n + 1)) {
    return {n + 1, Enumeration::kDigit};
  }
  return {};
}

}  // namespace

bool starts_enumeration(std::string_view line) { return enumeration_mark(line).length > 0; }

Enumeration enumeration_style(std::string_view line) { return enumeration_mark(line).style; }

std::optional<RelationType> list_heading_type(std::string_view line) {
  struct Words {
    std::vector<std::string_view> list;
    std::vector<std::pair<RelationType, std::string_view>> cues;
    // The bytes a heading's line can end with: a list word's last byte, or
    // the last byte of what is cut off its end below (：, :, （N件）, (N件)).
    std::array<bool, 256> last_bytes{};
  };
  static const Words words = [] {
    Words w;
    for (const auto& row : tsv_rows("list_headings.tsv")) {
      if (row.size() < 3 || row[2].empty()) continue;
      if (row[0] == "list") {
        w.list.push_back(row[2]);
        w.last_bytes[static_cast<unsigned char>(row[2].back())] = true;
      } else if (auto t = parse_relation_type(row[1]); t && row[0] == "cue") {
        w.cues.emplace_back(*t, row[2]);
      }
    }
    for (std::string_view cut : {"：", ":", "件）", "件)"}) {
      w.last_bytes[static_cast<unsigned char>(cut.back())] = true;
    }
    return w;
  }();
  // A heading is short and states no sentence.
  if (line.size() > 3 * 40) return std::nullopt;
  // Most lines end with none of the bytes a list word or a cut part ends
  // with: nothing is cut off their end, so no list word can end them.
  if (line.empty() || !words.last_bytes[static_cast<unsigned char>(line.back())]) {
    return std::nullopt;
  }
  std::string_view text = line.substr(enumeration_mark(line).length);
  while (text_starts_with(text, "：") || text_starts_with(text, ":"))
    text.remove_prefix(text_starts_with(text, ":") ? 1 : 3);
  // A trailing colon or count: ：  （5件）  (3件)
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view tail : {"：", ":"}) {
      if (text.ends_with(tail)) {
        text.remove_suffix(tail.size());
        cut = true;
      }
    }
    for (auto [open, close] : {std::pair{"（", "件）"}, std::pair{"(", "件)"}}) {
      if (!text.ends_with(close)) continue;
      std::size_t at = rfind_text(text, open);
      if (at != std::string_view::npos) {
        text = text.substr(0, at);
        cut = true;
      }
    }
  }
  bool listy = false;
  for (std::string_view w : words.list) listy = listy || text_ends_with(text, w);
  // (Tested after the list word, which few lines end with.)
  if (!listy || has(line, "。") || has(line, "；")) return std::nullopt;
  // The longest cue decides (继续有效 over 有效; 延长有效期 over 有效).
  std::optional<RelationType> type;
  std::size_t best = 0;
  for (const auto& [t, w] : words.cues) {
    if (w.size() > best && has(text, w)) {
      type = t;
      best = w.size();
    }
  }
  return type;
}

}  // namespace pg
