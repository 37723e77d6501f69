// Partial repeals (relations.h repealed_part; 部分失效): which part of its
// target a repeal clause ends, on sentences of the genre with other names,
// numbers and layouts, and the sentences that name no repealed part.
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/extract/extractor.h"
#include "analyzer/extract/relations.h"
#include "analyzer/read/source_reader.h"
#include "graphs/model/model.h"

namespace pg {
namespace {

ReferenceContext context_of(std::string_view sentence, std::string_view ref) {
  std::size_t p = sentence.find(ref);
  REQUIRE(p != std::string_view::npos);
  return {sentence, p, p + ref.size(), false};
}

std::optional<std::string> part_of(std::string_view sentence, std::string_view ref) {
  return repealed_part(context_of(sentence, ref));
}

std::string type_of(std::string_view sentence, std::string_view ref) {
  return std::string(to_string(classify_reference(context_of(sentence, ref))));
}

Extraction extract_text(const std::string& text) {
  Result<SourceText> src = decode_source("partial.txt", text);
  REQUIRE(src.ok());
  CollectingSink sink;
  return extract(*src, sink);
}

// The edges of `e` to the target numbered or titled `to`.
std::vector<const Edge*> edges_to(const Extraction& e, std::string_view to) {
  std::vector<const Edge*> out;
  for (const Edge& edge : e.edges) {
    if (edge.to_doc_no == to || edge.to_title == to) out.push_back(&edge);
  }
  return out;
}

}  // namespace

TEST_CASE("a repeal clause that names articles of its target gives them as the part",
          "[partial_repeal]") {
  using Row = std::tuple<std::string, std::string, std::string>;
  auto [sentence, ref, part] = GENERATE(table<std::string, std::string, std::string>({
      Row{"《济南市城市绿化管理办法》（济政发〔2015〕3号）第十条、第十二条同时废止",
          "《济南市城市绿化管理办法》（济政发〔2015〕3号）", "第十条、第十二条"},
      // Other names and numbers, the number written in digits.
      Row{"《青岛市物业服务收费管理规定》（青政发〔2019〕21号）第5条第2款停止执行",
          "《青岛市物业服务收费管理规定》（青政发〔2019〕21号）", "第5条第2款"},
      Row{"《成都市城市道路管理规定》第五条第二款不再执行", "《成都市城市道路管理规定》",
          "第五条第二款"},
      Row{"《青岛市养犬管理规定》第十五条至第十八条不再适用", "《青岛市养犬管理规定》",
          "第十五条至第十八条"},
      // Several parts, one without its 第, and a bracketed item.
      Row{"《杭州市市容管理办法》第三条第（二）项、第七条和九条同时废止", "《杭州市市容管理办法》",
          "第三条第（二）项、第七条和九条"},
      // An annex, and two annexes.
      Row{"《关于进一步规范行政事业性收费的通知》附件2废止",
          "《关于进一步规范行政事业性收费的通知》", "附件2"},
      Row{"《关于公布权责清单的通知》（成府发〔2017〕8号）附件1、附件3同时废止",
          "《关于公布权责清单的通知》（成府发〔2017〕8号）", "附件1、附件3"},
      // A part named by its subject, after a number and 文件中.
      Row{"苏政办发〔2016〕7号文件中关于住房公积金缴存比例的规定同时废止", "苏政办发〔2016〕7号",
          "关于住房公积金缴存比例的规定"},
      Row{"《沈阳市出租汽车管理办法》中有关车辆报废年限的内容停止执行",
          "《沈阳市出租汽车管理办法》", "有关车辆报废年限的内容"},
      Row{"《昆明市公共停车场管理办法》部分条款不再执行", "《昆明市公共停车场管理办法》",
          "部分条款"},
      // The cue before the reference.
      Row{"自2021年1月1日起，废止《厦门市道路运输管理办法》第二十条", "《厦门市道路运输管理办法》",
          "第二十条"},
      // Full-width digits as printed (the flow text folds them; the part
      // reads them either way).
      Row{"《福州市燃气管理办法》第１２条停止执行", "《福州市燃气管理办法》", "第１２条"},
  }));
  CAPTURE(sentence);
  CHECK(part_of(sentence, ref) == part);
}

TEST_CASE("the type of a partial repeal stays what its cue and place give", "[partial_repeal]") {
  // 第N条 right after the reference: amends, as the gold labels say.
  CHECK(type_of("《济南市城市绿化管理办法》（济政发〔2015〕3号）第十条、第十二条同时废止",
                "《济南市城市绿化管理办法》（济政发〔2015〕3号）") == "amends");
  // An annex, a subject, or the cue before: repeals.
  CHECK(type_of("《关于进一步规范行政事业性收费的通知》附件2废止",
                "《关于进一步规范行政事业性收费的通知》") == "repeals");
  CHECK(type_of("苏政办发〔2016〕7号文件中关于住房公积金缴存比例的规定同时废止",
                "苏政办发〔2016〕7号") == "repeals");
}

TEST_CASE("sentences that repeal no part of the reference give no part", "[partial_repeal]") {
  // A whole repeal.
  CHECK_FALSE(part_of("《济南市城市绿化管理办法》（济政发〔2015〕3号）同时废止",
                      "《济南市城市绿化管理办法》（济政发〔2015〕3号）"));
  CHECK_FALSE(
      part_of("《济南市城市绿化管理办法》自2020年1月1日起废止", "《济南市城市绿化管理办法》"));
  // An amendment names articles but repeals nothing.
  CHECK_FALSE(part_of("现决定对《青岛市物业服务收费管理规定》第五条作如下修改",
                      "《青岛市物业服务收费管理规定》"));
  CHECK_FALSE(part_of("关于修改〈青岛市物业服务收费管理规定〉部分条款的决定",
                      "〈青岛市物业服务收费管理规定〉"));
  CHECK_FALSE(part_of("《关于修改〈青岛市物业服务收费管理规定〉部分条款的决定》同时废止",
                      "《关于修改〈青岛市物业服务收费管理规定〉部分条款的决定》"));
  // 第N条 elsewhere in the sentence, not what the cue ends.
  CHECK_FALSE(
      part_of("根据《中华人民共和国行政许可法》第十二条，《济南市城市绿化管理办法》同时废止",
              "《中华人民共和国行政许可法》"));
  CHECK_FALSE(
      part_of("根据《中华人民共和国行政许可法》第十二条，《济南市城市绿化管理办法》同时废止",
              "《济南市城市绿化管理办法》"));
  CHECK_FALSE(part_of("《济南市城市绿化管理办法》第十条所列《济南市古树名木名录》同时废止",
                      "《济南市城市绿化管理办法》"));
  CHECK_FALSE(part_of("《济南市城市绿化管理办法》第十条所列《济南市古树名木名录》同时废止",
                      "《济南市古树名木名录》"));
  // A plain citation of an article.
  CHECK_FALSE(part_of("按照《济南市城市绿化管理办法》第十条执行", "《济南市城市绿化管理办法》"));
  // 的规定 after the title is no part.
  CHECK_FALSE(part_of("《济南市城市绿化管理办法》的规定同时废止", "《济南市城市绿化管理办法》"));
}

namespace {

// A gazette notice whose last article repeals parts of two earlier measures
// and the whole of a third, the clause broken across lines as a PDF prints
// it, its digits full-width.
const char* kNotice =
    "青岛市人民政府\n"
    "关于印发青岛市城市养犬管理办法的通知\n"
    "青政发〔２０２０〕１１号\n"
    "\n"
    "各区、市人民政府，市政府各部门：\n"
    "现将《青岛市城市养犬管理办法》印发给你们，请认真贯彻执行。\n"
    "青岛市人民政府\n"
    "２０２０年５月６日\n"
    "青岛市城市养犬管理办法\n"
    "第一条 为加强养犬管理，制定本办法。\n"
    "第二条 本办法自２０２０年６月１日起施行。《青岛市犬类管理规定》（青政发〔２０１５〕３号）第\n"
    "十条、第十二条同时废止；青政办发〔２０１６〕７号文件中关于犬只登记收费的规定停止执行；\n"
    "《青岛市犬类登记办法》（青政发〔２０１４〕２号）同时废止。\n"
    "（２０２０年５月７日印发）\n";

}  // namespace

TEST_CASE("the extractor keeps the part of each partial repeal on its edge, across lines",
          "[partial_repeal]") {
  Extraction e = extract_text(kNotice);
  auto articles = edges_to(e, "青政发〔2015〕3号");
  REQUIRE(articles.size() == 1);
  CHECK(articles[0]->type == RelationType::kAmends);
  CHECK(articles[0]->scope == "第十条、第十二条");
  CHECK(articles[0]->line == 11);
  auto subject = edges_to(e, "青政办发〔2016〕7号");
  REQUIRE(subject.size() == 1);
  CHECK(subject[0]->type == RelationType::kRepeals);
  CHECK(subject[0]->scope == "关于犬只登记收费的规定");
  auto whole = edges_to(e, "青政发〔2014〕2号");
  REQUIRE(whole.size() == 1);
  CHECK(whole[0]->type == RelationType::kRepeals);
  CHECK_FALSE(whole[0]->scope);
}

TEST_CASE("a whole repeal of a target wins over a partial one in the same document",
          "[partial_repeal]") {
  std::string text = kNotice;
  // A later sentence repeals the whole of the document whose rule on fees
  // article two ended.
  text.replace(text.find("（２０２０年５月７日印发）"), 0,
               "自２０２１年１月１日起，青政办发〔２０１６〕７号文件废止。\n");
  Extraction e = extract_text(text);
  auto subject = edges_to(e, "青政办发〔2016〕7号");
  REQUIRE(subject.size() == 1);
  CHECK(subject[0]->type == RelationType::kRepeals);
  CHECK_FALSE(subject[0]->scope);
  // The other partial repeal keeps its part.
  auto articles = edges_to(e, "青政发〔2015〕3号");
  REQUIRE(articles.size() == 1);
  CHECK(articles[0]->scope == "第十条、第十二条");
}

}  // namespace pg
