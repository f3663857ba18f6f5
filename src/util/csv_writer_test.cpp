#include "util/csv_writer.h"

#include <gtest/gtest.h>

namespace lineport::csv {

TEST(CsvWriter, QuotesOnlyWhenNeededAndDefusesFormulas) {
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(field("-1+2"), "\"'-1+2\"");
  EXPECT_EQ(line({"a", "", "b c"}), "a,,b c\r\n");
  EXPECT_EQ(line({"a", "=1"}, Quoting::always), "\"a\",\"'=1\"\r\n");
}

TEST(CsvWriter, PhoneNumbersAndOtherPlainNumbersAreQuotedNotGuarded) {
  EXPECT_EQ(field("+12125550123"), "\"+12125550123\"");
  EXPECT_EQ(field("-5"), "\"-5\"");
  EXPECT_EQ(field("+2.5"), "\"+2.5\"");
  EXPECT_EQ(field("2026"), "2026");
  EXPECT_EQ(field("+1 212 555"), "\"'+1 212 555\"");  // not a plain number: it could be a formula
  EXPECT_EQ(field("+"), "\"'+\"");
  EXPECT_EQ(field("-1."), "\"'-1.\"");
}

TEST(CsvWriter, AValueThatLooksGuardedKeepsItsApostropheThroughTheReader) {
  EXPECT_EQ(field("'=x"), "\"''=x\"");
  EXPECT_EQ(field("''"), "\"'''\"");
  EXPECT_EQ(field("'Ana"), "\"'Ana\"");  // quoted for the apostrophe, not guarded
  EXPECT_EQ(field("'"), "\"'\"");
}

}  // namespace lineport::csv
