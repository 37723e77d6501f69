// Stage 4a: 《titles》 in running text, and which of them name instruments.
//
// Works on flow text (normalizer.h: whitespace gone, lines joined). A title
// is 《...》 with nested 〈〉 (or 《》 used as inner marks) kept inside. It names
// an instrument when its ending is in analyzer/data/title_endings.tsv (法,
// 条例, 办法, 意见, 通知, 规划, 标准, 目录 ...) and it is not excluded by
// analyzer/data/non_instruments.tsv (报, 杂志, 白皮书, 手册, 一封信 ...).
// A document number in brackets right after the title belongs to it: 《X》
// （鲁政发〔2016〕26号） is one reference.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/read/doc_number.h"

namespace pg {

struct TitleMention {
  std::size_t begin = 0;  // offset of 《 in the flow text
  std::size_t end = 0;    // offset just past 》, or past the bracketed number
  std::string title;      // inside the outer 《》
  bool is_instrument = false;
  std::optional<NumberMatch> number;  // the number printed right after it
};

// Every 《》 title in order, one linear pass. An unclosed 《 is skipped.
std::vector<TitleMention> find_titles(std::string_view flow);

// True when the title names a law, regulation, rule, normative document,
// plan, programme, catalogue or standard.
bool is_instrument_title(std::string_view title);

}  // namespace pg
