// (being written): export, check, cleanup
#include "analyzer/cli/commands.h"

namespace pg::cli {
void add_artefact_commands(CLI::App&, Registry&) {}
}  // namespace pg::cli
