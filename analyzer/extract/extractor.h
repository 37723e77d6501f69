// The whole reading pipeline for one source: decoded text -> normalized text
// -> documents -> references -> typed edges with evidence.
#pragma once

#include <string>

#include "analyzer/read/source_reader.h"
#include "graphs/model/model.h"

namespace pg {

// Reads every document and reference of one source. Problems inside the text
// go to `sink` with file and line; the result holds whatever could be read.
Extraction extract(const SourceText& source, DiagnosticSink& sink);

}  // namespace pg
