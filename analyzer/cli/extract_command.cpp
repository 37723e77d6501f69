#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/extract/extractor.h"
#include "analyzer/read/doc_number.h"
#include "analyzer/read/source_reader.h"
#include "graphs/base/json_text.h"
#include "graphs/base/text.h"
#include "graphs/base/text_escape.h"
#include "graphs/model/json.h"
#include "graphs/model/json_io.h"

namespace pg::cli {
namespace {

struct ExtractOptions {
  std::vector<std::string> files;
  std::string files_from;  // a list of paths, one a line ("-": standard input)
  std::string root;        // listed paths are under it, and named relative to it
  std::string format = "json";
  bool verbose = false;
};

// A file to read and the name its extraction gets (Extraction::source).
struct Input {
  std::string path;
  std::string name;
};

// The files named on the command line (named by their base name), then those
// listed by --files-from: one path a line, blank lines skipped, whitespace at
// the ends of a line dropped; with --root a listed path is read under ROOT and
// keeps its listed (relative) name, the name `ingest ROOT` would give it.
// A map step over a corpus (Hadoop streaming, Spark's pipe) feeds such a list.
std::optional<std::vector<Input>> inputs_of(const ExtractOptions& opt) {
  std::vector<Input> out;
  for (const std::string& f : opt.files) out.push_back({f, base_name(f)});
  if (opt.files_from.empty()) return out;
  std::ifstream file;
  if (opt.files_from != "-") {
    file.open(opt.files_from);
    if (!file) {
      std::cerr << "policygraph: error: " << opt.files_from << ": cannot open file\n";
      return std::nullopt;
    }
  }
  std::istream& in = opt.files_from == "-" ? std::cin : file;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos) continue;
    line = line.substr(start, line.find_last_not_of(" \t\r") - start + 1);
    if (opt.root.empty()) {
      out.push_back({line, base_name(line)});
    } else {
      std::filesystem::path listed = std::filesystem::path(line).lexically_normal();
      out.push_back({(std::filesystem::path(opt.root) / listed).string(), listed.string()});
    }
  }
  return out;
}

// One line per file: documents, edges, and edges by type.
void print_summary(const Extraction& e) {
  std::map<std::string_view, int> by_type;
  for (const Edge& edge : e.edges) ++by_type[to_string(edge.type)];
  std::cout << e.source << ": " << e.documents.size() << " documents, " << e.edges.size()
            << " edges";
  const char* sep = " (";
  for (const auto& [type, count] : by_type) {
    std::cout << sep << type << ' ' << count;
    sep = ", ";
  }
  std::cout << (by_type.empty() ? "" : ")") << '\n';
}

// One note per run: agency codes the table does not know are read whole; the
// issuer is the one the run's own headers show for the code (its documents'
// titles, red headers or signatures), else unknown. The graph gives the level
// from that issuer's place name at ingest.
void report_unknown_agencies(const std::set<std::string>& codes,
                             const std::map<std::string, std::string>& shown) {
  if (codes.empty()) return;
  std::cerr << "policygraph: note: " << codes.size()
            << " agency code(s) not in agency_codes.tsv, kept whole (issuer as this run's "
               "headers show it, else unknown):";
  for (const std::string& c : codes) {
    auto it = shown.find(c);
    std::cerr << ' ' << terminal_safe(c) << '='
              << (it == shown.end() ? "?" : terminal_safe(it->second));
  }
  std::cerr << '\n';
}

// The unknown agency codes of every number an extraction prints (its
// documents' and its edges'), each number parsed once; for a document, the
// first issuer it prints is what its code is shown as (first one wins).
void learn_unknown_agencies(const Extraction& e, std::set<std::string>& unknown,
                            std::map<std::string, std::string>& shown) {
  for (const Document& d : e.documents) {
    if (!d.doc_no) continue;
    std::optional<std::string> code = unknown_agency(*d.doc_no);
    if (!code) continue;
    if (!d.issuers.empty()) shown.emplace(*code, d.issuers.front());
    unknown.insert(std::move(*code));
  }
  for (const Edge& edge : e.edges) {
    if (!edge.to_doc_no) continue;
    if (std::optional<std::string> code = unknown_agency(*edge.to_doc_no)) {
      unknown.insert(std::move(*code));
    }
  }
}

// One JSONL line. The JSON writer names the source by its base name; a file
// listed under --root keeps its folder, so that `ingest --from-jsonl --root`
// stores it under the key (and name) `ingest ROOT` gives it.
std::string jsonl_line(const Extraction& e) {
  if (base_name(e.source) == e.source) return to_json(e, -1);
  Json j(e);
  j["source"] = e.source;
  return json_text(j, -1);
}

// One file named: its object; several: an array (of those that were read).
void print_json_results(const std::vector<Extraction>& results, bool one_file) {
  if (results.size() == 1 && one_file) {
    std::cout << to_json(results.front(), 2) << '\n';
    return;
  }
  std::cout << "[\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::cout << to_json(results[i], 2) << (i + 1 < results.size() ? ",\n" : "\n");
  }
  std::cout << "]\n";
}

// What -v says a file was read as: a text file's encoding; a PDF's text
// layer and its pages (a PDF holds no encoding of its own to name); a web
// page and the charset its bytes were decoded from.
std::string read_as(const SourceText& s) {
  if (s.format == "pdf") {
    return "PDF (text layer, " + std::to_string(s.page_starts.size()) + " pages)";
  }
  if (s.format == "html") return "web page (" + s.encoding + ")";
  return s.encoding;
}

int run_extract(const ExtractOptions& opt) {
  StderrSink sink;
  std::set<std::string> unknown;
  std::map<std::string, std::string> shown;  // unknown code -> issuer its headers show
  std::vector<Extraction> results;
  std::optional<std::vector<Input>> inputs = inputs_of(opt);
  if (!inputs) return 2;
  if (inputs->empty() && opt.files_from.empty()) {
    std::cerr << "policygraph: error: name the files to read, or --files-from LIST\n";
    return 2;
  }
  int status = 0;
  for (const auto& [path, name] : *inputs) {
    Result<SourceText> source = read_source(path);
    if (!source) {
      std::cerr << "policygraph: error: " << source.error().to_string() << '\n';
      status = 2;
      continue;  // the other files are still processed
    }
    Extraction e = extract(*source, sink);
    e.source = name;
    if (opt.verbose) {
      std::cerr << path << ": " << read_as(*source) << ", " << e.documents.size() << " documents, "
                << e.edges.size() << " edges\n";
    }
    learn_unknown_agencies(e, unknown, shown);
    if (opt.format == "jsonl") {
      std::cout << jsonl_line(e) << '\n';
    } else if (opt.format == "summary") {
      print_summary(e);
    } else {
      results.push_back(std::move(e));
    }
  }
  if (opt.format == "json") {
    print_json_results(results, opt.files.size() == 1 && opt.files_from.empty());
  }
  report_unknown_agencies(unknown, shown);
  return status;
}

}  // namespace

Runner add_extract_command(CLI::App& app) {
  auto opt = std::make_shared<ExtractOptions>();
  CLI::App* cmd =
      app.add_subcommand("extract",
                         "Read gazette texts and print every document and reference they hold, "
                         "typed and with evidence (format: tests/data/SCHEMA.md).");
  cmd->add_option("files", opt->files,
                  "Text files to read; '-' reads standard input (after --, a name "
                  "beginning with - is a file)");
  CLI::Option* list = cmd->add_option(
      "--files-from", opt->files_from,
      "Also read the files listed in LIST, one path a line ('-': standard input), as a map "
      "step over a corpus does (README: extraction on a cluster)");
  cmd->add_option("--root", opt->root,
                  "With --files-from: listed paths are relative to DIR, and each extraction is "
                  "named by its listed path (as `ingest DIR` names it)")
      ->needs(list);
  add_format_option(cmd, opt->format, {"json", "jsonl", "summary"},
                    "json: one object, or an array for several files; jsonl: one line per "
                    "file; summary: counts per file");
  add_verbose_option(cmd, opt->verbose);
  return [opt] { return run_extract(*opt); };
}

}  // namespace pg::cli
