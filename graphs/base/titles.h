// Titles as the documents print them, and the tolerant key they are compared
// by. Shared by the analyzer (matching a document's own titles) and the corpus
// graph (resolving titles to numbers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg {

// The words after which a title says what the document does: 关于 (about),
// and the verbs by which a notice issues (印发) or forwards (转发, 批转 —
// approves and forwards) another instrument. What stands before the first of
// them is the issuers.
inline constexpr std::string_view kTitleVerbs[] = {"关于", "印发", "转发", "批转"};
inline constexpr std::string_view kIssueVerbs[] = {"印发", "转发", "批转"};
inline constexpr std::string_view kForwardVerbs[] = {"转发", "批转"};

// Where the first of `verbs` stands in `title`, with its length; npos when
// none does.
struct VerbAt {
  std::size_t pos = std::string_view::npos;
  std::size_t size = 0;
  bool found() const { return pos != std::string_view::npos; }
};
template <std::size_t N>
VerbAt first_verb(std::string_view title, const std::string_view (&verbs)[N]) {
  VerbAt best;
  for (std::string_view v : verbs) {
    std::size_t p = title.find(v);
    if (p < best.pos) best = {p, v.size()};
  }
  return best;
}

// The key titles are compared by: whitespace removed, （）→(), “”→", ‘’→',
// —－–→- (runs of dashes to one), 【［→[, 】］→], ，→",", full-width digits
// ASCII, and 《》〈〉「」『』 dropped. Two titles are "the same" when their keys
// are equal.
std::string fold_title(std::string_view title);

// The key without the state's name in front: a law is cited by its full
// title or without 中华人民共和国 (《中华人民共和国行政许可法》, 《行政许可法》).
// Only that name goes: a body's name (全国人民代表大会常务委员会关于…) is part
// of its title. `key` is a fold_title key; it comes back unchanged when it
// does not start with the name or nothing would be left.
std::string_view without_state_name(std::string_view key);

// `title` without its trailing bracket groups, which say which version or
// part, not what kind of instrument: 办法（试行） -> 办法, 规划(2019—2021年) ->
// 规划, 方案（中国Ⅰ、Ⅱ阶段（修订）） -> 方案. Brackets are （） or () in any
// mixture and nest; a group that is not closed, or opens the title, stays.
std::string_view strip_trailing_brackets(std::string_view title);

// The measure a notice title issues: 济南市人民政府关于印发《X》的通知 -> X,
// also without 关于 or 《》; for 转发/批转, the forwarded instrument's title from
// its 关于 (转发市农业局等部门关于Y的意见的通知 -> 关于Y的意见). nullopt when the title
// has no such wrapper. The result is a title, not a key (fold it to compare).
std::optional<std::string> strip_issue_wrapper(std::string_view title);

}  // namespace pg
