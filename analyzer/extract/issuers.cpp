#include "analyzer/extract/issuers.h"

#include <algorithm>

#include "analyzer/data/tables.h"
#include "analyzer/extract/validity.h"
#include "graphs/base/text.h"
#include "graphs/base/titles.h"
#include "graphs/base/utf8.h"

namespace pg {
namespace {

struct IssuerWords {
  std::vector<std::string_view> ends;
  std::vector<std::string_view> never_start;
};
const IssuerWords& issuer_words() {
  static const IssuerWords words = [] {
    IssuerWords w;
    for (const auto& row : tsv_rows("issuer_suffixes.tsv")) {
      if (row.size() < 2) continue;
      (row[1] == "start" ? w.never_start : w.ends).push_back(row[0]);
    }
    auto longer = [](std::string_view a, std::string_view b) { return a.size() > b.size(); };
    std::sort(w.ends.begin(), w.ends.end(), longer);
    return w;
  }();
  return words;
}

}  // namespace

const std::vector<std::string_view>& issuer_endings() { return issuer_words().ends; }

bool ends_like_issuer(std::string_view name) {
  for (std::string_view end : issuer_endings()) {
    if (text_ends_with(name, end)) return true;
  }
  return false;
}

std::vector<std::string> split_issuers(std::string_view run) {
  std::vector<std::string> out;
  const IssuerWords& w = issuer_words();
  std::size_t piece = 0;
  std::size_t p = 0;
  while (p < run.size()) {
    if (run.substr(p, std::string_view("、").size()) == "、") {
      if (p > piece) out.emplace_back(run.substr(piece, p - piece));
      p += std::string_view("、").size();
      piece = p;
      continue;
    }
    bool cut = false;
    for (std::string_view end : w.ends) {
      if (run.substr(p, end.size()) != end) continue;
      std::size_t q = p + end.size();
      std::string_view rest = run.substr(q);
      if (rest.empty()) break;
      bool rest_ok = rest.size() >= 2 * 3 && !rest.starts_with("、");
      for (std::string_view bad : w.never_start) {
        if (rest.starts_with(bad)) rest_ok = false;
      }
      if (rest_ok) {
        out.emplace_back(run.substr(piece, q - piece));
        piece = q;
        p = q;
        cut = true;
      }
      break;
    }
    if (cut) continue;
    p = ceil_char_boundary(run, p + 1);  // one character on
  }
  if (piece < run.size()) out.emplace_back(run.substr(piece));
  return out;
}

std::string_view issuer_prefix(std::string_view title) {
  VerbAt verb = first_verb(title, kTitleVerbs);
  if (!verb.found() || verb.pos == 0) return {};
  return title.substr(0, verb.pos);
}

std::string_view leading_issuer(std::string_view title) {
  const IssuerWords& w = issuer_words();
  std::size_t best = 0;
  for (std::string_view end : w.ends) {
    if (end.size() < 2 * 3) continue;  // two characters at least
    std::size_t at = title.find(end);
    if (at != std::string_view::npos && at + end.size() > best && at < 3 * 12) {
      best = at + end.size();
    }
  }
  return title.substr(0, best);
}

bool opens_split_issuer(std::string_view upper) {
  // The first part of a name broken by centring is a line's worth: short.
  if (upper.empty() || upper.size() > 3 * 20 || ends_like_issuer(upper)) return false;
  for (std::string_view mark : {"。", "，", "；", "：", ":", "（", "(", "《"}) {
    if (upper.find(mark) != std::string_view::npos) return false;
  }
  if (first_verb(upper, kTitleVerbs).found() || !find_dates(upper).empty()) return false;
  return !leading_issuer(upper).empty();
}

bool completes_split_issuer(std::string_view head, std::string_view rest) {
  // A line's worth of a name: a place and perhaps the start of the body.
  if (head.empty() || head.size() > 3 * 12 || rest.empty() || ends_like_issuer(head)) return false;
  for (std::size_t at = 0; at < head.size();) {
    const std::size_t before = at;
    if (!is_cjk_ideograph(next_code_point(head, at)) || at == before) return false;
  }
  const IssuerWords& w = issuer_words();
  // `rest` opens with a body's word (人民政府办公厅), or with the last
  // character of a place and then that word (市人民政府办公厅).
  std::size_t second = 0;
  next_code_point(rest, second);
  for (std::string_view word : w.never_start) {
    if (text_starts_with(rest, word) || text_starts_with(rest.substr(second), word)) return true;
  }
  // An ending cut in two: some ending begins in the head's last characters
  // and goes on into `rest`.
  for (std::string_view end : w.ends) {
    std::size_t cut = 0;
    next_code_point(end, cut);
    while (cut < end.size()) {
      if (text_ends_with(head, end.substr(0, cut)) && text_starts_with(rest, end.substr(cut))) {
        return true;
      }
      next_code_point(end, cut);
    }
  }
  return false;
}

bool is_seal_note(std::string_view line) {
  static const std::vector<std::string_view> seals = [] {
    std::vector<std::string_view> out;
    for (const auto& row : tsv_rows("header_cues.tsv")) {
      if (row.size() > 1 && row[0] == "seal") out.push_back(row[1]);
    }
    return out;
  }();
  if (line.size() > 3 * 30) return false;
  std::string_view inner;
  if (text_starts_with(line, "（") && text_ends_with(line, "）")) {
    inner = line.substr(3, line.size() - 6);
  } else if (text_starts_with(line, "(") && text_ends_with(line, ")")) {
    inner = line.substr(1, line.size() - 2);
  }
  for (std::string_view seal : seals) {
    if (!inner.empty() && text_ends_with(inner, seal)) return true;
  }
  return false;
}

}  // namespace pg
