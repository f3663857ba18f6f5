#pragma once
// Help pages (docs/product.md#help): Markdown pages per language that the portal shows under
// Help. Four pages ship with the binary (src/help); any organization may replace one, in one
// language, for itself and everything below it, or add pages of its own. The text in force is the
// organization's own, else the nearest ancestor's, else the shipped one.
//
// The server keeps Markdown as written; the portal renders it with raw HTML turned off, so a page
// can format text but cannot carry markup or script.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::help {

// The shipped pages, in the order the portal lists them.
std::span<const std::string_view> built_in_slugs();

// One text of a page: a (slug, language) as an organization sees it.
struct PageInfo {
  std::string slug;
  std::string language;
  std::string title;
  bool own = false;       // set on this organization
  bool built_in = false;  // the shipped text (its source is the root organization)
  std::string source_org_id, source_org_name;
  std::optional<UnixSeconds> updated_at;  // of an organization's text
  std::string updated_by;                 // email of the administrator who saved it
};

struct Page {
  PageInfo info;
  std::string body;  // Markdown
};

// A page with its text in force in each language that has one (en, es, pt order).
struct PageSet {
  std::string slug;
  bool built_in = false;  // a shipped page (a custom one has only organizations' texts)
  std::vector<PageInfo> texts;
};

// The shipped text of a built-in page; nullopt for another slug or a language it lacks.
// The file's first line is "# Title", the rest the body.
std::optional<Page> shipped_page(std::string_view slug, std::string_view language);

struct PageInput {
  std::optional<std::string> title;
  std::optional<std::string> body;
};

class HelpService {
 public:
  HelpService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Every page in force at `org_id`: the built-in ones first, then the others by slug.
  std::vector<PageSet> list(const auth::Principal& who, const std::string& org_id);
  // 404 when the page has no text in that language at `org_id`.
  Page get(const auth::Principal& who, const std::string& org_id, std::string_view slug, std::string_view language);
  // The organization's own text (422 on slug, language, title, body; 409 past the per-organization
  // limit); audited. Returns the page in force, now its own.
  Page put(const auth::Principal& who, const std::string& org_id, std::string_view slug, std::string_view language,
           const PageInput& input, const RequestMeta& meta);
  // The organization inherits again; 404 when it has no text of its own there.
  void remove(const auth::Principal& who, const std::string& org_id, std::string_view slug, std::string_view language,
              const RequestMeta& meta);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::help
