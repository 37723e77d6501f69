// Single documents as web pages give their text (tests/data/web/): the red
// header (发文机关标志), the number, the title and the addressees run together
// on one line, a number without brackets, a registration number glued to the
// issuer's name, the signature and its date on one line with the title of the
// measure that follows. The places and agency codes are of other provinces
// (浙江, 江苏) and in no table. Every expectation below was read from the
// text by hand, in the GB/T 9704 order of the header: 发文机关标志, 发文字号,
// 标题, 主送机关, then 署名 and 成文日期 at the end of the notice.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/graph/corpus_graph.h"
#include "support/test_support.h"

namespace {

struct Expected {
  std::string file;
  std::string doc_no;
  std::string title;
  std::vector<std::string> issuers;
  std::string signed_date;      // 成文日期, ISO
  std::string effective;        // ISO date, "on_issue", or "" when not stated
  std::string registration_no;  // "" when none is printed
};

const std::vector<Expected>& expected() {
  static const std::vector<Expected> rows = {
      {"quzhou_red_header_line.txt",
       "衢政发〔2018〕41号",
       "衢州市人民政府关于印发衢州市个人所得税专项附加扣除暂行办法的通知",
       {"衢州市人民政府"},
       "2018-12-13",
       "2019-01-01",
       "ZJHC00-2018-0041"},
      {"wenzhou_no_brackets.txt",
       "温政发〔2020〕57号",
       "温州市人民政府关于开展城镇小区配套幼儿园治理工作的通知",
       {"温州市人民政府"},
       "2020-11-09",
       "",
       ""},
      {"longyou_signature_next_title.txt",
       "龙政办发〔2019〕12号",
       "龙游县人民政府办公室关于印发龙游县粮食应急预案的通知",
       {"龙游县人民政府办公室"},
       "2019-06-11",
       "on_issue",
       ""},
      // The title names no issuer: the red header and the signature do.
      {"kecheng_title_without_issuer.txt",
       "柯政发〔2019〕4号",
       "关于加强公立医院绩效考核工作的意见",
       {"衢州市柯城区人民政府"},
       "2019-01-26",
       "2019-03-01",
       "ZJHC01-2019-0003"},
      {"suzhou_joint_red_header.txt",
       "苏委办发〔2019〕21号",
       "中共苏州市委办公室苏州市人民政府办公室关于印发苏州市职业教育改革实施方案的通知",
       {"中共苏州市委办公室", "苏州市人民政府办公室"},
       "2019-04-02",
       "on_issue",
       ""},
      {"taizhou_all_on_one_line.txt",
       "台政发〔2018〕44号",
       "台州市人民政府关于2018年度台州市科学技术奖励的决定",
       {"台州市人民政府"},
       "2018-12-28",
       "",
       ""},
      {"huzhou_number_title_recipients.txt",
       "湖政办发〔2019〕6号",
       "湖州市人民政府办公室关于有效发挥政府性融资担保基金作用切实支持小微企业和“三农”发展的"
       "实施意见",
       {"湖州市人民政府办公室"},
       "2019-02-14",
       "2019-03-01",
       ""},
      // The page's own title and metadata stand above the document.
      {"quzhou_page_title_and_meta.txt",
       "衢政办发〔2017〕35号",
       "衢州市人民政府办公室关于进一步加强城市管理工作的通知",
       {"衢州市人民政府办公室"},
       "2017-06-02",
       "2017-07-01",
       "ZJHC00-2017-0010"},
      // Red header, number, title, addressees and the first sentence: one line.
      {"jiangshan_everything_on_one_line.txt",
       "江政发〔2021〕3号",
       "江山市人民政府关于印发江山市农村生活垃圾分类管理办法（试行）的通知",
       {"江山市人民政府"},
       "2021-01-20",
       "2021-03-01",
       ""},
      // No number printed; the addressees on the title line.
      {"quzhou_no_number_addressees_on_title.txt",
       "",
       "衢州市人民政府办公室关于做好2021年春节期间安全生产工作的通知",
       {"衢州市人民政府办公室"},
       "2021-01-28",
       "",
       ""},
      // The title names no issuer and there is no red header: two signatures
      // and the date on one line name them.
      {"wenzhou_joint_signature_line.txt",
       "温委办发〔2019〕45号",
       "关于进一步加强基层减负工作的若干意见",
       {"中共温州市委办公室", "温州市人民政府办公室"},
       "2019-05-06",
       "on_issue",
       ""},
      {"wenzhou_registration_before_number.txt",
       "温政办〔2020〕3号",
       "温州市人民政府办公室关于印发温州市区公共租赁住房管理办法的通知",
       {"温州市人民政府办公室"},
       "2020-01-10",
       "2020-02-10",
       "ZJCC00-2020-0002"},
      // The title itself cites a number; the header's own is the first.
      {"quzhou_title_cites_number.txt",
       "衢政发〔2019〕5号",
       "衢州市人民政府关于贯彻落实浙政发〔2018〕20号文件进一步扩大和升级信息消费的实施意见",
       {"衢州市人民政府"},
       "2019-02-13",
       "2019-03-15",
       ""},
      // The portal's metadata table gives the number (label and value on two
      // lines) and the 成文日期; the document itself prints neither.
      {"quzhou_page_metadata_table.txt",
       "衢政发〔2020〕12号",
       "衢州市人民政府关于印发衢州市区城市绿化管理办法的通知",
       {"衢州市人民政府"},
       "2020-05-20",
       "2020-07-01",
       ""},
      // Red header, title and addressees on one line; no number printed.
      {"lishui_red_header_title_no_number.txt",
       "",
       "丽水市人民政府办公室关于做好2020年度防汛防台工作的通知",
       {"丽水市人民政府办公室"},
       "2020-04-28",
       "",
       ""},
      // The red header over a title that names no issuer; no number printed.
      {"jinhua_red_header_over_bare_title.txt",
       "",
       "关于加快推进农村生活污水治理设施运维管理的意见",
       {"金华市婺城区人民政府"},
       "2020-07-02",
       "2020-08-01",
       ""},
      // A decree: 令 and 第N号 on one line, signed by the mayor with the date
      // on one line; named by the measure it promulgates, issued by the
      // government its number names.
      {"quzhou_decree_one_line.txt",
       "衢州市人民政府令第12号",
       "衢州市城市绿化管理办法",
       {"衢州市人民政府"},
       "2020-05-20",
       "2020-07-01",
       ""},
      // The number in brackets after the title, the addressees after it; the
      // annexed list of repealed documents prints titles with numbers the
      // same way but is no header (no addressees follow).
      {"shaoxing_number_in_brackets_after_title.txt",
       "绍政发〔2019〕15号",
       "绍兴市人民政府关于印发绍兴市区生活垃圾分类管理办法的通知",
       {"绍兴市人民政府"},
       "2019-06-18",
       "2019-08-01",
       ""},
  };
  return rows;
}

// "on_issue", "YYYY-MM-DD" or "" (unstated), as the gold files write it.
std::string effective_of(const pg::Document& d) {
  return pg::effective_value(d.effective).value_or("");
}

pg::Extraction extract_web(const std::string& file) {
  auto source = pg::read_source(std::string(TEST_DATA_DIR "/web/") + file);
  REQUIRE(source.ok());
  pg::CollectingSink sink;
  pg::Extraction e = pg::extract(*source, sink);
  e.source = file;
  return e;
}

// The fields of the document read from `file`, as strings; "(n documents)"
// in doc_no when the file did not give exactly one.
std::map<std::string, std::string> fields_of(const pg::Extraction& e) {
  std::map<std::string, std::string> f;
  if (e.documents.size() != 1) {
    f["doc_no"] = "(" + std::to_string(e.documents.size()) + " documents)";
    return f;
  }
  const pg::Document& d = e.documents.front();
  f["doc_no"] = d.doc_no.value_or("");
  f["title"] = d.title;
  std::string issuers;
  for (const std::string& i : d.issuers) issuers += (issuers.empty() ? "" : "|") + i;
  f["issuers"] = issuers;
  f["signed"] = d.signed_date ? d.signed_date->to_iso() : "";
  f["effective"] = effective_of(d);
  f["registration_no"] = d.registration_no.value_or("");
  return f;
}

std::map<std::string, std::string> fields_of(const Expected& x) {
  std::string issuers;
  for (const std::string& i : x.issuers) issuers += (issuers.empty() ? "" : "|") + i;
  return {{"doc_no", x.doc_no},       {"title", x.title},
          {"issuers", issuers},       {"signed", x.signed_date},
          {"effective", x.effective}, {"registration_no", x.registration_no}};
}

}  // namespace

TEST_CASE("web-text single documents: every header field as printed", "[web]") {
  // A tally per field is printed so that a run shows the figures; each field
  // of each file is also checked exactly.
  std::map<std::string, int> right;
  for (const Expected& x : expected()) {
    pg::Extraction e = extract_web(x.file);
    std::map<std::string, std::string> got = fields_of(e);
    for (const auto& [field, want] : fields_of(x)) {
      CAPTURE(x.file, field);
      CHECK(got[field] == want);
      if (got[field] == want) ++right[field];
    }
    CHECK(e.documents.size() == 1);
  }
  std::ostringstream tally;
  for (const auto& [field, n] : right) {
    tally << field << ' ' << n << '/' << expected().size() << "  ";
  }
  WARN("web-text fields right: " << tally.str());
}

TEST_CASE("a red header glued before the number is the issuer's mark, not the title", "[web]") {
  pg::Extraction e = extract_web("kecheng_title_without_issuer.txt");
  REQUIRE(e.documents.size() == 1);
  CHECK(e.documents[0].line_start == 1);
  // The signature's registration number does not hide the signature date.
  CHECK(e.documents[0].signed_date.has_value());
}

TEST_CASE("a page's metadata table is no part of the document it describes", "[web]") {
  pg::Extraction e = extract_web("quzhou_page_metadata_table.txt");
  REQUIRE(e.documents.size() == 1);
  CHECK(e.documents[0].line_start == 8);
  REQUIRE(e.documents[0].promulgated_titles.size() == 1);
  CHECK(e.documents[0].promulgated_titles[0] == "衢州市区城市绿化管理办法");
}

TEST_CASE("the measure after a signature and date on one line is the notice's own", "[web]") {
  pg::Extraction e = extract_web("longyou_signature_next_title.txt");
  REQUIRE(e.documents.size() == 1);
  REQUIRE(e.documents[0].promulgated_titles.size() == 1);
  CHECK(e.documents[0].promulgated_titles[0] == "龙游县粮食应急预案");
}

TEST_CASE("an unknown prefix takes its issuer and level from the corpus's own headers",
          "[web][level]") {
  std::vector<pg::Extraction> corpus;
  for (const Expected& x : expected()) corpus.push_back(extract_web(x.file));
  pg::CorpusGraph g = pg::CorpusGraph::build(corpus, pg::testing::agency_rules());
  struct Level {
    const char* doc_no;
    const char* issuer;
    pg::Level level;
  };
  for (const Level& want : {
           // Cited only, in the body of 衢政办发〔2017〕35号: its prefix is that
           // header's, which names 衢州市人民政府办公室.
           Level{"衢政办发〔2012〕8号", "衢州市人民政府办公室", pg::Level::kMunicipal},
           // Its title names no issuer; the red header does (a district: 区).
           Level{"柯政发〔2019〕4号", "衢州市柯城区人民政府", pg::Level::kDistrict},
           Level{"龙政办发〔2019〕12号", "龙游县人民政府办公室", pg::Level::kDistrict},
       }) {
    CAPTURE(want.doc_no);
    const pg::Node& n = g.nodes().at(pg::testing::idx(g, want.doc_no));
    CHECK(n.issuer == want.issuer);
    CHECK(n.level == want.level);
  }
}

TEST_CASE("a title without issuers takes them from its prefix as the source's headers show it",
          "[web][level]") {
  // 衢政办发〔2019〕9号 prints only 关于…的通知, with no red header and no
  // signature; 衢政办发〔2019〕7号 above it shows the code's issuer. The third
  // prefix, 国办发, is in agency_codes.tsv.
  pg::Extraction e = extract_web("two_documents_one_prefix.txt");
  REQUIRE(e.documents.size() == 3);
  CHECK(e.documents[0].doc_no.value_or("") == "衢政办发〔2019〕7号");
  CHECK(e.documents[0].line_start == 1);
  CHECK(e.documents[1].doc_no.value_or("") == "衢政办发〔2019〕9号");
  CHECK(e.documents[1].title == "关于调整衢州市城市供水价格的通知");
  CHECK(e.documents[1].line_start == 10);
  CHECK(e.documents[1].issuers == std::vector<std::string>{"衢州市人民政府办公室"});
  CHECK(e.documents[2].issuers == std::vector<std::string>{"国务院办公厅"});
}

TEST_CASE("the unknown-code note of an extract run names the issuer its headers show",
          "[web][cli]") {
  pg::testing::Run r = pg::testing::run("extract --format summary '" TEST_DATA_DIR
                                        "/web/two_documents_one_prefix.txt' '" TEST_DATA_DIR
                                        "/web/wenzhou_joint_signature_line.txt'");
  REQUIRE(r.status == 0);
  CHECK(pg::testing::has(r.err, "衢政办发=衢州市人民政府办公室"));
  // The signatures name two issuers; the first is the code's.
  CHECK(pg::testing::has(r.err, "温委办发=中共温州市委办公室"));
}

TEST_CASE(
    "a signature and date on one line with the next document's title end one and open the other",
    "[web]") {
  // Line 5: 温州市人民政府 2019年3月12日 温州市人民政府关于 — the first notice's
  // signature and date, then the first words of the second notice's title.
  pg::Extraction e = extract_web("two_documents_signature_next_title.txt");
  REQUIRE(e.documents.size() == 2);
  const pg::Document& first = e.documents[0];
  const pg::Document& second = e.documents[1];
  CHECK(first.doc_no.value_or("") == "温政发〔2019〕8号");
  REQUIRE(first.signed_date.has_value());
  CHECK(first.signed_date->to_iso() == "2019-03-12");
  CHECK(first.line_end == 5);
  CHECK(second.doc_no.value_or("") == "温政发〔2019〕9号");
  CHECK(second.title == "温州市人民政府关于调整温州市区城市道路停车收费标准的通知");
  CHECK(second.line_start == 5);
  REQUIRE(second.signed_date.has_value());
  CHECK(second.signed_date->to_iso() == "2019-03-15");
}
