// policygraph-score: extracts every labelled text under tests/data and prints
// how close the output is to the gold labels (scripts/score runs it).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "graphs/model/json_io.h"
#include "scoring/scorer.h"
#include "scoring/transforms.h"

namespace {

using pg::scoring::FileScore;
using pg::scoring::NationalScore;
using pg::scoring::SetScore;

constexpr int kExitMissingFiles = 2;
constexpr int kFileColumn = 26;

// Short column labels for the field accuracies, in field_names() order.
const char* short_name(const std::string& field) {
  if (field == "effective") return "effect";
  if (field == "registration_no") return "reg_no";
  if (field == "promulgated_titles") return "promul";
  if (field == "line_start") return "line";
  return field.c_str();
}

std::string fixed(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Pads to a column of `width` terminal cells: CJK characters take two.
std::string pad(std::string s, std::size_t width) {
  std::size_t cells = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    cells += c >= 0xE0 ? 2 : 1;
  }
  if (cells < width) s.append(width - cells, ' ');
  return s;
}

void print_header() {
  std::string line =
      pad("file", kFileColumn) + " docs  P    R    F1   | edges F1 typed F1 ra_miss |";
  for (const auto& f : pg::scoring::field_names()) {
    line += " " + pad(short_name(f), 7);
  }
  std::cout << line << "\n";
}

void print_row(const FileScore& s) {
  char head[160];
  std::snprintf(head, sizeof head, " %3d  %.2f %.2f %.2f | %.2f     %.2f     %-7zu |",
                s.documents.true_pos + s.documents.false_neg, s.documents.precision(),
                s.documents.recall(), s.documents.f1(), s.untyped_edges.f1(), s.typed_edges.f1(),
                s.missed_repeal_amend.size());
  std::string line = pad(s.file, kFileColumn) + head;
  for (const auto& f : pg::scoring::field_names()) {
    auto [right, total] = s.fields.at(f);
    line += " " + pad(total == 0 ? "-" : fixed(static_cast<double>(right) / total), 7);
  }
  std::cout << line << "\n";
}

void print_set(const SetScore& set, bool verbose) {
  std::cout << "== " << set.set << "\n";
  print_header();
  for (const auto& f : set.files) print_row(f);
  print_row(set.sum);
  if (verbose) {
    for (const auto& f : set.files) {
      if (f.details.empty()) continue;
      std::cout << "-- " << f.file << "\n";
      for (const auto& d : f.details) std::cout << "  " << d << "\n";
    }
  }
  std::cout << "\n";
}

nlohmann::ordered_json prf_json(const pg::scoring::Prf& p) {
  return {{"true_pos", p.true_pos},     {"false_pos", p.false_pos}, {"false_neg", p.false_neg},
          {"precision", p.precision()}, {"recall", p.recall()},     {"f1", p.f1()}};
}

nlohmann::ordered_json score_json(const FileScore& s, bool verbose) {
  nlohmann::ordered_json j;
  j["file"] = s.file;
  j["documents"] = prf_json(s.documents);
  j["untyped_edges"] = prf_json(s.untyped_edges);
  j["typed_edges"] = prf_json(s.typed_edges);
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
  for (const auto& f : pg::scoring::field_names()) {
    auto [right, total] = s.fields.at(f);
    fields[f] = {{"right", right}, {"total", total}};
  }
  j["fields"] = fields;
  j["missed_repeal_amend"] = s.missed_repeal_amend.size();
  if (verbose) j["details"] = s.details;
  return j;
}

// One row per transform of the gazettes next to the untransformed "base".
int print_transforms(const std::string& data_dir, bool verbose, bool as_json) {
  auto rows = pg::scoring::score_transforms(data_dir);
  if (!rows.ok()) {
    std::cerr << "policygraph-score: " << rows.error().to_string() << "\n";
    return kExitMissingFiles;
  }
  if (as_json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : *rows) {
      nlohmann::ordered_json j = score_json(r.score, verbose);
      j["fields_accuracy"] = pg::scoring::fields_accuracy(r.score);
      out.push_back(j);
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const auto& base = rows->front().score;
  std::cout << "== gazettes, transformed (each within 0.03 of base)\n"
            << pad("transform", kFileColumn) << " docs F1  edges F1  typed F1  fields\n";
  for (const auto& r : *rows) {
    const auto& s = r.score;
    double fields = pg::scoring::fields_accuracy(s);
    bool low = s.documents.f1() < base.documents.f1() - 0.03 ||
               s.untyped_edges.f1() < base.untyped_edges.f1() - 0.03 ||
               s.typed_edges.f1() < base.typed_edges.f1() - 0.03 ||
               fields < pg::scoring::fields_accuracy(base) - 0.03;
    char line[96];
    std::snprintf(line, sizeof line, " %.2f     %.2f      %.2f      %.2f%s", s.documents.f1(),
                  s.untyped_edges.f1(), s.typed_edges.f1(), fields, low ? "   LOW" : "");
    std::cout << pad(r.name, kFileColumn) << line << "\n";
  }
  if (verbose) {
    for (const auto& r : *rows) {
      if (r.score.details.empty()) continue;
      std::cout << "-- " << r.name << "\n";
      for (const auto& d : r.score.details) std::cout << "  " << d << "\n";
    }
  }
  return 0;
}

int write_transformed(const std::string& data_dir, const std::string& out_dir) {
  auto texts = pg::scoring::load_labelled(data_dir, "gazettes");
  if (!texts.ok()) {
    std::cerr << "policygraph-score: " << texts.error().to_string() << "\n";
    return kExitMissingFiles;
  }
  for (const auto& t : pg::scoring::transforms()) {
    std::filesystem::path dir = std::filesystem::path(out_dir) / t.name;
    std::filesystem::create_directories(dir);
    for (const auto& l : *texts) {
      pg::scoring::Labelled out = t.apply(l);
      std::ofstream(dir / l.name, std::ios::binary) << out.text;
      // Its gold beside it (X.json), so that any build's score tool can read
      // DIR/TRANSFORM as a gazettes set.
      std::filesystem::path json = dir / l.name;
      json.replace_extension(".json");
      std::ofstream(json, std::ios::binary) << pg::to_json(out.gold) << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Scores policygraph's extraction against the gold labels"};
  std::string data_dir = "tests/data";
  bool verbose = false;
  bool as_json = false;
  app.add_option("--data", data_dir, "test data directory (gazettes/, judicial/, national/)");
  app.add_flag("-v,--verbose", verbose, "print every miss, false alarm and wrong field");
  app.add_flag("--json", as_json, "print the scores as JSON");
  bool with_transforms = false;
  app.add_flag("--transforms", with_transforms,
               "score the gazettes under each metamorphic transform (tests/scoring/transforms.h)");
  std::string write_transforms;
  app.add_option("--write-transforms", write_transforms,
                 "write each transformed gazette text and its gold to DIR/TRANSFORM/FILE");
  CLI11_PARSE(app, argc, argv);
  if (!write_transforms.empty()) return write_transformed(data_dir, write_transforms);
  if (with_transforms) return print_transforms(data_dir, verbose, as_json);

  std::vector<SetScore> sets;
  for (const char* name : {"gazettes", "judicial"}) {
    auto set = pg::scoring::score_set(data_dir, name);
    if (!set.ok()) {
      std::cerr << "policygraph-score: " << set.error().to_string() << "\n";
      return kExitMissingFiles;
    }
    sets.push_back(std::move(set).value());
  }
  auto national = pg::scoring::score_national(data_dir);
  if (!national.ok()) {
    std::cerr << "policygraph-score: " << national.error().to_string() << "\n";
    return kExitMissingFiles;
  }

  if (as_json) {
    nlohmann::ordered_json out;
    for (const auto& set : sets) {
      nlohmann::ordered_json files = nlohmann::ordered_json::array();
      for (const auto& f : set.files) files.push_back(score_json(f, verbose));
      out[set.set] = {{"files", files}, {"total", score_json(set.sum, false)}};
    }
    out["national"] = {
        {"right", national->right}, {"total", national->total}, {"misses", national->misses}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }

  for (const auto& set : sets) print_set(set, verbose);
  std::cout << "== national\nfirst document number and title right: " << national->right << "/"
            << national->total << "\n";
  if (verbose) {
    for (const auto& m : national->misses) std::cout << "  " << m << "\n";
  }
  return 0;
}
