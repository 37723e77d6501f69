// The canonical spelling of document numbers (发文字号, GB/T 9704) and its
// parts: the one definition the analyzer writes numbers in and the graph, the
// queries and the CLI read them by.
//
// Canonical forms (ASCII digits, no spaces, serial without leading zeros):
//   standard      机关代字〔年份〕序号号   鲁政发〔2016〕26号
//   decree        发布机关令第N号         国令第706号, 省政府令第82号
//                 发布机关令YYYY年第N号
//   announcement  发布机关公告YYYY年第N号 国家税务总局公告2019年第13号
//                 (ministries also print 国家税务总局2018年第32号, kept so)
// Reading a number as printed (brackets, full-width digits, labels, line
// breaks) is the analyzer's work (analyzer/read/doc_number.h); light
// normalization of a number a user types is normalize_doc_no below.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// The brackets around the year and the word that ends every number.
inline constexpr std::string_view kYearOpen = "〔";
inline constexpr std::string_view kYearClose = "〕";
inline constexpr std::string_view kNumberEnd = "号";
// A serial longer than this is not a serial (and would overflow a long).
inline constexpr std::size_t kMaxSerialDigits = 9;

// The canonical spellings. `agency`/`issuer` are taken as given; `year` 0 in
// a decree means a decree without a year (X令第N号).
std::string standard_number(std::string_view agency, int year, long serial);
std::string decree_number(std::string_view issuer, int year, long serial);
std::string announcement_number(std::string_view issuer, bool with_word, int year, long serial);

// A canonical standard number split into its parts: 济政发〔2017〕24号 ->
// {"济政发", 2017, 24}. Accepts only that form (a non-empty agency, 〔, four
// ASCII digits, 〕, 1 to kMaxSerialDigits ASCII digits, 号); anything else is
// nullopt.
struct NumberParts {
  std::string agency;
  int year = 0;
  long serial = 0;
};
std::optional<NumberParts> split_doc_no(std::string_view canonical);

// True for a canonical number of any form: a standard number as
// split_doc_no reads it, a decree (…令第N号, …令YYYY年第N号) or an
// announcement (…公告YYYY年第N号). The bare announcement form
// (国家税务总局2018年第32号) is not told apart from other text here.
bool is_canonical_number(std::string_view s);

// `raw` with whitespace and invisible characters (the spaces of every width,
// zero-width joiners and marks, the BOM), invalid bytes and U+FFFD dropped,
// and full-width digits made ASCII; punctuation and everything else stays.
std::string fold_number_text(std::string_view raw);

// Light normalization of a number typed by a user: fold_number_text, then
// [] 【】 ［］ () （） 〖〗 around the year become 〔〕, leading zeros of the
// serial go and a missing 号 is added. nullopt when the text is not a
// standard number, or has anything after its 号.
std::optional<std::string> normalize_doc_no(std::string_view text);

}  // namespace pg
