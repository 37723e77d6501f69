#include "graphs/model/json_io.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/base/json_text.h"
#include "graphs/base/result.h"
#include "graphs/model/json.h"
#include "graphs/model/model.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;

using namespace pg::testing;

std::vector<std::string> keys_of(const nlohmann::ordered_json& j) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  return keys;
}

pg::Extraction sample_extraction() {
  pg::Extraction e;
  e.source = "/some/dir/sample.txt";
  e.encoding = "GB18030";
  e.gazette.publisher = "济南市人民政府";
  e.gazette.year = 2017;
  pg::Document d;
  d.doc_no = "济政发〔2017〕24号";
  d.title = "关于印发《济南市\"特困\"人员\\救助》的通知";
  d.issuers = {"济南市人民政府", "济南市财政局"};
  d.signed_date = pg::Date::make(2017, 11, 20);
  d.effective.kind = pg::Effective::Kind::kOnIssue;
  d.promulgated_titles = {"济南市特困人员救助供养办法"};
  d.line_start = 3;
  d.line_end = 40;
  d.field_evidence.push_back({"signed", {"sample.txt", 39, "2017年11月20日"}});
  d.field_evidence.push_back({"promulgated_titles", {"sample.txt", 4, "办法一"}});
  d.field_evidence.push_back({"promulgated_titles", {"sample.txt", 5, "办法二"}});
  e.documents.push_back(d);
  pg::Edge edge;
  edge.from = "济政发〔2017〕24号";
  edge.to_doc_no = "鲁政发〔2016〕26号";
  edge.type = pg::RelationType::kBasedOn;
  edge.line = 21;
  edge.evidence = "根据\t（鲁政发〔2016〕26号）\n制定";
  e.edges.push_back(edge);
  e.notes = "control \x01 char";
  return e;
}

}  // namespace

TEST_CASE("every gold file reads, writes and reads back to the same data", "[json_io]") {
  auto files = gold_files();
  REQUIRE(files.size() >= 3);
  for (const auto& path : files) {
    CAPTURE(path.string());
    std::string text = slurp(path);
    auto first = pg::extraction_from_json(text, path.filename().string());
    REQUIRE(first.ok());
    CHECK(!first->documents.empty());

    std::string written = pg::to_json(*first);
    auto second = pg::extraction_from_json(written, "written");
    REQUIRE(second.ok());
    CHECK(pg::to_json(*second) == written);

    // What we write is the gold file itself plus our extra keys.
    auto gold = nlohmann::ordered_json::parse(text);
    auto ours = nlohmann::ordered_json::parse(written);
    CHECK(ours["encoding"].is_null());
    ours.erase("encoding");
    for (auto& doc : ours["documents"]) {
      CHECK(doc["evidence"] == nlohmann::ordered_json::object());
      doc.erase("evidence");
      // The Chinese word beside the ASCII value (the vocabulary of SCHEMA.md).
      const auto& effective = doc["effective"];
      CHECK(doc["effective_zh"] == (effective.is_null()       ? "未写明施行日期"
                                    : effective == "on_issue" ? "自印发之日起施行"
                                                              : "自指定日期起施行"));
      doc.erase("effective_zh");
    }
    for (auto& edge : ours["edges"]) {
      auto type = pg::parse_relation_type(edge["type"].get<std::string>());
      REQUIRE(type.has_value());
      CHECK(edge["type_zh"] == std::string(pg::zh_name(*type)));
      edge.erase("type_zh");
    }
    CHECK(ours == gold);
    // Keys come out in the schema's order, the order the gold files use.
    CHECK(keys_of(ours) == keys_of(gold));
    CHECK(keys_of(ours["documents"][0]) == keys_of(gold["documents"][0]));
    if (!gold["edges"].empty()) {
      CHECK(keys_of(ours["edges"][0]) == keys_of(gold["edges"][0]));
    }
  }
}

TEST_CASE("gold fields are read into the model", "[json_io]") {
  auto path = fs::path(TEST_DATA_DIR) / "gazettes" / "000_1a218bf28652ce10.json";
  auto e = pg::extraction_from_json(slurp(path), path.string());
  REQUIRE(e.ok());
  CHECK(e->source == "000_1a218bf28652ce10.txt");
  CHECK(e->gazette.publisher == "济南市人民政府");
  CHECK(e->gazette.year == 2017);
  REQUIRE(e->documents.size() == 6);
  const pg::Document& d = e->documents[0];
  CHECK(d.doc_no == "济政发〔2017〕24号");
  CHECK(d.kind == pg::DocumentKind::kPolicy);
  CHECK(d.issuers == std::vector<std::string>{"济南市人民政府"});
  CHECK(d.signed_date == pg::Date::make(2017, 11, 20));
  CHECK(d.effective.kind == pg::Effective::Kind::kDate);
  CHECK(d.effective.date == pg::Date::make(2017, 12, 20));
  CHECK(d.expires == pg::Date::make(2022, 12, 19));
  CHECK(!d.registration_no.has_value());
  CHECK(d.line_start == 1);
  CHECK(d.line_end == 768);
  REQUIRE(!e->edges.empty());
  CHECK(e->edges[0].from == "济政发〔2017〕24号");
}

TEST_CASE(
    "titles with quotes, backslashes, control characters and 《》 "
    "survive a round trip",
    "[json_io]") {
  pg::Extraction e = sample_extraction();
  e.documents[0].title =
      "《A\"B\\C\nD\tE\x01"
      "F》";
  for (int indent : {2, -1}) {
    CAPTURE(indent);
    std::string text = pg::to_json(e, indent);
    CHECK(text.find(R"(\"B\\C\nD\tE\u0001F)") != std::string::npos);
    CHECK(text.find("《A") != std::string::npos);  // non-ASCII is not escaped
    auto back = pg::extraction_from_json(text, "x");
    REQUIRE(back.ok());
    CHECK(back->documents[0].title == e.documents[0].title);
    CHECK(back->edges[0].evidence == e.edges[0].evidence);
    CHECK(back->notes == e.notes);
  }
}

TEST_CASE("one-line output is what the Json tree's writer gives, byte for byte", "[json_io]") {
  // to_json(e, -1) writes the model straight; it must equal the tree of
  // to_json(Json&, Extraction) written by json_text, on every shape of field.
  std::vector<pg::Extraction> cases;
  cases.push_back(sample_extraction());
  pg::Extraction empty;  // no encoding, no documents or edges, null gazette fields
  cases.push_back(empty);
  pg::Extraction full = sample_extraction();
  full.encoding.clear();
  full.gazette.issue = "第13期（总第251期）";
  pg::Document& d = full.documents[0];
  d.doc_no.reset();
  d.kind = pg::DocumentKind::kOther;
  d.printed_date = pg::Date::make(2017, 11, 22);
  d.registration_no = "JNCR-2017-0010006";
  d.effective.kind = pg::Effective::Kind::kDate;
  d.effective.date = *pg::Date::make(2018, 1, 1);
  d.expires = pg::Date::make(2022, 12, 31);
  d.expires_text = "有效期5年";
  d.prevails_clause = true;
  // A field met again after others: its pieces go in one array at its first place.
  d.field_evidence.push_back({"signed", {"sample.txt", 41, "又一个"}});
  d.field_evidence.push_back({"title", {"sample.txt", 3, "\"标题\"\n"}});
  d.field_evidence.push_back({"promulgated_titles", {"sample.txt", 6, "办法三"}});
  full.documents.push_back(pg::Document{});  // every field at its default
  pg::Edge dated = full.edges[0];
  dated.to_doc_no.reset();
  dated.to_title = "中华人民共和国工会法";
  dated.type = pg::RelationType::kRepeals;
  dated.derived = true;
  dated.from_date = pg::Date::make(2001, 10, 27);
  dated.to_date = pg::Date::make(1950, 6, 29);
  full.edges.push_back(dated);
  cases.push_back(full);
  pg::Extraction bad = full;  // not UTF-8: the tree's writer replaces it
  bad.edges[1].evidence = "ab\xC3(\xFF";
  cases.push_back(bad);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    CAPTURE(i);
    CHECK(pg::to_json(cases[i], -1) == pg::json_text(pg::Json(cases[i]), -1));
    CHECK(pg::to_json(cases[i], -1) ==
          pg::Json(cases[i]).dump(-1, ' ', false, pg::Json::error_handler_t::replace));
  }
}

TEST_CASE("one-line output has no line breaks and every extra key", "[json_io]") {
  std::string text = pg::to_json(sample_extraction(), -1);
  CHECK(text.find('\n') == std::string::npos);
  auto j = nlohmann::ordered_json::parse(text);
  CHECK(j["source"] == "sample.txt");  // base name only
  CHECK(j["encoding"] == "GB18030");
  CHECK(j["documents"][0]["effective"] == "on_issue");
  CHECK(j["documents"][0]["printed"].is_null());
  CHECK(j["documents"][0]["evidence"]["signed"]["line"] == 39);
  CHECK(j["documents"][0]["evidence"]["promulgated_titles"].size() == 2);
  CHECK(j["edges"][0]["to_title"].is_null());
  CHECK(j["edges"][0]["type"] == "based_on");
  CHECK(j["documents"][0]["effective_zh"] == "自印发之日起施行");
  CHECK(j["edges"][0]["type_zh"] == "依据");
}

TEST_CASE("evidence and every optional field round-trip", "[json_io]") {
  pg::Extraction e = sample_extraction();
  std::string text = pg::to_json(e);
  auto back = pg::extraction_from_json(text, "x");
  REQUIRE(back.ok());
  CHECK(back->source == "sample.txt");
  CHECK(back->encoding == "GB18030");
  CHECK(!back->gazette.issue.has_value());
  const auto& d = back->documents[0];
  CHECK(d.effective.kind == pg::Effective::Kind::kOnIssue);
  CHECK(!d.printed_date.has_value());
  CHECK(d.issuers == e.documents[0].issuers);
  REQUIRE(d.field_evidence.size() == 3);
  CHECK(d.field_evidence[1].field == "promulgated_titles");
  CHECK(d.field_evidence[2].evidence.line == 5);
  CHECK(d.field_evidence[2].evidence.quote == "办法二");
  CHECK(d.field_evidence[2].evidence.file == "sample.txt");
  CHECK(pg::to_json(*back) == text);
}

TEST_CASE("bytes that are not UTF-8 are replaced, not thrown", "[json_io]") {
  pg::Extraction e = sample_extraction();
  e.documents[0].title = "bad \xff\xfe byte";
  std::string text;
  REQUIRE_NOTHROW(text = pg::to_json(e));
  auto back = pg::extraction_from_json(text, "x");
  REQUIRE(back.ok());
  CHECK(back->documents[0].title == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
}

TEST_CASE("malformed JSON is an error naming the file and byte position", "[json_io]") {
  // The 'x' is the 7th byte.
  auto r = pg::extraction_from_json(R"({"a": x})", "bad.json");
  REQUIRE(!r.ok());
  CHECK(r.error().file == "bad.json");
  CHECK(r.error().offset == 7);
  CHECK(r.error().to_string().rfind("bad.json: byte 7: ", 0) == 0);
  CHECK(r.error().message.find("json.exception") == std::string::npos);

  auto truncated = pg::extraction_from_json(R"({"documents": [)", "cut.json");
  REQUIRE(!truncated.ok());
  CHECK(truncated.error().offset > 0);
}

TEST_CASE("values of the wrong type are errors naming the key", "[json_io]") {
  struct Row {
    const char* text;
    const char* key;
  };
  auto row = GENERATE(
      Row{R"({"documents": [{"title": "t", "signed": 5}]})", "documents[0].signed"},
      Row{R"({"documents": [{"title": "t", "signed": "2017-02-30"}]})", "documents[0].signed"},
      Row{R"({"documents": [{}, {"effective": "soon"}]})", "documents[1].effective"},
      Row{R"({"documents": [{"kind": "law"}]})", "documents[0].kind"},
      Row{R"({"documents": [{"issuers": ["a", 1]}]})", "documents[0].issuers"},
      Row{R"({"edges": [{"from": "a", "type": "mentions"}]})", "edges[0].type"},
      Row{R"({"edges": [{"line": "12"}]})", "edges[0].line"},
      Row{R"({"gazette": {"year": "2017"}})", "gazette.year"},
      Row{R"({"documents": {}})", "documents"}, Row{R"([1, 2])", "top level"});
  CAPTURE(row.text);
  auto r = pg::extraction_from_json(row.text, "typed.json");
  REQUIRE(!r.ok());
  CHECK(r.error().file == "typed.json");
  CHECK(r.error().message.find(row.key) != std::string::npos);
}

TEST_CASE("unknown keys are ignored and missing keys keep defaults", "[json_io]") {
  auto r = pg::extraction_from_json(
      R"({"source": "s.txt", "extra": [1, {"x": 2}],
          "documents": [{"title": "T", "future_field": true}],
          "edges": [{"from": "T", "to_title": "X", "type": "repeals", "why": 1}]})",
      "u.json");
  REQUIRE(r.ok());
  REQUIRE(r->documents.size() == 1);
  CHECK(r->documents[0].title == "T");
  CHECK(!r->documents[0].doc_no.has_value());
  CHECK(r->documents[0].effective.kind == pg::Effective::Kind::kUnstated);
  REQUIRE(r->edges.size() == 1);
  CHECK(r->edges[0].type == pg::RelationType::kRepeals);
  CHECK(!r->gazette.year.has_value());
}

TEST_CASE("each enum value has one spelling that parses back", "[model]") {
  using pg::RelationType;
  auto [type, name] = GENERATE(table<RelationType, std::string>({
      {RelationType::kRepeals, "repeals"},
      {RelationType::kAmends, "amends"},
      {RelationType::kBasedOn, "based_on"},
      {RelationType::kImplements, "implements"},
      {RelationType::kForwards, "forwards"},
      {RelationType::kCites, "cites"},
  }));
  CHECK(pg::to_string(type) == name);
  CHECK(pg::parse_relation_type(name) == type);
  CHECK(!pg::parse_relation_type("Repeals").has_value());
  CHECK(pg::to_string(pg::DocumentKind::kOther) == "other");
  CHECK(pg::parse_document_kind("policy") == pg::DocumentKind::kPolicy);
  CHECK(!pg::parse_document_kind("").has_value());
  CHECK(pg::to_string(pg::Diagnostic::Severity::kNote) == "note");
  CHECK(pg::to_string(pg::Diagnostic::Severity::kWarning) == "warning");
  CHECK(pg::to_string(pg::Diagnostic::Severity::kError) == "error");
}

TEST_CASE("strength rank orders relations strongest first", "[model]") {
  using pg::RelationType;
  std::vector<RelationType> order = {RelationType::kRepeals,  RelationType::kAmends,
                                     RelationType::kBasedOn,  RelationType::kImplements,
                                     RelationType::kForwards, RelationType::kCites};
  for (std::size_t i = 1; i < order.size(); ++i) {
    CHECK(pg::strength_rank(order[i - 1]) < pg::strength_rank(order[i]));
  }
}

TEST_CASE("errors print only the parts that are known", "[result]") {
  CHECK(pg::Error{"a.txt", 12, "bad byte"}.to_string() == "a.txt: byte 12: bad byte");
  CHECK(pg::Error{"a.txt", -1, "cannot open"}.to_string() == "a.txt: cannot open");
  CHECK(pg::Error{"", 0, "empty"}.to_string() == "byte 0: empty");
  CHECK(pg::Error{"", -1, "oops"}.to_string() == "oops");
}

TEST_CASE("each relation type and effective kind has one ASCII name and one Chinese word",
          "[json_io][vocabulary]") {
  using pg::RelationType;
  auto [type, ascii, zh] = GENERATE(table<RelationType, std::string, std::string>({
      {RelationType::kRepeals, "repeals", "废止"},
      {RelationType::kAmends, "amends", "修改"},
      {RelationType::kBasedOn, "based_on", "依据"},
      {RelationType::kImplements, "implements", "贯彻落实"},
      {RelationType::kForwards, "forwards", "转发"},
      {RelationType::kCites, "cites", "引用"},
  }));
  CHECK(pg::to_string(type) == ascii);
  CHECK(pg::zh_name(type) == zh);
  CHECK(pg::parse_relation_type(ascii) == type);

  using Kind = pg::Effective::Kind;
  CHECK(pg::to_string(Kind::kUnstated) == "unstated");
  CHECK(pg::to_string(Kind::kOnIssue) == "on_issue");
  CHECK(pg::to_string(Kind::kDate) == "date");
  CHECK(pg::parse_effective_kind("on_issue") == Kind::kOnIssue);
  CHECK(!pg::parse_effective_kind("自印发之日").has_value());
  CHECK(pg::zh_name(Kind::kOnIssue) == "自印发之日起施行");
  // The one-value form of the schema and of the store.
  CHECK(!pg::effective_value(pg::Effective{}).has_value());
  CHECK(pg::effective_value(pg::Effective{Kind::kOnIssue, {}}) == "on_issue");
  pg::Effective dated{Kind::kDate, *pg::Date::make(2017, 12, 20)};
  CHECK(pg::effective_value(dated) == "2017-12-20");
  auto back = pg::parse_effective_value("2017-12-20");
  REQUIRE(back.has_value());
  CHECK(back->kind == Kind::kDate);
  CHECK(back->date == dated.date);
  CHECK(pg::parse_effective_value("on_issue")->kind == Kind::kOnIssue);
  CHECK(!pg::parse_effective_value("unstated").has_value());
  CHECK(!pg::parse_effective_value("2017-02-30").has_value());
}

TEST_CASE("compact json_text writes what nlohmann's dump writes", "[json]") {
  // json_text(j, -1) has its own writer; on every value it must give the
  // bytes of dump(-1) with the replace handler, including the values it
  // hands back to nlohmann (floats, invalid UTF-8).
  std::string every_byte;
  for (int b = 0; b < 0x80; ++b) every_byte += static_cast<char>(b);
  const std::vector<std::string> strings = {
      "", "a", "济政发〔2017〕24号", "\"《X》\"", "back\\slash/", "\x7f", every_byte,
      "tab\tnl\ncr\rff\fbs\b\x01\x1f", "\xef\xbf\xbd\xef\xbf\xbe", "\xf0\x9f\x98\x80",
      // not UTF-8: nlohmann's replace handler decides
      "\xff", "\xe4\xb8",
      "ab\xc0\xaf"
      "cd",
      "\xed\xa0\x80"};
  for (const std::string& s : strings) {
    CAPTURE(s);
    nlohmann::ordered_json o = {
        {"text", s}, {s, {1, -2, s}}, {"empty", nlohmann::ordered_json::object()}};
    CHECK(pg::json_text(o, -1) ==
          o.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    nlohmann::json j = {{"z", s}, {"a", nullptr}, {"list", nlohmann::json::array()}};
    CHECK(pg::json_text(j, -1) == j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  nlohmann::ordered_json numbers = {0,
                                    7,
                                    -1,
                                    2017,
                                    std::numeric_limits<std::int64_t>::min(),
                                    std::numeric_limits<std::uint64_t>::max(),
                                    true,
                                    false,
                                    nullptr,
                                    0.5,
                                    1e300};
  CHECK(pg::json_text(numbers, -1) == numbers.dump(-1));
  CHECK(pg::json_text(nlohmann::json(), -1) == "null");
  CHECK(pg::json_text(nlohmann::json::array(), -1) == "[]");
  // With an indent, nlohmann writes it.
  CHECK(pg::json_text(numbers, 2) == numbers.dump(2));
}
