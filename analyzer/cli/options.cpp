#include "analyzer/cli/options.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "graphs/answers/queries.h"
#include "graphs/base/date.h"
#include "graphs/base/utf8.h"
#include "graphs/model/model.h"
#include "graphs/store/store.h"

namespace pg::cli {
namespace {

std::vector<std::string> relation_type_names() {
  std::vector<std::string> names;
  for (RelationType t :
       {RelationType::kRepeals, RelationType::kAmends, RelationType::kBasedOn,
        RelationType::kImplements, RelationType::kForwards, RelationType::kCites}) {
    names.emplace_back(to_string(t));
  }
  return names;
}

std::string joined(const std::vector<std::string>& names, const char* sep) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : sep) + n;
  return out;
}

// CLI11 validators return "" when the value is good, else the problem.
const CLI::Validator kDay(
    [](std::string& s) {
      return s.empty() || Date::parse_iso(s) ? std::string()
                                             : "'" + valid_text(s) + "' is not a date (YYYY-MM-DD)";
    },
    "YYYY-MM-DD");

const CLI::Validator kSpan(
    [](std::string& s) {
      return parse_window(s) ? std::string()
                             : "'" + valid_text(s) + "' is not a span (6m, 90d, 1y)";
    },
    "SPAN");

// Text arguments are made valid UTF-8 as they are parsed.
const CLI::Validator kText(
    [](std::string& s) {
      s = valid_text(s);
      return std::string();
    },
    "");

}  // namespace

CLI::Option* as_text(CLI::Option* opt) { return opt->transform(kText); }

CLI::Option* add_db_option(CLI::App* cmd, std::string& db) {
  db = std::string(kDefaultStorePath);
  return cmd
      ->add_option("--db", db, "Database file (default: $POLICYGRAPH_DB, else ./policygraph.db)")
      ->envname("POLICYGRAPH_DB");
}

CLI::Option* add_json_option(CLI::App* cmd, bool& json) {
  return cmd->add_flag("--json", json, "Print JSON instead of a table");
}

CLI::Option* add_as_of_option(CLI::App* cmd, std::string& as_of) {
  return cmd->add_option("--as-of", as_of, "Statuses as of this day, YYYY-MM-DD (default: today)")
      ->check(kDay);
}

CLI::Option* add_format_option(CLI::App* cmd, std::string& format,
                               const std::vector<std::string>& choices, const std::string& help) {
  return cmd->add_option("--format", format, help)
      ->check(CLI::IsMember(choices))
      ->capture_default_str();
}

CLI::Option* add_output_option(CLI::App* cmd, std::string& output, const std::string& what,
                               bool required) {
  CLI::Option* o = cmd->add_option("-o,--output", output,
                                   "Write " + what + " to this file; - for standard output" +
                                       (required ? std::string() : " (the default)"));
  return required ? o->required() : o;
}

CLI::Option* add_types_option(CLI::App* cmd, std::vector<std::string>& types) {
  const std::vector<std::string> names = relation_type_names();
  return cmd
      ->add_option("--types", types,
                   "Only these relations, comma-separated: " + joined(names, ", "))
      ->delimiter(',')
      ->check(CLI::IsMember(names));
}

CLI::Option* add_issuer_option(CLI::App* cmd, std::string& issuer) {
  return cmd
      ->add_option("--issuer", issuer,
                   "Only documents of this issuer: its name, a printed issuer or 机关代字 "
                   "equal to it; when no document has it exactly, containing it")
      ->transform(kText);
}

CLI::Option* add_verbose_option(CLI::App* cmd, bool& verbose) {
  return cmd->add_flag("-v,--verbose", verbose,
                       "For each file, on standard error: the encoding assumed, what was done "
                       "with it, and the diagnostics inside its documents");
}

CLI::Option* add_window_option(CLI::App* cmd, std::string& within, const std::string& help) {
  return cmd->add_option("--within", within, help + ": 6m, 90d, 1y")->check(kSpan);
}

CLI::Option* add_document_argument(CLI::App* cmd, std::string& x) {
  return cmd
      ->add_option("X", x, "A document number in any variant, or a title or a fragment of one")
      ->required()
      ->transform(kText);
}

std::string valid_text(std::string_view arg) {
  std::string out;
  out.reserve(arg.size());
  for (std::size_t i = 0; i < arg.size();) append_utf8(out, next_code_point(arg, i));
  return out;
}

bool write_output(const std::string& output, std::string_view bytes) {
  if (output.empty() || output == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
    if (!std::cout) std::cerr << "policygraph: error: writing standard output failed\n";
    return static_cast<bool>(std::cout);
  }
  namespace fs = std::filesystem;
  const std::string tmp = written_in_place(output) ? output : output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << "policygraph: error: " << output << ": cannot open for writing\n";
      return false;
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    // The last buffer is written at close: a full disk or a file-size limit
    // (SIGXFSZ is ignored) shows there, not before.
    out.close();
    if (!out) {
      std::cerr << "policygraph: error: " << output << ": cannot write\n";
      if (tmp != output) std::remove(tmp.c_str());
      return false;
    }
  }
  if (tmp == output) return true;
  std::error_code ec;
  fs::rename(tmp, output, ec);
  if (ec) {
    std::cerr << "policygraph: error: " << output << ": " << ec.message() << '\n';
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

bool written_in_place(const std::string& output) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(output, ec);
  return !ec && std::filesystem::exists(st) && !std::filesystem::is_regular_file(st);
}

void status_message(const std::string& message) { std::cerr << "policygraph: " << message << '\n'; }

}  // namespace pg::cli
