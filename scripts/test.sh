#!/usr/bin/env bash
# The whole test suite, set-up included:  bash scripts/test.sh
# First the formatting check (scripts/check_format against .clang-format) and
# the build, whose layer_check target holds every #include to the layer order;
# then the normal suite; then the same suite under AddressSanitizer + UBSan
# (scripts/sanitize) and each fuzz target for FUZZ_SECONDS (default 20 s,
# scripts/fuzz). SANITIZE=0 skips both. On 2 cores they add the instrumented
# build (9.5 min of CPU), 1-3.5 min of tests and about 2 min of fuzzing
# (figures in README.md, "Sanitizers and fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/check_format
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
if [[ ${SANITIZE:-1} != 0 ]]; then
  bash scripts/sanitize
  bash scripts/fuzz all "${FUZZ_SECONDS:-20}"
fi
