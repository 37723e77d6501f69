# Shared by scripts/sanitize and scripts/fuzz (sourced, not run): the
# instrumented build tree and the sanitizer settings every run uses.
ASAN_BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
CLANGXX=${CLANGXX:-clang++-14}

# Reports are failures: UBSan stops at the first finding (the build also has
# -fno-sanitize-recover=undefined), LeakSanitizer runs at exit with the
# reviewed suppressions of Graphviz's own allocations. Those suppressions
# match library frames, which the fast unwinder cannot reach through
# libraries built without frame pointers (libcgraph, libgvc, fontconfig):
# hence fast_unwind_on_malloc=0, whole allocation stacks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:fast_unwind_on_malloc=0:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}

configure_sanitizer_build() {
  if ! command -v "$CLANGXX" >/dev/null; then
    echo "sanitize: $CLANGXX not found; run: sudo bash scripts/setup.sh" >&2
    exit 1
  fi
  if [[ ! -f "$ASAN_BUILD_DIR/build.ninja" ]]; then
    # -O1: sanitizer builds are for finding faults; it halves build time
    # against -O2 and keeps stacks readable. Assertions stay on.
    cmake -S . -B "$ASAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
      -DCMAKE_CXX_COMPILER="$(command -v "$CLANGXX")" \
      -DPOLICYGRAPH_SANITIZE=ON -DPOLICYGRAPH_FUZZ=ON
  fi
}
