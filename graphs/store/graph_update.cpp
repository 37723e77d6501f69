#include "graphs/store/graph_update.h"

#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "graphs/base/doc_number.h"
#include "graphs/base/exit_release.h"
#include "graphs/base/titles.h"
#include "graphs/base/work_stats.h"
#include "graphs/store/graph_rows.h"
#include "graphs/store/sqlite_stmt.h"

namespace pg {
namespace {

using sql::Failure;
using sql::Stmt;

// CorpusGraph's title comparison keys: the folded title, and the folded
// measure inside an issuing wrapper.
std::vector<std::string> compare_keys(const std::string& title) {
  std::vector<std::string> keys{fold_title(title)};
  if (auto inner = strip_issue_wrapper(title)) keys.push_back(fold_title(*inner));
  return keys;
}

void add_row(FileKeys& out, std::set<std::pair<int, std::string>>& seen, FileKeyRole role,
             std::string key) {
  std::pair<int, std::string> row{static_cast<int>(role), std::move(key)};
  if (seen.insert(row).second) out.rows.push_back(std::move(row));
}

// Thrown inside update_graph when the change needs a full rebuild.
struct NeedsRebuild {
  std::string why;
};

[[noreturn]] void rebuild(std::string why) { throw NeedsRebuild{std::move(why)}; }

// Thrown inside update_graph when files other than the changed ones must be
// re-resolved too (their references look up a title whose numbers change):
// every path to re-resolve, read before the update's transaction.
struct NeedsFiles {
  std::set<std::string> paths;
};

// A title node known by title and date: "title:" + title + "（YYYY-MM-DD）"
// (CorpusGraph's final_id).
bool looks_dated(const std::string& id) {
  static const std::string kClose = "）";
  static const std::string kOpen = "（";
  constexpr std::size_t kIso = 10;
  if (!id.ends_with(kClose) || id.size() < kOpen.size() + kIso + kClose.size()) return false;
  std::size_t open = id.size() - kClose.size() - kIso - kOpen.size();
  return id.compare(open, kOpen.size(), kOpen) == 0 &&
         Date::parse_iso(std::string_view(id).substr(open + kOpen.size(), kIso)).has_value();
}

// A stored row read, counted as a graph step (graphs/base/work_stats.h):
// the work of an update, beside the builder's own steps.
inline void count() { work_stats().graph_steps += 1; }

bool is_number_id(const std::string& id) { return !id.starts_with("title:"); }

// A stored mention row: a reference of `file` from `document` to node `to`.
struct Row {
  std::int64_t to_no = 0;
  std::string to;
  std::int64_t seq = 0;
  Edge edge;  // from, type, derived, to_title, from_date, line, evidence
  std::string file;
  std::size_t place = 0;  // of `file` in the corpus's file order
};

class Updater {
 public:
  // `loaded`: the changed files' extractions, read before the transaction
  // (the store reads in a transaction of its own) when the files were at
  // `generation`.
  // `extra`: paths of unchanged files to re-resolve too (NeedsFiles).
  Updater(Store& store, const std::vector<IssuerRule>& issuers, const UpdateLimits& limits,
          std::map<std::string, Extraction> loaded, std::int64_t generation,
          std::set<std::string> extra)
      : db_(store.db_handle()),
        issuers_(issuers),
        limits_(limits),
        loaded_(std::move(loaded)),
        generation_(generation),
        extra_(std::move(extra)) {
    for (const auto& r : issuers_) rule_prefixes_.insert(r.prefix);
  }

  UpdateResult run();

 private:
  std::int64_t meta(const char* key) {
    Stmt s(db_, "SELECT value FROM graph_meta WHERE key = ?1");
    s.text(1, key);
    return s.step() ? s.int64(0) : -1;
  }
  // The title index entry of `key` (empty when none).
  const std::vector<std::string>& entries(const std::string& key);
  // The numbers `key` pairs with before the change (the index lists them).
  std::vector<std::string> numbers_before(const std::string& key);
  const std::set<std::string>& numbers_after(const std::string& key);
  bool document_key(const std::string& key);
  std::string node_key(const std::string& title);
  std::string resolve_title(const std::string& title);
  std::optional<std::pair<std::int64_t, Node>> stored_node(const std::string& id);
  std::optional<std::string> learned_before(const std::string& agency);
  std::optional<std::string> learned_after(const std::string& agency, const CorpusGraph& g);
  bool has_outside_node(const std::string& agency);

  sqlite3* db_;
  const std::vector<IssuerRule>& issuers_;
  const UpdateLimits& limits_;
  std::map<std::string, Extraction> loaded_;
  std::int64_t generation_;
  std::set<std::string> extra_;
  std::set<std::string> rule_prefixes_;
  std::set<std::string> f_sources_;  // old and new sources of the changed files
  std::set<std::string> old_sources_;
  // Every stored file's source -> its place in the corpus's file order (by
  // path): the order a full build reads the files in.
  std::unordered_map<std::string, std::size_t> file_order_;
  // The place of `source` in the file order; a rebuild when no stored file
  // has it (a removed file's).
  std::size_t place(const std::string& source) const {
    auto it = file_order_.find(source);
    if (it == file_order_.end()) rebuild("no stored file is named " + source);
    return it->second;
  }
  std::set<std::string> nt_;  // ids of the nodes the changed files touch
  std::map<std::string, std::vector<std::string>> entries_;
  std::map<std::string, std::set<std::string>> new_pairs_;    // key -> numbers (new contents)
  std::map<std::string, std::set<std::string>> title_nodes_;  // node key -> titles (new contents)
  std::map<std::string, std::set<std::string>> after_;        // numbers_after's answers
  std::set<std::string> changed_keys_;  // title keys whose numbers the change alters
  std::set<std::string> new_doc_keys_;  // kDocumentKey rows of the new contents
};

const std::vector<std::string>& Updater::entries(const std::string& key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) return it->second;
  Stmt s(db_, "SELECT node_id FROM graph_titles WHERE key = ?1 ORDER BY seq");
  s.text(1, key);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.str(0));
  return entries_.emplace(key, std::move(ids)).first->second;
}

std::vector<std::string> Updater::numbers_before(const std::string& key) {
  const auto& ids = entries(key);
  if (ids.empty() || !is_number_id(ids.front())) return {};
  return ids;
}

// The numbers `key` pairs with after the change: every other file's pairs
// (graph_file_keys rows "key\tnumber") and the new contents'. Read once
// f_sources_ and new_pairs_ are complete.
const std::set<std::string>& Updater::numbers_after(const std::string& key) {
  auto it = after_.find(key);
  if (it != after_.end()) return it->second;
  std::set<std::string> out;
  Stmt s(db_, "SELECT key, file FROM graph_file_keys WHERE key >= ?1 AND key < ?2 AND role = ?3");
  s.text(1, key + "\t").text(2, key + "\n").integer(3, static_cast<int>(FileKeyRole::kPair));
  while (s.step()) {
    count();
    if (f_sources_.count(s.str(1))) continue;
    out.insert(s.str(0).substr(key.size() + 1));
  }
  if (auto p = new_pairs_.find(key); p != new_pairs_.end()) {
    out.insert(p->second.begin(), p->second.end());
  }
  return after_.emplace(key, std::move(out)).first->second;
}

// A key of a document without a number after the change: another file's or
// the new contents'.
bool Updater::document_key(const std::string& key) {
  if (new_doc_keys_.count(key)) return true;
  Stmt s(db_, "SELECT file FROM graph_file_keys WHERE key = ?1 AND role = ?2");
  s.text(1, key).integer(2, static_cast<int>(FileKeyRole::kDocumentKey));
  while (s.step()) {
    count();
    if (!f_sources_.count(s.str(0))) return true;
  }
  return false;
}

// CorpusGraph's node_key, with the document keys after the change.
std::string Updater::node_key(const std::string& title) {
  std::string key = fold_title(title);
  std::string bare(without_state_name(key));
  if (bare.size() != key.size() && document_key(key) && document_key(bare)) return key;
  return bare;
}

// title_id as the whole corpus would resolve it after the change; a title
// node is returned as "\x01" + its node key until every title is seen.
std::string Updater::resolve_title(const std::string& title) {
  for (const std::string& k : compare_keys(title)) {
    const std::set<std::string>& numbers = numbers_after(k);
    if (numbers.size() == 1) return *numbers.begin();
    if (numbers.size() > 1) break;  // ambiguous: stays a title
  }
  std::string nk = node_key(title);
  title_nodes_[nk].insert(title);
  return "\x01" + nk;
}

std::optional<std::pair<std::int64_t, Node>> Updater::stored_node(const std::string& id) {
  Stmt s(db_,
         "SELECT n.no, n.external, b.body FROM graph_nodes n JOIN graph_bodies b ON b.no = n.no "
         "WHERE n.id = ?1");
  s.text(1, id);
  if (!s.step()) return std::nullopt;
  return std::make_pair(
      s.int64(0), graph_rows::node_from_row(id, s.int64(1) != 0, graph_rows::cbor_column(s, 2)));
}

// Ids of numbers of one 机关代字 sort together: agency〔 .. agency〔 + 1.
std::pair<std::string, std::string> agency_range(const std::string& agency) {
  std::string lo = agency + "〔";
  std::string hi = lo;
  hi.back() = static_cast<char>(static_cast<unsigned char>(hi.back()) + 1);
  return {lo, hi};
}

// Every node of an unknown 机关代字 has the issuer the corpus learned for it
// (empty when none): any one tells it.
std::optional<std::string> Updater::learned_before(const std::string& agency) {
  auto [lo, hi] = agency_range(agency);
  // The issuer column is the node's issuer (graph_rows::NodeWriter): no body
  // to decode.
  Stmt s(db_, "SELECT id, issuer FROM graph_nodes WHERE id >= ?1 AND id < ?2");
  s.text(1, lo).text(2, hi);
  while (s.step()) {
    count();
    auto parts = split_doc_no(s.str(0));
    if (!parts || parts->agency != agency) continue;
    std::string issuer = s.str(1);
    if (issuer.empty()) return std::nullopt;
    return issuer;
  }
  return std::nullopt;
}

// The issuer the corpus learns for `agency` after the change: the first
// header issuer of a published node of it, in id order.
std::optional<std::string> Updater::learned_after(const std::string& agency, const CorpusGraph& g) {
  auto qualifies = [&](const Node& n) {
    if (!n.document || !n.doc_no || n.document->issuers.empty()) return false;
    auto parts = split_doc_no(*n.doc_no);
    return parts && parts->agency == agency;
  };
  std::optional<std::pair<std::string, std::string>> best;  // id, issuer
  for (const Node& n : g.nodes()) {
    if (!nt_.count(n.id) || !qualifies(n)) continue;
    if (!best || n.id < best->first) best = {n.id, n.document->issuers.front()};
  }
  auto [lo, hi] = agency_range(agency);
  Stmt s(db_,
         "SELECT n.id, b.body FROM graph_nodes n JOIN graph_bodies b ON b.no = n.no "
         "WHERE n.id >= ?1 AND n.id < ?2 AND n.external = 0 ORDER BY n.id");
  s.text(1, lo).text(2, hi);
  while (s.step()) {
    count();
    std::string id = s.str(0);
    if (best && id >= best->first) break;
    if (nt_.count(id)) continue;
    Node n = graph_rows::node_from_row(id, false, graph_rows::cbor_column(s, 1));
    if (qualifies(n)) {
      best = {id, n.document->issuers.front()};
      break;
    }
  }
  if (!best) return std::nullopt;
  return best->second;
}

bool Updater::has_outside_node(const std::string& agency) {
  auto [lo, hi] = agency_range(agency);
  Stmt s(db_, "SELECT id FROM graph_nodes WHERE id >= ?1 AND id < ?2");
  s.text(1, lo).text(2, hi);
  while (s.step()) {
    count();
    std::string id = s.str(0);
    auto parts = split_doc_no(id);
    if (parts && parts->agency == agency && !nt_.count(id)) return true;
  }
  return false;
}

bool is_date_kind(FindingKind k) {
  return k == FindingKind::kCitedBeforeExists || k == FindingKind::kRepealsLaterDocument;
}

UpdateResult Updater::run() {
  UpdateResult result;
  if (meta("format") != kGraphStoreFormat) {
    rebuild("the stored graph has another layout (format " + std::to_string(meta("format")) +
            "; this policygraph writes " + std::to_string(kGraphStoreFormat) + ")");
  }
  if (meta("updatable") != 1) rebuild("the stored graph keeps nothing to update it by");
  if (meta("files_generation") != generation_) rebuild("files changed during the update");
  {
    // Without every trigger, changes of files go unlisted.
    Stmt t(db_,
           "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
           "('graph_files_inserted', 'graph_files_updated', 'graph_files_deleted', "
           "'graph_dirty_inserted', 'graph_dirty_updated', 'graph_dirty_deleted')");
    t.step();
    if (t.int64(0) != 6) rebuild("the list of changed files is incomplete");
  }
  // The changed files: path -> source the graph had (none: new).
  std::vector<std::pair<std::string, std::optional<std::string>>> dirty;
  {
    Stmt s(db_, "SELECT path, old_source FROM graph_dirty ORDER BY path");
    while (s.step()) dirty.emplace_back(s.str(0), s.opt_str(1));
  }
  std::map<std::string, std::string> sources;  // path -> source, every file
  {
    // Mentions are ordered by the corpus's file order (paths), and a source
    // stands for its file in the graph's rows: each names one file.
    Stmt s(db_, "SELECT path, source FROM files ORDER BY path");
    while (s.step()) {
      count();
      std::string source = s.str(1);
      if (!file_order_.emplace(source, file_order_.size()).second) {
        rebuild("two files are named " + source);
      }
      sources.emplace(s.str(0), std::move(source));
    }
  }
  result.files = dirty.size();
  // Unchanged files re-resolved: as if each were replaced by itself.
  for (const std::string& path : extra_) {
    auto now = sources.find(path);
    if (now == sources.end()) rebuild("files changed during the update");
    bool listed =
        std::any_of(dirty.begin(), dirty.end(), [&](const auto& d) { return d.first == path; });
    if (!listed) {
      dirty.emplace_back(path, now->second);
      ++result.reresolved;
    }
  }
  if (dirty.size() > limits_.max_files ||
      dirty.size() * 4 > std::max<std::size_t>(sources.size(), 4)) {
    rebuild("a batch of " + std::to_string(dirty.size()) + " changed files");
  }

  // The new contents, and the sources of old and new.
  std::vector<Extraction> changed;
  for (const auto& [path, old_source] : dirty) {
    auto now = sources.find(path);
    if (old_source) {
      old_sources_.insert(*old_source);
      f_sources_.insert(*old_source);
    }
    if (now == sources.end()) continue;
    if (old_source && *old_source != now->second) rebuild("a file stored under another name");
    auto ex = loaded_.find(path);
    if (ex == loaded_.end()) rebuild("files changed during the update");
    f_sources_.insert(ex->second.source);
    changed.push_back(std::move(ex->second));
  }

  // What the old contents carried.
  std::set<std::string> old_pairs, issued_pairs, old_doc_keys;
  for (const std::string& src : old_sources_) {
    Stmt s(db_, "SELECT key, role FROM graph_file_keys WHERE file = ?1");
    s.text(1, src);
    while (s.step()) {
      count();
      auto role = static_cast<FileKeyRole>(s.int64(1));
      if (role == FileKeyRole::kDocumentKey) old_doc_keys.insert(s.str(0));
      if (role == FileKeyRole::kPair) old_pairs.insert(s.str(0));
      if (role == FileKeyRole::kIssuedPair) issued_pairs.insert(s.str(0));
      if (role == FileKeyRole::kPublishes) nt_.insert(s.str(0));
    }
    Stmt m(db_,
           "SELECT n.id, m.document FROM graph_mentions m JOIN graph_nodes n ON n.no = m.node "
           "WHERE m.file = ?1");
    m.text(1, src);
    while (m.step()) {
      count();
      std::string document = m.str(1);
      nt_.insert(m.str(0));
      nt_.insert(std::move(document));
    }
  }

  // The new contents: numbered documents and references, resolved as the
  // whole corpus resolves them after the change.
  std::vector<FileKeys> new_keys;
  std::set<std::string> new_pairs;
  for (const Extraction& ex : changed) {
    // Documents' ids (kPublishes rows) once titles are resolved, below.
    new_keys.push_back(file_keys(ex, {}));
    for (const auto& [role, key] : new_keys.back().rows) {
      if (role == static_cast<int>(FileKeyRole::kDocumentKey)) new_doc_keys_.insert(key);
      if (role == static_cast<int>(FileKeyRole::kPair)) {
        new_pairs.insert(key);
        std::size_t tab = key.find('\t');
        new_pairs_[key.substr(0, tab)].insert(key.substr(tab + 1));
      }
      if (role == static_cast<int>(FileKeyRole::kIssuedPair)) issued_pairs.insert(key);
    }
  }
  // A document without a number published or withdrawn: a law published
  // both with and without the state's name is two instruments (node_key),
  // so such a key beside its partner is a rebuild.
  {
    static const std::string kStateKey = fold_title("中华人民共和国");
    std::set<std::string> doc_keys = old_doc_keys;
    doc_keys.insert(new_doc_keys_.begin(), new_doc_keys_.end());
    for (const std::string& k : doc_keys) {
      std::string bare(without_state_name(k));
      std::string partner = bare != k ? bare : kStateKey + k;
      if (bare == k && without_state_name(partner) != k) continue;  // no partner key
      if (document_key(partner)) rebuild("a law published with and without the state's name");
    }
  }
  // The titles of the pairs the old and new contents carry: a title whose
  // numbers change re-resolves every reference that looks it up (the
  // files with a kLookup row of its key, re-resolved whole); a title of
  // several numbers keeps them, and its ambiguity finding shows the first
  // pair of each (an issued one before others): the changed files' pairs
  // must be neither, another file's coming first.
  std::map<std::string, std::set<std::string>> pairs_by_key;  // old and new
  for (const std::set<std::string>* pairs : {&old_pairs, &new_pairs}) {
    for (const std::string& p : *pairs) {
      std::size_t tab = p.find('\t');
      pairs_by_key[p.substr(0, tab)].insert(p.substr(tab + 1));
    }
  }
  Stmt pair_files(db_, "SELECT file FROM graph_file_keys WHERE key = ?1 AND role = ?2");
  for (const auto& entry : pairs_by_key) {
    const std::string& key = entry.first;
    std::vector<std::string> before = numbers_before(key);
    const std::set<std::string>& after = numbers_after(key);
    if (std::set<std::string>(before.begin(), before.end()) != after) {
      if (before.size() > 1 || after.size() > 1) {
        rebuild("a title with several numbers gains or loses one (" + key + ")");
      }
      changed_keys_.insert(key);
      continue;
    }
    if (after.size() < 2) continue;
    for (const std::string& n : entry.second) {
      const std::string pk = key + "\t" + n;
      if (issued_pairs.count(pk)) rebuild("a title of several numbers issued by a changed file");
      std::optional<std::size_t> first;  // in the file order
      pair_files.text(1, pk).integer(2, static_cast<int>(FileKeyRole::kPair));
      while (pair_files.step()) {
        count();
        std::string file = pair_files.str(0);
        if (f_sources_.count(file)) continue;
        std::size_t at = place(file);
        if (!first || at < *first) first = at;
      }
      pair_files.reset();
      for (const std::string& src : f_sources_) {
        if (!first || !(*first < place(src))) {
          rebuild("the first pair of a title with several numbers changes");
        }
      }
    }
  }
  {
    Stmt look(db_, "SELECT file FROM graph_file_keys WHERE key = ?1 AND role = ?2");
    std::set<std::string> need;  // sources
    for (const std::string& key : changed_keys_) {
      look.text(1, key).integer(2, static_cast<int>(FileKeyRole::kLookup));
      while (look.step()) {
        count();
        std::string file = look.str(0);
        if (!f_sources_.count(file)) need.insert(std::move(file));
      }
      look.reset();
    }
    if (!need.empty()) {
      if (dirty.size() + need.size() > limits_.max_files) {
        rebuild(std::to_string(need.size()) + " more files look up titles whose numbers change");
      }
      NeedsFiles more{extra_};
      for (const auto& [path, source] : sources) {
        if (need.count(source)) more.paths.insert(path);
      }
      throw more;
    }
  }

  std::vector<FixedIds> fixed_new;
  Stmt title_keys(db_, "SELECT node_id FROM graph_title_keys WHERE key = ?1");
  for (const Extraction& ex : changed) {
    FixedIds f;
    for (const Document& d : ex.documents) {
      if (d.doc_no) {
        f.documents.push_back(*d.doc_no);
        continue;
      }
      // A history note elsewhere dated the day this document was signed
      // would name it (CorpusGraph's dated_documents_): a rebuild.
      if (d.signed_date) {
        const std::string iso = "（" + d.signed_date->to_iso() + "）";
        std::size_t guan = d.title.find("关于");
        for (std::size_t at : {std::size_t{0}, guan}) {
          if (at == std::string::npos) continue;
          title_keys.text(1, node_key(d.title.substr(at)));
          while (title_keys.step()) {
            count();
            if (title_keys.str(0).ends_with(iso)) rebuild("a document of a dated title's day");
          }
          title_keys.reset();
        }
      }
      f.documents.push_back(resolve_title(d.title));
    }
    for (const Edge& e : ex.edges) {
      std::string from = e.from;
      if (!is_canonical_number(e.from)) {
        if (e.from_date) rebuild("a dated reference");
        from = resolve_title(e.from);
      }
      std::string to;
      if (e.to_doc_no) {
        to = *e.to_doc_no;
      } else if (e.to_title) {
        if (e.to_date && node_key(*e.to_title) == node_key(e.from)) rebuild("a dated reference");
        to = resolve_title(*e.to_title);
        if (to == from) rebuild("a notice forwarding its own measure");
      }
      f.edges.emplace_back(to.empty() ? std::string() : from, to);
    }
    fixed_new.push_back(std::move(f));
  }
  // Title nodes: the stored one of each node key keeps its name (the least
  // ranked title of all that name it); a new one is named by the new titles.
  std::map<std::string, std::string> title_ids;  // "\x01" node key -> id
  for (const auto& entry : title_nodes_) {
    // Named, not a structured binding: clang before 16 refuses to capture one.
    const std::string& nk = entry.first;
    const std::set<std::string>& titles = entry.second;
    auto rank = [&](const std::string& t) {
      return std::make_pair(fold_title(t).size() == nk.size(), t);
    };
    std::string best =
        *std::min_element(titles.begin(), titles.end(),
                          [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    // The stored title node of the key (graph_title_keys lists it under its
    // keys, shadowed by numbers or not; a dated one's key holds its date).
    std::optional<std::string> stored;
    {
      Stmt s(db_, "SELECT node_id FROM graph_title_keys WHERE key = ?1");
      s.text(1, nk);
      while (s.step()) {
        count();
        std::string id = s.str(0);
        if (looks_dated(id) || node_key(id.substr(6)) != nk) continue;
        if (stored && *stored != id.substr(6)) rebuild("two title nodes of one key");
        stored = id.substr(6);
      }
    }
    if (stored && rank(best) < rank(*stored)) rebuild("a title node would be named anew");
    title_ids.emplace("\x01" + nk, "title:" + (stored ? *stored : best));
  }
  auto final_id = [&](std::string& id) {
    if (!id.empty() && id[0] == '\x01') id = title_ids.at(id);
  };
  for (std::size_t i = 0; i < fixed_new.size(); ++i) {
    for (std::string& id : fixed_new[i].documents) {
      final_id(id);
      new_keys[i].rows.emplace_back(static_cast<int>(FileKeyRole::kPublishes), id);
    }
    for (auto& [from, to] : fixed_new[i].edges) {
      final_id(from);
      final_id(to);
    }
  }
  for (std::size_t i = 0; i < changed.size(); ++i) {
    for (const std::string& id : fixed_new[i].documents) nt_.insert(id);
    for (const auto& [from, to] : fixed_new[i].edges) {
      if (to.empty()) continue;
      nt_.insert(from);
      nt_.insert(to);
    }
  }

  // The sub-corpus: the new contents, and every other file's references to
  // and from the touched nodes, by file in corpus order.
  std::map<std::size_t, std::pair<Extraction, FixedIds>> sub;  // by place in the file order
  for (std::size_t i = 0; i < changed.size(); ++i) {
    std::size_t at = place(changed[i].source);
    sub[at] = {std::move(changed[i]), std::move(fixed_new[i])};
  }
  std::set<std::string> published_by_changed;
  for (const auto& [src, part] : sub) {
    for (const std::string& id : part.second.documents) published_by_changed.insert(id);
  }
  std::unordered_map<std::string, std::int64_t> old_nos;  // touched id -> stored number
  std::map<std::string, Node> old_nodes;
  std::set<std::string> with_documents;  // nodes whose document is in `sub`
  auto add_document = [&](const std::string& id, const Node& n) {
    if (!n.document || !with_documents.insert(id).second) return;
    auto& part = sub[place(n.source)];
    part.first.source = n.source;
    part.first.documents.push_back(*n.document);
    part.second.documents.push_back(id);
  };
  {
    Stmt pub(db_, "SELECT file FROM graph_file_keys WHERE key = ?1 AND role = ?2");
    for (const std::string& id : nt_) {
      std::size_t others = 0;
      pub.text(1, id).integer(2, static_cast<int>(FileKeyRole::kPublishes));
      while (pub.step()) others += f_sources_.count(pub.str(0)) ? 0 : 1;
      pub.reset();
      bool changed_publishes = published_by_changed.count(id) != 0;
      std::size_t allowed = 0;  // publishers outside the changed files
      auto stored = stored_node(id);
      if (stored) {
        old_nos.emplace(id, stored->first);
        const Node& n = stored->second;
        if (n.document && !f_sources_.count(n.source)) {
          if (changed_publishes || others != 1)
            rebuild("a number published by another file (" + id + ")");
          add_document(id, n);
          allowed = 1;
        }
        old_nodes.emplace(id, std::move(stored->second));
      }
      if (others > allowed) rebuild("a number published by another file (" + id + ")");
    }
  }
  std::vector<Row> rows;
  {
    auto read = [&](Stmt& s, bool by_to) {
      while (s.step()) {
        Row r;
        r.to_no = s.int64(0);
        r.to = s.str(1);
        r.seq = s.int64(2);
        r.edge.from = s.str(3);
        r.file = s.str(4);
        r.edge.line = static_cast<int>(s.int64(5));
        r.edge.evidence = s.str(6);
        if (s.is_null(7)) rebuild("mentions stored without their references");
        r.edge.type = static_cast<RelationType>(s.int64(7));
        r.edge.derived = s.int64(8) != 0;
        r.edge.to_title = s.opt_str(9);
        if (!s.is_null(10)) r.edge.from_date = Date::parse_iso(s.str(10));
        r.edge.page = static_cast<int>(s.int64(11));
        ++result.mentions_read;
        count();
        if (old_sources_.count(r.file)) continue;
        // A history note's day may name a document the change publishes or
        // withdraws (CorpusGraph's dated_documents_).
        if (r.edge.from_date && nt_.count(r.edge.from)) rebuild("a dated reference");
        if (!by_to && nt_.count(r.to)) continue;  // read by its target
        rows.push_back(std::move(r));
      }
      s.reset();
    };
    const char* cols =
        "SELECT m.node, n.id, m.seq, m.document, m.file, m.line, m.quote, m.type, m.derived, "
        "m.title, m.date, m.page FROM graph_mentions m JOIN graph_nodes n ON n.no = m.node ";
    const std::string by_to = std::string(cols) + "WHERE m.node = ?1";
    const std::string by_from = std::string(cols) + "WHERE m.document = ?1";
    Stmt to(db_, by_to.c_str());
    Stmt from(db_, by_from.c_str());
    for (const auto& [id, no] : old_nos) {
      to.integer(1, no);
      read(to, true);
    }
    for (const std::string& id : nt_) {
      from.text(1, id);
      read(from, false);
    }
  }
  // A stored title node keeps its name while a title of that name still
  // resolves to it (its document's, a reference's of another file or of the
  // new contents); else it would be named anew: a rebuild. One no title
  // resolves to any more is gone.
  {
    std::map<std::string, std::set<std::string>> cited_as;  // title node -> titles
    for (const Row& r : rows) {
      if (!is_number_id(r.to) && r.edge.to_title) cited_as[r.to].insert(*r.edge.to_title);
    }
    for (const auto& [id, n] : old_nodes) {
      if (is_number_id(id)) continue;
      if (looks_dated(id)) rebuild("a title node known by its date is touched");
      const std::string name = id.substr(6);
      auto now = title_nodes_.find(node_key(name));
      auto other = cited_as.find(id);
      const bool document_stays = n.document && !f_sources_.count(n.source);
      bool cited = document_stays || now != title_nodes_.end() || other != cited_as.end();
      bool named = (document_stays && n.document->title == name) ||
                   (now != title_nodes_.end() && now->second.count(name)) ||
                   (other != cited_as.end() && other->second.count(name));
      if (cited && !named) rebuild("a title node would be named anew");
    }
  }
  // Ends outside the touched nodes: their documents date the references.
  std::set<std::string> outside;
  for (const Row& r : rows) {
    if (!nt_.count(r.to)) outside.insert(r.to);
    if (!nt_.count(r.edge.from)) outside.insert(r.edge.from);
  }
  {
    // Their dates are all the sub-graph reads of them (they are not
    // written): the status columns, not the bodies.
    graph_rows::StatusNodeReader reader(db_);
    for (const std::string& id : outside) {
      count();
      std::optional<Node> n = reader.read(id);
      if (!n) throw Failure{"stored graph: no node " + id};
      add_document(id, *n);
    }
  }
  for (Row& r : rows) r.place = place(r.file);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.place, a.to_no, a.seq) < std::tie(b.place, b.to_no, b.seq);
  });
  for (Row& r : rows) {
    auto& part = sub[r.place];
    part.first.source = r.file;
    part.second.edges.emplace_back(r.edge.from, r.to);
    part.first.edges.push_back(std::move(r.edge));
  }
  std::vector<Extraction> corpus;
  std::vector<FixedIds> fixed;
  for (auto& [src, part] : sub) {
    corpus.push_back(std::move(part.first));
    fixed.push_back(std::move(part.second));
  }

  // The issuers learned for unknown 机关代字 stay as they were.
  std::map<std::string, std::string> learned;
  std::set<std::string> agencies;
  for (const std::string& id : nt_) {
    if (auto parts = split_doc_no(id); parts && !rule_prefixes_.count(parts->agency)) {
      agencies.insert(parts->agency);
    }
  }
  for (const std::string& a : agencies) {
    if (auto issuer = learned_before(a)) learned.emplace(a, *issuer);
  }
  std::vector<std::vector<MentionRef>> refs;
  BuildHooks hooks;
  hooks.fixed = &fixed;
  hooks.learned_issuers = &learned;
  hooks.mention_refs = &refs;
  CorpusGraph g = CorpusGraph::build(corpus, issuers_, hooks);
  bool again = false;
  for (const std::string& a : agencies) {
    auto it = learned.find(a);
    std::optional<std::string> before =
        it == learned.end() ? std::nullopt : std::optional<std::string>(it->second);
    std::optional<std::string> after = learned_after(a, g);
    if (after == before) continue;
    // A new issuer for a 机关代字 only the touched nodes have: theirs.
    if (has_outside_node(a)) rebuild("the issuer learned for " + a + " changes");
    if (after) {
      learned[a] = *after;
    } else {
      learned.erase(a);
    }
    again = true;
  }
  if (again) {
    refs.clear();
    g = CorpusGraph::build(corpus, issuers_, hooks);
  }

  // Title index entries of every key whose numbers changed and every key of
  // a touched title node, before and after: the numbers when the key has
  // any, else its title nodes (the untouched ones graph_title_keys lists,
  // and the touched ones of the new graph), undated before dated.
  std::map<std::string, std::vector<std::string>> new_entries;  // empty: no entry
  {
    std::set<std::string> keys = changed_keys_;
    std::vector<std::pair<std::string, std::vector<std::string>>> touched_titles;
    for (const std::string& id : nt_) {
      if (is_number_id(id)) continue;
      if (auto was = old_nodes.find(id); was != old_nodes.end()) {
        for (std::string& k : graph_rows::title_node_keys(was->second.title)) keys.insert(k);
      }
      if (auto now = g.index_of(id)) {
        touched_titles.emplace_back(id, graph_rows::title_node_keys(g.nodes()[*now].title));
        keys.insert(touched_titles.back().second.begin(), touched_titles.back().second.end());
      }
    }
    Stmt listed(db_, "SELECT node_id FROM graph_title_keys WHERE key = ?1");
    for (const std::string& key : keys) {
      std::vector<std::string>& ids = new_entries[key];
      const std::set<std::string>& numbers = numbers_after(key);
      if (!numbers.empty()) {
        ids.assign(numbers.begin(), numbers.end());
        continue;
      }
      std::set<std::string> undated, dated;
      auto add = [&](const std::string& id) { (looks_dated(id) ? dated : undated).insert(id); };
      listed.text(1, key);
      while (listed.step()) {
        count();
        std::string id = listed.str(0);
        if (!nt_.count(id)) add(id);
      }
      listed.reset();
      for (const auto& [id, node_keys] : touched_titles) {
        if (std::find(node_keys.begin(), node_keys.end(), key) != node_keys.end()) add(id);
      }
      const std::set<std::string>& chosen = undated.empty() ? dated : undated;
      ids.assign(chosen.begin(), chosen.end());
    }
  }

  // Write: the touched nodes, their edges, findings, keys.
  std::int64_t next_no = 0, next_edge = 0;
  {
    Stmt s(db_, "SELECT coalesce(max(no) + 1, 0) FROM graph_nodes");
    s.step();
    next_no = s.int64(0);
    Stmt e(db_, "SELECT coalesce(max(no) + 1, 0) FROM graph_edges");
    e.step();
    next_edge = e.int64(0);
  }
  {
    Stmt del_m(db_, "DELETE FROM graph_mentions WHERE node = ?1");
    Stmt del_n(db_, "DELETE FROM graph_nodes WHERE no = ?1");
    Stmt del_b(db_, "DELETE FROM graph_bodies WHERE no = ?1");
    Stmt del_v(db_, "DELETE FROM graph_node_evidence WHERE no = ?1");
    Stmt del_k(db_, "DELETE FROM graph_node_keys WHERE no = ?1");
    Stmt del_out(db_, "DELETE FROM graph_edges WHERE src = ?1");
    Stmt del_in(db_, "DELETE FROM graph_edges WHERE dst = ?1");
    Stmt del_keys(db_, "DELETE FROM graph_title_keys WHERE node_id = ?1");
    for (const auto& [id, no] : old_nos) {
      for (Stmt* s : {&del_m, &del_n, &del_b, &del_v, &del_k, &del_out, &del_in}) {
        s->integer(1, no);
        s->run();
      }
      if (!is_number_id(id)) del_keys.text(1, id).run();
    }
  }
  std::unordered_map<std::string, std::int64_t> nos;
  {
    graph_rows::NodeWriter writer(db_);
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
      const Node& n = g.nodes()[i];
      if (!nt_.count(n.id)) continue;
      auto old = old_nos.find(n.id);
      std::int64_t no = old != old_nos.end() ? old->second : next_no++;
      nos.emplace(n.id, no);
      writer.write(no, n, &refs[i]);
      ++result.nodes_written;
    }
  }
  {
    Stmt find(db_, "SELECT no FROM graph_nodes WHERE id = ?1");
    auto no_of = [&](const std::string& id) {
      if (auto it = nos.find(id); it != nos.end()) return it->second;
      find.text(1, id);
      if (!find.step()) throw Failure{"stored graph: no node " + id};
      std::int64_t no = find.int64(0);
      find.reset();
      nos.emplace(id, no);
      return no;
    };
    Stmt edge(db_,
              "INSERT INTO graph_edges(no, src, dst, type, derived, date, file, line, quote, "
              "page, scope) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    for (const GraphEdge& e : g.edges()) {
      const std::string& from = g.nodes()[e.from].id;
      const std::string& to = g.nodes()[e.to].id;
      if (!nt_.count(from) && !nt_.count(to)) continue;
      edge.integer(1, next_edge++)
          .integer(2, no_of(from))
          .integer(3, no_of(to))
          .integer(4, static_cast<int>(e.type))
          .integer(5, e.derived ? 1 : 0)
          .text(6, e.date ? std::optional<std::string>(e.date->to_iso()) : std::nullopt)
          .text(7, e.evidence.file)
          .integer(8, e.evidence.line)
          .text(9, e.evidence.quote)
          .integer(10, e.evidence.page)
          .text(11, e.scope)
          .run();
      ++result.edges_written;
    }
  }
  {
    Stmt del(db_, "DELETE FROM graph_titles WHERE key = ?1");
    Stmt title(db_, "INSERT INTO graph_titles(key, seq, node_id) VALUES(?1, ?2, ?3)");
    for (auto& [key, ids] : new_entries) {
      del.text(1, key).run();
      for (std::size_t k = 0; k < ids.size(); ++k) {
        title.text(1, key).integer(2, static_cast<std::int64_t>(k)).text(3, ids[k]).run();
      }
    }
  }
  {
    // Findings of the touched nodes and of edges with a touched end are the
    // sub-graph's; the rest stay, in the order the builder sorts them.
    auto touched = [&](const Finding& f) {
      if (f.kind == FindingKind::kTitleConflict) return nt_.count(f.subject) != 0;
      if (!is_date_kind(f.kind)) return false;
      return nt_.count(f.subject) != 0 ||
             (!f.evidence.empty() && nt_.count(f.evidence.front().document) != 0);
    };
    std::vector<Finding> all;
    std::size_t findings_changed = 0;
    {
      Stmt s(db_, "SELECT body FROM graph_findings ORDER BY seq");
      while (s.step()) {
        count();
        Finding f = graph_rows::finding_from_body(graph_rows::cbor_column(s, 0));
        if (!touched(f)) {
          all.push_back(std::move(f));
        } else {
          ++findings_changed;
        }
      }
    }
    for (const Finding& f : g.findings()) {
      if (touched(f)) {
        all.push_back(f);
        ++findings_changed;
      }
    }
    auto key = [](const Finding& f) {
      std::string from =
          is_date_kind(f.kind) && !f.evidence.empty() ? f.evidence.front().document : std::string();
      return std::make_tuple(f.kind, f.subject, from);
    };
    std::stable_sort(all.begin(), all.end(),
                     [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
    // Rows are numbered in order: a change renumbers them all.
    if (findings_changed > 0)
      sql::exec(db_, "DELETE FROM graph_findings", "updating the stored graph");
    Stmt finding(db_, "INSERT INTO graph_findings(seq, subject, body) VALUES(?1, ?2, ?3)");
    for (std::size_t i = 0; findings_changed > 0 && i < all.size(); ++i) {
      finding.integer(1, static_cast<std::int64_t>(i)).text(2, all[i].subject);
      finding.blob(3, Json::to_cbor(graph_rows::finding_body(all[i])));
      finding.run();
    }
  }
  {
    Stmt del(db_, "DELETE FROM graph_file_keys WHERE file = ?1");
    for (const std::string& src : old_sources_) del.text(1, src).run();
    graph_rows::write_file_keys(db_, new_keys);
    sql::exec(db_, "DELETE FROM graph_dirty", "updating the stored graph");
    Stmt meta(db_,
              "UPDATE graph_meta SET value = (SELECT value FROM graph_meta WHERE key = "
              "'files_generation') WHERE key = 'built_generation'");
    meta.run();
    // New nodes are numbered after the others, out of id order.
    sql::exec(db_, "DELETE FROM graph_meta WHERE key = 'numbered_by_id'",
              "updating the stored graph");
  }
  result.updated = true;
  return result;
}

}  // namespace

FileKeys file_keys(const Extraction& ex, const std::vector<std::string>& document_ids) {
  FileKeys out;
  out.file = ex.source;
  std::set<std::pair<int, std::string>> seen;
  auto lookups = [&](const std::string& title) {
    for (std::string& k : compare_keys(title)) add_row(out, seen, FileKeyRole::kLookup, k);
  };
  auto pair = [&](const std::string& number, const std::string& title, bool issued = false) {
    for (const std::string& k : compare_keys(title)) {
      add_row(out, seen, FileKeyRole::kPair, k + "\t" + number);
      if (issued) add_row(out, seen, FileKeyRole::kIssuedPair, k + "\t" + number);
    }
  };
  for (std::size_t i = 0; i < ex.documents.size(); ++i) {
    const Document& d = ex.documents[i];
    if (i < document_ids.size()) {
      out.rows.emplace_back(static_cast<int>(FileKeyRole::kPublishes), document_ids[i]);
    }
    if (d.doc_no) {
      pair(*d.doc_no, d.title);
      for (const std::string& p : d.promulgated_titles) pair(*d.doc_no, p, true);
    } else {
      add_row(out, seen, FileKeyRole::kDocumentKey, fold_title(d.title));
      lookups(d.title);
      std::size_t guan = d.title.find("关于");
      if (guan != std::string::npos) lookups(d.title.substr(guan));
    }
  }
  for (const Edge& e : ex.edges) {
    if (e.to_doc_no && e.to_title) pair(*e.to_doc_no, *e.to_title);
    if (!e.to_doc_no && e.to_title) {
      lookups(*e.to_title);
      add_row(out, seen, FileKeyRole::kRefTitle, *e.to_title);
    }
    if (!is_canonical_number(e.from)) {
      lookups(e.from);
      add_row(out, seen, FileKeyRole::kRefTitle, e.from);
    }
  }
  return out;
}

Result<UpdateResult> update_graph(Store& store, const std::vector<IssuerRule>& issuers,
                                  const UpdateLimits& limits) {
  sqlite3* db = store.db_handle();
  // Unchanged files to re-resolve too, found by an attempt that gave up
  // (NeedsFiles): a second attempt takes them, and needs no more (their
  // contents add no pair and drop none).
  std::set<std::string> extra;
  for (int attempt = 0;; ++attempt) {
    std::map<std::string, Extraction> loaded;
    std::int64_t generation = -1;
    try {
      // The changed files as they are now, read before the update's
      // transaction; the generation tells whether they stayed so.
      Stmt g(db, "SELECT value FROM graph_meta WHERE key = 'files_generation'");
      if (g.step()) generation = g.int64(0);
      std::set<std::string> paths = extra;
      {
        Stmt s(db, "SELECT path FROM graph_dirty");
        while (s.step()) paths.insert(s.str(0));
      }
      if (paths.size() <= limits.max_files) {
        for (const std::string& path : paths) {
          Result<std::optional<Extraction>> ex = store.load_file(path);
          if (!ex) return ex.error();
          if (*ex) loaded.emplace(path, std::move(**ex));
        }
      }
      sql::exec(db, "BEGIN IMMEDIATE", "updating the stored graph");
    } catch (const Failure& e) {
      return Error{store.path(), -1, e.message};
    }
    try {
      Updater u(store, issuers, limits, std::move(loaded), generation, extra);
      UpdateResult r = u.run();
      sql::exec(db, "COMMIT", "updating the stored graph");
      return r;
    } catch (const NeedsFiles& n) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      if (attempt > 0) {
        UpdateResult r;
        r.why = "the files to re-resolve grew twice";
        return r;
      }
      extra = n.paths;
    } catch (const NeedsRebuild& n) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      UpdateResult r;
      r.why = n.why;
      return r;
    } catch (const Failure& e) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return Error{store.path(), -1, e.message};
    } catch (const std::exception& e) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return Error{store.path(), -1, std::string("stored graph: ") + e.what()};
    }
  }
}

Result<bool> full_rebuild(Store& store, std::vector<Extraction>&& corpus,
                          const std::vector<IssuerRule>& issuers, std::int64_t generation) {
  // Keys first: the build takes the documents and quotes. Each file's keys
  // are its own: made on two threads, the second half of the files on a
  // helper (the build after them runs on one thread; 1 s CPU at 100k).
  std::vector<FileKeys> keys(corpus.size());
  {
    const std::size_t half = corpus.size() / 2;
    std::exception_ptr failed;
    std::jthread helper([&] {
      try {
        for (std::size_t i = half; i < corpus.size(); ++i) keys[i] = file_keys(corpus[i], {});
      } catch (...) {
        failed = std::current_exception();
      }
    });
    for (std::size_t i = 0; i < half; ++i) keys[i] = file_keys(corpus[i], {});
    helper.join();
    if (failed) std::rethrow_exception(failed);
  }
  std::vector<std::vector<MentionRef>> refs;
  std::vector<std::vector<std::string>> document_ids;
  BuildHooks hooks;
  hooks.mention_refs = &refs;
  hooks.document_ids = &document_ids;
  CorpusGraph g = CorpusGraph::build(std::move(corpus), issuers, hooks);
  for (std::size_t i = 0; i < keys.size() && i < document_ids.size(); ++i) {
    for (std::string& id : document_ids[i]) {
      keys[i].rows.emplace_back(static_cast<int>(FileKeyRole::kPublishes), std::move(id));
    }
  }
  GraphExtras extras;
  extras.mention_refs = &refs;
  extras.file_keys = &keys;
  Result<bool> saved = save_graph(store, g, generation, extras);
  // The graph, a few GB at a million documents, is not read again here.
  release(std::move(g));
  release(std::move(refs));
  release(std::move(keys));
  return saved;
}

}  // namespace pg
