// jemalloc's settings for the executables that link it (CMakeLists.txt,
// POLICYGRAPH_JEMALLOC): read by jemalloc before the first allocation, and
// overridden by MALLOC_CONF in the environment.
//
// thp:always: jemalloc asks for transparent huge pages on the memory it maps
// (Debian's kernels give them on madvise only). A list of 10^6 documents
// builds a few hundred MB of rows, and in 4 KB pages each first touch was a
// fault: `superseded` at 10^6 took 39,831 faults and 2.0-2.2 s (a quarter in
// the kernel, the page faults' share of it the most), in 2 MB pages 2,740
// faults and 1.4-1.6 s; `orphans` 2.0-2.1 s -> 1.5-1.6 s, `expiring` 0.57 ->
// 0.48 s. A point query (`show`) takes the same time.
// metadata_thp:auto: jemalloc's own tables move to huge pages once they grow
// past a few MB, not in a small process.
extern "C" {
// NOLINTNEXTLINE: the name and type jemalloc looks up
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
