// How a command's memory is paged: the executables' allocator asks for
// transparent huge pages (jemalloc_conf.cpp; heap_in_huge_pages in
// query_commands.cpp under glibc), which the whole-corpus lists want, and the
// commands that write gigabytes turn them off.
#pragma once

namespace pg::cli {

// No transparent huge pages for the rest of this process (a hint: where the
// kernel has no such switch, nothing changes). For the commands that write
// a store or a file of gigabytes while their heap grows to gigabytes: with
// the page cache full of what they wrote, the kernel compacts memory on a
// fault to find a free 2 MB page.
void no_huge_pages();

}  // namespace pg::cli
