// Stage 4b: the type of a reference, from its cue words and its place.
//
// Cue words come from analyzer/data/cues.tsv. The sentence around a
// reference (bounded by 。；！？, a colon, the ends of the flow text, and
// sentence_bounds' reach) is read on both sides; cue words inside other titles
// in it do not count: 废止《X》 and 《X》……同时废止 are repeals (《X》第N条…不再
// 适用, a partial repeal, amends; repealed_part says which part); 对《X》作如下
// 修改 amends; 根据/依据/依照 X … 制定本办法/结合实际/提出如下意见 in the
// document's opening statement is based_on; 贯彻/落实/按照 X 要求/精神 stating the purpose of the whole document
// implements; 转发 forwards; a title that only says how the next one was
// amended (根据《关于修改〈X〉的决定》修正的《X》) and anything else cites.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "graphs/model/model.h"

namespace pg {

struct ReferenceContext {
  std::string_view flow;  // the text the reference stands in
  std::size_t begin = 0;  // span of the reference (title and/or number)
  std::size_t end = 0;
  // True when the sentence is the document's opening statement (its first
  // paragraph before numbered parts, or a 第一条 that states its purpose).
  bool in_opening = false;
};

RelationType classify_reference(const ReferenceContext& ctx);

// The part of the target that a repeal in the reference's sentence ends, as
// printed (digits ASCII in normalized text): 第十条、第十二条 in 《X》（X政发
// 〔2015〕3号）第十条、第十二条同时废止; 附件2 in 《X》附件2废止; 关于…的规定 in
// X号文件中关于…的规定停止执行; 部分条款. The part stands right after the
// reference (after its bracket and a lead word such as 中) and before the
// repeal cue of cues.tsv in the same clause (or after a cue before it:
// 废止《X》第十条), with no other instrument named between. nullopt when the
// sentence repeals no part of it: no repeal cue (an amendment such as
// 关于修改〈X〉部分条款的决定 names none), a whole repeal, or a 第N条 that is not
// what the cue ends. Cut to 80 characters with "…". Words in
// analyzer/data/repealed_parts.tsv. The relation type stays what
// classify_reference says (a 第N条 right after the reference: amends).
std::optional<std::string> repealed_part(const ReferenceContext& ctx);

// A line that heads a list of instruments in a 清理 notice or its annex
// (一、决定废止的规范性文件（5件）, 继续有效的文件目录): the type its cue word
// gives every reference listed under it (继续有效: cites). nullopt when the
// line is no such heading. Words in analyzer/data/list_headings.tsv.
std::optional<RelationType> list_heading_type(std::string_view line);

// True when `line` starts a heading or list item (一、 （一） 1. 1、 （1）
// 附件): the end of a list heading's reach, or one item of its list.
bool starts_enumeration(std::string_view line);

// The kind of mark a heading or list item starts with, so that a list
// heading's reach ends at its next sibling.
enum class Enumeration {
  kNone,          // no mark
  kNumeral,       // 一、
  kParenNumeral,  // （一） (一)
  kDigit,         // 1. 1、 1．
  kParenDigit,    // （1） (1)
  kAttachment,    // 附件 附件2
};
Enumeration enumeration_style(std::string_view line);

// [begin, end) of the sentence holding [ref_begin, ref_end): from after the
// previous 。；！？ (or the start) to the next one (or the end), reaching
// at most 400 characters' bytes (1200) either side of the reference.
std::pair<std::size_t, std::size_t> sentence_bounds(std::string_view flow, std::size_t ref_begin,
                                                    std::size_t ref_end);

// A short quote for a reference: its clause, at most about 120 characters,
// cut at clause marks (，；。) around the reference without splitting UTF-8.
std::string evidence_quote(std::string_view flow, std::size_t ref_begin, std::size_t ref_end);

}  // namespace pg
