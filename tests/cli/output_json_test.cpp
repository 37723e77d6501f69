// The lists' --json written row by row by a JsonWriter (graphs/base/
// json_writer.h, the writers of analyzer/cli/output.h) against the JSON the
// same rows made as nlohmann trees print (json_text, as print_json): the
// same bytes, on text meant to break it (quotes, backslashes, control
// characters, script tags, invalid UTF-8), and text that parses back to
// the tree.
#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/cli/output.h"
#include "graphs/base/json_text.h"
#include "graphs/base/json_writer.h"
#include "graphs/base/utf8.h"

namespace {

using namespace pg;
using namespace pg::cli;
using nlohmann::json;

const std::vector<std::string> kHostile = {
    "",
    "plain 关于印发《济南市规范性文件管理办法》的通知",
    "say \"hi\" \\ back\\slash",
    "<script>alert(\"x&y\")</script>'",
    std::string("\x01\x02\x1f\x7f\tline\nbreak\r\b\f\x1b[31m"),
    std::string("\xE4\xB8") + "尾 cut inside a character",
    std::string("\xFF\xFE stray bytes"),
    "\\u0041 not an escape",
};

Node node(std::size_t k) {
  Node n;
  n.id = "id " + kHostile[k % kHostile.size()];
  if (k % 3 != 0) n.doc_no = "济政发〔2019〕" + kHostile[(k + 1) % kHostile.size()];
  n.title = kHostile[(k + 2) % kHostile.size()];
  n.issuer = kHostile[(k + 3) % kHostile.size()];
  n.level = static_cast<Level>(k % 6);
  n.external = k % 2 == 0;
  return n;
}

Evidence evidence(std::size_t k) {
  Evidence e;
  e.file = kHostile[(k + 4) % kHostile.size()] + ".txt";
  e.line = static_cast<int>(k * 7);
  e.quote = kHostile[(k + 5) % kHostile.size()];
  e.page = k % 4 == 1 ? static_cast<int>(k) : 0;
  return e;
}

Status status(std::size_t k) {
  Status s;
  s.kind = static_cast<StatusKind>(k % 7);
  if (k % 2) s.since = Date{2019, 6, static_cast<int>(1 + k % 28)};
  if (k % 3) s.by = kHostile[(k + 6) % kHostile.size()];
  s.evidence.document = kHostile[(k + 7) % kHostile.size()];
  s.evidence.evidence = evidence(k + 1);
  s.detail = kHostile[k % kHostile.size()] + " detail";
  return s;
}

GraphEdge edge(std::size_t k) {
  GraphEdge e;
  e.from = 0;
  e.to = 1;
  e.type = static_cast<RelationType>(k % 6);
  e.evidence = evidence(k + 2);
  e.derived = k % 2 == 1;
  if (k % 3 == 1) e.date = Date{2020, 1, 2};
  if (k % 4 == 2) e.scope = "第十二条、" + kHostile[k % kHostile.size()];
  return e;
}

// As query_commands.cpp's trees were made.
json node_status_tree(const Node& n, const Status& st) {
  json j = node_ref_json(n);
  j["issuer"] = n.issuer;
  j["level"] = std::string(to_string(n.level));
  j["status"] = status_json(st);
  return j;
}

json edge_tree(const Node& from, const Node& to, const GraphEdge& e) {
  return edge_json(std::vector<Node>{from, to}, e);
}

// What `write` writes, as one document.
template <class F>
std::string written(F write) {
  std::string out;
  JsonWriter w(out);
  write(w);
  REQUIRE(w.done());
  return out;
}

}  // namespace

TEST_CASE("a streamed list row is the text of its tree, on hostile text", "[output][json]") {
  for (std::size_t k = 0; k < 48; ++k) {
    INFO("row " << k);
    const Node n = node(k), basis = node(k + 1), other = node(k + 2);
    const Status st = status(k), basis_st = status(k + 3);
    const GraphEdge e = edge(k);

    // superseded
    const json superseded = node_status_tree(n, st);
    const std::string streamed =
        written([&](JsonWriter& w) { write_node_status(w, name_of(n), st); });
    CHECK(streamed == json_text(superseded));

    // orphans: the node with basis, chain and fell_away among its keys
    json orphan = node_status_tree(n, st);
    orphan["basis"] = node_status_tree(basis, basis_st);
    orphan["fell_away"] = basis_st.since ? json(basis_st.since->to_iso()) : json(nullptr);
    orphan["chain"] = json::array({edge_tree(n, other, e), edge_tree(other, basis, edge(k + 1))});
    const GraphEdge second = edge(k + 1);
    CHECK(written([&](JsonWriter& w) {
            write_node_row(
                w, name_of(n),
                {{"basis", [&](JsonWriter& v) { write_node_status(v, name_of(basis), basis_st); }},
                 {"chain",
                  [&](JsonWriter& v) {
                    v.begin_array();
                    write_edge(v, n.id, other.id, e);
                    write_edge(v, other.id, basis.id, second);
                    v.end_array();
                  }},
                 {"fell_away",
                  [&](JsonWriter& v) {
                    if (basis_st.since) {
                      v.string(basis_st.since->to_iso());
                    } else {
                      v.null();
                    }
                  }},
                 {"status", [&](JsonWriter& v) { write_status(v, st); }}});
          }) == json_text(orphan));

    // expiring
    json expiring = node_status_tree(n, st);
    expiring["expires"] = "2027-01-01";
    expiring["days_left"] = static_cast<long>(k) - 3;
    expiring["evidence"] = evidence_json(evidence(k));
    CHECK(written([&](JsonWriter& w) {
            write_node_row(
                w, name_of(n),
                {{"days_left", [&](JsonWriter& v) { v.integer(static_cast<long>(k) - 3); }},
                 {"evidence", [&](JsonWriter& v) { write_evidence(v, evidence(k)); }},
                 {"expires", [&](JsonWriter& v) { v.string("2027-01-01"); }},
                 {"status", [&](JsonWriter& v) { write_status(v, st); }}});
          }) == json_text(expiring));

    // unresolved: no references is an empty array
    json unresolved = node_ref_json(n);
    unresolved["issuer"] = n.issuer;
    unresolved["count"] = k;
    unresolved["citing_documents"] = k / 2;
    unresolved["references"] = json::array();
    for (std::size_t r = 0; r < k % 3; ++r) {
      unresolved["references"].push_back(edge_tree(other, n, edge(k + r)));
    }
    CHECK(written([&](JsonWriter& w) {
            write_node_row(w, name_of(n),
                           {{"citing_documents", [&](JsonWriter& v) { v.unsigned_integer(k / 2); }},
                            {"count", [&](JsonWriter& v) { v.unsigned_integer(k); }},
                            {"references", [&](JsonWriter& v) {
                               v.begin_array();
                               for (std::size_t r = 0; r < k % 3; ++r) {
                                 write_edge(v, other.id, n.id, edge(k + r));
                               }
                               v.end_array();
                             }}});
          }) == json_text(unresolved));

    // The text parses back to the tree (invalid UTF-8 aside: U+FFFD there).
    if (first_invalid_utf8(n.id + n.title + n.issuer + n.doc_no.value_or("") + st.detail +
                           st.by.value_or("") + st.evidence.document + st.evidence.evidence.file +
                           st.evidence.evidence.quote) == std::string_view::npos) {
      CHECK(json::parse(streamed) == superseded);
    }
  }
}

TEST_CASE("a streamed list document is print_json of the whole object", "[output][json]") {
  // Rows written in place, and rows written apart (two deep) then placed.
  for (std::size_t rows : {0, 1, 5}) {
    json list = json::array();
    for (std::size_t k = 0; k < rows; ++k) list.push_back(node_status_tree(node(k), status(k)));
    const json whole = {{"as_of", "2020-01-01"}, {"documents", list}, {"issuer", "济南\"<"}};
    std::string direct, apart;
    {
      JsonWriter w(direct);
      w.begin_object();
      w.key("as_of").string("2020-01-01");
      w.key("documents").begin_array();
      for (std::size_t k = 0; k < rows; ++k) write_node_status(w, name_of(node(k)), status(k));
      w.end_array();
      w.key("issuer").string("济南\"<");
      w.end_object();
    }
    {
      std::vector<std::string> texts(rows);
      for (std::size_t k = 0; k < rows; ++k) {
        JsonWriter r(texts[k], 2);
        write_node_status(r, name_of(node(k)), status(k));
      }
      JsonWriter w(apart);
      w.begin_object();
      w.key("as_of").string("2020-01-01");
      w.key("documents").begin_array();
      for (const std::string& t : texts) w.raw(t);
      w.end_array();
      w.key("issuer").string("济南\"<");
      w.end_object();
    }
    INFO(rows << " rows");
    CHECK(direct == json_text(whole));
    CHECK(apart == direct);
    // Valid JSON (the invalid UTF-8 of some rows is U+FFFD in it).
    json back;
    REQUIRE_NOTHROW(back = json::parse(direct));
    CHECK(back.at("documents").size() == rows);
    CHECK(back.at("issuer") == "济南\"<");
  }
}

TEST_CASE("the json writer refuses keys out of nlohmann's order", "[output][json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("title").string("x");
  CHECK_THROWS_AS(w.key("id"), std::logic_error);
  CHECK_THROWS_AS(w.key("title"), std::logic_error);
  std::string out2;
  JsonWriter v(out2);
  v.begin_object();
  CHECK_THROWS_AS(v.string("a member without a key"), std::logic_error);
}

// Strings around the escape scan's sixteen-byte blocks and its padded last
// block: every escaped byte at every place of strings 0..40 bytes long,
// in ASCII and CJK runs, and the cases json_text leaves to nlohmann.
std::vector<std::string> escape_cases() {
  std::vector<std::string> out = {
      "",
      "\"",
      "\\",
      std::string(1, '\0'),
      std::string("\x01\x1f\x20\x7f", 4),
      "\u2028 and \u2029 are written as they are",
      "\xEF\xBF\xBD replacement character",
      std::string("\xE4\xB8", 2),
      std::string("ok \xC0\xAF overlong"),
      std::string("\xED\xA0\x80 surrogate"),
      std::string("\xF4\x90\x80\x80 above U+10FFFF"),
      "𠀀 four bytes",
  };
  const std::vector<std::string> fill = {"a", "济"};
  const std::vector<std::string> specials = {
      "\"", "\\", "\n", "\t", "\b", "\f", "\r", std::string(1, '\0'), "\x1b", "\x1f"};
  for (const std::string& f : fill) {
    for (std::size_t len = 0; len <= 40; ++len) {
      std::string base;
      while (base.size() < len) base += f;
      out.push_back(base);
      for (const std::string& sp : specials) {
        for (std::size_t at = 0; at <= base.size(); at += f.size()) {
          out.push_back(base.substr(0, at) + sp + base.substr(at));
        }
      }
    }
  }
  return out;
}

TEST_CASE("json strings are escaped as nlohmann escapes them at every length and place",
          "[output][json]") {
  for (const std::string& s : escape_cases()) {
    INFO(json_text(json::array({s}), -1));
    const std::string want = json_text(json(s));
    std::string direct;
    JsonWriter w(direct);
    w.string(s);
    CHECK(direct == want);
    // The compact writer: nlohmann's dump(-1) of valid UTF-8.
    std::string compact;
    if (detail::append_json_string(compact, s)) {
      CHECK(compact == json(s).dump(-1, ' ', false, json::error_handler_t::replace));
    } else {
      CHECK(first_invalid_utf8(s) != std::string_view::npos);
    }
    CHECK(detail::first_json_escape(s) ==
          std::min(s.size(), s.find_first_of(std::string("\"\\\x01\x02\x03\x04\x05\x06\x07\x08"
                                                         "\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11"
                                                         "\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                         "\x1b\x1c\x1d\x1e\x1f") +
                                             std::string(1, '\0'))));
  }
}

TEST_CASE("json keys that need escapes are written as nlohmann writes them", "[output][json]") {
  std::vector<std::string> keys = {"a\"b", "a\\b", "a\nb", "b\x01", "c\xE4\xB8", "d济", "e"};
  std::sort(keys.begin(), keys.end());  // nlohmann's order
  json tree = json::object();
  std::string direct;
  JsonWriter w(direct);
  w.begin_object();
  for (const std::string& k : keys) {
    tree[k] = k.size();
    w.key(k).unsigned_integer(k.size());
  }
  w.end_object();
  CHECK(direct == json_text(tree));
  // Nested, after a first member, and empty containers.
  std::string nested;
  JsonWriter v(nested, 1);
  v.begin_object();
  v.key("a").begin_array();
  v.end_array();
  v.key("b").begin_object();
  v.key("c").null();
  v.key("d").boolean(false);
  v.end_object();
  v.key("e").boolean(true);
  v.end_object();
  CHECK(nested ==
        "{\n    \"a\": [],\n    \"b\": {\n      \"c\": null,\n      \"d\": false\n    },\n"
        "    \"e\": true\n  }");
}
