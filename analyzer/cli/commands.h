// Subcommands of the policygraph executable. Each registers its options on the
// CLI11 app and returns the function that runs it; the int is the exit status
// (0 success, 1 nothing found, 2 usage or input error).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace pg::cli {

using Runner = std::function<int()>;
// Subcommand name -> what runs it.
using Registry = std::map<std::string, Runner>;

// Every subcommand and the --version flag, on `app`; `commands` receives
// the runner of each. Parsing runs nothing: main calls the chosen runner.
void register_commands(CLI::App& app, Registry& commands);

Runner add_extract_command(CLI::App& app);

// `ingest PATH...` or `ingest --from-jsonl FILE|-`: reads gazette files (or
// extractions made elsewhere) into the store.
Runner add_ingest_command(CLI::App& app);
// `reindex`: every stored file read again with this build's rules.
Runner add_reindex_command(CLI::App& app);
// `index-text`: the text left pending into the full-text index.
Runner add_index_text_command(CLI::App& app);

// The queries over the store: show, repeals, cites, cited-by, superseded,
// orphans, chain, impact, expiring, unresolved, check.
void add_query_commands(CLI::App& app, Registry& registry);

// The artefacts legal staff hand on: export (DOT/SVG/PNG/JSON/GraphML),
// check (a draft against the corpus) and cleanup (the 清理 worksheet).
void add_artefact_commands(CLI::App& app, Registry& registry);

// `report`: the audit report (HTML, Markdown or JSON).
void add_report_command(CLI::App& app, Registry& registry);

// `search WORDS...`: documents by number, title or words of their text.
Runner add_search_command(CLI::App& app);
// `serve`: the web application and JSON API over the store.
void add_serve_command(CLI::App& app, Registry& registry);

}  // namespace pg::cli
