// The shared list of hostile titles: text from documents is untrusted, and
// every consumer of our output (Graphviz's DOT parser, XML parsers, browsers,
// spreadsheets, terminals, JSON readers) has characters that mean something
// to it. Each output's escaping test runs this whole list.
#pragma once

#include <string>
#include <vector>

#include "graphs/model/model.h"

namespace pg::testing {

inline const std::vector<std::string>& hostile_titles() {
  static const std::vector<std::string> titles = {
      // DOT and Graphviz labels: quotes, backslash escapes, record fields, HTML labels.
      "关于\"引号\"\\N反斜杠\\G\\L{花}|括号<port>的通知",
      "关于<<b>HTML标签</b>>的通知",
      // XML and HTML: markup, entities, a script, an attribute break-out.
      "关于<script>alert(1)</script>&amp;&lt;的通知",
      "\"><img src=x onerror=alert(1)>关于的通知",
      "关于]]><!--注释-->的通知",
      // Spreadsheets: formula starters.
      "=HYPERLINK(\"http://x\",\"点击\")",
      "+1+1关于",
      "-2+3关于",
      "@SUM(A1)关于",
      // Terminals and XML 1.0: control characters, DEL, C1, bidi overrides,
      // non-characters.
      "\x1b]0;标题\x07关于\x1b[31m红\x1b[0m的通知",
      "关于\x01\x08\x0b\x0c\x7f的通知",
      "关于\xc2\x85\xc2\x9b的通知",
      "关于\u202e知通\u2066隔离\u2069的通知",
      "关于\ufffe\uffff非字符的通知",
      // Line breaks inside a title.
      "第一行\n第二行\r第三行\t的通知",
      // Invalid UTF-8.
      std::string("坏\xff\xfe字节\xe4\xb8的通知"),
      // Very long.
      std::string(3 * 4000, 'x') + "的通知",
  };
  return titles;
}

// One document per hostile title, numbered AGENCY〔YEAR〕1号, 2号 … in list
// order, issued by `issuer` and signed on 1月2日 of `year`, each ten lines
// long.
inline Extraction hostile_documents(const std::string& agency, int year,
                                    const std::string& issuer) {
  Extraction e;
  e.source = "hostile.txt";
  const auto& titles = hostile_titles();
  for (std::size_t i = 0; i < titles.size(); ++i) {
    Document d;
    d.doc_no = agency + "〔" + std::to_string(year) + "〕" + std::to_string(i + 1) + "号";
    d.title = titles[i];
    d.issuers = {issuer};
    d.signed_date = Date::parse_iso(std::to_string(year) + "-01-02");
    d.line_start = static_cast<int>(10 * i + 1);
    d.line_end = static_cast<int>(10 * i + 5);
    e.documents.push_back(d);
  }
  return e;
}

}  // namespace pg::testing
