#!/usr/bin/env bash
# Installs every Debian package policygraph needs (idempotent), then configures
# and builds it. Run as root on a fresh Debian machine:  bash scripts/setup.sh
# Environment: BUILD_DIR (default build), BUILD_TYPE (default RelWithDebInfo),
# SANITIZE=0 to skip the sanitizer packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev            # decoding (GB18030) and Unicode folding
  nlohmann-json3-dev    # JSON output
  libcli11-dev          # the command line
  catch2                # tests (v2.13)
  libboost-graph-dev    # graph algorithms
  libgraphviz-dev       # DOT/SVG export (cgraph, gvc)
  libsqlite3-dev        # the corpus store
  libkainjow-mustache-dev  # HTML templates that escape by default (header-only)
  libgumbo-dev          # reading saved web pages (.html/.htm): an HTML5 parser
  clang-format-14       # the formatting check in scripts/test.sh
  chromium              # the report's browser test (headless)
  fonts-noto-cjk        # Chinese text in rendered reports and diagrams
  libpoppler-cpp-dev    # reading PDFs in-process (analyzer/read/pdf_reader.cpp)
  qpdf                  # tests/data/pdf/cut_pdfs.sh: cuts page ranges of the test PDFs
  libcpp-httplib-dev    # `policygraph serve`: HTTP server in-process (cpp-httplib: maintained, packaged)
  libjemalloc-dev       # the executables' allocator (glibc's slows as a large heap grows)
)
# The sanitizer build and the fuzz targets (scripts/sanitize, scripts/fuzz,
# run by scripts/test.sh unless SANITIZE=0): clang with its ASan/UBSan and
# libFuzzer runtimes.
sanitizer_packages=(
  clang-14              # -fsanitize=address,undefined,fuzzer
  libclang-rt-14-dev    # the sanitizer and libFuzzer runtime libraries
)
if [[ ${SANITIZE:-1} != 0 ]]; then
  packages+=("${sanitizer_packages[@]}")
fi
# The browser and load tests of `policygraph serve` (tests/browser/): Node.js
# runs them, npm installs their driver (playwright-core, pinned in
# tests/browser/package-lock.json, which drives the chromium above; it downloads
# no browser). Debian's nodejs and npm only when no node or npm is on the PATH:
# a Node.js installed otherwise (nodesource's carries its own npm) is used.
command -v node >/dev/null || packages+=(nodejs)  # runs tests/browser/*.mjs
command -v npm >/dev/null || packages+=(npm)      # `npm ci` in tests/browser

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: need root to install packages (try: sudo bash scripts/setup.sh)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages already installed"
fi

# playwright-core as locked, again only when the lock file changed since the
# last `npm ci` here (its copy in node_modules says which).
browser_dir=tests/browser
if ! cmp -s "$browser_dir/package-lock.json" "$browser_dir/node_modules/.setup-lock.json"; then
  echo "setup: npm ci in $browser_dir (playwright-core for the browser test)"
  npm ci --prefix "$browser_dir" --no-audit --no-fund
  cp "$browser_dir/package-lock.json" "$browser_dir/node_modules/.setup-lock.json"
fi

build_dir=${BUILD_DIR:-build}
build_type=${BUILD_TYPE:-RelWithDebInfo}
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type"
fi
cmake --build "$build_dir" -j "$(nproc)"
echo "setup: built $build_dir/policygraph"
