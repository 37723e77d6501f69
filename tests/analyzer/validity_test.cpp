#include "analyzer/extract/validity.h"

#include <string>
#include <tuple>

#include <catch2/catch.hpp>

using pg::Date;
using pg::Effective;

namespace {

std::string iso(const std::optional<Date>& d) { return d ? d->to_iso() : ""; }

// "on_issue", "YYYY-MM-DD" or "" (unstated), as the gold files write it.
std::string effective_text(const Effective& e) { return pg::effective_value(e).value_or(""); }

}  // namespace

// ---------------------------------------------------------------------------
// Dates in text.

TEST_CASE("date_at reads ASCII and Chinese-numeral dates", "[validity][date]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"2017年11月20日", "2017-11-20"},
      {"2017年7月2日", "2017-07-02"},
      {"二〇一九年十二月三十一日", "2019-12-31"},
      {"一九九六年六月二十九日", "1996-06-29"},
      {"二○○四年三月五日", "2004-03-05"},  // ○ U+25CB as zero
      {"二○○四年六月十六日", "2004-06-16"},
      {"二〇二〇年十月十日", "2020-10-10"},
      {"二〇二〇年十一月二十日", "2020-11-20"},
      {"2020年2月29日", "2020-02-29"},
      {"2019年2月29日", ""},  // not a leap year
      {"2019年2月30日", ""},
      {"二〇一九年二月三十日", ""},
      {"2019年13月1日", ""},
      {"2017年11月", ""},    // no day
      {"17年11月20日", ""},  // two-digit year
      {"2017年十一月20日", "2017-11-20"},
  }));
  CAPTURE(text);
  auto m = pg::date_at(text, 0);
  CHECK(iso(m ? std::optional<Date>(m->date) : std::nullopt) == expected);
  if (m) CHECK(m->end == text.size());
}

TEST_CASE("date_at parses only at the given position", "[validity][date]") {
  std::string s = "本办法自2017年12月20日起施行";
  CHECK_FALSE(pg::date_at(s, 0).has_value());
  auto m = pg::date_at(s, s.find("2017"));
  REQUIRE(m.has_value());
  CHECK(m->date == Date{2017, 12, 20});
  CHECK(s.substr(m->begin, m->end - m->begin) == "2017年12月20日");
}

TEST_CASE("find_dates lists every valid date in order with its span", "[validity][date]") {
  std::string s =
      "（2018年7月30日最高人民法院审判委员会第1746次会议通过，"
      "二〇一八年十月十九日修订，2019年2月30日无效，自2018年12月1日起施行）";
  auto found = pg::find_dates(s);
  REQUIRE(found.size() == 3);
  CHECK(found[0].date == Date{2018, 7, 30});
  CHECK(found[1].date == Date{2018, 10, 19});
  CHECK(found[2].date == Date{2018, 12, 1});
  CHECK(s.substr(found[1].begin, found[1].end - found[1].begin) == "二〇一八年十月十九日");
  CHECK(s.substr(found[2].begin, found[2].end - found[2].begin) == "2018年12月1日");
}

TEST_CASE("find_dates does not start a year inside a longer number", "[validity][date]") {
  CHECK(pg::find_dates("编号12017年11月20日").empty());
  CHECK(pg::find_dates("（2017－2020年）").empty());
  CHECK(pg::find_dates("2017年至2020年").empty());
}

TEST_CASE("whole_line_date accepts a bare or printed-on date line only", "[validity][date]") {
  auto [line, expected] = GENERATE(table<std::string, std::string>({
      {"2017年11月20日", "2017-11-20"},
      {"（2017年11月20日印发）", "2017-11-20"},
      {"(2019年12月27日印发)", "2019-12-27"},
      {"2019年12月31日", "2019-12-31"},
      {"二〇一九年十二月三十一日", "2019-12-31"},
      {"本办法自2017年12月20日起施行。", ""},
      {"2017年11月20日起施行", ""},
      {"（2017年11月20日印发", ""},
      {"2019年2月29日", ""},
      {"", ""},
  }));
  CAPTURE(line);
  CHECK(iso(pg::whole_line_date(line)) == expected);
}

// ---------------------------------------------------------------------------
// 施行 and 有效期 clauses, from the sample corpus (normalized).

TEST_CASE("validity clauses of the sample corpus", "[validity]") {
  auto [flow, effective, expires_on, term_years, expires_text] =
      GENERATE(table<std::string, std::string, std::string, int, std::string>({
          {"第四十条本办法自2017年12月20日起施行，有效期至2022年12月19日。", "2017-12-20",
           "2022-12-19", 0, "有效期至2022年12月19日"},
          {"第二十二条本办法自2017年7月20日起施行，有效期2年。", "2017-07-20", "", 2, "有效期2年"},
          {"本政策自2020年1月1日起施行，有效期3年", "2020-01-01", "", 3, "有效期3年"},
          {"本通知自印发之日起施行。", "on_issue", "", 0, ""},
          {"本意见自印发之日起实施", "on_issue", "", 0, ""},
          {"过）本决定自公布之日起施行。", "on_issue", "", 0, ""},
          {"自发布之日起施行。", "on_issue", "", 0, ""},
          {"7.3本预案自印发之日起实施。", "on_issue", "", 0, ""},
          {"第十八条本解释自2016年1月1日起施行。", "2016-01-01", "", 0, ""},
          {"第二十七条本规定自2015年7月1日起施行", "2015-07-01", "", 0, ""},
          {"第十三条❂本决定自2022年1月1日起施行。", "2022-01-01", "", 0, ""},
          {"本实施意见自2020年1月1日起施行，具体内容由市人力资源社会保障局负责解释。", "2020-01-01",
           "", 0, ""},
          {"（2018年7月30日最高人民法院审判委员会第1746次会议通过，自2018年12月1日起施行）",
           "2018-12-01", "", 0, ""},
          {"2018年10月19日最高人民检察院第十三届检察委员会第七次会议通过2018年12月1日施行<!--"
           "INFOEND-->根据司法实践情况",
           "2018-12-01", "", 0, ""},
          {"本办法自二〇一九年一月一日起施行，有效期至二〇二三年十二月三十一日。", "2019-01-01",
           "2023-12-31", 0, "有效期至二〇二三年十二月三十一日"},
          {"本办法自2019年1月1日起施行。本办法有效期两年。", "2019-01-01", "", 2, "有效期两年"},
          {"本办法自2019年1月1日起施行。有效期至2020年12月31日。", "2019-01-01", "2020-12-31", 0,
           "有效期至2020年12月31日"},
          {"本方案自2019年1月1日起实施，有效期为18个月。", "2019-01-01", "", 0, "有效期为18个月"},
      }));
  CAPTURE(flow);
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK(effective_text(v.effective) == effective);
  CHECK(iso(v.expires_on) == expires_on);
  CHECK(v.term_years == term_years);
  CHECK(v.expires_text == expires_text);
  CHECK_FALSE(v.prevails);
}

TEST_CASE("a 有效期 clause is found where it is printed", "[validity]") {
  std::string flow = "第四十条本办法自2017年12月20日起施行，有效期至2022年12月19日。";
  pg::ValidityFacts v = pg::find_validity(flow);
  REQUIRE(v.effective_pos != std::string::npos);
  CHECK(flow.substr(v.effective_pos).rfind("本办法自", 0) == 0);
  REQUIRE(v.expires_pos != std::string::npos);
  CHECK(flow.substr(v.expires_pos, v.expires_text.size()) == v.expires_text);
}

TEST_CASE("生效 is a start verb and 发文/签发 are issue events", "[validity]") {
  pg::ValidityFacts a = pg::find_validity("本办法自2021年5月1日起生效，有效期5年。");
  CHECK(a.effective.kind == Effective::Kind::kDate);
  CHECK(a.term_years == 5);
  pg::ValidityFacts b = pg::find_validity("本通知自发文之日起施行。");
  CHECK(b.effective.kind == Effective::Kind::kOnIssue);
  pg::ValidityFacts c = pg::find_validity("本意见自签发之日起执行，有效期至2025年12月31日。");
  CHECK(c.effective.kind == Effective::Kind::kOnIssue);
  // Not the document's own clause: a decision it governs takes effect.
  pg::ValidityFacts d =
      pg::find_validity("行政复议决定书一经送达，即发生法律效力；调解书自双方签收之日起生效。");
  CHECK(d.effective.kind == Effective::Kind::kUnstated);
}

TEST_CASE("a term in months is read as months", "[validity]") {
  pg::ValidityFacts v = pg::find_validity("本方案自2019年1月1日起实施，有效期为18个月。");
  CHECK(v.term_months == 18);
  CHECK(v.term_years == 0);
}

TEST_CASE("the clause naming the document wins over phased dates", "[validity]") {
  std::string flow =
      "自2020年2月1日起，禁止使用排放不达标的非道路移动机械；自2020年7月1日起，"
      "禁止使用国二及以下排放标准的非道路移动机械。本通告自2020年2月1日起施行，"
      "有效期至2024年1月31日。";
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK(effective_text(v.effective) == "2020-02-01");
  CHECK(iso(v.expires_on) == "2024-01-31");
  CHECK(v.expires_text == "有效期至2024年1月31日");
  REQUIRE(v.effective_pos != std::string::npos);
  CHECK(flow.substr(v.effective_pos).rfind("本通告", 0) == 0);
}

TEST_CASE("a 本X clause wins over a cited instrument's start date", "[validity]") {
  auto [flow, effective] = GENERATE(table<std::string, std::string>({
      {"按照自2020年1月1日起施行的《优化营商环境条例》执行。本办法自2020年3月1日起施行。",
       "2020-03-01"},
      {"本办法自2020年3月1日起施行。《优化营商环境条例》自2020年1月1日起施行。", "2020-03-01"},
      {"本办法自2020年3月1日起施行。参照《X规定》（自2020年5月1日起施行）执行。", "2020-03-01"},
      {"本通知自印发之日起施行。现公布修订后的《专利代理条例》，自2019年3月1日起施行。",
       "on_issue"},
  }));
  CAPTURE(flow);
  CHECK(effective_text(pg::find_validity(flow).effective) == effective);
}

TEST_CASE("an attributive 起施行的 citation alone states no effective date", "[validity]") {
  pg::ValidityFacts v =
      pg::find_validity("按照自2020年1月1日起施行的《优化营商环境条例》有关规定执行。");
  CHECK(v.effective.kind == Effective::Kind::kUnstated);
  CHECK(v.effective_pos == std::string::npos);
}

TEST_CASE("有效期至 is preferred to a term of years stated elsewhere", "[validity]") {
  std::string flow =
      "本办法有效期5年。第三十二条本办法自2020年1月1日起施行，有效期至2024年12月31日。";
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK(iso(v.expires_on) == "2024-12-31");
  CHECK(v.term_years == 0);
  CHECK(v.expires_text == "有效期至2024年12月31日");
  CHECK(iso(pg::compute_expiry(v, std::nullopt)) == "2024-12-31");
}

TEST_CASE("自本方案印发之日起…按本方案要求执行 is on_issue", "[validity]") {
  pg::ValidityFacts v =
      pg::find_validity("自本方案印发之日起，新设立的行业协会商会按本方案要求执行。");
  CHECK(v.effective.kind == Effective::Kind::kOnIssue);
  CHECK(v.effective_pos == 0);
}

TEST_CASE("sentences that are not the document's own 施行 clause", "[validity]") {
  auto flow = GENERATE(
      as<std::string>{},
      // a repeal dated from publication, no 施行 verb
      "自本规定公布之日起，我院法〔1998〕86号通知印发的《关于人民法院受理申请承认外国法院离婚"
      "判决案件几个问题的意见》同时废止。",
      // a deadline counted from issue
      "直辖市人民政府要在本意见印发之日起30日内，制定出台具体实施办法。",
      // counted from the start of the rules, not a start date
      "第十六条本规定施行之日起，《X解释》（法释〔2006〕11号）同时废止。",
      "本解释发布施行后，最高人民法院以前发布的司法解释同时废止。",
      // a phased provision without a 施行 verb after 起
      "自2019年1月1日起可继续免征五年企业所得税。",
      // a verb with an object is a provision, not the start of the document
      "自2020年1月1日起执行新的补贴标准。",
      // a plan period
      "济南市足球改革发展实施方案（2017－2020年）",
      // deadlines
      "卫生计生部门应当自接到报告之日起10个工作日内组织复核评估。");
  CAPTURE(flow);
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK(v.effective.kind == Effective::Kind::kUnstated);
  CHECK_FALSE(v.expires_on.has_value());
  CHECK(v.term_years == 0);
}

TEST_CASE("a licence's 有效期 is not the document's term", "[validity]") {
  auto flow =
      GENERATE(as<std::string>{},
               "本办法自2019年1月1日起施行。省级文化部门核发的批准文件在有效期内可以使用。",
               "本办法自2019年1月1日起施行。营业执照有效期届满前30日内申请延续。",
               "本办法自2019年1月1日起施行。取得的资格证书有效期为3年。",
               "本办法自2019年1月1日起施行。企业取得认定后，有效期为3年。",
               "检验合格有效期届满前，使用单位应当申请定期检验。",
               "本办法自2019年1月1日起施行。在参股基金注册之日起3年（含）内购买的可以转让。");
  CAPTURE(flow);
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK_FALSE(v.expires_on.has_value());
  CHECK(v.term_years == 0);
  CHECK(v.term_months == 0);
  CHECK(v.expires_text.empty());
  CHECK(v.expires_pos == std::string::npos);
}

TEST_CASE("以本X为准 is a prevails clause: 以国家规定为准 is not", "[validity]") {
  auto [flow, prevails] = GENERATE(table<std::string, bool>({
      {"之前我市有关文件规定与本办法不一致的，以本办法为准。", true},
      {"现行有关政策与本意见不一致的,以本意见为准。", true},
      {"之前发布的司法解释和规范性文件与本解释不一致的，以本解释为准。", true},
      {"以往规定与本实施意见不一致的，以本实施意见规定为准。", true},
      {"国家另有规定的，以国家规定为准。", false},
      {"奖励金额按照实际委托生产合同执行额（以发票为准）的5%计算。", false},
      {"以国家统计局公布的数据为准。", false},
      {"以本市统计数据为准。", false},
  }));
  CAPTURE(flow);
  pg::ValidityFacts v = pg::find_validity(flow);
  CHECK(v.prevails == prevails);
  CHECK((v.prevails_pos != std::string::npos) == prevails);
}

TEST_CASE("prevails_pos is the start of the sentence that yields", "[validity]") {
  std::string flow =
      "本办法自2020年1月1日起施行。之前我市有关文件规定与本办法不一致的，以本办法为准。";
  pg::ValidityFacts v = pg::find_validity(flow);
  REQUIRE(v.prevails);
  CHECK(flow.substr(v.prevails_pos).rfind("之前我市", 0) == 0);
}

// ---------------------------------------------------------------------------
// compute_expiry.

TEST_CASE("compute_expiry ends a term the day before its anniversary", "[validity]") {
  auto [effective, years, months, expected] = GENERATE(table<std::string, int, int, std::string>({
      {"2017-07-20", 2, 0, "2019-07-19"},
      {"2020-01-01", 3, 0, "2022-12-31"},
      {"2020-02-29", 1, 0, "2021-02-27"},  // 29 Feb -> 28 Feb, then the day before
      {"2019-03-01", 1, 0, "2020-02-29"},  // the day before 1 March of a leap year
      {"2020-02-29", 4, 0, "2024-02-28"},
      {"2019-01-31", 0, 1, "2019-02-27"},  // month end clamped, then the day before
      {"2019-01-01", 0, 18, "2020-06-30"},
      {"2019-01-01", 1, 6, "2020-06-30"},
  }));
  CAPTURE(effective, years, months);
  pg::ValidityFacts v;
  v.effective.kind = Effective::Kind::kDate;
  v.effective.date = *Date::parse_iso(effective);
  v.term_years = years;
  v.term_months = months;
  CHECK(iso(pg::compute_expiry(v, std::nullopt)) == expected);
}

TEST_CASE("compute_expiry prefers the printed 有效期至 date", "[validity]") {
  pg::ValidityFacts v = pg::find_validity("本办法自2017年12月20日起施行，有效期至2022年12月19日。");
  CHECK(iso(pg::compute_expiry(v, Date{2017, 11, 20})) == "2022-12-19");
}

TEST_CASE("compute_expiry runs an on_issue term from the issue date", "[validity]") {
  pg::ValidityFacts v = pg::find_validity("本通知自印发之日起施行，有效期2年。");
  REQUIRE(v.effective.kind == Effective::Kind::kOnIssue);
  REQUIRE(v.term_years == 2);
  CHECK(iso(pg::compute_expiry(v, Date{2019, 12, 27})) == "2021-12-26");
  CHECK_FALSE(pg::compute_expiry(v, std::nullopt).has_value());
}

TEST_CASE("compute_expiry is unknown without a term or a start", "[validity]") {
  pg::ValidityFacts none = pg::find_validity("本办法自2019年1月1日起施行。");
  CHECK_FALSE(pg::compute_expiry(none, Date{2018, 12, 1}).has_value());

  pg::ValidityFacts no_start;
  no_start.term_years = 5;
  CHECK_FALSE(pg::compute_expiry(no_start, Date{2018, 12, 1}).has_value());
}

TEST_CASE("compute_expiry on real clauses", "[validity]") {
  auto [flow, expected] = GENERATE(table<std::string, std::string>({
      {"第二十二条本办法自2017年7月20日起施行，有效期2年。", "2019-07-19"},
      {"本政策自2020年1月1日起施行，有效期3年", "2022-12-31"},
      {"第五十七条本办法自2017年11月20日起施行，有效期至2019年11月19日。", "2019-11-19"},
  }));
  CAPTURE(flow);
  CHECK(iso(pg::compute_expiry(pg::find_validity(flow), std::nullopt)) == expected);
}

TEST_CASE("a clause taking effect N days after issue reports the delay", "[validity]") {
  auto row = GENERATE(table<std::string, int>({
      {"本办法自印发之日起30日后施行，有效期5年。", 30},
      {"本规定自公布之日起30日后施行。", 30},
      {"本通知自印发之日起施行。", 0},
  }));
  pg::ValidityFacts v = pg::find_validity(std::get<0>(row));
  CHECK(v.effective.kind == pg::Effective::Kind::kOnIssue);
  CHECK(v.days_after_issue == std::get<1>(row));
}

// ---------------------------------------------------------------------------
// History notes of laws and regulations (题注). Rows are real notes, spaces
// removed as the normalizer removes them.

namespace {

// "kind date decision|body" per clause, ";"-joined.
std::string history_text(std::string_view note) {
  std::string out;
  for (const pg::HistoryClause& c : pg::find_history(note)) {
    static constexpr const char* kKinds[] = {"adopted", "approved", "promulgated",
                                             "amended", "revised",  "effective"};
    if (!out.empty()) out += ";";
    out += std::string(kKinds[static_cast<int>(c.kind)]) + " " + c.date.to_iso() + " " +
           (c.decision.empty() ? c.body : c.decision);
  }
  return out;
}

}  // namespace

TEST_CASE("find_history reads each clause of a history note", "[validity][history]") {
  auto [note, expected] = GENERATE(table<std::string, std::string>({
      // 中华人民共和国人民警察法, line 5.
      {"（1995年2月28日第八届全国人民代表大会常务委员会第十二次会议通过根据2012年10月26日第十一届全国人民代表大会"
       "常务委员会第二十九次会议《关于修改〈中华人民共和国人民警察法〉的决定》修正）",
       "adopted 1995-02-28 第八届全国人民代表大会常务委员会第十二次会议;"
       "amended 2012-10-26 关于修改〈中华人民共和国人民警察法〉的决定"},
      // 中华人民共和国中小企业促进法: a 修订 names no decision.
      {"（2002年6月29日第九届全国人民代表大会常务委员会第二十八次会议通过2017年9月1日第十二届全国人民代表大会"
       "常务委员会第二十九次会议修订）",
       "adopted 2002-06-29 第九届全国人民代表大会常务委员会第二十八次会议;"
       "revised 2017-09-01 第十二届全国人民代表大会常务委员会第二十九次会议"},
      // 上海市实施《中华人民共和国残疾人保障法》办法, line 5: the decision without
      // outer marks; and line 7: a 修订 and, after 根据, a 修正 on one line.
      {"1999年7月12日上海市第十一届人民代表大会常务委员会第十一次会议关于修改《上海市实施〈中华人民共和国残疾人"
       "保障法〉办法》的决定第一次修正",
       "amended 1999-07-12 关于修改《上海市实施〈中华人民共和国残疾人保障法〉办法》的决定"},
      {"2013年11月21日上海市第十四届人民代表大会常务委员会第九次会议修订根据2017年11月23日上海市第十四届人民代表"
       "大会常务委员会第四十一次会议《关于修改本市部分地方性法规的决定》第二次修正",
       "revised 2013-11-21 上海市第十四届人民代表大会常务委员会第九次会议;"
       "amended 2017-11-23 关于修改本市部分地方性法规的决定"},
      // 通过并于同日公布施行 is an adoption; 公布 and 施行 clauses of an old law.
      {"（1982年12月10日第五届全国人民代表大会第五次会议通过并于同日公布施行）",
       "adopted 1982-12-10 第五届全国人民代表大会第五次会议"},
      {"（1979年7月1日第五届全国人民代表大会第二次会议通过1979年7月4日公布自1980年1月1日起施行）",
       "adopted 1979-07-01 第五届全国人民代表大会第二次会议;promulgated 1979-07-04 ;"
       "effective 1980-01-01 "},
      // A date inside a decision's title opens no clause (a made-up title).
      {"2020年7月31日浙江省第十三届人民代表大会常务委员会第二十二次会议《关于修改〈2019年某条例〉的决定》修正",
       "amended 2020-07-31 关于修改〈2019年某条例〉的决定"},
  }));
  CAPTURE(note);
  CHECK(history_text(note) == expected);
}

// find_validity finds its clause words (年, 之日起, 有效期, 起施行, 以本) in one
// pass that tests sixteen starts at a time; the answer must not depend on
// where in such a block a word falls, nor on its being in the last bytes.
TEST_CASE("find_validity reads the same clauses at every offset of the text", "[validity]") {
  const std::string clauses =
      "本办法自2019年2月1日起施行，有效期至2024年1月31日。本办法与上级规定不一致的，"
      "以本办法为准。";
  for (std::size_t offset = 0; offset <= 40; ++offset) {
    const std::string text = std::string(offset, 'x') + "。" + clauses;
    CAPTURE(offset);
    const pg::ValidityFacts v = pg::find_validity(text);
    CHECK(effective_text(v.effective) == "2019-02-01");
    CHECK(iso(v.expires_on) == "2024-01-31");
    CHECK(v.prevails);
  }
  const pg::ValidityFacts issue = pg::find_validity("xx。本通知自印发之日起施行，有效期5年。");
  CHECK(effective_text(issue.effective) == "on_issue");
  CHECK(issue.term_years == 5);
  const pg::ValidityFacts impossible = pg::find_validity("。本办法自2019年2月30日起施行。");
  REQUIRE(impossible.impossible_dates.size() == 1);
}
