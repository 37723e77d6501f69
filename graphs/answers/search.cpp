#include "graphs/answers/search.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "graphs/base/doc_number.h"
#include "graphs/base/titles.h"
#include "graphs/base/utf8.h"
#include "graphs/store/graph_store.h"

namespace pg {

std::string_view to_string(MatchKind k) {
  switch (k) {
    case MatchKind::kNumber: return "number";
    case MatchKind::kTitleExact: return "title_exact";
    case MatchKind::kTitlePrefix: return "title_prefix";
    case MatchKind::kTitleContains: return "title_contains";
    case MatchKind::kText: return "text";
  }
  return "text";
}

namespace {

// Title matches read at most this many nodes: a two-character query can
// match most titles of a large store, and the first pages are what a person
// reads. The total is then a lower bound.
constexpr std::size_t kTitleReadBound = 2000;
// Text matches fetched at most (a page far down is not worth more).
constexpr std::size_t kTextBound = 1000;
// Characters of a passage on each side of its first match.
constexpr std::size_t kPassageSide = 60;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0, i = 0;
  while (i < s.size()) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

// Words split on ASCII whitespace and U+3000.
std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t at = i;
    char32_t c = next_code_point(text, i);
    if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v' ||
        c == U'\u3000') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word.append(text.substr(at, i - at));
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Moves `at` back (or forward) to the start of a UTF-8 sequence.
std::size_t char_start(std::string_view s, std::size_t at) {
  while (at > 0 && at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
  return std::min(at, s.size());
}

// Byte offset `n` characters before / after `at`, within [lo, hi].
std::size_t back_chars(std::string_view s, std::size_t at, std::size_t n, std::size_t lo) {
  while (n-- > 0 && at > lo) at = char_start(s, at - 1);
  return at;
}
std::size_t forward_chars(std::string_view s, std::size_t at, std::size_t n, std::size_t hi) {
  while (n-- > 0 && at < hi) next_code_point(s, at);
  return std::min(at, hi);
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000';
}

// The passage of a matched span. The index matched the text without line
// breaks and spaces (text_index.h), so the words are found in that flat
// text and mapped back: the passage is the text as printed from the line of
// the first match (at most kPassageSide characters before it) to
// kPassageSide characters after it, within the line where it ends, with
// every word marked (ASCII case ignored, as the index ignores it).
Passage make_passage(const TextMatch& m, const std::vector<std::string>& words) {
  Passage p;
  p.file = m.file;
  const std::string& t = m.text;
  // flat[k] is the byte of `t` at orig[k]; orig has one more entry, t.size().
  std::string flat;
  std::vector<std::size_t> orig;
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t at = i;
    if (is_space(next_code_point(t, i))) continue;
    for (std::size_t b = at; b < i; ++b) {
      flat += t[b];
      orig.push_back(b);
    }
  }
  orig.push_back(t.size());
  const std::string lower = ascii_lower(flat);
  std::vector<std::pair<std::size_t, std::size_t>> found;  // in flat
  for (const std::string& w : words) {
    for (const std::string& form : text_query_forms(w)) {  // as the index looked it up
      const std::string lw = ascii_lower(form);
      if (lw.empty()) continue;
      for (std::size_t at = lower.find(lw); at != std::string::npos; at = lower.find(lw, at + 1)) {
        found.emplace_back(at, at + lw.size());
      }
    }
  }
  std::sort(found.begin(), found.end());
  // Where the first match starts and ends in the text as printed.
  const std::size_t first = found.empty() ? 0 : orig[found.front().first];
  const std::size_t first_end = found.empty() ? 0 : orig[found.front().second - 1] + 1;
  const std::size_t line_begin = first == 0 ? 0 : [&] {
    std::size_t lf = t.rfind('\n', first - 1);
    return lf == std::string::npos ? 0 : lf + 1;
  }();
  std::size_t line_end = t.find('\n', first_end);
  if (line_end == std::string::npos) line_end = t.size();
  p.line = m.line_start + static_cast<int>(std::count(t.begin(), t.begin() + first, '\n'));
  p.page = page_of_line(m.page_starts, p.line);
  const std::size_t begin = back_chars(t, first, kPassageSide, line_begin);
  const std::size_t end = std::max(first_end, forward_chars(t, first_end, kPassageSide, line_end));
  p.text = t.substr(begin, end - begin);
  for (const auto& [fb, fe] : found) {
    const std::size_t b = orig[fb], e = orig[fe - 1] + 1;
    if (b < begin || e > end) continue;
    // A word broken over lines is marked whole, with the break inside.
    if (!p.marks.empty() && b - begin <= p.marks.back().second) {
      p.marks.back().second = std::max(p.marks.back().second, e - begin);
    } else {
      p.marks.emplace_back(b - begin, e - begin);
    }
  }
  return p;
}

struct Found {
  NodeNo node = -1;  // -1: a text match without a node
  MatchKind kind = MatchKind::kText;
  std::optional<TextMatch> match;  // kText: its passage is made if it is on the page
  std::string title;               // for a node-less text match: its document's key
};

}  // namespace

Result<SearchResult> search(const Store& store, const SearchQuery& query) {
  SearchResult out;
  const std::vector<std::string> words = split_words(query.text);
  if (words.empty()) return out;
  std::string joined;
  for (const std::string& w : words) joined += w;  // titles have no spaces (fold_title)

  Result<GraphState> state = graph_state(store);
  if (!state) return state.error();
  if (*state == GraphState::kMissing) {
    out.no_graph = true;
    out.notes.push_back("the store holds no graph yet: run policygraph ingest");
    return out;
  }
  StoredGraph g(store);
  ReadTransaction snapshot(store);

  std::vector<Found> found;
  std::set<NodeNo> seen;

  // 1. The number, as the caller read it, else as normalize_doc_no reads it.
  {
    std::vector<std::string> ids;
    if (query.canonical_number) ids.push_back(*query.canonical_number);
    if (auto n = normalize_doc_no(query.text)) ids.push_back(*n);
    ids.push_back(fold_number_text(query.text));  // decrees, announcements as typed
    Result<std::vector<NodeNo>> nodes = g.nodes_with_ids(ids);
    if (!nodes) return nodes.error();
    for (NodeNo n : *nodes) {
      if (seen.insert(n).second) found.push_back({n, MatchKind::kNumber, {}, {}});
    }
  }

  // 2. Titles (and aliases, ids) containing the query, by the graph's folded
  // key. This is also the fallback for a query too short for the trigram
  // index.
  std::size_t title_total = 0;
  bool title_bounded = false;
  {
    const std::string folded = fold_title(joined);
    Result<std::vector<NodeNo>> nodes = g.nodes_containing(folded);
    if (!nodes) return nodes.error();
    std::vector<NodeNo> fresh;
    for (NodeNo n : *nodes) {
      if (!seen.count(n)) fresh.push_back(n);
    }
    title_total = fresh.size();
    if (fresh.size() > kTitleReadBound) {
      fresh.resize(kTitleReadBound);
      title_bounded = true;
    }
    Result<std::vector<Node>> read = g.read_nodes(fresh, StoredGraph::Parts::Body::kNames);
    if (!read) return read.error();
    std::vector<std::pair<int, NodeNo>> ranked;  // (kind, node): by kind, then id order below
    std::vector<std::string> ids(fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      const std::string key = fold_title((*read)[i].title);
      MatchKind k = key == folded             ? MatchKind::kTitleExact
                    : key.starts_with(folded) ? MatchKind::kTitlePrefix
                                              : MatchKind::kTitleContains;
      ranked.emplace_back(static_cast<int>(k), static_cast<NodeNo>(i));
      ids[i] = (*read)[i].id;
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return ids[a.second] < ids[b.second];
    });
    for (const auto& [k, i] : ranked) {
      seen.insert(fresh[i]);
      found.push_back({fresh[i], static_cast<MatchKind>(k), {}, {}});
    }
  }

  // 3. Text, through the trigram index: words of 3 or more characters are
  // looked up in it, shorter ones tested on the matched text.
  std::vector<std::string> long_words, short_words;
  for (const std::string& w : words) (code_points(w) >= 3 ? long_words : short_words).push_back(w);
  Result<TextIndexState> index = text_index_state(store);
  if (!index) return index.error();
  std::size_t text_total = 0;
  bool text_bounded = false;
  if (long_words.empty()) {
    out.short_query = true;
    out.notes.push_back(
        "a query of words shorter than 3 characters cannot use the full-text index: titles "
        "were searched, not the text");
  } else if (index->empty()) {
    out.text_index_empty = true;
    Result<TextIndexSetting> setting = text_index_setting(store);
    if (!setting) return setting.error();
    out.text_index_off = *setting == TextIndexSetting::kOff;
    out.notes.push_back(
        out.text_index_off
            ? "this store keeps no text index (made with ingest --no-text-index, or from JSONL): "
              "text was "
              "not searched, only numbers and titles; `policygraph reindex --text-index --db " +
                  store.path() + "` adds it"
            : "the text index is empty (a store made before it): text was not searched; "
              "`policygraph reindex --db " +
                  store.path() + "` fills it");
  } else {
    if (index->files_with_text < index->files) {
      out.files_without_text = index->files - index->files_with_text;
      out.notes.push_back(std::to_string(out.files_without_text) +
                          " stored files have no text in the index; `policygraph reindex "
                          "--db " +
                          store.path() + "` fills it");
    }
    if (index->pending_spans > 0) {
      out.text_pending = index->pending_spans;
      out.notes.push_back(std::to_string(out.text_pending) +
                          " documents are not yet in the full-text index: their text was read "
                          "instead (slower), and they rank after the indexed ones; "
                          "`policygraph index-text --db " +
                          store.path() + "` indexes them");
    }
    const std::size_t want = std::min(
        kTextBound, query.offset + std::clamp<std::size_t>(query.limit, 1, 500) + found.size() + 1);
    Result<std::vector<TextMatch>> matches = text_matches(store, long_words, short_words, want);
    if (!matches) return matches.error();
    text_bounded = matches->size() == want;
    std::vector<std::string> keys;
    for (const TextMatch& m : *matches) keys.push_back(m.doc_key);
    Result<std::vector<NodeNo>> nodes = g.nodes_with_ids(keys);
    if (!nodes) return nodes.error();
    Result<std::vector<std::string>> node_ids = g.read_ids(*nodes);
    if (!node_ids) return node_ids.error();
    std::unordered_map<std::string, NodeNo> by_id;
    for (std::size_t i = 0; i < nodes->size(); ++i) by_id.emplace((*node_ids)[i], (*nodes)[i]);
    std::set<std::string> seen_keys;
    for (const TextMatch& m : *matches) {
      auto it = by_id.find(m.doc_key);
      if (it != by_id.end()) {
        if (!seen.insert(it->second).second) continue;
        found.push_back({it->second, MatchKind::kText, m, {}});
      } else {
        // A document the stored graph does not hold (the graph is stale).
        if (!seen_keys.insert(m.doc_key).second) continue;
        found.push_back({-1, MatchKind::kText, m, m.doc_key});
      }
      ++text_total;
    }
  }

  out.total = found.size() + (title_total - std::min(title_total, kTitleReadBound));
  out.total_is_lower_bound = title_bounded || text_bounded;
  (void)text_total;

  // The page asked for, read as names with statuses.
  const std::size_t limit = std::clamp<std::size_t>(query.limit, 1, 500);
  const std::size_t begin = std::min(query.offset, found.size());
  const std::size_t end = std::min(found.size(), begin + limit);
  std::vector<NodeNo> page_nodes;
  for (std::size_t i = begin; i < end; ++i) {
    if (found[i].node >= 0) page_nodes.push_back(found[i].node);
  }
  Result<std::vector<Node>> nodes = g.read_nodes(page_nodes, StoredGraph::Parts::Body::kNames);
  if (!nodes) return nodes.error();
  Result<std::vector<StatusKind>> statuses = g.status_kinds(page_nodes, query.as_of);
  if (!statuses) return statuses.error();
  // The text of the page's text matches only: a far larger number of them
  // may have been ranked to fill the page past the title matches.
  std::vector<TextMatch*> page_matches;
  for (std::size_t i = begin; i < end; ++i) {
    if (found[i].match) page_matches.push_back(&*found[i].match);
  }
  Result<std::size_t> texts = read_match_texts(store, page_matches);
  if (!texts) return texts.error();
  std::size_t k = 0;
  for (std::size_t i = begin; i < end; ++i) {
    Found& f = found[i];
    SearchHit hit;
    hit.kind = f.kind;
    if (f.match) hit.passage = make_passage(*f.match, words);
    if (f.node >= 0) {
      const Node& n = (*nodes)[k];
      hit.id = n.id;
      hit.doc_no = n.doc_no;
      hit.title = n.title;
      hit.issuer = n.issuer;
      hit.level = n.level;
      hit.external = n.external;
      hit.status = (*statuses)[k];
      ++k;
    } else if (f.title.starts_with("title:")) {
      hit.title = f.title.substr(6);
    } else {
      hit.doc_no = f.title;
    }
    out.hits.push_back(std::move(hit));
  }
  return out;
}

}  // namespace pg
