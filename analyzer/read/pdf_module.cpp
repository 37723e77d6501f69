// policygraph-pdf.so: pdf_module.h over Poppler's C++ API (libpoppler-cpp).
#include "analyzer/read/pdf_module.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <memory>
#include <string>
#include <vector>

struct pg_pdf_document {
  std::unique_ptr<poppler::document> doc;
};

namespace {

pg_pdf_document* open_pdf(const char* bytes, int size, int* status) {
  // Poppler prints every complaint about a damaged file to stderr; what
  // matters reaches the user as the reader's own error or warning.
  // (Called once: a function-local static is initialised once.)
  static const bool silenced = [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    return true;
  }();
  (void)silenced;
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes, size));
  if (!doc) {
    *status = PG_PDF_MALFORMED;
    return nullptr;
  }
  if (doc->is_locked()) {
    *status = PG_PDF_LOCKED;
    return nullptr;
  }
  *status = PG_PDF_OK;
  return new pg_pdf_document{std::move(doc)};
}

int page_count(const pg_pdf_document* d) { return d->doc->pages(); }

long page_words(pg_pdf_document* d, int index, size_t max_words, double* top, double* height,
                void (*on_word)(void*, const pg_pdf_word*), void* context) {
  std::unique_ptr<poppler::page> p(d->doc->create_page(index));
  if (!p) return -1;
  const poppler::rectf box = p->page_rect();
  *top = box.y();
  *height = box.height();
  std::vector<poppler::text_box> boxes = p->text_list();
  if (boxes.size() > max_words) return static_cast<long>(boxes.size());
  for (poppler::text_box& b : boxes) {
    const poppler::byte_array utf8 = b.text().to_utf8();
    const poppler::rectf r = b.bbox();
    pg_pdf_word w;
    w.x0 = r.x(), w.x1 = r.x() + r.width(), w.y0 = r.y(), w.y1 = r.y() + r.height();
    w.text = utf8.data();
    w.text_size = utf8.size();
    w.rotation = b.rotation();
    w.space_after = b.has_space_after() ? 1 : 0;
    on_word(context, &w);
  }
  return static_cast<long>(boxes.size());
}

void close_pdf(pg_pdf_document* d) { delete d; }

constexpr pg_pdf_module kModule = {open_pdf, page_count, page_words, close_pdf};

}  // namespace

extern "C" const pg_pdf_module* policygraph_pdf_module_v1(void) { return &kModule; }
