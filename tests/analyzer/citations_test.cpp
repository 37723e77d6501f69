// 《titles》 in flow text and which of them name instruments (citations.h).
// Sentences are real lines of tests/data, normalized as flow text.
#include "analyzer/extract/citations.h"

#include <string>
#include <string_view>
#include <tuple>

#include <catch2/catch.hpp>

namespace pg {

TEST_CASE("a number printed after a title belongs to it", "[citations]") {
  auto [flow, title, number] = GENERATE(table<std::string, std::string, std::string>({
      {"根据《山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制度的实施意见》（鲁政发〔2016〕26号）等有关规定，制定本办法",
       "山东省人民政府关于贯彻国发〔2016〕14号文件进一步健全特困人员救助供养制度的实施意见",
       "鲁政发〔2016〕26号"},
      {"现决定对《最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》（法释〔2009〕19号，以下简称《解释》）作如下修改",
       "最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释",
       "法释〔2009〕19号"},
      {"根据《山东省推进“互联网+医疗健康”示范省建设行动计划(2019—2020年)》(鲁政办发〔2019〕19号)精神,结合我市实际,制定本行动方案",
       "山东省推进“互联网+医疗健康”示范省建设行动计划(2019—2020年)", "鲁政办发〔2019〕19号"},
      {"新设新旧动能转换基金按照《济南市新旧动能转换基金管理办法》（济政办字〔2018〕71号)与本意见执行",
       "济南市新旧动能转换基金管理办法", "济政办字〔2018〕71号"},
  }));
  std::vector<TitleMention> found = find_titles(flow);
  REQUIRE(!found.empty());
  const TitleMention& m = found.front();
  CHECK(m.title == title);
  CHECK(m.is_instrument);
  REQUIRE(m.number.has_value());
  CHECK(m.number->number.canonical == number);
  CHECK(flow.substr(m.number->begin, m.number->end - m.number->begin) == number);
  // The mention ends past the number, and past the bracket when the number
  // fills it.
  CHECK(m.end >= m.number->end);
  std::string_view rest = std::string_view(flow).substr(m.end);
  CHECK_FALSE(rest.starts_with("鲁政"));
}

TEST_CASE("a bracket that fills with the number is part of the mention", "[citations]") {
  std::string flow = "按照《社会保险基金会计制度》（财会〔2017〕28号）进行会计核算";
  auto found = find_titles(flow);
  REQUIRE(found.size() == 1);
  CHECK(flow.substr(found[0].begin, found[0].end - found[0].begin) ==
        "《社会保险基金会计制度》（财会〔2017〕28号）");
}

TEST_CASE("a short form named in the number's bracket is a title of its own", "[citations]") {
  std::string flow =
      "为认真贯彻落实《山东省人民政府关于贯彻国发〔2016〕36号文件加强困境儿童保障工作的实施意见》（鲁政发〔2017〕5号，以下简称《实施意见》），进一步改善困境儿童生存条件";
  auto found = find_titles(flow);
  REQUIRE(found.size() == 2);
  CHECK(found[1].title == "实施意见");
  CHECK(found[0].end <= found[1].begin);
}

TEST_CASE("a bracket without a leading number gives no number", "[citations]") {
  auto found = find_titles(
      "一、废止《北京市社会治安综合治理条例》（1992年9月19日北京市第九届人民代表大会常务委员会第三十六次会议通过）");
  REQUIRE(found.size() == 1);
  CHECK_FALSE(found[0].number.has_value());
  CHECK(found[0].title == "北京市社会治安综合治理条例");
}

TEST_CASE("a standard code after a title is not a number but marks a standard", "[citations]") {
  std::string flow =
      "为所装用柴油机达到《非道路移动机械用柴油机排气污染物排放限值及测量方法（中国第三、四阶段）》（GB20891—2014）第三阶段及以上标准";
  auto found = find_titles(flow);
  REQUIRE(found.size() == 1);
  CHECK_FALSE(found[0].number.has_value());
  CHECK(found[0].is_instrument);
  CHECK(found[0].title == "非道路移动机械用柴油机排气污染物排放限值及测量方法（中国第三、四阶段）");
}

TEST_CASE("inner 〈〉 and inner 《》 stay inside the title", "[citations]") {
  auto a = find_titles(
      "全面实施《〈中国制造2025〉济南行动计划》（济政发〔2016〕4号），培育一批制造业精品");
  REQUIRE(a.size() == 1);
  CHECK(a[0].title == "〈中国制造2025〉济南行动计划");
  auto b = find_titles("通过的《关于修改《北京市市容环境卫生条例》的决定》修正");
  REQUIRE(b.size() == 1);
  CHECK(b[0].title == "关于修改《北京市市容环境卫生条例》的决定");
  CHECK(b[0].is_instrument);
}

TEST_CASE("an unclosed 《 is skipped and the next title is still read", "[citations]") {
  std::string flow = "见《未闭合的标题，后文很长。依照《工伤保险条例》等有关规定享受相关待遇";
  auto found = find_titles(flow);
  REQUIRE(found.size() == 1);
  CHECK(found[0].title == "工伤保险条例");
  CHECK(flow.substr(found[0].begin).starts_with("《工伤保险条例》"));
  // A 《 whose 》 is far beyond any title length is not a title either.
  std::string far = "《";
  for (int i = 0; i < 300; ++i) far += "字";
  far += "》";
  CHECK(find_titles(far).empty());
}

TEST_CASE("titles in a list are all found in order", "[citations]") {
  auto found = find_titles(
      "包括列入《国家重点保护野生植物名录》《国家重点保护野生药材物种名录》《国家珍贵树种名录》中的国家一、二级保护野生植物");
  REQUIRE(found.size() == 3);
  CHECK(found[0].title == "国家重点保护野生植物名录");
  CHECK(found[1].title == "国家重点保护野生药材物种名录");
  CHECK(found[2].title == "国家珍贵树种名录");
  CHECK(found[0].end <= found[1].begin);
}

TEST_CASE("titles that name instruments", "[citations]") {
  auto title = GENERATE(
      as<std::string>{}, "中华人民共和国社会保险法", "中华人民共和国民法典", "工伤保险条例",
      "山东省公安机关警务辅助人员管理办法（试行）",
      "中国共产党纪律检查机关监督执纪工作规则（试行）",
      "关于实行国家机关“谁执法谁普法”普法责任制的实施意见", "济南市数创公社2020发展行动计划",
      "山东省新一代信息技术产业专项规划（2018—2022年）",
      "山东省推进“互联网+医疗健康”示范省建设行动计划(2019—2020年)",
      "最高人民法院关于审理发生在我国管辖海域相关案件若干问题的规定（二）",
      "关于修改〈北京市市容环境卫生条例〉的决定", "〈中国制造2025〉济南行动计划", "中国制造2025",
      "青少年法治教育大纲", "国家重点保护野生动物名录", "人体损伤程度鉴定标准", "专利合作条约",
      "关于持久性有机污染物的斯德哥尔摩公约", "濒危野生动植物种国际贸易公约",
      "社会保险基金会计制度", "公安机关人民警察纪律条令", "政府工作报告", "中华人民共和国进口税则",
      "中华人民共和国禁止进出境物品表", "济南市人民政府关于划定非道路移动机械低排放控制区的通告",
      "最高人民法院关于滥伐自己所有权的林木其林木应如何处理的问题的批复", "解释", "实施意见",
      "济南市人民政府办公厅关于印发济南市社会化招商奖励办法的通知", "北京城市总体规划");
  CAPTURE(title);
  CHECK(is_instrument_title(title));
}

TEST_CASE("titles of books, periodicals, letters and licences are not instruments", "[citations]") {
  auto title =
      GENERATE(as<std::string>{}, "济南市知识产权助推高质量发展白皮书", "母子健康手册",
               "致全市市民的一封信", "致中小学生家长的一封信", "营业执照", "济南市人民政府公报",
               "人民日报", "求是杂志", "孙子兵法", "环境影响报告", "济南年鉴", "", "（试行）");
  CAPTURE(title);
  CHECK_FALSE(is_instrument_title(title));
}

TEST_CASE("find_titles marks only instrument titles as instruments", "[citations]") {
  auto found = find_titles(
      "发放《致全市市民的一封信》，编印《母子健康手册》，落实《济南市市区道路命名规则》（济政办字〔2018〕65号）");
  REQUIRE(found.size() == 3);
  CHECK_FALSE(found[0].is_instrument);
  CHECK_FALSE(found[1].is_instrument);
  CHECK(found[2].is_instrument);
  CHECK(found[2].number.has_value());
}

}  // namespace pg
