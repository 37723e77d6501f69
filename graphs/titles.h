// Titles as the documents print them, and the tolerant key they are compared
// by. Shared by the analyzer (matching a document's own titles) and the corpus
// graph (resolving titles to numbers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pg {

// The key titles are compared by: whitespace removed, （）→(), “”→", ‘’→',
// —－–→- (runs of dashes to one), 【［→[, 】］→], ，→",", full-width digits
// ASCII, and 《》〈〉「」『』 dropped. Two titles are "the same" when their keys
// are equal.
std::string fold_title(std::string_view title);

// The measure a notice title issues: 济南市人民政府关于印发《X》的通知 -> X,
// also without 关于 or 《》; for 转发, the forwarded instrument's title from its
// 关于 (转发市农业局等部门关于Y的意见的通知 -> 关于Y的意见). nullopt when the title
// has no such wrapper. The result is a title, not a key (fold it to compare).
std::optional<std::string> strip_issue_wrapper(std::string_view title);

}  // namespace pg
