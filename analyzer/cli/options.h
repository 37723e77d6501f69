// The command-line convention, in one place: every option two commands share
// is added by one function here, so that it is spelled, validated and
// documented the same way everywhere (README, "Command-line conventions").
//
//   --db FILE       the store; else $POLICYGRAPH_DB (CLI11 envname), else ./policygraph.db
//   --json          JSON on stdout instead of a table
//   --as-of DAY     statuses as of YYYY-MM-DD (default: today)
//   --format F      the output format, one of the command's choices (CLI11 checks)
//   -o,--output F   write the artefact to F ("-": stdout); "wrote ..." goes to stderr
//   --types A,B     relation types (CLI11 checks each)
//   --issuer X      issuer filter (graphs/answers/issuer_filter.h: exact, else a part)
//   -v,--verbose    per file, on stderr: encoding, outcome and the diagnostics inside it
//   --              ends the options: what follows is a file or document, even "-x"
//
// Standard output carries the answer only (a table, JSON, or the artefact
// with -o -); every message about the run goes to standard error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace pg::cli {

// --db FILE, from $POLICYGRAPH_DB when not given; `db` starts as the default.
CLI::Option* add_db_option(CLI::App* cmd, std::string& db);
CLI::Option* add_json_option(CLI::App* cmd, bool& json);
// --as-of YYYY-MM-DD, checked to be a day of the calendar; empty: today.
CLI::Option* add_as_of_option(CLI::App* cmd, std::string& as_of);
// --format, one of `choices`; `format` holds the default.
CLI::Option* add_format_option(CLI::App* cmd, std::string& format,
                               const std::vector<std::string>& choices, const std::string& help);
// -o,--output FILE; "-" is standard output, which is also the default unless
// `required`. `what` names the artefact.
CLI::Option* add_output_option(CLI::App* cmd, std::string& output, const std::string& what,
                               bool required = false);
// --types A,B,...: relation type names (repeals, amends, based_on, ...).
CLI::Option* add_types_option(CLI::App* cmd, std::vector<std::string>& types);
// --issuer X, with the one matching rule.
CLI::Option* add_issuer_option(CLI::App* cmd, std::string& issuer);
CLI::Option* add_verbose_option(CLI::App* cmd, bool& verbose);
// --within SPAN: 6m, 90d, 1y, checked.
CLI::Option* add_window_option(CLI::App* cmd, std::string& within, const std::string& help);
// The positional X of the document commands.
CLI::Option* add_document_argument(CLI::App* cmd, std::string& x);

// Marks `opt` as text (a title, an issuer, a document named by number or
// title): invalid UTF-8 in it is replaced while parsing (valid_text).
CLI::Option* as_text(CLI::Option* opt);

// Invalid UTF-8 in a text argument (a title, an issuer) replaced by U+FFFD,
// so that it is printed and written as JSON like any other text. File names
// are left as they are: they name bytes on disk.
std::string valid_text(std::string_view arg);

// Writes `bytes` to `output`: "-" (or empty) is standard output; a file is
// written beside itself and renamed, so that a failed run never leaves half a
// file where the last good one was. False on failure, with the error printed.
bool write_output(const std::string& output, std::string_view bytes);
// Whether `output` is written straight into instead of beside and renamed:
// an existing device or pipe (/dev/stdout, a FIFO) has no file to replace,
// and a rename would put a regular file in its place.
bool written_in_place(const std::string& output);

// "policygraph: MESSAGE" on standard error (a status, not the answer).
void status_message(const std::string& message);

}  // namespace pg::cli
