#include "analyzer/read/doc_number.h"

#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/data/tables.h"
#include "analyzer/read/normalizer.h"
#include "graphs/base/doc_number.h"  // split_doc_no
#include "graphs/base/utf8.h"

namespace {

// The canonical spellings found in `text`, joined with '|'.
std::string found(const std::string& text) {
  std::string out;
  for (const pg::NumberMatch& m : pg::find_doc_numbers(text)) {
    if (!out.empty()) out += '|';
    out += m.number.canonical;
  }
  return out;
}

std::string canonical_or_empty(const std::string& raw) {
  return pg::canonical_doc_number(raw).value_or("");
}

}  // namespace

TEST_CASE("square and lenticular brackets normalize to 〔〕", "[doc_number]") {
  auto [raw, expected] = GENERATE(table<std::string, std::string>({
      {"国发〔2015〕12号", "国发〔2015〕12号"},
      {"国发[2015]12号", "国发〔2015〕12号"},
      {"国发【2015】12号", "国发〔2015〕12号"},
      {"国发［2015］12号", "国发〔2015〕12号"},
      {"国发（2015）12号", "国发〔2015〕12号"},
      {"国发(2015)12号", "国发〔2015〕12号"},
      {"鲁政发(2017〕5号", "鲁政发〔2017〕5号"},
      {"鲁政发【2017]5号", "鲁政发〔2017〕5号"},
      {"法（研）发〔1987〕32号", "法（研）发〔1987〕32号"},
      {"法(研)发〔1987〕32号", "法（研）发〔1987〕32号"},
  }));
  CAPTURE(raw);
  CHECK(canonical_or_empty(raw) == expected);
}

TEST_CASE("spaces, labels, invisible characters and full-width digits are tolerated",
          "[doc_number]") {
  auto [raw, expected] = GENERATE(table<std::string, std::string>({
      {"济政办发 〔２０１７〕５３号", "济政办发〔2017〕53号"},
      {"济阳政发〔2020〕17 号", "济阳政发〔2020〕17号"},
      {"豫政办 〔 2022 〕49 号", "豫政办〔2022〕49号"},
      {"发文字号：渝府发〔2023〕15号", "渝府发〔2023〕15号"},
      {"发文字号： 晋政办发〔2012〕18", "晋政办发〔2012〕18号"},
      {"\u200b渝府办发〔2019〕3号", "渝府办发〔2019〕3号"},
      {"\u200d渝肺炎指办发〔2022〕92号", "渝肺炎指办发〔2022〕92号"},
      {"粤府办〔2002〕1２号", "粤府办〔2002〕12号"},
      {"发文字号：渝府发〔2000〕48号〔〕", "渝府发〔2000〕48号"},
      {"（国发〔2016〕14号）", "国发〔2016〕14号"},
      {"　国办发明电〔2020〕5号　", "国办发明电〔2020〕5号"},
  }));
  CAPTURE(raw);
  CHECK(canonical_or_empty(raw) == expected);
}

// Found by doc_number_fuzz ("[笷：令第5" read as a decree of issuer 笷：, whose
// canonical spelling 笷：令第5号 then parsed as "no issuer").
TEST_CASE("a label inside the outer bracket is a label, never part of the issuer",
          "[doc_number][fuzz]") {
  CHECK(canonical_or_empty("[发文字号：国务院令第706号]") == "国令第706号");
  CHECK(canonical_or_empty("（文号：国发〔2016〕14号）") == "国发〔2016〕14号");
  pg::ParseOutcome o = pg::parse_doc_number("[笷：令第5");
  CHECK_FALSE(o.number);
  CHECK(o.reason == "no issuer");
}

// Found by doc_number_fuzz (":::号令第5": one colon was dropped as an empty
// label, the issuer became ":号", and its canonical spelling lost the colon
// when read again).
TEST_CASE("repeated and empty labels are all dropped before the issuer", "[doc_number][fuzz]") {
  CHECK(canonical_or_empty("::国务院令第706号") == "国令第706号");
  CHECK(canonical_or_empty("发文字号：文号：国发〔2016〕14号") == "国发〔2016〕14号");
  CHECK(canonical_or_empty(":：:国发〔2016〕14号") == "国发〔2016〕14号");
  std::string canonical = canonical_or_empty(":::号令第5");
  CHECK(canonical.find(':') == std::string::npos);
  CHECK(canonical_or_empty(canonical) == canonical);
}

// Found by doc_number_fuzz ("(:(府令第1": bracket, label, bracket; one round
// of stripping left "(府" as the issuer).
TEST_CASE("outer brackets and labels in any nesting are all dropped", "[doc_number][fuzz]") {
  CHECK(canonical_or_empty("文号：（国发〔2016〕14号）") == "国发〔2016〕14号");
  CHECK(canonical_or_empty("（发文字号：[国务院令第706号]）") == "国令第706号");
  CHECK(canonical_or_empty("(:(府令第1") == "府令第1号");
}

// Found by doc_number_fuzz ("见(䬬令第1": the stop word 见 was dropped from the
// issuer after the brackets were, leaving "(䬬").
TEST_CASE("an issuer after a stop word loses its bracket too", "[doc_number][fuzz]") {
  CHECK(canonical_or_empty("见(国务院令第706号") == "国令第706号");
  CHECK(canonical_or_empty("见(䬬令第1") == "䬬令第1号");
}

TEST_CASE("every canonical spelling reads back as itself", "[doc_number][fuzz]") {
  auto raw = GENERATE(as<std::string>{}, "［发文字号：省政府令 第171号", "国务院令第706号",
                      "济政办发 〔２０１７〕５３号", "（国家税务总局公告2019年第13号）",
                      ":::号令第5", "(:(府令第1", "见(䬬令第1");
  CAPTURE(raw);
  std::string canonical = canonical_or_empty(raw);
  REQUIRE_FALSE(canonical.empty());
  CHECK(canonical_or_empty(canonical) == canonical);
}

TEST_CASE("leading zeros and a stray 第 before the serial are dropped", "[doc_number]") {
  auto [raw, expected] = GENERATE(table<std::string, std::string>({
      {"沪府发〔1999〕043号", "沪府发〔1999〕43号"},
      {"沪府办发〔2006〕02号", "沪府办发〔2006〕2号"},
      {"沪绿容〔2020〕014号", "沪绿容〔2020〕14号"},
      {"鲁政办字〔2016〕第221号", "鲁政办字〔2016〕221号"},
  }));
  CAPTURE(raw);
  CHECK(canonical_or_empty(raw) == expected);
}

TEST_CASE("parsed parts: agency, year, serial and form", "[doc_number]") {
  pg::ParseOutcome o = pg::parse_doc_number("济政办字〔2018〕65号");
  REQUIRE(o.number);
  CHECK(o.reason.empty());
  CHECK(o.number->form == pg::DocNumber::Form::kStandard);
  CHECK(o.number->agency == "济政办字");
  CHECK(o.number->year == 2018);
  CHECK(o.number->serial == 65);
}

TEST_CASE("State Council decrees are one series 国令第N号: other decrees keep their issuer",
          "[doc_number]") {
  auto [raw, expected, agency] = GENERATE(table<std::string, std::string, std::string>({
      {"国务院令第706号", "国令第706号", "国务院"},
      {"中华人民共和国国务院令第707号", "国令第707号", "国务院"},
      {"国令第706号", "国令第706号", "国务院"},
      {"省政府令 第106号", "省政府令第106号", "省政府"},
      {"发文字号：山西省人民政府令第999号", "山西省人民政府令第999号", "山西省人民政府"},
      {"宁夏回族自治区人民政府令第99号", "宁夏回族自治区人民政府令第99号",
       "宁夏回族自治区人民政府"},
      {"重庆市人民政府令第 999 号", "重庆市人民政府令第999号", "重庆市人民政府"},
      {"交通运输部令2016年第62号", "交通运输部令2016年第62号", "交通运输部"},
  }));
  CAPTURE(raw);
  pg::ParseOutcome o = pg::parse_doc_number(raw);
  REQUIRE(o.number);
  CHECK(o.number->form == pg::DocNumber::Form::kDecree);
  CHECK(o.number->canonical == expected);
  CHECK(o.number->agency == agency);
}

TEST_CASE("announcements are canonical as printed, without spaces", "[doc_number]") {
  auto [raw, expected, agency] = GENERATE(table<std::string, std::string, std::string>({
      {"国家税务总局公告2019年第13号", "国家税务总局公告2019年第13号", "国家税务总局"},
      {"国家税务总局公告 2019年 第13号", "国家税务总局公告2019年第13号", "国家税务总局"},
      {"财政部公告2015年第3号", "财政部公告2015年第3号", "财政部"},
      // Ministries also print the number without 公告.
      {"国家税务总局2018年第32号", "国家税务总局2018年第32号", "国家税务总局"},
      // Fragments cut out of running text: the leading 号 / 据 is dropped.
      {"号市人大公告1996年第40号", "市人大公告1996年第40号", "市人大"},
      {"据国家卫生健康委2019年第7号", "国家卫生健康委2019年第7号", "国家卫生健康委"},
  }));
  CAPTURE(raw);
  pg::ParseOutcome o = pg::parse_doc_number(raw);
  REQUIRE(o.number);
  CHECK(o.number->form == pg::DocNumber::Form::kAnnouncement);
  CHECK(o.number->canonical == expected);
  CHECK(o.number->agency == agency);
}

TEST_CASE("fields that are not numbers are rejected with a reason", "[doc_number]") {
  auto [raw, reason] = GENERATE(table<std::string, std::string>({
      {"", "empty"},
      {"   ", "empty"},
      {"\u200b", "empty"},
      {"发文字号：", "label only"},
      {"其他〔2020〕46号", "placeholder agency 其他"},
      {"晋政发〔2017〕号99", "号 before serial"},
      {"晋政发〔2017〕号", "no serial"},
      {"豫政 第24号", "no year"},
      {"【】", "no number"},
      {"［］", "no number"},
      {"（）", "no number"},
      {"〔2017〕5号", "no agency"},
      {"国发〔15〕12号", "year not 4 digits"},
      {"国发〔1900〕12号", "year out of range"},
      {"国发〔2015〕0号", "serial 0"},
      {"无", "no digits"},
  }));
  CAPTURE(raw);
  pg::ParseOutcome o = pg::parse_doc_number(raw);
  CHECK_FALSE(o.number);
  CHECK(o.reason == reason);
  CHECK_FALSE(pg::canonical_doc_number(raw));
}

TEST_CASE("running text: the agency code starts after stop words and punctuation",
          "[doc_number][find]") {
  // Sentences from tests/data/gazettes, judicial and national, whitespace
  // removed as the normalizer does.
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"根据《山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制",
       "国发〔2016〕14号"},
      {"济南市人民政府关于贯彻鲁政发〔2017〕5号文件加强困境儿童保障工作的通知（济政发〔2017〕"
       "11号）",
       "鲁政发〔2017〕5号|济政发〔2017〕11号"},
      {"健全特困人员救助供养制度的实施意见》（鲁政发〔2016〕26号）等有关规定",
       "鲁政发〔2016〕26号"},
      {"促进经济社会持续健康发展，根据《济南市市区道路命名规则》（济政办字〔2018〕65号）规定",
       "济政办字〔2018〕65号"},
      {"根据济政办字〔2018〕65号规定", "济政办字〔2018〕65号"},
      {"省民政厅山东省财政厅关于建立困境儿童基本生活保障制度的意见》（鲁民〔2014〕56号）规定",
       "鲁民〔2014〕56号"},
      {"具体应用法律的若干问题的解释》（法（研）发〔1987〕32号）同时废止",
       "法（研）发〔1987〕32号"},
      {"自本规定公布之日起，我院法〔1998〕86号通知印发的《关于人民法院受理申请", "法〔1998〕86号"},
      {"1985年11月30日市人民政府京政发〔1985〕167号文件发布", "京政发〔1985〕167号"},
      {"关于办理洗钱刑事案件适用法律若干问题的解释法释〔2024〕10号为依法惩治洗钱犯罪活动",
       "法释〔2024〕10号"},
      {"最高人民法院关于审理行政赔偿案件若干问题的规定法释〔2022〕10号为保护公民",
       "法释〔2022〕10号"},
      {"国务院办公厅对十届全国人大四次会议第7240号建议的答复国办函〔2006〕71号周桂英等代表",
       "国办函〔2006〕71号"},
      {"西藏自治区人民政府要按照国办发〔1993〕71号文件的规定", "国办发〔1993〕71号"},
      {"要根据中发〔1994〕8号文件关于“中央关心西藏", "中发〔1994〕8号"},
      {"计划(2019—2020年)》(鲁政办发〔2019〕19号)精神,结合我市实", "鲁政办发〔2019〕19号"},
      {"认真贯彻落实《中国制造2025》、国发〔2016〕28号、国办发〔2017〕4号精神",
       "国发〔2016〕28号|国办发〔2017〕4号"},
      // Mixed and square brackets, a stray 第, leading zeros, as PDFs print them.
      {"按照鲁政发(2017〕5号和济政发[2017]011号要求", "鲁政发〔2017〕5号|济政发〔2017〕11号"},
      {"依据济阳政发【2020】第17号", "济阳政发〔2020〕17号"},
      // The whole printed prefix is the code, whether the agency table knows it
      // or not: a known national code at its end does not cut it.
      {"根据辽财税〔2019〕57号", "辽财税〔2019〕57号"},
      {"按照苏财税〔2019〕3号规定", "苏财税〔2019〕3号"},
      {"根据青厅字〔2017〕29号精神", "青厅字〔2017〕29号"},
      {"依据皖国发〔2018〕5号", "皖国发〔2018〕5号"},
      // Web pages that drop the brackets: a plausible year, then the serial.
      {"温州市人民政府文件温政发202057号", "温政发〔2020〕57号"},
      {"根据浙政办发2019012号精神", "浙政办发〔2019〕12号"},
      {"登记编号2020123号和第2019001号", ""},
      {"温政发180057号", ""},
      // A known code after the end of an issuer's name is the code.
      {"2019年3月1日青岛市人民政府国发〔2019〕3号", "国发〔2019〕3号"},
  }));
  CAPTURE(text);
  CHECK(found(text) == expected);
}

TEST_CASE("running text: spans cover the agency code through 号", "[doc_number][find]") {
  const std::string text = "关于贯彻鲁政发〔2017〕5号文件（济政发〔2017〕11号）";
  auto matches = pg::find_doc_numbers(text);
  REQUIRE(matches.size() == 2);
  CHECK(text.substr(matches[0].begin, matches[0].end - matches[0].begin) == "鲁政发〔2017〕5号");
  CHECK(text.substr(matches[1].begin, matches[1].end - matches[1].begin) == "济政发〔2017〕11号");
  CHECK(matches[0].number.agency == "鲁政发");
  CHECK(matches[0].number.year == 2017);
  CHECK(matches[0].number.serial == 5);
}

TEST_CASE("running text: decrees and announcements", "[doc_number][find]") {
  auto [text, expected, printed] = GENERATE(table<std::string, std::string, std::string>({
      {"中华人民共和国国务院令第706号《专利代理条例》已经2018年9月6日国务院第23次常务会议通过",
       "国令第706号", "中华人民共和国国务院令第706号"},
      {"1993年3月4日中华人民共和国国务院令第76号发布", "国令第76号",
       "中华人民共和国国务院令第76号"},
      {"根据省政府令第106号规定", "省政府令第106号", "省政府令第106号"},
      {"按照《国家税务总局公告2019年第13号》执行", "国家税务总局公告2019年第13号",
       "国家税务总局公告2019年第13号"},
      // 和 inside a ministry's name does not cut the issuer.
      {"根据工业和信息化部公告2015年第80号", "工业和信息化部公告2015年第80号",
       "工业和信息化部公告2015年第80号"},
      {"中华人民共和国财政部令第41号", "中华人民共和国财政部令第41号",
       "中华人民共和国财政部令第41号"},
  }));
  CAPTURE(text);
  auto matches = pg::find_doc_numbers(text);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].number.canonical == expected);
  CHECK(text.substr(matches[0].begin, matches[0].end - matches[0].begin) == printed);
}

TEST_CASE("running text: dates, registration numbers, standards and 第N号令 are not numbers",
          "[doc_number][find]") {
  auto text = GENERATE(
      as<std::string>{},
      "济南市人民政府2019年12月27日（2019年12月27日印发）JNCR-2019-0010008济南市人民政府关于印发",
      "（2017年6月20日印发）JNCR-2017-0020003济南市人民政府",
      "排放限值及测量方法（中国第三、四阶段）》（GB20891—2014）第三阶段及以上标准",
      "1994年8月17日市人民政府第17号令发布、根据1997年12月31日市人民政府第12号令修改的",
      "根据1994年9月5日市人民政府第20号令第一次修改",
      "济南市人民政府机关文印中心内部刊号：鲁联内资（2009）第1351号联系电话：(0531)66607646",
      "单位迁址新建的请示（〔1996〕武司字第82号）收悉",
      "规划（2018—2022年）》和（2017-2019年）的通知");
  CAPTURE(text);
  CHECK(found(text).empty());
}

TEST_CASE("agency_codes.tsv rows have a prefix, an issuer and a known level", "[doc_number]") {
  auto rows = pg::tsv_rows("agency_codes.tsv");
  REQUIRE(rows.size() >= 50);
  for (const auto& row : rows) {
    CAPTURE(row.empty() ? std::string_view() : row[0]);
    REQUIRE(row.size() == 3);
    CHECK_FALSE(row[0].empty());
    CHECK_FALSE(row[1].empty());
    CHECK((row[2] == "national" || row[2] == "provincial" || row[2] == "municipal" ||
           row[2] == "district" || row[2] == "department"));
  }
  CHECK_FALSE(pg::tsv_rows("number_stop_words.tsv").empty());
}

namespace {

// An oracle for one website field, written apart from the parser: what the
// field must read as, by the printed characters alone. It works on code
// points after the allowed normalisations: spaces and invisible characters
// dropped, full-width digits made ASCII, and leading labels (发文字号：, 文号:
// - a colon with no digit or bracket before it) dropped.
struct Expected {
  enum class Kind {
    kEmpty,         // nothing but spaces and labels
    kStandard,      // 机关代字 OPEN YYYY CLOSE [第] N [号 ...]
    kDecree,        // X令第N号
    kYearlyDecree,  // X令YYYY年第N号
    kAnnouncement,  // X公告YYYY年第N号, and the bare XYYYY年第N号
    kNotANumber,    // none of the above, or a placeholder agency (其他), or no issuer
  };
  Kind kind = Kind::kNotANumber;
  std::string agency;  // the printed prefix / issuer
  int year = 0;
  long serial = 0;
  bool with_word = false;  // 公告 printed
};

bool is_open_bracket(char32_t c) {
  // 〔 [ 【 ［ （ ( ﹝
  return c == U'〔' || c == U'[' || c == U'【' || c == U'［' || c == U'（' || c == U'(' ||
         c == U'﹝';
}
bool is_close_bracket(char32_t c) {
  return c == U'〕' || c == U']' || c == U'】' || c == U'］' || c == U'）' || c == U')' ||
         c == U'﹞';
}
bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_dropped(char32_t c) {
  return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0 || c == 0x200B || c == 0x200C ||
         c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

std::string utf8(const std::u32string& s, std::size_t from = 0,
                 std::size_t to = std::u32string::npos) {
  std::string out;
  for (std::size_t i = from; i < std::min(to, s.size()); ++i) pg::append_utf8(out, s[i]);
  return out;
}

// Digits at s[p...]: their value, and p moved past them; nullopt when none.
std::optional<long> digits_at(const std::u32string& s, std::size_t& p) {
  std::size_t start = p;
  long v = 0;
  while (p < s.size() && is_ascii_digit(s[p]) && p - start < 12) v = v * 10 + (s[p++] - U'0');
  if (p == start) return std::nullopt;
  return v;
}

Expected expected_number(std::string_view raw) {
  std::u32string s;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t c = pg::next_code_point(raw, i);
    if (is_dropped(c)) continue;
    if (c >= U'０' && c <= U'９') c = U'0' + (c - U'０');
    s += c;
  }
  for (bool label = true; label;) {
    label = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (is_ascii_digit(s[i]) || is_open_bracket(s[i]) || is_close_bracket(s[i])) break;
      if (s[i] == U'：' || s[i] == U':') {
        s.erase(0, i + 1);
        label = true;
        break;
      }
    }
  }
  Expected e;
  if (s.empty()) {
    e.kind = Expected::Kind::kEmpty;
    return e;
  }
  // Standard: the first OPEN YYYY CLOSE after at least one character.
  for (std::size_t k = 1; k + 5 < s.size(); ++k) {
    if (!is_open_bracket(s[k]) || !is_close_bracket(s[k + 5])) continue;
    std::size_t p = k + 1;
    std::optional<long> year = digits_at(s, p);
    if (!year || p != k + 5) continue;
    p = k + 6;
    if (p < s.size() && s[p] == U'第') ++p;
    std::optional<long> serial = digits_at(s, p);
    if (!serial || (p < s.size() && s[p] != U'号')) break;  // 〔2014〕号16: not a number
    std::size_t from = is_open_bracket(s[0]) ? 1 : 0;       // （国发〔2015〕12号）
    std::string agency;
    for (std::size_t i = from; i < k; ++i) {
      char32_t c = s[i] == U'(' ? U'（' : s[i] == U')' ? U'）' : s[i];
      pg::append_utf8(agency, c);
    }
    if (agency == "其他") return e;  // a placeholder some sites print: no agency
    e.kind = Expected::Kind::kStandard;
    e.agency = agency;
    e.year = static_cast<int>(*year);
    e.serial = *serial;
    return e;
  }
  // The field must end with the serial, or its 号.
  auto ends_after = [&](std::size_t p) {
    return p == s.size() || (p + 1 == s.size() && s[p] == U'号');
  };
  // Decree: X令第N号.
  for (std::size_t k = 1; k + 2 < s.size(); ++k) {
    if (s[k] != U'令' || s[k + 1] != U'第') continue;
    std::size_t p = k + 2;
    std::optional<long> serial = digits_at(s, p);
    if (!serial || !ends_after(p)) continue;
    e.kind = Expected::Kind::kDecree;
    e.agency = utf8(s, 0, k);
    e.serial = *serial;
    return e;
  }
  // X[公告|令]YYYY年第N号.
  for (std::size_t k = 4; k + 2 < s.size(); ++k) {
    if (s[k] != U'年' || s[k + 1] != U'第') continue;
    std::size_t y = k - 4;
    if (y > 0 && is_ascii_digit(s[y - 1])) continue;
    std::optional<long> year = digits_at(s, y);
    if (!year || y != k) continue;
    std::size_t p = k + 2;
    std::optional<long> serial = digits_at(s, p);
    if (!serial || !ends_after(p)) continue;
    std::u32string issuer = s.substr(0, k - 4);
    e.kind = Expected::Kind::kAnnouncement;
    if (issuer.ends_with(U"令")) {
      e.kind = Expected::Kind::kYearlyDecree;
      issuer.resize(issuer.size() - 1);
    } else if (issuer.ends_with(U"公告")) {
      e.with_word = true;
      issuer.resize(issuer.size() - 2);
    }
    if (issuer.empty()) return Expected{};  // 公告2018年第14号: whose?
    e.agency = utf8(issuer);
    e.year = static_cast<int>(*year);
    e.serial = *serial;
    return e;
  }
  return e;
}

// A decree or announcement field is often cut out of running text and starts
// with the tail of the words before it (号市人大公告…, 据国家卫生健康委…): the
// issuer is the printed one after such leading words, which the stop-word
// table number_stop_words.tsv lists.
bool is_printed_issuer(const std::string& printed, const std::string& agency) {
  if (agency.empty() || !printed.ends_with(agency)) return false;
  std::string_view head(printed.data(), printed.size() - agency.size());
  static const auto stop_words = pg::tsv_rows("number_stop_words.tsv");
  for (bool cut = true; cut && !head.empty();) {
    cut = false;
    for (const auto& row : stop_words) {
      if (!row.empty() && !row[0].empty() && head.starts_with(row[0])) {
        head.remove_prefix(row[0].size());
        cut = true;
      }
    }
  }
  return head.empty();
}

const char* kind_name(Expected::Kind k) {
  switch (k) {
    case Expected::Kind::kEmpty: return "empty";
    case Expected::Kind::kStandard: return "standard";
    case Expected::Kind::kDecree: return "decree";
    case Expected::Kind::kYearlyDecree: return "yearly decree";
    case Expected::Kind::kAnnouncement: return "announcement";
    case Expected::Kind::kNotANumber: return "not a number";
  }
  return "?";
}

// Why the parser's reading of `raw` is wrong; empty when it is right.
std::string check_row(std::string_view raw, const pg::ParseOutcome& o) {
  using Kind = Expected::Kind;
  using Form = pg::DocNumber::Form;
  Expected e = expected_number(raw);
  const pg::DocNumber* n = o.number ? &*o.number : nullptr;
  auto expect = [&](bool ok, const std::string& what) { return ok ? std::string() : what; };
  switch (e.kind) {
    case Kind::kEmpty:
      return expect(!n && (o.reason == "empty" || o.reason == "label only"),
                    "an empty field, read as " + (n ? n->canonical : o.reason));
    case Kind::kNotANumber:
      return expect(!n && !o.reason.empty(),
                    "not a number, read as " + (n ? n->canonical : "no reason"));
    case Kind::kStandard: {
      std::string canonical =
          e.agency + "〔" + std::to_string(e.year) + "〕" + std::to_string(e.serial) + "号";
      // The canonical spelling also splits back into the same parts.
      std::optional<pg::NumberParts> parts;
      if (n) parts = pg::split_doc_no(n->canonical);
      return expect(n && n->form == Form::kStandard && n->agency == e.agency && n->year == e.year &&
                        n->serial == e.serial && n->canonical == canonical && parts &&
                        parts->agency == e.agency && parts->year == e.year &&
                        parts->serial == e.serial,
                    "expected " + canonical + ", read as " + (n ? n->canonical : o.reason));
    }
    case Kind::kDecree: {
      bool ok = n && n->form == Form::kDecree && n->year == 0 && n->serial == e.serial &&
                is_printed_issuer(e.agency, n->agency);
      std::string tail = "令第" + std::to_string(e.serial) + "号";
      // The State Council's decrees are canonical as 国令第N号.
      ok = ok && n->canonical == (n->agency == "国务院" ? "国" : n->agency) + tail;
      return expect(ok,
                    "expected " + e.agency + tail + ", read as " + (n ? n->canonical : o.reason));
    }
    case Kind::kYearlyDecree:
    case Kind::kAnnouncement: {
      bool decree = e.kind == Kind::kYearlyDecree;
      std::string word = decree ? "令" : e.with_word ? "公告" : "";
      std::string tail = std::to_string(e.year) + "年第" + std::to_string(e.serial) + "号";
      bool ok = n && n->form == (decree ? Form::kDecree : Form::kAnnouncement) &&
                n->year == e.year && n->serial == e.serial &&
                is_printed_issuer(e.agency, n->agency) && n->canonical == n->agency + word + tail;
      return expect(
          ok, "expected " + e.agency + word + tail + ", read as " + (n ? n->canonical : o.reason));
    }
  }
  return "unknown kind";
}

}  // namespace

TEST_CASE("the oracle of the 43k test reads fields by the stated rules", "[doc_number]") {
  using Kind = Expected::Kind;
  auto [raw, kind, agency, year, serial] =
      GENERATE(table<std::string, Kind, std::string, int, long>({
          {"发文字号：渝府发〔2023〕15号", Kind::kStandard, "渝府发", 2023, 15},
          {"济政办发 〔２０１７〕５３号", Kind::kStandard, "济政办发", 2017, 53},
          {"法(研)发[1987]第032号", Kind::kStandard, "法（研）发", 1987, 32},
          {"（国发〔2015〕12号）", Kind::kStandard, "国发", 2015, 12},
          {"发文字号：渝府发〔2000〕48号〔〕", Kind::kStandard, "渝府发", 2000, 48},
          {"其他〔2019〕1号", Kind::kNotANumber, "", 0, 0},
          {"发文字号：晋政发〔2014〕号16", Kind::kNotANumber, "", 0, 0},
          {"省政府令 第219号", Kind::kDecree, "省政府", 0, 219},
          {"交通运输部令2016年第62号", Kind::kYearlyDecree, "交通运输部", 2016, 62},
          {"国家税务总局公告2015年第41号", Kind::kAnnouncement, "国家税务总局", 2015, 41},
          {"农业农村部2019年第4号", Kind::kAnnouncement, "农业农村部", 2019, 4},
          {"公告2018年第14号", Kind::kNotANumber, "", 0, 0},
          {"豫政 第24号", Kind::kNotANumber, "", 0, 0},
          {"发文字号：　", Kind::kEmpty, "", 0, 0},
      }));
  CAPTURE(raw);
  Expected e = expected_number(raw);
  CHECK(e.kind == kind);
  CHECK(e.agency == agency);
  CHECK(e.year == year);
  CHECK(e.serial == serial);
}

TEST_CASE("the 43k check names a wrong reading", "[doc_number]") {
  pg::ParseOutcome right = pg::parse_doc_number("发文字号：渝府发〔2023〕15号");
  REQUIRE(right.number);
  CHECK(check_row("发文字号：渝府发〔2023〕15号", right).empty());
  pg::ParseOutcome wrong = right;
  wrong.number->agency = "府发";
  wrong.number->canonical = "府发〔2023〕15号";
  CHECK(check_row("发文字号：渝府发〔2023〕15号", wrong) ==
        "expected 渝府发〔2023〕15号, read as 府发〔2023〕15号");
  wrong = right;
  wrong.number->serial = 16;
  CHECK_FALSE(check_row("发文字号：渝府发〔2023〕15号", wrong).empty());
  // A placeholder agency read as a number, and a number not read.
  CHECK_FALSE(check_row("其他〔2019〕1号", right).empty());
  CHECK_FALSE(check_row("渝府发〔2023〕15号", pg::ParseOutcome{std::nullopt, "no year"}).empty());
  pg::ParseOutcome decree = pg::parse_doc_number("国务院令第706号");
  REQUIRE(decree.number);
  CHECK(decree.number->canonical == "国令第706号");
  CHECK(check_row("国务院令第706号", decree).empty());
  decree.number->canonical = "国务院令第706号";
  CHECK_FALSE(check_row("国务院令第706号", decree).empty());
}

TEST_CASE("43k website fields: every row reads as its printed agency, year and serial",
          "[doc_number][corpus]") {
  std::ifstream in(TEST_DATA_DIR "/doc_numbers/doc_numbers_43k.tsv");
  REQUIRE(in);
  std::string line;
  std::getline(in, line);  // header: site url date_raw doc_number_raw
  int rows = 0;
  std::map<std::string, int> by_kind;
  std::vector<std::string> failures;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++rows;
    std::size_t tab = 0;
    for (int k = 0; k < 3 && tab != std::string::npos; ++k) tab = line.find('\t', tab + 1);
    std::string raw = tab == std::string::npos ? "" : line.substr(tab + 1);
    pg::ParseOutcome o = pg::parse_doc_number(raw);
    std::string kind = kind_name(expected_number(raw).kind);
    ++by_kind[o.number ? kind : kind + " (" + o.reason + ")"];
    std::string why = check_row(raw, o);
    if (!why.empty())
      failures.push_back("line " + std::to_string(rows + 1) + ": " + raw + ": " + why);
  }
  std::ostringstream summary;
  summary << "doc_numbers_43k.tsv: " << rows << " rows, " << failures.size() << " wrong";
  for (const auto& [kind, count] : by_kind) summary << "\n  " << kind << ": " << count;
  for (std::size_t i = 0; i < failures.size() && i < 50; ++i) summary << "\n  " << failures[i];
  std::cout << summary.str() << "\n";
  INFO(summary.str());
  CHECK(rows > 43000);
  CHECK(failures.empty());
}

TEST_CASE("a number broken over lines by PDF extraction is found once lines are joined",
          "[doc_number][find]") {
  // 000_1a218bf28652ce10.txt lines 21-24: the number starts on one line and
  // ends on the next, with spaces and full-width digits.
  const std::string text = "（鲁政发 〔２０１６〕\n２６号）等有关规定，制\n\n定本办法。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::FlowText flow = pg::join_lines(norm, 1, norm.line_count());
  std::vector<pg::NumberMatch> found = pg::find_doc_numbers(flow.text());
  REQUIRE(found.size() == 1);
  CHECK(found[0].number.canonical == "鲁政发〔2016〕26号");
  CHECK(flow.line_at(found[0].begin) == 1);
}

TEST_CASE("a number broken over two lines: how much of the next line completes it",
          "[doc_number][breaks]") {
  // Rows: end of a line, start of the next, the bytes of the next that belong
  // to a number begun above (empty: none).
  auto [line, next, rest] = GENERATE(table<std::string, std::string, std::string>({
      {"实施办法的通知济政字", "〔2019〕90号", "〔2019〕90号"},
      {"（鲁政发〔2016〕", "26号）等有关规定，制", "26号"},
      {"的实施意见济", "政办字〔2019〕67号", "政办字〔2019〕67号"},
      // An unknown code broken right after the title's document type.
      {"的实施意见青", "政办字〔2019〕67号", "政办字〔2019〕67号"},
      // A whole number opening the line: under a title, a running header.
      {"低排放控制区的通告", "济政发〔2019〕17号", ""},
      {"济南市人民政府公报2017年第23期", "济政办字〔2017〕81号", ""},
      // A decree's serial under its name is no broken number.
      {"中华人民共和国国务院令", "第707号", ""},
      // Nothing to complete.
      {"为进一步健全特困人员救助", "供养制度，完善社会救助体系", ""},
      // Longer lines: only the last 14 characters above (here cut inside the
      // two-byte é, so the piece starts at the next character) and the first
      // 12 below are joined, in a buffer of exactly that size.
      {"关于印发某某市行政规范性文件管理办法的通知é济政字", "〔2019〕90号后面还有很长的正文内容",
       "〔2019〕90号"},
      {"关于印发某某市行政规范性文件管理办法的通知济政", "字〔2019〕90号", "字〔2019〕90号"},
      // The 号 past the first 12 characters below: not looked at.
      {"的实施意见济", "政办字办字办字办〔2019〕67号", ""},
      // A 号 below, but no number crosses the line break.
      {"为进一步健全特困人员救助供养制度。", "济政办字〔2019〕67号", ""},
      {"x", "号", ""},
  }));
  CAPTURE(line, next);
  CHECK(pg::number_rest_length(line, next) == rest.size());
}
