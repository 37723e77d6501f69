// Pieces of text the report's renderers share (report.cpp, report_html.cpp,
// report_markdown.cpp), unescaped: each renderer escapes for its format.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "graphs/answers/report.h"

namespace pg::report_text {

// Columns of the counts tables: the usual reading order of a status list
// (in force first), not the enum order.
inline constexpr std::array<StatusKind, kStatusKinds> kStatusColumns = {
    StatusKind::kInForce,         StatusKind::kAmended,  StatusKind::kPartlyRepealed,
    StatusKind::kNotYetEffective, StatusKind::kRepealed, StatusKind::kExpired,
    StatusKind::kUnknown};

// At most `max` code points, "…" when cut.
std::string shorten(std::string_view s, std::size_t max);

// ISO date, or "" for none.
std::string date_or_empty(const std::optional<Date>& d);

// The 施行 of a document: its date, "自印发之日", or "" when not stated.
std::string effective_text(const Document& d);

// "已废止 2020-02-01": the status word and the day it holds from.
std::string status_text(const Status& s);

}  // namespace pg::report_text
