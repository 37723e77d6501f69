// The files of graphs/render/templates/ (the report page's mustache templates,
// its stylesheet and script), compiled in at configure time as the data
// tables of analyzer/data are: the executable needs no file beside it.
// Editing a template re-runs the configure step.
#pragma once

#include <string_view>

namespace pg {

// The text of graphs/render/templates/<name> ("report.html.mustache"), as in
// the file; empty when there is no such file.
std::string_view template_file(std::string_view name);

}  // namespace pg
