// The artefacts legal staff hand on: `export` (a drawing or data file of the
// graph), `check` (a draft against the corpus, for scripts as well as people)
// and `cleanup` (the 清理 worksheet as CSV or JSON). Each opens the store,
// resolves the corpus and calls one library function of graphs/.
//
// Exit status: 0 success (check: no findings), 1 nothing found, 2 usage or
// input error, 3 (check only) findings.
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/context.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/output.h"
#include "analyzer/extract/extractor.h"
#include "analyzer/read/source_reader.h"
#include "graphs/answers/answer_json.h"
#include "graphs/answers/draft_check.h"
#include "graphs/answers/worksheet.h"
#include "graphs/base/json_text.h"
#include "graphs/base/text_escape.h"
#include "graphs/graph/corpus_graph.h"
#include "graphs/render/export.h"

namespace pg::cli {
namespace {

using nlohmann::json;

constexpr int kTitleWidth = 40;
constexpr int kQuoteWidth = 36;
constexpr int kFindingsExit = 3;

// ---------------------------------------------------------------- export ----

struct ExportArgs {
  Common common;
  std::string format;
  std::string old_format;  // the positional FORMAT of earlier versions
  std::string output;
  std::string around;
  int depth = 1;
  std::vector<std::string> types;
  std::string issuer;
  std::size_t max_nodes = kDefaultMaxNodes;
};

// The options as the library takes them; nullopt (exit 2) with the problem
// printed. Names and formats are checked by CLI11 while parsing.
std::optional<ExportOptions> export_options(const ExportArgs& a) {
  ExportOptions opt;
  auto format = parse_export_format(a.format.empty() ? a.old_format : a.format);
  if (!format) {
    std::cerr << "policygraph: error: --format is required (dot, svg, png, json, graphml)\n";
    return std::nullopt;
  }
  opt.format = *format;
  for (const std::string& name : a.types) {
    if (auto t = parse_relation_type(name)) opt.types.insert(*t);
  }
  opt.depth = a.depth;
  opt.max_nodes = a.max_nodes;
  if (!a.issuer.empty()) opt.issuer = a.issuer;
  return opt;
}

int run_export(const ExportArgs& a) {
  std::optional<ExportOptions> opt = export_options(a);
  if (!opt) return 2;
  // A neighbourhood reads only its nodes; with --issuer the whole graph
  // (the issuer note comes before the lookup).
  GraphNeed need;
  if (!a.around.empty() && a.issuer.empty()) {
    need = document_need(a.around, GraphNeed::Scope::kNeighbourhood);
    need.depth = a.depth;
  }
  auto ctx = load(a.common, need);
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  opt->as_of = ctx->as_of;
  note_issuer_match(g, a.issuer);
  if (!a.around.empty()) {
    auto node = ctx->node ? ctx->node : resolve(g, a.around, false);
    if (!node) return 1;
    opt->around = node;
  }
  Result<Selection> selection = select_subgraph(g, *opt);
  if (!selection) {
    std::cerr << "policygraph: error: " << selection.error().to_string() << '\n';
    return 2;
  }
  // Past the node limit a drawing is unreadable: say so rather than draw it.
  if (auto message = node_limit_message(*selection, *opt)) {
    std::cerr << "policygraph: " << *message << '\n';
    return 2;
  }
  Result<std::string> bytes = render(g, *selection, *opt);
  if (!bytes) {
    std::cerr << "policygraph: error: " << bytes.error().to_string() << '\n';
    return 2;
  }
  if (!write_output(a.output, *bytes)) return 2;
  if (!a.output.empty() && a.output != "-") {
    status_message("wrote " + a.output + ": " + std::to_string(selection->nodes.size()) +
                   " nodes, " + std::to_string(selection->edges.size()) + " edges (" +
                   std::string(to_string(opt->format)) + ", as of " + opt->as_of.to_iso() + ")");
  }
  return 0;
}

// ----------------------------------------------------------------- check ----

// What the draft cites: the target, its status, the evidence in the draft.
void print_draft_references(const CorpusGraph& g, const DraftReport& r) {
  std::cout << "\nreferences (" << r.references.size() << ")\n";
  if (r.references.empty()) return;
  Table t({"TYPE", "TARGET", "TITLE", "STATUS", "EVIDENCE", "QUOTE"});
  t.max_width(2, kTitleWidth);
  for (const DraftReference& ref : r.references) {
    std::string target, title, status;
    if (ref.node) {
      const Node& n = g.nodes()[*ref.node];
      target = number_cell(n);
      title = n.title;
      status = status_cell(*ref.status);
      if (n.external) status += " (cited only)";
    } else {
      target = ref.edge.to_doc_no.value_or("(no number)");
      title = ref.edge.to_title.value_or("");
      status = "(not in the corpus)";
    }
    t.add_row({std::string(to_string(ref.edge.type)), target, title, status, where(ref.evidence),
               quote_cell(ref.evidence.quote, kQuoteWidth)});
  }
  t.print(std::cout, "  ");
}

// For each document the draft repeals, the documents in force resting on it.
void print_draft_cascades(const CorpusGraph& g, const DraftReport& r) {
  for (const DraftReference& ref : r.references) {
    if (ref.edge.type != RelationType::kRepeals || !ref.node) continue;
    std::cout << "\ncascade of " << terminal_safe(node_label(g.nodes()[*ref.node]))
              << ": documents in force on " << r.as_of.to_iso() << " resting on it ("
              << ref.cascade.size() << ")\n";
    if (ref.cascade.empty()) continue;
    Table t({"DOCUMENT", "TITLE", "STATUS", "CHAIN"});
    t.max_width(1, kTitleWidth);
    for (const Dependent& d : ref.cascade) {
      t.add_row({number_cell(g.nodes()[d.node]), g.nodes()[d.node].title, status_cell(d.status),
                 path_cell(g, d.path, d.edges, 24)});
    }
    t.print(std::cout, "  ");
  }
}

void print_draft_findings(const DraftReport& r) {
  std::cout << "\nfindings (" << r.findings.size() << ")\n";
  if (r.findings.empty()) return;
  Table t({"KIND", "SUBJECT", "MESSAGE", "EVIDENCE", "QUOTE"});
  t.max_width(1, 30).max_width(2, 70);
  for (const DraftFinding& f : r.findings) {
    t.add_row({std::string(to_string(f.kind)), f.subject, f.message, where(f.evidence),
               quote_cell(f.evidence.quote, kQuoteWidth)});
  }
  t.print(std::cout, "  ");
}

void print_draft(const CorpusGraph& g, const DraftReport& r) {
  std::cout << "draft " << r.source;
  if (!r.documents.empty()) {
    std::cout << ":";
    for (const std::string& d : r.documents) std::cout << ' ' << d;
  }
  std::cout << "  (statuses as of " << r.as_of.to_iso() << ")\n";
  print_draft_references(g, r);
  print_draft_cascades(g, r);
  print_draft_findings(r);
  std::cout << '\n'
            << (r.clean() ? std::string("clean: no findings")
                          : std::to_string(r.findings.size()) + " finding(s)")
            << '\n';
}

int run_check(const Common& c, const std::string& path) {
  std::optional<Date> as_of = as_of_date(c);
  if (!as_of) return 2;
  std::optional<Store> store = open_store(c);
  if (!store) return 2;
  Result<SourceText> source = read_source(path);
  if (!source) {
    std::cerr << "policygraph: error: " << source.error().to_string() << '\n';
    return 2;
  }
  StderrSink sink;
  Extraction draft = extract(*source, sink);
  if (draft.documents.empty() && draft.edges.empty()) {
    std::cerr << "policygraph: note: " << path << ": no document or reference found in the draft\n";
  }
  GraphNeed need;
  need.scope = GraphNeed::Scope::kDraft;
  need.draft = &draft;
  auto ctx = load_from(*store, *as_of, need);
  if (!ctx) return 2;
  DraftReport report = check_draft(ctx->graph, draft, ctx->as_of);
  if (c.json) {
    print_json(std::cout, json(draft_json(ctx->graph, report)));
  } else {
    print_draft(ctx->graph, report);
  }
  return report.clean() ? 0 : kFindingsExit;
}

// --------------------------------------------------------------- cleanup ----

json worksheet_json(const CorpusGraph& g, const Worksheet& sheet) {
  json rows = json::array();
  for (const WorksheetRow& row : sheet.rows) {
    const Node& n = g.nodes()[row.node];
    json j = node_ref_json(n);
    j["issuer"] = n.issuer;
    j["issuers"] = n.document ? json(n.document->issuers) : json::array();
    j["status"] = status_json(row.status);
    j["disposition"] = std::string(ascii_name(row.disposition));
    j["disposition_zh"] = std::string(to_string(row.disposition));
    j["reason"] = row.reason;
    j["evidence"] = evidence_json(row.evidence);
    rows.push_back(j);
  }
  return {{"issuer", sheet.issuer},
          {"as_of", sheet.as_of.to_iso()},
          {"by_substring", sheet.by_substring},
          {"rows", rows}};
}

// "wrote FILE: N document(s) of ISSUER as of DAY (继续有效 3, ...)"
std::string wrote_worksheet(const std::string& output, const Worksheet& sheet) {
  std::map<Disposition, int> counts;
  for (const WorksheetRow& row : sheet.rows) ++counts[row.disposition];
  std::string line = "wrote " + output + ": " + std::to_string(sheet.rows.size()) +
                     " document(s) of " + sheet.issuer + " as of " + sheet.as_of.to_iso() + " (";
  bool first = true;
  for (const auto& [d, n] : counts) {
    line += (first ? "" : ", ") + std::string(to_string(d)) + ' ' + std::to_string(n);
    first = false;
  }
  return line + ")";
}

int run_cleanup(const Common& c, const std::string& issuer, const std::string& output) {
  if (issuer.empty()) {
    std::cerr << "policygraph: error: --issuer must not be empty\n";
    return 2;
  }
  auto ctx = load(c);
  if (!ctx) return 2;
  const CorpusGraph& g = ctx->graph;
  Worksheet sheet = make_worksheet(g, issuer, ctx->as_of);
  if (sheet.rows.empty()) {
    std::cerr << "policygraph: no document of the issuer " << issuer << " in the corpus\n";
    return 1;
  }
  if (sheet.by_substring) {
    std::cerr << "policygraph: note: no document has exactly the issuer " << issuer
              << "; listing the " << sheet.rows.size() << " whose issuer contains it\n";
  }
  std::string text;
  if (c.json) {
    text = json_text(worksheet_json(g, sheet)) + "\n";
  } else {
    std::ostringstream csv;
    write_worksheet_csv(csv, g, sheet);
    text = csv.str();
  }
  if (!write_output(output, text)) return 2;
  if (!output.empty() && output != "-") status_message(wrote_worksheet(output, sheet));
  return 0;
}

}  // namespace

void add_artefact_commands(CLI::App& app, Registry& registry) {
  {
    auto a = std::make_shared<ExportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "export", "The graph, or a neighbourhood of it, as DOT, SVG, PNG, JSON or GraphML");
    const std::vector<std::string> formats{"dot", "svg", "png", "json", "graphml"};
    add_format_option(cmd, a->format, formats, "The file format");
    // `export svg ...` of earlier versions: still read (--format wins), no longer shown.
    cmd->add_option("FORMAT", a->old_format)->check(CLI::IsMember(formats))->group("");
    add_output_option(cmd, a->output, "the drawing or data");
    as_text(cmd->add_option("--around", a->around,
                            "Only the neighbourhood of X (a number in any variant, or a title)"));
    cmd->add_option("--depth", a->depth, "Edges from --around to include (default 1)")
        ->check(CLI::NonNegativeNumber);
    add_types_option(cmd, a->types);
    add_issuer_option(cmd, a->issuer);
    cmd->add_option("--max-nodes", a->max_nodes,
                    "Largest drawing (dot, svg, png) made; 0: no limit (default 300)");
    add_db_option(cmd, a->common.db);
    add_as_of_option(cmd, a->common.as_of);
    registry["export"] = [a] { return run_export(*a); };
  }
  {
    auto c = std::make_shared<Common>();
    auto draft = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "check",
        "合法性审核 pre-check of a draft: what it cites and their status, what it repeals and the "
        "cascade, references to nothing, a colliding number. Exit 0 clean, 3 findings");
    cmd->add_option("DRAFT", *draft, "The draft as text (any encoding extract reads; - for stdin)")
        ->required();
    add_common(cmd, *c, true);
    registry["check"] = [c, draft] { return run_check(*c, *draft); };
  }
  {
    auto c = std::make_shared<Common>();
    auto issuer = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "cleanup",
        "The 清理 worksheet of an issuer: status, proposed disposition (继续有效/失效/已废止/需审查) "
        "and evidence of each document, as CSV (UTF-8 with BOM) or JSON");
    add_issuer_option(cmd, *issuer)->required();
    add_output_option(cmd, *output, "the worksheet");
    add_common(cmd, *c, true);
    registry["cleanup"] = [c, issuer, output] { return run_cleanup(*c, *issuer, *output); };
  }
}

}  // namespace pg::cli
