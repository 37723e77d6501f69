#!/usr/bin/env bash
# The whole test suite, set-up included:  bash scripts/test.sh
# After the normal suite, the same suite under AddressSanitizer + UBSan
# (scripts/sanitize) and each fuzz target for FUZZ_SECONDS (default 20 s,
# scripts/fuzz). SANITIZE=0 skips both. On 2 cores the sanitizer step adds
# about 20 minutes, mostly its build (figures in tests/sanitizers/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
if [[ ${SANITIZE:-1} != 0 ]]; then
  bash scripts/sanitize
  bash scripts/fuzz all "${FUZZ_SECONDS:-20}"
fi
