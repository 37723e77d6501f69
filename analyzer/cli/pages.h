// How a command's memory is paged: the whole-corpus lists want transparent
// huge pages (jemalloc asks for them, jemalloc_conf.cpp; under glibc,
// heap_in_huge_pages), and the commands that write gigabytes turn them off.
#pragma once

namespace pg::cli {

// The whole-corpus lists build a few hundred MB at 10^6 documents (rows,
// cells, the stored graph's edges), and each 4 KB page of it is a page
// fault when first written: on this kind of virtual machine about a third
// of a list's CPU time (11,400 faults for superseded at 10^5 documents).
// Under glibc's malloc the heap is grown once, in advance, in one piece
// marked for transparent huge pages (2 MB pages where the system allows
// them, madvise mode included): the same memory, a fault per 2 MB. Nothing
// is touched before it is used; no allocation is mmap'd apart from the heap
// (those would miss the mark) and freed memory is not handed back. Under
// jemalloc, which maps its own memory in huge pages, nothing. Once per
// process.
void heap_in_huge_pages();

// No transparent huge pages for the rest of this process (a hint: where the
// kernel has no such switch, nothing changes). For the commands that write
// a store or a file of gigabytes while their heap grows to gigabytes: with
// the page cache full of what they wrote, the kernel compacts memory on a
// fault to find a free 2 MB page.
void no_huge_pages();

}  // namespace pg::cli
