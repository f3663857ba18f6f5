#include "util/text.h"

#include <gtest/gtest.h>

namespace lineport::text {

TEST(Text, TrimAndFoldCase) {
  EXPECT_EQ(trim("  Retail Bank \t"), "Retail Bank");
  EXPECT_EQ(fold_case("ABC Bank É"), "abc bank É");
}

TEST(Text, Utf8ValidityRejectsOverlongAndSurrogates) {
  EXPECT_TRUE(is_valid_utf8("São Paulo — Zürich"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));   // truncated
  EXPECT_EQ(code_points("São"), 3u);
}

TEST(Text, ControlCharactersWithAndWithoutLineBreaks) {
  EXPECT_TRUE(has_control_chars("two\nlines"));
  EXPECT_FALSE(has_control_chars_but_line_breaks("two\nlines"));
  EXPECT_TRUE(has_control_chars_but_line_breaks("tab\there"));
  EXPECT_TRUE(has_control_chars_but_line_breaks("del\x7f"));
  EXPECT_FALSE(has_control_chars_but_line_breaks("Olá, ¿qué tal?"));
}

TEST(Text, Email) {
  EXPECT_TRUE(is_email("ana.silva@abc-bank.example"));
  EXPECT_FALSE(is_email("ana@localhost"));
  EXPECT_FALSE(is_email("ana silva@abc.example"));
  EXPECT_FALSE(is_email("@abc.example"));
  EXPECT_FALSE(is_email("a@b@c.example"));
}

}  // namespace lineport::text
