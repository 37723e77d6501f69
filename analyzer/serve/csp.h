// Content-Security-Policy pieces for pages that carry their own inline
// script or style (the audit report, one self-contained file).
#pragma once

#include <string>
#include <string_view>

namespace pg::serve {

// Every page's policy: no inline script or style, nothing from elsewhere.
inline constexpr const char* kPageCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// The SHA-256 of `bytes`, 32 bytes.
std::string sha256(std::string_view bytes);

// A CSP hash source for an inline element whose text is `text`:
// "'sha256-BASE64'".
std::string csp_hash_source(std::string_view text);

// The policy for a rendered audit report (graphs/render/report.h's html):
// like every page's, but allowing the report's own inline style, the first
// <style> in its <head>, and its own script, the first <script> after its
// last </main> (after every text taken from a document), each by its hash,
// and no other inline script. A page without them gets the plain policy
// `base`.
std::string report_csp(std::string_view html, std::string_view base);

}  // namespace pg::serve
