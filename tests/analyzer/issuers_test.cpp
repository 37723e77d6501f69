// Issuer names as headers print them (analyzer/extract/issuers.h), on real titles of
// the sample corpus.
#include "analyzer/extract/issuers.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

TEST_CASE("a run of issuers splits into each body's name", "[issuers]") {
  using Names = std::vector<std::string>;
  auto row = GENERATE(table<std::string, Names>({
      {"中共济南市委办公厅济南市人民政府办公厅",
       Names{"中共济南市委办公厅", "济南市人民政府办公厅"}},
      {"济南市人民政府办公厅", Names{"济南市人民政府办公厅"}},
      {"国务院办公厅", Names{"国务院办公厅"}},
      {"中共济南市委济南市人民政府", Names{"中共济南市委", "济南市人民政府"}},
      {"最高人民法院、最高人民检察院", Names{"最高人民法院", "最高人民检察院"}},
      {"最高人民法院最高人民检察院公安部民政部",
       Names{"最高人民法院", "最高人民检察院", "公安部", "民政部"}},
      {"国务院、中央军委", Names{"国务院", "中央军委"}},
      {"北京市人民代表大会常务委员会", Names{"北京市人民代表大会常务委员会"}},
  }));
  CHECK(pg::split_issuers(std::get<0>(row)) == std::get<1>(row));
}

TEST_CASE("the issuer prefix stands before 关于, 印发, 转发 or 批转", "[issuers]") {
  auto row = GENERATE(table<std::string, std::string>({
      {"济南市人民政府关于加快超算产业化发展的意见", "济南市人民政府"},
      {"济南市人民政府印发关于深化市级预算管理改革的实施方案的通知", "济南市人民政府"},
      {"济南市人民政府办公厅转发市农业局等部门关于加快农业科技创新与推广能力建设"
       "培育现代农业发展新动能的意见的通知",
       "济南市人民政府办公厅"},
      {"国务院批转国家发展改革委关于2019年深化经济体制改革重点工作意见的通知", "国务院"},
      {"关于实行国家机关“谁执法谁普法”普法责任制的实施意见", ""},
      {"专利代理条例", ""},
  }));
  CHECK(std::string(pg::issuer_prefix(std::get<0>(row))) == std::get<1>(row));
}

TEST_CASE("a title with no verb gives its leading body name", "[issuers]") {
  CHECK(std::string(pg::leading_issuer("济南市人民政府任命工作人员名单")) == "济南市人民政府");
  CHECK(pg::leading_issuer("2019年12月大事记").empty());
  CHECK(pg::ends_like_issuer("济南市人民政府办公厅"));
  CHECK_FALSE(pg::ends_like_issuer("济南市人民政府文件"));
}

TEST_CASE("an issuer broken over two header lines is joined only where the break shows",
          "[issuers]") {
  // The head of the name above the rest: a word no name starts with, or an
  // ending cut in two.
  CHECK(pg::completes_split_issuer("济南市", "人民政府办公厅"));
  CHECK(pg::completes_split_issuer("济南市", "人民政府办公厅关于印发济南市社会救助办法的通知"));
  CHECK(pg::completes_split_issuer("青岛市人民政", "府办公厅"));
  CHECK(pg::completes_split_issuer("中共济南市委办公", "厅"));
  CHECK(pg::completes_split_issuer("济南", "市人民政府办公厅"));
  // A whole name above another, a line of text, or a line with marks or
  // digits is no head.
  CHECK_FALSE(pg::completes_split_issuer("济南市", "山东省人民政府办公厅"));
  CHECK_FALSE(pg::completes_split_issuer("济南市人民政府", "办公厅"));
  CHECK_FALSE(pg::completes_split_issuer("（此件公开发布）", "人民政府办公厅"));
  CHECK_FALSE(pg::completes_split_issuer("合计12", "人民政府办公厅"));
  CHECK_FALSE(pg::completes_split_issuer(
      "为进一步加强社会救助工作切实保障困难群众基本生活现将有关事项通知如下", "人民政府办公厅"));
  CHECK_FALSE(pg::completes_split_issuer("", "人民政府办公厅"));
}
