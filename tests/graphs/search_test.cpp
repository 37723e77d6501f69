// Search over the store (graphs/answers/search.h) and the stored text behind
// it (graphs/store/text_index.h), on the sample gazettes ingested by the
// built executable.
#include "graphs/answers/search.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/read/doc_number.h"
#include "graphs/store/graph_store.h"
#include "graphs/store/store.h"
#include "graphs/store/text_index.h"
#include "support/test_support.h"

namespace {

namespace fs = std::filesystem;
using namespace pg;
using namespace pg::testing;

const std::string kData = TEST_DATA_DIR;
const std::string kGazette = "000_1a218bf28652ce10.txt";

// tests/data/gazettes ingested once per test binary into a store that
// lives as long as it.
const std::string& gazette_store() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string path = dir.db();
    Run r = run("ingest --db '" + path + "' '" + kData + "/gazettes'");
    INFO(r.err);
    REQUIRE(r.status == 0);
    return path;
  }();
  return db;
}

Store open_read(const std::string& db) {
  Result<Store> s = Store::open(db, Store::OpenMode::kReadOnly);
  INFO((s.ok() ? "" : s.error().to_string()));
  REQUIRE(s.ok());
  return std::move(*s);
}

SearchResult find(const Store& store, const std::string& q, bool with_canonical = false,
                  std::size_t limit = 20) {
  SearchQuery query{q, with_canonical ? canonical_doc_number(q) : std::nullopt, day("2018-06-01"),
                    limit, 0};
  Result<SearchResult> r = search(store, query);
  INFO((r.ok() ? "" : r.error().to_string()));
  REQUIRE(r.ok());
  return std::move(*r);
}

// The passage with its marks in [], for comparing.
std::string marked(const Passage& p) {
  std::string out;
  std::size_t at = 0;
  for (auto [b, e] : p.marks) {
    out += p.text.substr(at, b - at) + "[" + p.text.substr(b, e - b) + "]";
    at = e;
  }
  return out + p.text.substr(at);
}

const SearchHit* hit_for(const SearchResult& r, const std::string& id) {
  for (const SearchHit& h : r.hits) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

TEST_CASE("a number typed in a printed variant finds its document first, with its status",
          "[search]") {
  Store store = open_read(gazette_store());
  // Full-width digits and a space, as the gazette prints it: the analyzer's
  // reading is passed in, as the CLI passes it.
  auto [typed, canonical] = GENERATE(table<std::string, bool>({
      {"济政办发 〔２０１７〕５４号", true},
      {"济政办发[2017]54号", false},  // normalize_doc_no reads this one alone
      {"济政办发（2017）54", true},
  }));
  CAPTURE(typed);
  SearchResult r = find(store, typed, canonical);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].kind == MatchKind::kNumber);
  CHECK(r.hits[0].id == "济政办发〔2017〕54号");
  CHECK(r.hits[0].title ==
        "济南市人民政府办公厅关于印发济南市社会救助工作责任追究办法（试行）的通知");
  CHECK(r.hits[0].status == StatusKind::kInForce);
  // Only once, though the number is in its title and text too.
  int times = 0;
  for (const SearchHit& h : r.hits) times += h.id == "济政办发〔2017〕54号";
  CHECK(times == 1);
}

TEST_CASE("part of a title finds the documents whose title contains it, exact before prefix",
          "[search]") {
  Store store = open_read(gazette_store());
  SearchResult part = find(store, "社会救助工作责任追究");
  const SearchHit* h = hit_for(part, "济政办发〔2017〕54号");
  REQUIRE(h != nullptr);
  CHECK(h->kind == MatchKind::kTitleContains);
  CHECK(h->issuer != "");

  SearchResult whole =
      find(store, "济南市人民政府办公厅关于印发济南市社会救助工作责任追究办法（试行）的通知");
  REQUIRE_FALSE(whole.hits.empty());
  CHECK(whole.hits[0].id == "济政办发〔2017〕54号");
  CHECK(whole.hits[0].kind == MatchKind::kTitleExact);

  SearchResult prefix = find(store, "济南市人民政府办公厅关于印发济南市社会救助");
  REQUIRE_FALSE(prefix.hits.empty());
  CHECK(prefix.hits[0].id == "济政办发〔2017〕54号");
  CHECK(prefix.hits[0].kind == MatchKind::kTitlePrefix);
}

TEST_CASE("words of the text find the document, with the passage marked across line breaks",
          "[search]") {
  Store store = open_read(gazette_store());
  // Printed over lines 1532-1534 with a blank line between: "…城乡医疗救助、城"
  // / "" / "乡临时救助等各类社会救助工作。"
  SearchResult r = find(store, "城乡临时救助");
  CHECK_FALSE(r.short_query);
  CHECK_FALSE(r.text_index_empty);
  const SearchHit* h = hit_for(r, "济政办发〔2017〕54号");
  REQUIRE(h != nullptr);
  CHECK(h->kind == MatchKind::kText);
  REQUIRE(h->passage);
  CHECK(h->passage->file == kGazette);
  CHECK(h->passage->line == 1532);
  CHECK(h->passage->page == 0);
  CHECK(marked(*h->passage) ==
        "救助、自然灾害救助、城乡医疗救助、[城\n\n乡临时救助]等各类社会救助工作。");
}

TEST_CASE("two words must both be in the text, and each is marked in the passage", "[search]") {
  Store store = open_read(gazette_store());
  SearchResult r = find(store, "城乡医疗救助 自然灾害");
  const SearchHit* h = hit_for(r, "济政办发〔2017〕54号");
  REQUIRE(h != nullptr);
  REQUIRE(h->passage);
  // The passage ends with the line where its first match ends.
  CHECK(marked(*h->passage) == "救助、[自然灾害]救助、[城乡医疗救助]、城");
  // A word in no document: nothing, though the other is everywhere.
  CHECK(find(store, "城乡医疗救助 量子计算机").hits.empty());
}

TEST_CASE("a query shorter than 3 characters searches titles only and says so", "[search]") {
  Store store = open_read(gazette_store());
  SearchResult r = find(store, "足球", false, 500);
  CHECK(r.short_query);
  REQUIRE_FALSE(r.notes.empty());
  CHECK(has(r.notes[0], "shorter than 3 characters"));
  REQUIRE_FALSE(r.hits.empty());
  CHECK(hit_for(r, "济政办发〔2017〕53号") != nullptr);  // 济南市足球改革发展实施方案
  for (const SearchHit& h : r.hits) {
    CHECK(h.kind != MatchKind::kText);
    CHECK(has(h.title + h.id, "足球"));
  }
}

TEST_CASE("hits are ranked number, exact title, prefix, contains, then text", "[search]") {
  Store store = open_read(gazette_store());
  // 社会救助暂行办法 is cited by title (an external node of that exact
  // title) and printed in the text of 济政办发〔2017〕54号.
  SearchResult r = find(store, "社会救助暂行办法", false, 100);
  REQUIRE(r.hits.size() >= 2);
  CHECK(r.hits[0].kind == MatchKind::kTitleExact);
  CHECK(r.hits[0].id == "title:社会救助暂行办法");
  CHECK(r.hits[0].external);
  for (std::size_t i = 1; i < r.hits.size(); ++i) {
    CHECK(static_cast<int>(r.hits[i - 1].kind) <= static_cast<int>(r.hits[i].kind));
  }
  const SearchHit* text = hit_for(r, "济政办发〔2017〕54号");
  REQUIRE(text != nullptr);
  CHECK(text->kind == MatchKind::kText);
  // offset and limit page through the same order.
  SearchQuery second{"社会救助暂行办法", std::nullopt, day("2018-06-01"), 1, 1};
  Result<SearchResult> page = search(store, second);
  REQUIRE(page.ok());
  REQUIRE(page->hits.size() == 1);
  CHECK(page->hits[0].id == r.hits[1].id);
}

TEST_CASE("source_lines gives the lines around an evidence line with their numbers",
          "[search][source]") {
  Store store = open_read(gazette_store());
  // The cites edge of 济政办发〔2017〕54号 to 《社会救助暂行办法》 is on line 1711.
  Result<std::optional<SourceLines>> r = source_lines(store, kGazette, 1711, 2);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  const SourceLines& s = **r;
  CHECK(s.file == kGazette);
  CHECK(s.line == 1711);
  REQUIRE(s.lines.size() == 5);
  CHECK(s.lines[0].line == 1709);
  CHECK(s.lines[4].line == 1713);
  CHECK(s.lines[2].text == "（四）依照国务院 《社会救助暂行办");
  CHECK(s.lines[3].text == "");
  CHECK(s.lines[4].text == "法》处违法获取救助款额或者物资价值１");
  CHECK(s.lines[2].page == 0);
  // The first line of the file, a window clipped at the start; past the end
  // and an unknown file are nullopt.
  Result<std::optional<SourceLines>> top = source_lines(store, kGazette, 1, 3);
  REQUIRE(top.ok());
  REQUIRE(top->has_value());
  CHECK((*top)->lines.front().line == 1);
  CHECK((*top)->lines.size() == 4);
  CHECK(*source_lines(store, kGazette, 1000000, 2) == std::nullopt);
  CHECK(*source_lines(store, kGazette, 0, 2) == std::nullopt);
  CHECK(*source_lines(store, "nope.txt", 3, 2) == std::nullopt);
}

TEST_CASE("text_spans cuts a file at its documents and drops only the CR before each LF",
          "[search][text_spans]") {
  Document a;
  a.doc_no = "国发〔2015〕12号";
  a.title = "甲";
  a.line_start = 2;
  a.line_end = 3;
  Document b;  // starts inside a, ends past the file: gets what is left
  b.title = "乙";
  b.line_start = 3;
  b.line_end = 9;
  Extraction e;
  e.documents = {b, a};  // not in line order: the ordinals stay theirs
  for (const std::string eol : {"\n", "\r\n"}) {
    const std::string text = "头" + eol + "一\r二" + eol + "三" + eol + eol + "尾\r";
    FileSpans s = text_spans(FileText{text, {1, 3}}, e);
    INFO((eol == "\n" ? "LF" : "CRLF"));
    CHECK(s.lines == 5);
    CHECK(s.page_starts == "1,3");
    REQUIRE(s.spans.size() == 3);
    CHECK(s.spans[0].line_start == 1);
    CHECK(s.spans[0].line_end == 1);
    CHECK(s.spans[0].doc_ordinal == -1);
    CHECK(s.spans[0].doc_key.empty());
    CHECK(s.span_text(s.spans[0]) == "头");
    CHECK(s.spans[1].line_start == 2);
    CHECK(s.spans[1].line_end == 3);
    CHECK(s.spans[1].doc_ordinal == 1);
    CHECK(s.spans[1].doc_key == "国发〔2015〕12号");
    CHECK(s.span_text(s.spans[1]) == "一\r二\n三");  // a CR inside a line is kept
    CHECK(s.spans[2].line_start == 4);
    CHECK(s.spans[2].line_end == 5);
    CHECK(s.spans[2].doc_ordinal == 0);
    CHECK(s.spans[2].doc_key == "title:乙");
    CHECK(s.span_text(s.spans[2]) == "\n尾");  // the last line's CR goes, as before a LF
  }
  // Without a CR the text is kept as it is, and the spans are pieces of it.
  FileSpans plain = text_spans(FileText{"头\n一\n三\n\n尾\n", {}}, e);
  CHECK(plain.lines == 5);
  CHECK(plain.page_starts.empty());
  REQUIRE(plain.spans.size() == 3);
  CHECK(plain.span_text(plain.spans[0]) == "头");
  CHECK(plain.span_text(plain.spans[1]) == "一\n三");
  CHECK(plain.span_text(plain.spans[2]) == "\n尾");
  // No text: no lines, no spans.
  FileSpans none = text_spans(FileText{}, e);
  CHECK(none.lines == 0);
  CHECK(none.spans.empty());
}

TEST_CASE("query syntax of FTS5 and quotes in a query are only characters to find",
          "[search][hostile]") {
  Store store = open_read(gazette_store());
  for (const std::string q : {"\"", "\"\"\"", "a\"b*", "NEAR(救助", "救助 AND 城乡", "AND OR NOT",
                              "*", "^救助*", "flat:救助工作", "救助\" OR \"x",
                              "'; DROP TABLE files; --", "(((", "{救助}", "%救助%", "_"}) {
    CAPTURE(q);
    SearchQuery query{q, std::nullopt, day("2018-06-01"), 20, 0};
    Result<SearchResult> r = search(store, query);
    CHECK(r.ok());
  }
  // A quote inside a word is searched for as a quote: no text has one here.
  CHECK(find(store, "救助\"工作").hits.empty());
  CHECK(find(store, "   ").hits.empty());
}

TEST_CASE("a query word is looked up as typed, folded to ASCII and widened to full width",
          "[search]") {
  using Forms = std::vector<std::string>;
  CHECK(text_query_forms("２０１９") == Forms{"２０１９", "2019"});
  CHECK(text_query_forms("2019年") == Forms{"2019年", "２０１９年"});
  CHECK(text_query_forms("２019年") == Forms{"２019年", "2019年", "２０１９年"});
  CHECK(text_query_forms("国发〔２０１６〕") == Forms{"国发〔２０１６〕", "国发〔2016〕"});
  CHECK(text_query_forms("城乡临时救助") == Forms{"城乡临时救助"});
}

TEST_CASE("ASCII digits in a query find the full-width digits of the text", "[search]") {
  Store store = open_read(gazette_store());
  // Line 2747 is printed "２．到２０１８年，开展全民健康信息平".
  SearchResult r = find(store, "到2018年，开展全民健康");
  const SearchHit* h = nullptr;
  for (const SearchHit& x : r.hits) {
    if (x.kind == MatchKind::kText && x.passage && x.passage->line == 2747) h = &x;
  }
  REQUIRE(h != nullptr);
  CHECK(has(marked(*h->passage), "[到２０１８年，开展全民健康]"));
  // Typed in full width, the same words find the same line.
  SearchResult wide = find(store, "到２０１８年，开展全民健康");
  bool same = false;
  for (const SearchHit& x : wide.hits) same |= x.passage && x.passage->line == 2747;
  CHECK(same);
}

TEST_CASE("re-ingesting a changed file replaces its text in the index", "[search][ingest]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  const std::string file = corpus + "/2018_jiyang_6.txt";
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", file);
  const std::string ingest = "ingest --db '" + tmp.db() + "' '" + corpus + "'";
  REQUIRE(run(ingest).status == 0);
  {
    Store store = open_read(tmp.db());
    SearchResult r = find(store, "具体负责特困人员");
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == "济阳政发〔2018〕6号");
    CHECK(r.hits[0].passage->line == 10);  // 一、区民政部门…具体负责特困人员…
  }
  std::string text = slurp(file);
  const std::string from = "具体负责特困人员", to = "统一办理困难群众";
  text.replace(text.find(from), from.size(), to);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  REQUIRE(run(ingest).status == 0);
  Store store = open_read(tmp.db());
  CHECK(find(store, "具体负责特困人员").hits.empty());
  SearchResult r = find(store, "统一办理困难群众");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].id == "济阳政发〔2018〕6号");
  Result<TextIndexState> state = text_index_state(store);
  REQUIRE(state.ok());
  CHECK(state->files == 1);
  CHECK(state->files_with_text == 1);
  CHECK(state->document_spans == 1);
  CHECK(*store.integrity_check() == "ok");
}

TEST_CASE("removing a file removes its text from the index", "[search][ingest]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", corpus + "/2018_jiyang_6.txt");
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + corpus + "'").status == 0);
  Result<Store> store = Store::open(tmp.db());
  REQUIRE(store.ok());
  Result<std::vector<FileRecord>> files = store->files();
  REQUIRE(files.ok());
  REQUIRE(files->size() == 1);
  REQUIRE(*store->remove_file(files->front().path));
  Result<TextIndexState> state = text_index_state(*store);
  REQUIRE(state.ok());
  CHECK(state->files_with_text == 0);
  CHECK(state->document_spans == 0);
  // The index itself agrees with its content table (FTS5's own check).
  sql(tmp.db(), "INSERT INTO text_search(text_search, rank) VALUES('integrity-check', 0)");
}

// tests/data/store_v4/v4.db: a store made before the text index (its README).
TEST_CASE(
    "a version 4 store is refused read-only with the fixing command, migrated with an empty "
    "text index, and reindex fills it",
    "[search][upgrade]") {
  TempDir tmp;
  const std::string db = tmp.file("v4.db");
  fs::copy_file(kData + "/store_v4/v4.db", db);
  Result<Store> refused = Store::open(db, Store::OpenMode::kReadOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().to_string() ==
        db + ": database has schema version 4; this policygraph needs 8: upgrade it with " +
            "`policygraph reindex --db " + db + "`");
  {
    Result<Store> store = Store::open(db);  // migrates
    REQUIRE(store.ok());
    CHECK(has(*store->dump(), "\"\"\tmeta\t\"schema_version\"\t\"8\"\n"));
  }
  Store migrated = open_read(db);
  // Everything but text answers: the number is found, text is not searched.
  SearchResult r = find(migrated, "济阳政发〔2018〕6号");
  CHECK(r.text_index_empty);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].kind == MatchKind::kNumber);
  REQUIRE_FALSE(r.notes.empty());
  CHECK(has(r.notes.back(), "`policygraph reindex --db " + db + "` fills it"));
  CHECK(*source_lines(migrated, "2018_jiyang_6.txt", 3, 1) == std::nullopt);

  // The file it names moved into this test's folder; reindex reads it again.
  const std::string file = fs::weakly_canonical(tmp.path()).string() + "/corpus/2018_jiyang_6.txt";
  fs::create_directories(tmp.file("corpus"));
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", file);
  sql(db, "UPDATE files SET path = '" + file + "'");
  Run up = run("reindex --db '" + db + "'");
  INFO(up.err);
  REQUIRE(up.status == 0);
  Store filled = open_read(db);
  SearchResult text = find(filled, "具体负责特困人员");
  CHECK_FALSE(text.text_index_empty);
  REQUIRE(text.hits.size() == 1);
  CHECK(text.hits[0].id == "济阳政发〔2018〕6号");
  CHECK(text.hits[0].kind == MatchKind::kText);
  Result<std::optional<SourceLines>> lines = source_lines(filled, "2018_jiyang_6.txt", 4, 0);
  REQUIRE(lines.ok());
  REQUIRE(lines->has_value());
  CHECK((*lines)->lines.at(0).text == "济阳政发〔2018〕6号");
}

}  // namespace

TEST_CASE("a phrase whose trigrams all occur in a document but not in a row does not find it",
          "[search]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  const std::string file = corpus + "/2018_jiyang_6.txt";
  std::string text = slurp(kData + "/multi/2018_jiyang_6.txt");
  const std::string at = "具体负责特困人员";
  REQUIRE(text.find(at) != std::string::npos);
  // 甲乙丙 and 乙丙丁 are the trigrams of 甲乙丙丁, which is not in the text.
  text.insert(text.find(at) + at.size(), "甲乙丙，乙丙丁");
  std::ofstream(file, std::ios::binary) << text;
  REQUIRE(run("ingest --db '" + tmp.db() + "' '" + corpus + "'").status == 0);
  Store store = open_read(tmp.db());
  CHECK(find(store, "甲乙丙丁").hits.empty());
  CHECK(find(store, "甲乙丙丁 具体负责").hits.empty());
  for (const char* q : {"甲乙丙", "乙丙丁", "甲乙丙，乙丙丁"}) {
    SearchResult r = find(store, q);
    INFO(q);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == "济阳政发〔2018〕6号");
    CHECK(r.hits[0].kind == MatchKind::kText);
  }
  // A short word is tested on the text as it is too: 乙丙 is there, 丙丁乙 not.
  CHECK(find(store, "甲乙丙 乙丙").hits.size() == 1);
  CHECK(find(store, "具体负责 丙乙").hits.empty());
}

TEST_CASE("every text hit on a page has its passage and pages keep the bm25 order", "[search]") {
  Store store = open_read(gazette_store());
  // Words in the text of documents and in titles: the text hits come after
  // the title hits.
  const std::string q = "实施意见";
  SearchResult all = find(store, q, false, 500);
  std::size_t text_hits = 0;
  for (const SearchHit& h : all.hits) {
    if (h.kind != MatchKind::kText) continue;
    ++text_hits;
    INFO(h.id);
    REQUIRE(h.passage);
    REQUIRE_FALSE(h.passage->marks.empty());
    const auto [b, e] = h.passage->marks.front();
    std::string mark = h.passage->text.substr(b, e - b);
    std::erase(mark, '\n');  // a word printed over two lines is marked whole
    CHECK(mark == q);
    CHECK(h.passage->line > 0);
  }
  REQUIRE(text_hits >= 3);
  // Each page of one hit is the hit at that place in the whole list, with
  // the same passage.
  for (std::size_t i = all.hits.size() - text_hits; i < all.hits.size(); ++i) {
    SearchQuery one{q, std::nullopt, day("2018-06-01"), 1, i};
    Result<SearchResult> page = search(store, one);
    REQUIRE(page.ok());
    REQUIRE(page->hits.size() == 1);
    CHECK(page->hits[0].id == all.hits[i].id);
    REQUIRE(page->hits[0].passage);
    CHECK(marked(*page->hits[0].passage) == marked(*all.hits[i].passage));
  }
  // The ranking itself: best bm25 first, ties by span.
  Result<std::vector<TextMatch>> ranked = text_matches(store, {q}, {}, 1000);
  REQUIRE(ranked.ok());
  REQUIRE(ranked->size() >= text_hits);
  for (std::size_t i = 1; i < ranked->size(); ++i) {
    const TextMatch& a = (*ranked)[i - 1];
    const TextMatch& b = (*ranked)[i];
    CHECK((a.rank < b.rank || (a.rank == b.rank && a.span < b.span)));
  }
  std::vector<TextMatch*> some{&(*ranked)[0], &ranked->back()};
  Result<std::size_t> read = read_match_texts(store, some);
  REQUIRE(read.ok());
  CHECK(*read == 2);
  for (const TextMatch* m : some) {
    CHECK(has(m->text, "实施"));
    CHECK(m->file.ends_with(".txt"));
    CHECK(m->line_start > 0);
  }
}

// ------------------------------------------- text indexed after ingest ----

// Queries with text hits in the sample gazettes: CJK words, a number in
// brackets, digits that full-width text also prints, a word with a short one.
const std::vector<std::string> kTextQueries = {"人民政府", "困难群众 救助", "实施意见", "〔2017〕",
                                               "2017",     "救助供养 的",   "特困人员", "ABC"};

// A hit as a line: what it is, how it matched and its passage with marks.
std::string hit_line(const SearchHit& h) {
  return h.id + "|" + h.title + "|" + std::string(to_string(h.kind)) + "|" +
         (h.passage ? marked(*h.passage) : "");
}

std::vector<std::string> hit_lines(const SearchResult& r) {
  std::vector<std::string> out;
  for (const SearchHit& h : r.hits) out.push_back(hit_line(h));
  return out;
}

std::string ingest_later(const TempDir& tmp, const std::string& name) {
  const std::string db = tmp.file(name);
  Run r = run("ingest --text-index-later --db '" + db + "' '" + kData + "/gazettes'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.err, "documents are not yet in the full-text index"));
  CHECK(has(r.err, "`policygraph index-text --db " + db + "` indexes them"));
  return db;
}

TextIndexState state_of(const Store& store) {
  Result<TextIndexState> state = text_index_state(store);
  INFO((state.ok() ? "" : state.error().to_string()));
  REQUIRE(state.ok());
  return *state;
}

void check_index_integrity(const std::string& db) {
  sql(db, "INSERT INTO text_search(text_search) VALUES('integrity-check')");
}

bool has_pending_note(const SearchResult& r, std::int64_t documents) {
  return std::any_of(r.notes.begin(), r.notes.end(), [&](const std::string& n) {
    return n.starts_with(std::to_string(documents) +
                         " documents are not yet in the full-text index") &&
           has(n, "policygraph index-text --db");
  });
}

TEST_CASE(
    "ingest --text-index-later leaves the text pending, and index-text gives the answers of the "
    "default ingest in the same order",
    "[search][text_pending]") {
  TempDir tmp;
  const std::string db = ingest_later(tmp, "later.db");
  Store full = open_read(gazette_store());
  const TextIndexState indexed = state_of(full);
  REQUIRE(indexed.document_spans > 0);
  CHECK(indexed.pending_spans == 0);
  {
    Store later = open_read(db);
    const TextIndexState s = state_of(later);
    CHECK(s.document_spans == 0);
    CHECK(s.pending_spans == indexed.document_spans);
    SearchResult r = find(later, "人民政府");
    CHECK(r.text_pending == indexed.document_spans);
    CHECK(has_pending_note(r, indexed.document_spans));
  }
  Run ix = run("index-text --db '" + db + "' --batch 7");
  INFO(ix.err);
  REQUIRE(ix.status == 0);
  CHECK(has(ix.err,
            "text index: " + std::to_string(indexed.document_spans) + " documents indexed in "));
  Store later = open_read(db);
  const TextIndexState s = state_of(later);
  CHECK(s.pending_spans == 0);
  CHECK(s.document_spans == indexed.document_spans);
  for (const std::string& q : kTextQueries) {
    INFO(q);
    SearchResult a = find(full, q, false, 500);
    SearchResult b = find(later, q, false, 500);
    CHECK(hit_lines(a) == hit_lines(b));
    CHECK(a.notes == b.notes);
    CHECK(b.text_pending == 0);
  }
  check_index_integrity(db);
  // Nothing left: index-text says so and changes nothing.
  Run again = run("index-text --db '" + db + "'");
  CHECK(again.status == 0);
  CHECK(has(again.err, "no document's text is pending"));
}

TEST_CASE(
    "a partly indexed store finds the documents a fully indexed one finds, and says how many "
    "are not yet indexed",
    "[search][text_pending]") {
  TempDir tmp;
  const std::string db = ingest_later(tmp, "part.db");
  Store full = open_read(gazette_store());
  const std::int64_t total = state_of(full).document_spans;
  {
    // A callback that stops after the first transaction of 10.
    Result<Store> store = Store::open(db);
    REQUIRE(store.ok());
    int calls = 0;
    Result<std::int64_t> done = index_pending_text(
        *store,
        [&](const TextIndexProgress& p) {
          ++calls;
          CHECK(p.total == total);
          return false;
        },
        10);
    REQUIRE(done.ok());
    CHECK(*done == 10);
    CHECK(calls == 1);
  }
  Store part = open_read(db);
  const TextIndexState s = state_of(part);
  CHECK(s.document_spans == 10);
  CHECK(s.pending_spans == total - 10);
  check_index_integrity(db);
  for (const std::string& q : kTextQueries) {
    INFO(q);
    SearchResult a = find(full, q, false, 500);
    SearchResult b = find(part, q, false, 500);
    std::vector<std::string> la = hit_lines(a), lb = hit_lines(b);
    std::sort(la.begin(), la.end());
    std::sort(lb.begin(), lb.end());
    CHECK(la == lb);
    CHECK(a.total == b.total);
    if (!b.short_query) {
      CHECK(b.text_pending == total - 10);
      CHECK(has_pending_note(b, total - 10));
    }
  }
  // The indexed hits come first, by rank; the pending ones after, by span.
  Result<std::vector<TextMatch>> ranked = text_matches(part, {"人民政府"}, {}, 1000);
  REQUIRE(ranked.ok());
  REQUIRE_FALSE(ranked->empty());
  CHECK(ranked->front().rank <= 0);
  CHECK(ranked->back().rank == 1);
  for (std::size_t i = 1; i < ranked->size(); ++i) {
    const TextMatch& a = (*ranked)[i - 1];
    const TextMatch& b = (*ranked)[i];
    CHECK(a.rank <= b.rank);
    if (a.rank == 1) CHECK(a.span < b.span);
  }
}

TEST_CASE("pending text is matched with the index's case folding", "[search][text_pending]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  {
    // Latin and Greek letters in both widths and cases, in the document's
    // body (its 7th line).
    std::string text = slurp(kData + "/multi/2018_jiyang_6.txt");
    std::size_t at = 0;
    for (int k = 0; k < 6; ++k) at = text.find('\n', at) + 1;
    text.insert(at, "附件ＡｂＣＤｅＦ与ΩMEGA及abcDEF说明\n");
    std::ofstream(corpus + "/2018_jiyang_6.txt", std::ios::binary) << text;
  }
  const std::string inline_db = tmp.file("full.db"), later_db = tmp.file("later.db");
  REQUIRE(run("ingest --db '" + inline_db + "' '" + corpus + "'").status == 0);
  REQUIRE(run("ingest --text-index-later --db '" + later_db + "' '" + corpus + "'").status == 0);
  Store full = open_read(inline_db);
  Store later = open_read(later_db);
  REQUIRE(state_of(later).pending_spans > 0);
  for (const char* q : {"abcdef", "ＡＢＣＤＥＦ", "AbCdEf", "ωmega", "cde 附件", "bcd Ｃ"}) {
    INFO(q);
    CHECK(hit_lines(find(full, q)) == hit_lines(find(later, q)));
  }
  CHECK_FALSE(find(full, "abcdef").hits.empty());
  CHECK_FALSE(find(full, "ωmega").hits.empty());
}

TEST_CASE(
    "removing and replacing files with pending and with indexed text keeps the full-text index "
    "consistent",
    "[search][text_pending]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  fs::create_directories(corpus);
  fs::copy_file(kData + "/multi/2018_jiyang_6.txt", corpus + "/a.txt");
  const std::string db = tmp.db();
  REQUIRE(run("ingest --db '" + db + "' '" + corpus + "'").status == 0);  // a: indexed
  fs::copy_file(kData + "/gazettes/" + kGazette, corpus + "/b.txt");
  REQUIRE(run("ingest --text-index-later --db '" + db + "' '" + corpus + "'").status == 0);
  {
    Store s = open_read(db);
    const TextIndexState st = state_of(s);
    CHECK(st.document_spans == 1);
    CHECK(st.pending_spans > 1);
  }
  check_index_integrity(db);
  // Replaced: a (indexed) and b (pending) both changed and read again.
  for (const char* f : {"/a.txt", "/b.txt"}) {
    std::ofstream(corpus + f, std::ios::binary | std::ios::app) << "\n附注：本文件另行印发。\n";
  }
  REQUIRE(run("ingest --text-index-later --db '" + db + "' '" + corpus + "'").status == 0);
  check_index_integrity(db);
  {
    Store s = open_read(db);
    CHECK(state_of(s).document_spans == 0);
    CHECK_FALSE(find(s, "具体负责特困人员").hits.empty());
  }
  // Indexed again, then a removed with its indexed spans, b with pending ones.
  REQUIRE(run("index-text --db '" + db + "' --batch 3").status == 0);
  REQUIRE(run("ingest --text-index-later --db '" + db + "' '" + corpus + "'").status == 0);
  std::ofstream(corpus + "/b.txt", std::ios::binary | std::ios::app) << "再次修改。\n";
  REQUIRE(run("ingest --text-index-later --db '" + db + "' '" + corpus + "'").status == 0);
  {
    Result<Store> store = Store::open(db);
    REQUIRE(store.ok());
    REQUIRE(state_of(*store).document_spans == 1);
    REQUIRE(state_of(*store).pending_spans > 0);
    Result<std::vector<FileRecord>> files = store->files();
    REQUIRE(files.ok());
    for (const FileRecord& f : *files) {
      INFO(f.path);
      REQUIRE(*store->remove_file(f.path));
      check_index_integrity(db);
    }
    const TextIndexState st = state_of(*store);
    CHECK(st.document_spans == 0);
    CHECK(st.pending_spans == 0);
  }
  check_index_integrity(db);
}

TEST_CASE("an index-text killed mid-way keeps what it committed and the next one finishes",
          "[search][text_pending]") {
  TempDir tmp;
  const std::string db = ingest_later(tmp, "killed.db");
  Store full = open_read(gazette_store());
  const std::int64_t total = state_of(full).document_spans;
  REQUIRE(total > 10);
  Run killed = run("index-text --db '" + db + "' --batch 5",
                   RunOptions{"POLICYGRAPH_TEST_INDEX_CRASH_AFTER=2", ""});
  CHECK(killed.status == 137);
  {
    Store s = open_read(db);
    const TextIndexState st = state_of(s);
    CHECK(st.document_spans == 10);
    CHECK(st.pending_spans == total - 10);
  }
  check_index_integrity(db);
  Run rest = run("index-text --db '" + db + "'");
  INFO(rest.err);
  REQUIRE(rest.status == 0);
  CHECK(has(rest.err, "text index: " + std::to_string(total - 10) + " documents indexed"));
  Store done = open_read(db);
  CHECK(state_of(done).pending_spans == 0);
  check_index_integrity(db);
  for (const std::string& q : kTextQueries) {
    INFO(q);
    CHECK(hit_lines(find(full, q, false, 500)) == hit_lines(find(done, q, false, 500)));
  }
}

// A version 7 store: the spans' table is text_spans itself, with `flat` a
// virtual generated column. Made from a new store by putting that table back
// in place of text_span_rows and its view.
void age_to_version_7(const std::string& db) {
  sql(db, R"sql(
DROP TRIGGER text_spans_pending;
DROP TRIGGER text_spans_removed;
DROP VIEW text_spans;
ALTER TABLE text_span_rows RENAME TO text_spans;
ALTER TABLE text_spans ADD COLUMN flat TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(
  replace(text, char(10), ''), char(13), ''), ' ', ''), char(9), ''), char(12288), '')) VIRTUAL;
CREATE TRIGGER text_spans_pending AFTER INSERT ON text_spans
  WHEN new.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_pending(span_id) VALUES(new.id);
END;
CREATE TRIGGER text_spans_removed AFTER DELETE ON text_spans
  WHEN old.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_search(text_search, rowid, flat) SELECT 'delete', old.id, old.flat
    WHERE NOT EXISTS (SELECT 1 FROM text_pending WHERE span_id = old.id);
  DELETE FROM text_pending WHERE span_id = old.id;
END;
UPDATE meta SET value = '7' WHERE key = 'schema_version';
)sql");
}

// A version 6 store: the index filled by the insert trigger in the
// ingest's transactions, no pending list. Made from a version 7 store by
// putting its version 6 triggers back.
void age_to_version_6(const std::string& db) {
  age_to_version_7(db);
  sql(db, R"sql(
DROP TRIGGER text_spans_pending;
DROP TRIGGER text_spans_removed;
DROP TABLE text_pending;
CREATE TRIGGER text_spans_indexed AFTER INSERT ON text_spans
  WHEN new.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_search(rowid, flat) VALUES(new.id, new.flat);
END;
CREATE TRIGGER text_spans_unindexed AFTER DELETE ON text_spans
  WHEN old.doc_ordinal IS NOT NULL BEGIN
  INSERT INTO text_search(text_search, rowid, flat) VALUES('delete', old.id, old.flat);
END;
UPDATE meta SET value = '6' WHERE key = 'schema_version';
)sql");
}

// A store of one gazette, `corpus` its folder, the text indexed.
std::string one_gazette_store(const TempDir& tmp, const std::string& corpus) {
  fs::create_directories(corpus);
  fs::copy_file(kData + "/gazettes/" + kGazette, corpus + "/b.txt");
  const std::string db = tmp.db();
  REQUIRE(run("ingest --db '" + db + "' '" + corpus + "'").status == 0);
  return db;
}

// After an upgrade, the new triggers: the gazette read again leaves the
// index cleanly and its spans are pending, then indexed.
void check_reread_after_upgrade(const std::string& db, const std::string& corpus) {
  std::ofstream(corpus + "/b.txt", std::ios::binary | std::ios::app) << "\n附注：另行印发。\n";
  REQUIRE(run("ingest --text-index-later --db '" + db + "' '" + corpus + "'").status == 0);
  check_index_integrity(db);
  {
    Store s = open_read(db);
    CHECK(state_of(s).document_spans == 0);
    CHECK(state_of(s).pending_spans > 0);
  }
  REQUIRE(run("index-text --db '" + db + "'").status == 0);
  check_index_integrity(db);
}

// The spans' table and view, and whether the table has a column `flat` (a
// generated column shows in table_xinfo only).
std::string spans_layout(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  auto each = [&](const char* query, auto&& row) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, query, -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) row(st);
    sqlite3_finalize(st);
  };
  auto text = [](sqlite3_stmt* st, int i) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)));
  };
  each(
      "SELECT name, type FROM sqlite_master WHERE name IN ('text_spans', 'text_span_rows') "
      "ORDER BY name",
      [&](sqlite3_stmt* st) { out += text(st, 0) + ":" + text(st, 1) + " "; });
  each("SELECT count(*) FROM pragma_table_xinfo('text_span_rows') WHERE name = 'flat'",
       [&](sqlite3_stmt* st) { out += "rows.flat=" + std::to_string(sqlite3_column_int(st, 0)); });
  sqlite3_close(h);
  return out;
}

TEST_CASE(
    "a version 7 store is refused read-only naming index-text, and migrated with its index kept: "
    "the spans' table loses its generated column and the same words are found",
    "[search][upgrade][text_pending]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  const std::string db = one_gazette_store(tmp, corpus);
  CHECK(spans_layout(db) == "text_span_rows:table text_spans:view rows.flat=0");
  std::vector<std::vector<std::string>> before;
  {
    Store s = open_read(db);
    for (const std::string& q : kTextQueries) before.push_back(hit_lines(find(s, q, false, 500)));
  }
  age_to_version_7(db);
  REQUIRE(spans_layout(db) == "text_spans:table rows.flat=0");
  Result<Store> refused = Store::open(db, Store::OpenMode::kReadOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().to_string() ==
        db + ": database has schema version 7; this policygraph needs 8: upgrade it with " +
            "`policygraph index-text --db " + db + "`");
  Run up = run("index-text --db '" + db + "'");
  INFO(up.err);
  REQUIRE(up.status == 0);
  CHECK(has(up.err, "no document's text is pending"));
  CHECK(spans_layout(db) == "text_span_rows:table text_spans:view rows.flat=0");
  check_index_integrity(db);
  {
    Store migrated = open_read(db);
    CHECK(has(*migrated.dump(), "\"\"\tmeta\t\"schema_version\"\t\"8\"\n"));
    CHECK(state_of(migrated).pending_spans == 0);
    for (std::size_t i = 0; i < kTextQueries.size(); ++i) {
      INFO(kTextQueries[i]);
      CHECK(hit_lines(find(migrated, kTextQueries[i], false, 500)) == before[i]);
    }
  }
  check_reread_after_upgrade(db, corpus);
  Store done = open_read(db);
  CHECK_FALSE(find(done, "人民政府").hits.empty());
}

TEST_CASE(
    "a version 6 store is refused read-only naming index-text, and migrated with its index kept "
    "and nothing pending",
    "[search][upgrade][text_pending]") {
  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  const std::string db = one_gazette_store(tmp, corpus);
  age_to_version_6(db);
  Result<Store> refused = Store::open(db, Store::OpenMode::kReadOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().to_string() ==
        db + ": database has schema version 6; this policygraph needs 8: upgrade it with " +
            "`policygraph index-text --db " + db + "`");
  Run up = run("index-text --db '" + db + "'");
  INFO(up.err);
  REQUIRE(up.status == 0);
  CHECK(has(up.err, "no document's text is pending"));
  Store migrated = open_read(db);
  CHECK(has(*migrated.dump(), "\"\"\tmeta\t\"schema_version\"\t\"8\"\n"));
  const TextIndexState st = state_of(migrated);
  CHECK(st.document_spans > 0);
  CHECK(st.pending_spans == 0);
  SearchResult r = find(migrated, "人民政府");
  CHECK_FALSE(r.hits.empty());
  CHECK(r.notes.empty());
  // The version 6 triggers are gone: a file read again is pending, and the
  // old indexed spans leave the index cleanly.
  check_reread_after_upgrade(db, corpus);
}
