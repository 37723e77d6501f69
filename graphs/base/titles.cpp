#include "graphs/base/titles.h"

#include "graphs/base/utf8.h"

namespace pg {
namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0 ||
         cp == 0xFEFF;
}

}  // namespace

std::string fold_title(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  const auto ideograph_at = [&title](std::size_t i) {
    const auto lead = static_cast<unsigned char>(title[i]);
    return lead >= 0xE4 && lead <= 0xE9 && title.size() - i >= 3 &&
           is_continuation_byte(title[i + 1]) && is_continuation_byte(title[i + 2]);
  };
  for (std::size_t i = 0; i < title.size();) {
    // Most of a title: ideographs of U+4000-9FFF (lead byte E4-E9), which
    // fold to themselves; a run of them is copied in one append.
    if (ideograph_at(i)) {
      std::size_t end = i + 3;
      while (end < title.size() && ideograph_at(end)) end += 3;
      out.append(title.data() + i, end - i);
      i = end;
      continue;
    }
    char32_t cp = next_code_point(title, i);
    if (is_space_cp(cp)) continue;
    switch (cp) {
      case 0x300A:
      case 0x300B:  // 《》
      case 0x3008:
      case 0x3009:  // 〈〉
      case 0x300C:
      case 0x300D:  // 「」
      case 0x300E:
      case 0x300F:  // 『』
      case 0xFF1C:
      case 0xFF1E:  // ＜＞
      case '<':
      case '>': continue;
      case 0xFF08: cp = '('; break;
      case 0xFF09: cp = ')'; break;
      case 0x201C:
      case 0x201D:
      case 0xFF02: cp = '"'; break;
      case 0x2018:
      case 0x2019:
      case 0xFF07: cp = '\''; break;
      case 0x2014:
      case 0x2015:
      case 0x2013:
      case 0x2010:
      case 0xFF0D:
      case 0x2500: cp = '-'; break;
      case 0x3010:
      case 0xFF3B: cp = '['; break;  // 【［
      case 0x3011:
      case 0xFF3D: cp = ']'; break;  // 】］
      case 0xFF0C: cp = ','; break;
      default:
        if (cp >= 0xFF10 && cp <= 0xFF19) cp = '0' + (cp - 0xFF10);
        break;
    }
    // Two dashes (——, 2017－－2020) fold to one: a '-' byte is only ever the
    // ASCII character, so the key's last byte tells.
    if (cp == '-' && !out.empty() && out.back() == '-') continue;
    append_utf8(out, cp);
  }
  return out;
}

std::string_view without_state_name(std::string_view key) {
  static constexpr std::string_view kStateName = "中华人民共和国";
  if (!key.starts_with(kStateName) || key.size() <= kStateName.size()) return key;
  return key.substr(kStateName.size());
}

namespace {
bool is_open_bracket(char32_t c) { return c == U'（' || c == U'('; }
bool is_close_bracket(char32_t c) { return c == U'）' || c == U')'; }
}  // namespace

std::string_view strip_trailing_brackets(std::string_view t) {
  while (!t.empty()) {
    std::size_t i = t.size();
    if (!is_close_bracket(prev_code_point(t, i))) break;
    int depth = 1;
    std::size_t open = std::string_view::npos;
    while (i > 0) {
      char32_t c = prev_code_point(t, i);
      if (is_close_bracket(c)) {
        ++depth;
      } else if (is_open_bracket(c) && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string_view::npos || open == 0) break;
    t = t.substr(0, open);
  }
  return t;
}

std::optional<std::string> strip_issue_wrapper(std::string_view title) {
  // The issuing verb: the first 印发, 转发 or 批转 in the title. The issuer
  // before it and an optional 关于 go; so does a trailing 的通知.
  VerbAt verb = first_verb(title, kIssueVerbs);
  if (!verb.found()) return std::nullopt;
  std::string_view x = title.substr(verb.pos + verb.size);
  if (title.substr(verb.pos, verb.size) != "印发") {
    // 转发市农业局等部门关于…的意见的通知: the forwarded instrument's own title
    // starts at 关于; the bodies named before it issued it.
    std::size_t about = x.find("关于");
    if (about != std::string_view::npos) x = x.substr(about);
  }
  for (std::string_view suffix : {"的通知", "的通告"}) {
    if (x.ends_with(suffix)) {
      x.remove_suffix(suffix.size());
      break;
    }
  }
  if (x.starts_with("《") && x.ends_with("》") && x.size() > 6) {
    std::string_view inner = x.substr(3, x.size() - 6);
    // Only one pair: 《A》和《B》 is two titles, not one.
    if (inner.find("《") == std::string_view::npos) x = inner;
  }
  if (x.empty()) return std::nullopt;
  return std::string(x);
}

}  // namespace pg
