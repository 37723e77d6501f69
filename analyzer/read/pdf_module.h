// The C interface of the PDF module, policygraph-pdf.so (pdf_module.cpp):
// Poppler's words and boxes, page by page. Everything else about reading a
// PDF (lines, columns, furniture, bounds; pdf_reader.h) is in the
// executable. Loaded on the first PDF read (graphs/base/module_loader.h), so
// that no other command loads Poppler and the libraries it needs.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PG_PDF_MODULE_ENTRY "policygraph_pdf_module_v1"

typedef struct pg_pdf_document pg_pdf_document;

// One word of a page, in page coordinates (y grows downwards). `text` is
// UTF-8 as Poppler gives it (not checked) and lives until the callback
// returns.
typedef struct pg_pdf_word {
  double x0, y0, x1, y1;
  const char* text;
  size_t text_size;
  int rotation;     // 0: horizontal; other values are vertical or rotated text
  int space_after;  // Poppler's has_space_after
} pg_pdf_word;

enum { PG_PDF_OK = 0, PG_PDF_MALFORMED = 1, PG_PDF_LOCKED = 2 };

typedef struct pg_pdf_module {
  // Opens a PDF held in memory (`bytes` must outlive the document); sets
  // *status to PG_PDF_*; NULL unless PG_PDF_OK.
  pg_pdf_document* (*open)(const char* bytes, int size, int* status);
  int (*pages)(const pg_pdf_document* doc);
  // Reads page `index` (0-based): its box (top, height) and its words. When
  // the page has more than `max_words` words, on_word is not called.
  // Returns the number of words, or -1 when Poppler cannot make the page.
  long (*page_words)(pg_pdf_document* doc, int index, size_t max_words, double* top, double* height,
                     void (*on_word)(void* context, const pg_pdf_word* word), void* context);
  void (*close)(pg_pdf_document* doc);
} pg_pdf_module;

// The module's one exported symbol, named by PG_PDF_MODULE_ENTRY.
const pg_pdf_module* policygraph_pdf_module_v1(void);

#ifdef __cplusplus
}
#endif
