// Dates and validity clauses: 自X起施行, 自印发之日起施行, 有效期至Y,
// 有效期N年, and the clause that earlier inconsistent rules yield (以本办法为准).
// All functions take normalized text (digits ASCII, whitespace removed).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/base/date.h"
#include "graphs/model/model.h"

namespace pg {

// A date printed as 2017年11月20日 (ASCII digits) or in Chinese numerals
// (二〇一九年十二月三十一日, 一九九六年六月二十九日). [begin, end) is its span.
struct DateMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  Date date;
};
// The date starting exactly at `pos`, or nullopt. An impossible date
// (2月30日) is nullopt.
std::optional<DateMatch> date_at(std::string_view s, std::size_t pos);
// Every date in s, in order.
std::vector<DateMatch> find_dates(std::string_view s);
// True when the whole of s (ignoring surrounding brackets and the word 印发)
// is one date, e.g. "2017年11月20日" or "（2017年11月20日印发）".
std::optional<Date> whole_line_date(std::string_view s);

// The date of a （X年X月X日印发） mark anywhere in s: a garbled table can run
// the printed-date line into other text. nullopt when there is none.
std::optional<Date> printed_mark_date(std::string_view s);

struct ValidityFacts {
  Effective effective;
  std::size_t effective_pos = std::string::npos;  // where its clause starts
  // 自印发之日起30日后施行: effective is kOnIssue and this says how many days
  // after the issue date it takes effect (0: on the day).
  int days_after_issue = 0;
  std::optional<Date> expires_on;  // 有效期至Y
  int term_years = 0;              // 有效期N年 (0 when not stated)
  int term_months = 0;             // 有效期N个月
  std::string expires_text;        // "有效期至2022年12月19日" / "有效期2年"
  std::size_t expires_pos = std::string::npos;
  // Clauses whose date does not exist (自2019年2月30日起施行, 有效期至
  // 99999年1月1日): where each starts and the date as printed, so that the
  // caller reports it rather than the document silently having no date.
  std::vector<std::pair<std::size_t, std::string>> impossible_dates;
  bool prevails = false;  // 以本办法为准 / 与本X不一致的，以本X为准
  std::size_t prevails_pos = std::string::npos;
};

// Reads the clauses of one document's flow text. When several 施行 clauses
// exist, the one naming the document itself (本办法/本通告/本规定…自…起施行)
// wins over phased dates for single provisions.
ValidityFacts find_validity(std::string_view flow);

// The last day in force: 有效期至Y gives Y; a term of N years (or months)
// runs from the effective date and ends the day before the anniversary
// (2017-07-20 + 2 years -> 2019-07-19). With an on_issue effective date the
// term runs from `issue_date`. nullopt when nothing is stated or known.
std::optional<Date> compute_expiry(const ValidityFacts& v, std::optional<Date> issue_date);

// One clause of the history note a law or regulation prints under its title
// (题注): （1980年9月10日…会议通过　根据1993年10月31日…会议《关于修改〈X〉的
// 决定》第一次修正　…2018年8月31日…会议修订）. Each clause opens with its date;
// its verb (the strongest outside 《》, the last of that strength) says what
// happened.
struct HistoryClause {
  enum class Kind {
    kAdopted,      // 通过
    kApproved,     // 批准: a city's regulation approved by the province
    kPromulgated,  // 公布 / 发布
    kAmended,      // 修正: by the decision named in `decision`
    kRevised,      // 修订: a new text adopted by the session in `body`
    kEffective,    // 施行
  };
  Kind kind = Kind::kAdopted;
  Date date;
  // 修正: the deciding instrument's title as printed, outer 《》 dropped
  // (关于修改〈X〉的决定, 关于修改部分法律的决定); empty when none is named.
  std::string decision;
  // The body that acted, as printed between the date and the verb or the
  // decision: 第十三届全国人民代表大会常务委员会第二十四次会议.
  std::string body;
  std::size_t begin = 0;  // the clause's span in the text: its date ..
  std::size_t end = 0;    // .. its verb (trailing 根据, brackets dropped)
};

// The clauses of a history note, in printed order. `text` is normalized
// (whitespace removed, ASCII digits), the note's lines joined. A date inside
// 《》 starts no clause. Text before the first date is ignored; a clause with
// no verb is dropped.
std::vector<HistoryClause> find_history(std::string_view text);

}  // namespace pg
