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

}  // namespace lineport::csv
