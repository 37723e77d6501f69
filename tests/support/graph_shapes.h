// Corpora of adversarial shape for the graph's cost checks
// (tests/graphs/graph_scale_test.cpp) and policygraph-graph-scale-bench:
// one hub that every document rests on, a chain as deep as the corpus, and
// every document under one title.
#pragma once

#include <string>
#include <vector>

#include "graphs/model/model.h"

namespace pg::testing {

inline Document shape_document(const std::string& no, const std::string& title, int year) {
  Document d;
  if (!no.empty()) d.doc_no = no;
  d.title = title;
  d.signed_date = Date::make(year, 1, 1);
  d.printed_date = d.signed_date;
  d.line_start = 1;
  d.line_end = 10;
  return d;
}

inline Edge shape_reference(const std::string& from, const std::string& to, RelationType type) {
  Edge e;
  e.from = from;
  e.to_doc_no = to;
  e.type = type;
  e.line = 5;
  e.evidence = "根据" + to;
  return e;
}

inline std::string shape_number(int i) { return "测政发〔2018〕" + std::to_string(i + 1) + "号"; }

// One hub, repealed in 2019, that every other document is based on and cites.
inline std::vector<Extraction> hub_corpus(int n) {
  std::vector<Extraction> corpus(1);
  corpus[0].source = "hub.txt";
  corpus[0].documents.push_back(shape_document("测政发〔2010〕1号", "测试中心办法", 2010));
  Extraction repealer;
  repealer.source = "repealer.txt";
  repealer.documents.push_back(shape_document("测政发〔2019〕1号", "测试废止决定", 2019));
  repealer.edges.push_back(
      shape_reference("测政发〔2019〕1号", "测政发〔2010〕1号", RelationType::kRepeals));
  corpus.push_back(std::move(repealer));
  for (int i = 0; i < n; ++i) {
    Extraction e;
    e.source = "d" + std::to_string(i) + ".txt";
    e.documents.push_back(
        shape_document(shape_number(i), "测试实施细则" + std::to_string(i), 2018));
    e.edges.push_back(
        shape_reference(shape_number(i), "测政发〔2010〕1号", RelationType::kBasedOn));
    e.edges.push_back(shape_reference(shape_number(i), "测政发〔2010〕1号", RelationType::kCites));
    corpus.push_back(std::move(e));
  }
  return corpus;
}

// Document i based on document i + 1, n deep; document `repealed` (when
// in range) repealed in 2019 by a document outside the chain.
inline std::vector<Extraction> chain_corpus(int n, int repealed) {
  std::vector<Extraction> corpus;
  for (int i = 0; i < n; ++i) {
    Extraction e;
    e.source = "d" + std::to_string(i) + ".txt";
    e.documents.push_back(
        shape_document(shape_number(i), "测试链条文件" + std::to_string(i), 2018));
    if (i + 1 < n) {
      e.edges.push_back(
          shape_reference(shape_number(i), shape_number(i + 1), RelationType::kBasedOn));
    }
    corpus.push_back(std::move(e));
  }
  if (repealed >= 0 && repealed < n) {
    Extraction repealer;
    repealer.source = "repealer.txt";
    repealer.documents.push_back(shape_document("测政发〔2019〕1号", "测试废止决定", 2019));
    repealer.edges.push_back(
        shape_reference("测政发〔2019〕1号", shape_number(repealed), RelationType::kRepeals));
    corpus.push_back(std::move(repealer));
  }
  return corpus;
}

// n documents of one title, each citing the title (ambiguous) and the
// previous document by number.
inline std::vector<Extraction> same_title_corpus(int n) {
  std::vector<Extraction> corpus;
  for (int i = 0; i < n; ++i) {
    Extraction e;
    e.source = "d" + std::to_string(i) + ".txt";
    e.documents.push_back(shape_document(shape_number(i), "关于加强测试工作的通知", 2018));
    Edge by_title;
    by_title.from = shape_number(i);
    by_title.to_title = "关于加强测试工作的通知";
    by_title.type = RelationType::kBasedOn;
    by_title.line = 3;
    by_title.evidence = "根据《关于加强测试工作的通知》";
    e.edges.push_back(by_title);
    if (i > 0)
      e.edges.push_back(
          shape_reference(shape_number(i), shape_number(i - 1), RelationType::kCites));
    corpus.push_back(std::move(e));
  }
  return corpus;
}

}  // namespace pg::testing
