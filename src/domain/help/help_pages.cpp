#include "domain/help/help_pages.h"

#include <algorithm>
#include <array>
#include <map>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/templates/message_templates.h"
#include "storage/queries/help_pages.h"
#include "util/resources.h"
#include "util/text.h"

namespace lineport::help {
namespace {

namespace sql = storage::sql::help_pages;

constexpr std::array<std::string_view, 4> shipped_slugs = {"getting-started", "accounts-and-invitations", "numbers",
                                                           "reports"};
constexpr std::size_t max_slug_chars = 64;
constexpr std::size_t max_title_chars = 120;
constexpr std::size_t max_body_chars = 100'000;
// Each (page, language) an organization writes is one; enough for a full manual, not for a dump.
constexpr std::int64_t max_own_texts = 200;

// Lower-case letters and digits in words joined by single hyphens: "vpn-setup".
bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > max_slug_chars || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word && !(c == '-' && s[i - 1] != '-')) return false;
  }
  return true;
}

bool is_language(std::string_view language) {
  return std::find(templates::languages.begin(), templates::languages.end(), language) != templates::languages.end();
}

bool is_built_in(std::string_view slug) {
  return std::find(shipped_slugs.begin(), shipped_slugs.end(), slug) != shipped_slugs.end();
}

// The one line after "# " of a shipped file, and what follows the blank line after it.
std::optional<Page> parse_shipped(std::string_view slug, std::string_view language, std::string_view file) {
  if (!file.starts_with("# ")) return std::nullopt;
  const auto end_of_title = file.find('\n');
  if (end_of_title == std::string_view::npos) return std::nullopt;
  Page page;
  page.info.slug = std::string(slug);
  page.info.language = std::string(language);
  page.info.title = std::string(file.substr(2, end_of_title - 2));
  page.info.built_in = true;
  auto body = file.substr(end_of_title + 1);
  while (body.starts_with('\n')) body.remove_prefix(1);
  page.body = std::string(body);
  return page;
}

PageInfo info_from_row(const storage::Row& r, const std::string& org_id) {
  constexpr auto c = sql::info_columns;
  PageInfo info;
  info.slug = r.text(c["slug"]);
  info.language = r.text(c["language"]);
  info.title = r.text(c["title"]);
  info.source_org_id = r.text(c["org_id"]);
  info.source_org_name = r.text(c["org_name"]);
  info.own = info.source_org_id == org_id;
  info.updated_at = r.integer(c["updated_at"]);
  info.updated_by = r.text(c["updated_by"]);
  return info;
}

// A shipped text as an organization sees it: from the root, where everything is inherited from.
std::optional<Page> shipped_at(std::string_view slug, std::string_view language, const orgs::PathItem& root) {
  auto page = shipped_page(slug, language);
  if (page) {
    page->info.source_org_id = root.id;
    page->info.source_org_name = root.name;
  }
  return page;
}

std::optional<Page> nearest(storage::Connection& conn, const std::string& org_id, std::string_view slug,
                            std::string_view language) {
  const auto rows = conn.query(sql::select_nearest, {org_id, std::string(slug), std::string(language)});
  if (!rows.empty()) {
    const auto& r = rows.one();
    return Page{info_from_row(r, org_id), r.text(sql::page_columns["body"])};
  }
  return shipped_at(slug, language, orgs::root_org(conn));
}

std::size_t language_rank(std::string_view language) {
  return static_cast<std::size_t>(std::find(templates::languages.begin(), templates::languages.end(), language) -
                                  templates::languages.begin());
}

void check_text(const std::string& field, const std::optional<std::string>& value, std::size_t max_chars, bool one_line,
                Validator& v) {
  if (!value || text::trim(*value).empty()) return v.fail(field, "Is required.");
  const bool controls = one_line ? text::has_control_chars(*value) : text::has_control_chars_except(*value, "\t\r\n");
  if (!text::is_valid_utf8(*value) || controls)
    return v.fail(field, one_line ? "Must be one line of text without control characters."
                                  : "Must be UTF-8 text without control characters.");
  if (text::code_points(*value) > max_chars)
    v.fail(field, "Must be at most " + std::to_string(max_chars) + " characters.");
}

void check_page(std::string_view slug, std::string_view language, const PageInput& input) {
  Validator v;
  if (!is_slug(slug))
    v.fail("slug", "Must be 1–64 lower-case letters and digits in words joined by single hyphens, like vpn-setup.");
  templates::check_language(language, v);
  check_text("title", input.title, max_title_chars, true, v);
  check_text("body", input.body, max_body_chars, false, v);
  v.throw_if_failed();
}

}  // namespace

std::span<const std::string_view> built_in_slugs() {
  return shipped_slugs;
}

std::optional<Page> shipped_page(std::string_view slug, std::string_view language) {
  if (!is_built_in(slug) || !is_language(language)) return std::nullopt;
  const auto file = resources::find("src/help/" + std::string(slug) + "." + std::string(language) + ".md");
  if (!file) return std::nullopt;
  return parse_shipped(slug, language, *file);
}

std::vector<PageSet> HelpService::list(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    // slug → the text in force per language; the nearest row comes first and wins.
    std::map<std::string, std::map<std::size_t, PageInfo>> found;
    for (const auto& row : conn.query(sql::select_inherited, {org_id}).rows) {
      auto info = info_from_row(row, org_id);
      found[info.slug].try_emplace(language_rank(info.language), std::move(info));
    }
    const auto root = orgs::root_org(conn);
    std::vector<PageSet> out;
    const auto take = [&](const std::string& slug, bool built_in) {
      PageSet set{slug, built_in, {}};
      auto& stored = found[slug];
      for (std::size_t rank = 0; rank < templates::languages.size(); ++rank) {
        if (const auto it = stored.find(rank); it != stored.end())
          set.texts.push_back(std::move(it->second));
        else if (auto page = shipped_at(slug, templates::languages[rank], root))
          set.texts.push_back(std::move(page->info));
      }
      out.push_back(std::move(set));
    };
    for (const auto slug : shipped_slugs) take(std::string(slug), true);
    for (const auto& [slug, texts] : found)
      if (!is_built_in(slug)) take(slug, false);
    return out;
  });
}

Page HelpService::get(const auth::Principal& who, const std::string& org_id, std::string_view slug,
                      std::string_view language) {
  Validator v;
  templates::check_language(language, v);
  v.throw_if_failed();
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    auto page = is_slug(slug) ? nearest(conn, org_id, slug, language) : std::nullopt;
    if (!page) throw_not_found("This help page has no text in this language here.");
    return std::move(*page);
  });
}

Page HelpService::put(const auth::Principal& who, const std::string& org_id, std::string_view slug,
                      std::string_view language, const PageInput& input, const RequestMeta& meta) {
  check_page(slug, language, input);
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const sql::Upsert row{org_id,       std::string(slug), std::string(language), *input.title, *input.body,
                          clock_.now(), who.email};
    const bool replaces = !conn.query(sql::select_own_exists, {row.org_id, row.slug, row.language}).empty();
    if (!replaces && conn.query(sql::count_own, {org_id}).one().integer(0) >= max_own_texts)
      throw DomainError(ErrorCode::conflict,
                        "An organization has at most 200 help texts of its own: remove one first.");
    conn.execute(sql::upsert, row.params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "help_page.update",
                   audit::Activity::write,
                   "help_page",
                   row.slug,
                   {{"language", row.language}, {"title", row.title}, {"body_chars", text::code_points(row.body)}}});
    return *nearest(conn, org_id, slug, language);
  });
}

void HelpService::remove(const auth::Principal& who, const std::string& org_id, std::string_view slug,
                         std::string_view language, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    if (conn.execute(sql::delete_one, {org_id, std::string(slug), std::string(language)}) == 0)
      throw_not_found("The organization has no text of its own for this help page in this language.");
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {org_id, "help_page.delete", audit::Activity::write, "help_page", std::string(slug), {{"language", language}}});
  });
}

}  // namespace lineport::help
