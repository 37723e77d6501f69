// (being written): report
#include "analyzer/cli/commands.h"

namespace pg::cli {
void add_report_command(CLI::App&, Registry&) {}
}  // namespace pg::cli
