#include "domain/help/help_pages.h"

#include <gtest/gtest.h>

#include "domain/templates/message_templates.h"
#include "util/text.h"

namespace lineport::help {
namespace {

// Every built-in page ships in every language of the portal, with a title line and a body.
TEST(HelpPages, EveryBuiltInPageShipsInEveryLanguage) {
  for (const auto slug : built_in_slugs()) {
    for (const auto language : templates::languages) {
      SCOPED_TRACE(std::string(slug) + "." + std::string(language));
      const auto page = shipped_page(slug, language);
      ASSERT_TRUE(page.has_value());
      EXPECT_EQ(page->info.slug, slug);
      EXPECT_EQ(page->info.language, language);
      EXPECT_TRUE(page->info.built_in);
      EXPECT_FALSE(page->info.title.empty());
      EXPECT_LE(text::code_points(page->info.title), 120U);
      EXPECT_FALSE(page->info.title.starts_with("#"));
      EXPECT_FALSE(page->body.starts_with("\n"));
      EXPECT_GT(page->body.size(), 500U);
      // The shipped pages are plain Markdown, written as any organization's must be.
      EXPECT_TRUE(text::is_valid_utf8(page->body));
      EXPECT_FALSE(text::has_control_chars_except(page->body, "\n"));
    }
  }
}

TEST(HelpPages, NoShippedTextForOtherPagesOrLanguages) {
  EXPECT_FALSE(shipped_page("vpn-setup", "en").has_value());
  EXPECT_FALSE(shipped_page("getting-started", "fr").has_value());
  EXPECT_FALSE(shipped_page("../getting-started", "en").has_value());
}

}  // namespace
}  // namespace lineport::help
