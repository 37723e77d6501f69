// The whole reading pipeline (analyzer/extract/extractor.h) on one small
// synthetic gazette: two documents with their headers, a notice that issues a
// measure (印发), a notice that forwards another body's measure (转发), a
// statement of basis, a repeal clause and a validity clause. Every expectation
// below was read off the text by hand, line by line.
#include "analyzer/extract/extractor.h"

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/read/source_reader.h"
#include "graphs/model/model.h"

namespace {

// One line per entry; the comment gives its 1-based line number.
const std::vector<std::string> kLines = {
    "济南市人民政府",                                              // 1
    "关于印发济南市示范街区管理办法的通知",                        // 2
    "济政发 〔２０１８〕７号",                                     // 3
    "",                                                            // 4
    "各区县人民政府，市政府各部门：",                              // 5
    "现将《济南市示范街区管理办法》印发给你们，请认真遵照执行。",  // 6
    "济南市人民政府",                                              // 7
    "２０１８年３月１日",                                          // 8
    "济南市示范街区管理办法",                                      // 9
    "第一条 为加强示范街区管理，根据《山东省人民政府关于加强街区管理的意见》"
    "（鲁政发〔2016〕26号）等有关规定，结合我市实际，制定本办法。",  // 10
    "第二条 本办法自2018年4月1日起施行，有效期至2023年3月31日。"
    "《济南市示范街区管理暂行办法》（济政发〔2012〕3号）同时废止。",                         // 11
    "（2018年3月2日印发）",                                                                  // 12
    "济南市人民政府办公厅",                                                                  // 13
    "转发市财政局关于示范街区资金管理的意见的通知",                                          // 14
    "济政办字〔2018〕9号",                                                                   // 15
    "各区县人民政府，市政府有关部门：",                                                      // 16
    "市财政局《关于示范街区资金管理的意见》已经市政府同意，现转发给你们，请认真组织实施。",  // 17
    "济南市人民政府办公厅",                                                                  // 18
    "2018年3月5日",                                                                          // 19
    "关于示范街区资金管理的意见",                                                            // 20
    "一、示范街区资金实行专账管理。",                                                        // 21
};

pg::Extraction extract_sample() {
  std::string text;
  for (const std::string& line : kLines) text += line + "\n";
  pg::Result<pg::SourceText> src = pg::decode_source("sample.txt", text);
  REQUIRE(src.ok());
  pg::CollectingSink sink;
  return pg::extract(*src, sink);
}

const pg::Document* document(const pg::Extraction& e, const std::string& doc_no) {
  for (const pg::Document& d : e.documents) {
    if (d.doc_no == doc_no) return &d;
  }
  return nullptr;
}

const pg::Evidence* field(const pg::Document& d, const std::string& name) {
  for (const auto& fe : d.field_evidence) {
    if (fe.field == name) return &fe.evidence;
  }
  return nullptr;
}

pg::Date day(int y, int m, int d) { return *pg::Date::make(y, m, d); }

}  // namespace

TEST_CASE("the extractor reads both documents of a small gazette with their headers",
          "[extractor]") {
  pg::Extraction e = extract_sample();
  CHECK(e.source == "sample.txt");
  REQUIRE(e.documents.size() == 2);

  const pg::Document* notice = document(e, "济政发〔2018〕7号");
  REQUIRE(notice != nullptr);
  CHECK(notice->title == "济南市人民政府关于印发济南市示范街区管理办法的通知");
  CHECK(notice->kind == pg::DocumentKind::kPolicy);
  CHECK(notice->issuers == std::vector<std::string>{"济南市人民政府"});
  CHECK(notice->signed_date == day(2018, 3, 1));
  CHECK(notice->printed_date == day(2018, 3, 2));
  CHECK(notice->promulgated_titles == std::vector<std::string>{"济南市示范街区管理办法"});
  CHECK(notice->line_start == 1);
  CHECK(notice->line_end == 12);

  const pg::Document* forward = document(e, "济政办字〔2018〕9号");
  REQUIRE(forward != nullptr);
  CHECK(forward->title == "济南市人民政府办公厅转发市财政局关于示范街区资金管理的意见的通知");
  CHECK(forward->issuers == std::vector<std::string>{"济南市人民政府办公厅"});
  CHECK(forward->signed_date == day(2018, 3, 5));
  CHECK_FALSE(forward->printed_date.has_value());
  CHECK(forward->promulgated_titles == std::vector<std::string>{"关于示范街区资金管理的意见"});
  CHECK(forward->effective.kind == pg::Effective::Kind::kUnstated);
  CHECK_FALSE(forward->expires.has_value());
  CHECK(forward->line_start == 13);
  CHECK(forward->line_end == 21);
}

TEST_CASE("the extractor reads a validity clause with its evidence line", "[extractor]") {
  pg::Extraction e = extract_sample();
  const pg::Document* notice = document(e, "济政发〔2018〕7号");
  REQUIRE(notice != nullptr);
  CHECK(notice->effective.kind == pg::Effective::Kind::kDate);
  CHECK(notice->effective.date == day(2018, 4, 1));
  CHECK(notice->expires == day(2023, 3, 31));
  CHECK(notice->expires_text == "有效期至2023年3月31日");
  const pg::Evidence* effective = field(*notice, "effective");
  REQUIRE(effective != nullptr);
  CHECK(effective->file == "sample.txt");
  CHECK(effective->line == 11);
  const pg::Evidence* expires = field(*notice, "expires");
  REQUIRE(expires != nullptr);
  CHECK(expires->line == 11);
  const pg::Evidence* signed_at = field(*notice, "signed");
  REQUIRE(signed_at != nullptr);
  CHECK(signed_at->line == 8);
  const pg::Evidence* doc_no = field(*notice, "doc_no");
  REQUIRE(doc_no != nullptr);
  CHECK(doc_no->line == 3);
}

TEST_CASE("the extractor types every reference and keeps its evidence line", "[extractor]") {
  pg::Extraction e = extract_sample();
  // Expected edges, read off the text: the statement of basis (line 10), the
  // repeal (line 11), the forwarded measure named in the title (line 14). The
  // notice's own measure (line 6) is no reference.
  struct Want {
    std::string from;
    std::optional<std::string> to_doc_no;
    std::string to_title;
    pg::RelationType type;
    int line;
    std::string quote_part;
  };
  const std::vector<Want> want = {
      {"济政发〔2018〕7号", "鲁政发〔2016〕26号", "山东省人民政府关于加强街区管理的意见",
       pg::RelationType::kBasedOn, 10,
       "根据《山东省人民政府关于加强街区管理的意见》（鲁政发〔2016〕26号）"},
      {"济政发〔2018〕7号", "济政发〔2012〕3号", "济南市示范街区管理暂行办法",
       pg::RelationType::kRepeals, 11,
       "《济南市示范街区管理暂行办法》（济政发〔2012〕3号）同时废止"},
      {"济政办字〔2018〕9号", std::nullopt, "关于示范街区资金管理的意见",
       pg::RelationType::kForwards, 14, "转发市财政局关于示范街区资金管理的意见"},
  };
  std::vector<std::string> got;
  for (const pg::Edge& edge : e.edges) {
    got.push_back(edge.from + " -> " + edge.to_doc_no.value_or("") + "《" +
                  edge.to_title.value_or("") + "》 " + std::string(pg::to_string(edge.type)) +
                  " line " + std::to_string(edge.line) + ": " + edge.evidence);
  }
  INFO([&] {
    std::string s;
    for (const auto& g : got) s += g + "\n";
    return s;
  }());
  REQUIRE(e.edges.size() == want.size());
  for (const Want& w : want) {
    CAPTURE(w.to_title);
    const pg::Edge* match = nullptr;
    for (const pg::Edge& edge : e.edges) {
      if (edge.from == w.from && edge.to_title == w.to_title) match = &edge;
    }
    REQUIRE(match != nullptr);
    CHECK(match->to_doc_no == w.to_doc_no);
    CHECK(match->type == w.type);
    CHECK(match->line == w.line);
    CHECK(match->evidence.find(w.quote_part) != std::string::npos);
    CHECK_FALSE(match->derived);
  }
}

// check_title_marks jumps from 《 to 《 outside a title and walks the lead
// bytes inside one: an unclosed 《 is reported once, on its own line, both
// when text runs on past 200 characters and when the document ends first;
// a closed title between them is no warning.
TEST_CASE("an unclosed 《 is reported once on its line, a closed one never", "[extractor]") {
  std::string text = "济南市人民政府关于示范街区的通知\n济政发〔2018〕5号\n各县区人民政府：\n";
  text += "一、依照《济南市街区管理办法》执行。\n";  // line 4: closed
  text += "二、依照《济南市街区资金办法执行。\n";    // line 5: never closed
  for (int i = 0; i < 30; ++i) text += "三、示范街区资金实行专账管理，专款专用。\n";
  text += "四、参照《济南市街区规划";  // line 36: open at the end of the text
  pg::Result<pg::SourceText> src = pg::decode_source("marks.txt", text);
  REQUIRE(src.ok());
  pg::CollectingSink sink;
  pg::extract(*src, sink);
  std::vector<std::pair<int, std::string>> warnings;
  for (const pg::Diagnostic& d : sink.items) {
    if (d.message.find("《 without a closing 》") == 0) warnings.emplace_back(d.line, d.message);
  }
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        std::pair<int, std::string>{5, "《 without a closing 》 within 200 characters"});
  CHECK(warnings[1] == std::pair<int, std::string>{36, "《 without a closing 》"});
}
