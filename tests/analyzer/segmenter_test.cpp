// Segmentation of gazette issues into documents, on the sample gazettes and
// on layouts rebuilt from their real text (tests/data/layouts/): a number in
// brackets under the title, a red-header number above it, a table of contents
// with dotted leaders and page furniture, a chronicle.
#include "analyzer/extract/segmenter.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/read/normalizer.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/json_io.h"
#include "support/test_support.h"

namespace {

const std::string kData = TEST_DATA_DIR;

pg::Extraction extract_file(const std::string& path) {
  pg::Result<pg::SourceText> src = pg::read_source(path);
  REQUIRE(src.ok());
  pg::CollectingSink sink;
  return pg::extract(*src, sink);
}

// `text` decoded as the file `name` and extracted, diagnostics kept apart.
pg::Extraction extract_text(const std::string& name, const std::string& text) {
  pg::Result<pg::SourceText> src = pg::decode_source(name, text);
  REQUIRE(src.ok());
  pg::CollectingSink sink;
  return pg::extract(*src, sink);
}

const pg::Document* find_doc(const pg::Extraction& e, const std::string& doc_no) {
  for (const pg::Document& d : e.documents) {
    if (d.doc_no && *d.doc_no == doc_no) return &d;
  }
  return nullptr;
}

const std::string kNotice = "济南市人民政府关于划定非道路移动机械高排放禁用区和低排放控制区的通告";

}  // namespace

TEST_CASE("a number in brackets under the title is the document's number", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/layouts/number_in_brackets.txt");
  REQUIRE(e.documents.size() == 1);
  CHECK(e.documents[0].doc_no.value_or("") == "济政发〔2019〕17号");
  // The cover's periodical name above the title is not part of the title.
  CHECK(e.documents[0].title == kNotice);
  CHECK(e.documents[0].line_start == 5);
}

TEST_CASE("a red-header number above the title starts the document", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/layouts/number_above_title.txt");
  REQUIRE(e.documents.size() == 1);
  const pg::Document& d = e.documents[0];
  CHECK(d.doc_no.value_or("") == "济政发〔2019〕17号");
  CHECK(d.title == kNotice);
  CHECK(d.line_start == 1);  // the 济南市人民政府文件 line
  CHECK(d.effective.date.to_iso() == "2020-02-01");
  CHECK(d.expires->to_iso() == "2024-01-31");
}

TEST_CASE("table-of-contents entries with dotted leaders and page furniture are no documents",
          "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/layouts/toc_leaders.txt");
  REQUIRE(e.documents.size() == 2);
  CHECK(e.documents[0].line_start == 8);
  CHECK(e.documents[1].doc_no.value_or("") == "济政发〔2019〕18号");
  CHECK(e.gazette.issue.value_or("") == "第1期");
  CHECK(e.gazette.year.value_or(0) == 2020);
  for (const pg::Edge& edge : e.edges) CHECK(edge.line > 7);  // nothing from the contents
}

TEST_CASE("a chronicle is a document of kind other", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/layouts/chronicle.txt");
  REQUIRE(e.documents.size() == 2);
  CHECK(e.documents[1].kind == pg::DocumentKind::kOther);
  CHECK(!e.documents[1].doc_no);
  CHECK(e.documents[1].title == "济南市人民政府2019年12月大事记");
  CHECK(e.documents[0].line_end < e.documents[1].line_start);
}

TEST_CASE("the table of contents and back matter give no documents or references", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/gazettes/001_78fafd201e7347e4.txt");
  CHECK(e.documents.size() == 10);
  for (const pg::Edge& edge : e.edges) {
    CHECK(!(edge.line >= 11 && edge.line <= 32));  // the contents
    CHECK(edge.line < 1044);                       // the gazette's own 简介
  }
  CHECK(e.gazette.publisher.value_or("") == "济南市人民政府");
  CHECK(e.gazette.year.value_or(0) == 2017);
  CHECK(e.gazette.issue.value_or("") == "第13期（总第251期）");
}

TEST_CASE("a registration number printed above a header belongs to that document", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/gazettes/000_1a218bf28652ce10.txt");
  const pg::Document* d = find_doc(e, "济政办发〔2017〕54号");
  REQUIRE(d != nullptr);
  // Printed with full-width dashes (JNCR－2017－0020010); kept with ASCII ones.
  CHECK(d->registration_no.value_or("") == "JNCR-2017-0020010");
  CHECK(d->line_start == 1499);
  const pg::Document* before = find_doc(e, "济政办发〔2017〕53号");
  REQUIRE(before != nullptr);
  CHECK(!before->registration_no);
}

TEST_CASE("a State Council decree is named by the measure it promulgates", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/national/0057.txt");
  REQUIRE(!e.documents.empty());
  CHECK(e.documents[0].doc_no.value_or("") == "国令第706号");
  CHECK(e.documents[0].title == "专利代理条例");
  CHECK(e.documents[0].line_start == 1);
}

TEST_CASE("a joint header lists every issuer in printed order", "[segmenter]") {
  pg::Extraction e = extract_file(kData + "/gazettes/001_78fafd201e7347e4.txt");
  const pg::Document* d = find_doc(e, "济办发〔2017〕12号");
  REQUIRE(d != nullptr);
  CHECK(d->issuers == std::vector<std::string>{"中共济南市委办公厅", "济南市人民政府办公厅"});
  CHECK(d->line_start == 34);  // the line that starts with Markdown '**'
}

TEST_CASE("the same text in GB18030, UTF-16 and UTF-8 with CRLF extracts the same", "[segmenter]") {
  pg::Extraction utf8 = extract_file(kData + "/encodings/excerpt.utf8.txt");
  REQUIRE(utf8.documents.size() == 1);
  for (const char* other :
       {"excerpt.gb18030.txt", "excerpt.utf16le.txt", "excerpt.utf8-bom-crlf.txt"}) {
    INFO(other);
    pg::Extraction e = extract_file(kData + "/encodings/" + other);
    REQUIRE(e.documents.size() == 1);
    CHECK(e.documents[0].doc_no == utf8.documents[0].doc_no);
    CHECK(e.documents[0].title == utf8.documents[0].title);
    CHECK(e.documents[0].line_start == utf8.documents[0].line_start);
    CHECK(e.edges.size() == utf8.edges.size());
  }
}

TEST_CASE("text with no header this reader knows is one document titled by its first line",
          "[segmenter]") {
  std::string text =
      "关于加强城市管理的几点想法\n\n发文字号：济政办字〔2019〕63号\n\n一、总体要求。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 1);
  CHECK(seg.segments[0].line_start == 1);
  REQUIRE(seg.segments[0].number);
  CHECK(seg.segments[0].number->canonical == "济政办字〔2019〕63号");
}

TEST_CASE("a title that carries out a named instrument gives an implements edge", "[segmenter]") {
  // The header of 济政字〔2019〕88号 (tests/data/gazettes/002…txt, line 836),
  // with the instrument it carries out named in 《》 as other gazettes print it.
  std::string text =
      "济南市人民政府\n关于贯彻落实《山东省人民政府关于实行企业职工基本养老保险基金省级统收统支的意见》的实施意见\n"
      "济政字〔2019〕88号\n各区县人民政府，市政府各部门（单位）：\n"
      "为深入贯彻落实《关于强化知识产权保护的意见》有关要求，结合我市实际，提出如下实施意见。\n";
  pg::Extraction e = extract_text("title.txt", text);
  REQUIRE(e.documents.size() == 1);
  bool found = false;
  for (const pg::Edge& edge : e.edges) {
    if (edge.to_title.value_or("") ==
        "山东省人民政府关于实行企业职工基本养老保险基金省级统收统支的意见") {
      found = true;
      CHECK(edge.type == pg::RelationType::kImplements);
      CHECK(edge.line == 2);
      CHECK(!edge.derived);
    }
  }
  CHECK(found);
}

TEST_CASE("State Council documents run together with PDF noise segment one by one", "[segmenter]") {
  // Ten files of tests/data/national joined into one text, with blank lines
  // between lines, spaces inside some and full-width digits: each header is
  // found, and the end marks of the document before (（此件公开发布）, an
  // annex table) stay out of the next title.
  pg::Extraction e = extract_file(kData + "/layouts/national_issue.txt");
  std::ifstream index(kData + "/national/index.tsv");
  std::map<std::string, std::string> titles;  // doc_no -> title
  std::string row;
  while (std::getline(index, row)) {
    std::istringstream cells(row);
    std::string file, no, title;
    std::getline(cells, file, '\t');
    std::getline(cells, no, '\t');
    std::getline(cells, title, '\t');
    titles[no] = title;
  }
  REQUIRE(e.documents.size() == 10);
  for (const pg::Document& d : e.documents) {
    REQUIRE(d.doc_no);
    INFO(*d.doc_no);
    REQUIRE(titles.count(*d.doc_no) == 1);
    CHECK(d.title == titles[*d.doc_no]);
  }
}

TEST_CASE("a registration number printed just under a header belongs to that document",
          "[segmenter]") {
  // Two headers of tests/data/gazettes/002…txt; the first document's
  // registration number printed under its number instead of above its title.
  std::string text =
      "济南市人民政府关于划定非道路移动机械高排放禁用区和低排放控制区的通告\n"
      "济政发〔2019〕17号\nJNCR-2019-0010006\n"
      "为进一步加强非道路移动机械污染防治，结合我市实际，划定我市非道路移动机械高排放禁用区。\n"
      "济南市人民政府\n2019年12月19日\n（2019年12月19日印发）\n"
      "济南市人民政府关于加快超算产业化发展的意见\n济政发〔2019〕18号\n"
      "各区县人民政府，市政府各部门（单位）：\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 2);
  CHECK(seg.segments[0].registration_no.value_or("") == "JNCR-2019-0010006");
  CHECK(!seg.segments[1].registration_no);
}

TEST_CASE("a decision printed without a number starts at its title over the adoption note",
          "[segmenter]") {
  // tests/data/judicial/J000.txt laid out as a gazette prints a 人大 decision:
  // the title over a bracketed adoption note, no document number.
  pg::Extraction e = extract_file(kData + "/layouts/adopted_without_number.txt");
  REQUIRE(e.documents.size() == 1);
  const pg::Document& d = e.documents[0];
  CHECK(!d.doc_no);
  CHECK(d.title == "北京市人民代表大会常务委员会关于废止部分地方性法规的决定");
  CHECK(d.line_start == 1);
  CHECK(d.issuers == std::vector<std::string>{"北京市人民代表大会常务委员会"});
  CHECK(d.signed_date->to_iso() == "2021-09-24");
  CHECK(d.effective.kind == pg::Effective::Kind::kOnIssue);
  int repeals = 0;
  for (const pg::Edge& edge : e.edges) {
    if (edge.type == pg::RelationType::kRepeals) ++repeals;
  }
  CHECK(repeals == 4);
}

TEST_CASE("each State Council file is one document, its issued measure included", "[segmenter]") {
  // A decree prints the regulation it promulgates, with that regulation's own
  // adoption note, after the signature: still the same document.
  for (int i = 0; i < 60; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%04d.txt", i);
    INFO(name);
    pg::Extraction e = extract_file(kData + "/national/" + name);
    CHECK(e.documents.size() == 1);
  }
}

TEST_CASE("documents printed without their numbers are found by title and recipients",
          "[segmenter]") {
  // tests/data/gazettes/002…txt with every number line blanked, as gazettes
  // that print the number only in their table of contents do. Each header
  // standing over a recipients line (各区县人民政府，…：) still starts its
  // document; 济政发〔2019〕17号, a 通告 with no recipients, cannot be told apart.
  pg::Extraction e = extract_file(kData + "/layouts/numbers_not_printed.txt");
  pg::Result<pg::Extraction> gold = pg::extraction_from_json(
      pg::testing::slurp(kData + "/gazettes/002_1864a195dda547c1.json"), "gold");
  REQUIRE(gold.ok());
  std::map<std::string, const pg::Document*> by_title;
  for (const pg::Document& d : gold->documents) by_title[d.title] = &d;
  int found = 0;
  for (const pg::Document& d : e.documents) {
    INFO(d.title);
    REQUIRE(by_title.count(d.title) == 1);
    const pg::Document& want = *by_title[d.title];
    CHECK(std::abs(want.line_start - d.line_start) <= 2);
    // The number comes from the table of contents, which still prints it.
    CHECK(d.doc_no == want.doc_no);
    ++found;
  }
  CHECK(found == 14);
}

TEST_CASE("a decree number in a regulation's adoption note is not given to the law it rests on",
          "[segmenter]") {
  // national/0057.txt: （1991年3月4日中华人民共和国国务院令第76号发布…） over
  // 第一章 总则 / 第一条 …根据《中华人民共和国专利法》，制定本条例.
  pg::Extraction e = extract_file(kData + "/national/0057.txt");
  bool found = false;
  for (const pg::Edge& edge : e.edges) {
    if (edge.to_title.value_or("") != "中华人民共和国专利法") continue;
    found = true;
    CHECK(edge.type == pg::RelationType::kBasedOn);
    CHECK(!edge.to_doc_no);
  }
  CHECK(found);
}

TEST_CASE("a notice issuing two measures lists both", "[segmenter]") {
  // The header of 济政办发〔2017〕54号 (000…txt line 1499) issuing a second,
  // companion measure, as notices that issue a pair print it.
  std::string text =
      "济南市人民政府办公厅关于印发《济南市社会救助工作责任追究办法（试行）》和"
      "《济南市社会救助家庭经济状况核对办法》的通知\n济政办发〔2017〕54号\n"
      "各县区人民政府，市政府各部门：\n现将两个办法印发给你们，请认真贯彻执行。\n";
  pg::Extraction e = extract_text("pair.txt", text);
  REQUIRE(e.documents.size() == 1);
  CHECK(e.documents[0].promulgated_titles ==
        std::vector<std::string>{"济南市社会救助工作责任追究办法（试行）",
                                 "济南市社会救助家庭经济状况核对办法"});
}

TEST_CASE("批转 forwards like 转发", "[segmenter]") {
  std::string text =
      "国务院批转国家发展改革委关于2019年深化经济体制改革重点工作意见的通知\n国发〔2019〕12号\n"
      "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
      "国务院同意国家发展改革委《关于2019年深化经济体制改革重点工作的意见》，现转发给你们。\n";
  pg::Extraction e = extract_text("pizhuan.txt", text);
  REQUIRE(e.documents.size() == 1);
  const pg::Document& d = e.documents[0];
  CHECK(d.issuers == std::vector<std::string>{"国务院"});
  CHECK(d.promulgated_titles == std::vector<std::string>{"关于2019年深化经济体制改革重点工作意见"});
  bool forwards = false;
  for (const pg::Edge& edge : e.edges) forwards |= edge.type == pg::RelationType::kForwards;
  CHECK(forwards);
}

TEST_CASE("a web page's header line holds title, number and addressees", "[segmenter][web]") {
  // The first header of 000_1a218bf28652ce10.txt as a web page runs it
  // together, followed by the next document's header in the same form.
  std::string text =
      "济南市人民政府关于印发济南市特困人员救助供养办法的通知 济政发〔２０１７〕２４号 "
      "各县区人民政府，市政府各部门：\n"
      "现将《济南市特困人员救助供养办法》印发给你们，请认真遵照执行。\n"
      "济南市人民政府办公厅关于印发济南市足球改革发展实施方案的通知 济政办发〔2017〕53号 "
      "各县区人民政府，市政府各部门：\n"
      "《济南市足球改革发展实施方案》已经市政府同意，现印发给你们。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 2);
  REQUIRE(seg.segments[0].number);
  CHECK(seg.segments[0].number->canonical == "济政发〔2017〕24号");
  CHECK(seg.segments[0].title == "济南市人民政府关于印发济南市特困人员救助供养办法的通知");
  CHECK(seg.segments[0].line_start == 1);
  REQUIRE(seg.segments[1].number);
  CHECK(seg.segments[1].number->canonical == "济政办发〔2017〕53号");
  CHECK(seg.segments[1].line_start == 3);
}

TEST_CASE("a number inside a title broken after it is no header", "[segmenter][breaks]") {
  // 济政发〔2017〕11号's title (001_78fafd201e7347e4.txt) cut at 20 characters:
  // the first line ends in a number but not in a document type.
  std::string text =
      "济南市人民政府关于贯彻鲁政发〔2017〕5号\n文件加强困境儿童保障工作的通知\n"
      "济政发〔2017〕11号\n各县区人民政府，市政府各部门：\n为加强困境儿童保障工作，现通知如下。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 1);
  REQUIRE(seg.segments[0].number);
  CHECK(seg.segments[0].number->canonical == "济政发〔2017〕11号");
  CHECK(seg.segments[0].title ==
        "济南市人民政府关于贯彻鲁政发〔2017〕5号文件加强困境儿童保障工作的通知");
}

TEST_CASE("a page break inside the first header after a table of contents is passed over",
          "[segmenter][breaks]") {
  std::string text =
      "目 录\n"
      "济南市人民政府关于加快推进品牌建设的实施意见（济政发〔2017〕9号）(18)\n"
      "济南市人民政府\n"
      "— 5 —\n"
      "济南市人民政府公报 2017年第13期\n"
      "关于加快推进品牌建设的实施意见\n"
      "济政发〔2017〕9号\n"
      "各县区人民政府，市政府各部门：\n"
      "为加快推进品牌建设，提出如下意见。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 1);
  CHECK(seg.segments[0].title == "济南市人民政府关于加快推进品牌建设的实施意见");
  CHECK(seg.segments[0].line_start == 3);
}

TEST_CASE("an appointment list followed by a page break before its decision is a document",
          "[segmenter][breaks]") {
  // The last item of 002_1864a195dda547c1.txt with a page break after its title.
  std::string text =
      "济南市人民政府关于加快超算产业化发展的意见\n济政发〔2019〕18号\n"
      "各区县人民政府，市政府各部门（单位）：\n现提出如下意见。\n"
      "济南市人民政府任命工作人员名单\n"
      "— 60 —\n"
      "济南市人民政府公报 2020年第1期\n"
      "市政府决定，任命：\n张三为济南市某局局长。\n";
  pg::NormalizedText norm = pg::normalize(text);
  pg::Segmentation seg = pg::segment(norm, text);
  REQUIRE(seg.segments.size() == 2);
  CHECK(seg.segments[1].kind == pg::DocumentKind::kOther);
  CHECK(seg.segments[1].title == "济南市人民政府任命工作人员名单");
  CHECK(seg.segments[1].line_start == 5);
}

TEST_CASE("an issuer broken over the header's lines stays whole in title and issuers",
          "[segmenter]") {
  // The header's first line wrapped at each place the issuer's name can be
  // told to continue on the next line, under another city's name, alone and
  // after a registration number printed on the same line.
  const std::string issuer =
      GENERATE(std::string("济南市人民政府办公厅"), std::string("青岛市人民政府"));
  const std::string title = issuer + "关于印发社会救助工作责任追究办法（试行）的通知";
  const std::string registration = GENERATE(std::string(""), std::string("JNCR-2017-0020010"));
  // Cut after the place's second character, after the place, inside the
  // body's word and inside its ending (characters of 3 bytes each).
  const std::size_t cut = 3 * GENERATE(2, 3, 5, 6);
  const std::string head = issuer.substr(0, cut);
  INFO(head << " | " << title.substr(cut) << " (registration: " << registration << ")");
  const std::string text = "（2017年11月10日印发）\n\n" + registration + head + "\n" +
                           title.substr(cut) + "\n济政办发〔2017〕54号\n\n" +
                           "各县区人民政府，市政府各部门：\n\n" +
                           "《社会救助工作责任追究办法（试行）》已经市政府同意，现印发给你们，"
                           "请认真贯彻执行。\n";
  pg::Extraction e = extract_text("wrapped.txt", text);
  const pg::Document* d = find_doc(e, "济政办发〔2017〕54号");
  REQUIRE(d != nullptr);
  CHECK(d->title == title);
  CHECK(d->issuers == std::vector<std::string>{issuer});
  CHECK(d->line_start == 3);
}
