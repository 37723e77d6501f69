// Document numbers (发文字号, GB/T 9704): 机关代字〔年份〕序号号.
//
// Canonical form: the agency code, 〔, four ASCII digits, 〕, the serial
// without leading zeros, 号 - e.g. 鲁政发〔2016〕26号. Printed variants that
// are accepted: brackets [] 【】 ［］ () （） 〔〕 and mixtures of them,
// full-width digits, spaces and line breaks inside (the caller of
// find_doc_numbers passes normalized text, where those are already gone), and
// a stray 第 before the serial. Two further forms are numbers too:
// decrees (国务院令第706号 / 国令第706号 -> canonical 国令第706号; a
// province's 省政府令第82号) and announcements (国家税务总局公告2019年第13号).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

struct DocNumber {
  enum class Form {
    kStandard,      // 机关代字〔年份〕序号号
    kDecree,        // ...令第N号
    kAnnouncement,  // ...公告YYYY年第N号
  };
  Form form = Form::kStandard;
  std::string agency;  // 机关代字 (济政办发) or the decree/announcement issuer
  int year = 0;        // 0 when the form has none (decrees)
  long serial = 0;
  std::string canonical;  // the canonical spelling
};

// Parses one field as a website prints it: labels (发文字号：), spaces,
// invisible characters and trailing junk are tolerated. When no number can be
// read, `number` is empty and `reason` says why ("empty", "no year",
// "placeholder agency 其他", ...).
struct ParseOutcome {
  std::optional<DocNumber> number;
  std::string reason;
};
ParseOutcome parse_doc_number(std::string_view raw);

// A number found in running text: [begin, end) is the byte span from the
// first character of the agency code to 号.
struct NumberMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  DocNumber number;
};

// Every document number in normalized text (whitespace removed, digits
// ASCII), in order, one linear pass. The agency code is the longest run of
// code characters before the bracket that is not cut by a stop word
// (贯彻, 根据, 的, 和 ... from analyzer/data), checked against the known
// prefixes table. Registration numbers (JNCR-2019-0010006) and standard codes
// (GB20891—2014) are not document numbers.
std::vector<NumberMatch> find_doc_numbers(std::string_view text);

// A number in the shape of one that cannot be read, so that the caller can
// say so instead of dropping it: 国发〔2016〕 with a serial longer than nine
// digits. [begin, end) runs from the bracket before the year to 号.
struct RejectedNumber {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string reason;  // "serial of 10000 digits"
};
// As above; numbers that cannot be read are added to `rejected`.
std::vector<NumberMatch> find_doc_numbers(std::string_view text,
                                          std::vector<RejectedNumber>* rejected);

// A number broken over two lines (…的通知济政字〔20 / 19〕90号): how many
// bytes at the start of `next` complete a document number that starts at the
// end of `line`, or 0. Both are normalized lines; only the last and first few
// characters are looked at, since a number is short.
std::size_t number_rest_length(std::string_view line, std::string_view next);

// Canonical spelling of a number given in any variant, or nullopt.
std::optional<std::string> canonical_doc_number(std::string_view raw);

// True when agency_codes.tsv lists this 机关代字 (it then names the issuer and
// level). Unknown codes are kept whole all the same.
bool is_known_agency(std::string_view code);

// The 机关代字 of `number` (canonical or printed) when it is a standard number
// whose code agency_codes.tsv does not list, else nullopt. Callers gather
// the codes over a run and report them in one diagnostic.
std::optional<std::string> unknown_agency(std::string_view number);

}  // namespace pg
