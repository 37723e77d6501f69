// Issuing bodies as titles and signatures print them: the run of issuers
// before a title's 关于/印发/转发/批转, split into names
// (中共济南市委办公厅济南市人民政府办公厅 -> two issuers). The name endings
// (人民政府, 办公厅, 委员会, 局 …) come from analyzer/data/issuer_suffixes.tsv.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg {

// Endings of issuing bodies' names, longest first.
const std::vector<std::string_view>& issuer_endings();

// True when `name` ends like the name of a body (济南市人民政府办公厅).
bool ends_like_issuer(std::string_view name);

// Splits a run of issuer names printed together, at 、 and after a name
// ending that is followed by another name: 中共济南市委办公厅济南市人民政府办公厅
// -> {中共济南市委办公厅, 济南市人民政府办公厅}; 济南市人民政府办公厅 stays whole
// (a name never starts with 办公厅).
std::vector<std::string> split_issuers(std::string_view run);

// The issuer part of a title: what stands before 关于/印发/转发/批转; empty
// when the title opens with one of them or has none.
std::string_view issuer_prefix(std::string_view title);

// For a title with no such verb (济南市人民政府任命工作人员名单): the leading
// body name, ending within the first twelve characters; empty when none.
std::string_view leading_issuer(std::string_view title);

// A signature printed over two centred lines splits one name: true when
// `upper`, the line above a signature line, is the name's first part — it
// opens with a body's name (国务院应对新型冠状病毒肺炎 over
// 疫情联防联控机制综合组) but does not end like one, is short and holds no
// sentence mark, date or title verb.
bool opens_split_issuer(std::string_view upper);

// A header printed in a narrow column breaks an issuer's name over two lines
// (济南市 over 人民政府办公厅, 济南市人民政 over 府办公厅关于印发…): true when
// `head`, the line directly above `rest`, is the name's first part — short,
// only ideographs, not a name by itself — and the break falls where the
// joined name shows it: `rest` opens with a word no name starts with
// (人民政府, 办公厅: the "start" rows of analyzer/data/issuer_suffixes.tsv),
// or with one character and then such a word (济南 over 市人民政府), or a
// name ending straddles the break (人民政 over 府). A break elsewhere in a
// place's name (济 over 南市人民政府) is not told from two names.
bool completes_split_issuer(std::string_view head, std::string_view rest);

// A seal note printed between a signature and its date: （国家卫生健康委代章）,
// （盖章） (the "seal" words of analyzer/data/header_cues.tsv).
bool is_seal_note(std::string_view line);

}  // namespace pg
