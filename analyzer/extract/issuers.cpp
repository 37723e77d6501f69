#include "analyzer/extract/issuers.h"

#include <algorithm>

#include "analyzer/data/tables.h"
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

}  // namespace pg
