#include "util/money.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lineport::money {
namespace {

TEST(Money, ParsesDecimalPricesToTheMicroUnit) {
  EXPECT_EQ(parse_price("0.0125"), 12'500);
  EXPECT_EQ(parse_price("4.50"), 4'500'000);
  EXPECT_EQ(parse_price("12"), 12'000'000);
  EXPECT_EQ(parse_price("0.000001"), 1);
  EXPECT_EQ(parse_price("0"), 0);
  EXPECT_EQ(parse_price("1000000000"), max_price_micros);
}

TEST(Money, RefusesWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", ".5", "5.", "0.0000001", "-1", "+1", "1e3", " 1", "1,5", "1.2.3", "1000000000.000001",
                          "99999999999", "0x10", "NaN"})
    EXPECT_FALSE(parse_price(bad).has_value()) << bad;
}

TEST(Money, FormatsTheShortestDecimalThatReadsBack) {
  EXPECT_EQ(format_micros(12'500), "0.0125");
  EXPECT_EQ(format_micros(4'500'000), "4.5");
  EXPECT_EQ(format_micros(3'000'000), "3");
  EXPECT_EQ(format_micros(0), "0");
  EXPECT_EQ(format_micros(1), "0.000001");
  EXPECT_EQ(format_micros(-2'500'000), "-2.5");
  for (const std::int64_t m : {1LL, 999'999LL, 1'000'001LL, 123'456'789LL}) EXPECT_EQ(parse_price(format_micros(m)), m);
}

TEST(Money, KnowsTheActiveCurrencyCodes) {
  EXPECT_TRUE(is_currency_code("USD"));
  EXPECT_TRUE(is_currency_code("BRL"));
  EXPECT_TRUE(is_currency_code("EUR"));
  EXPECT_FALSE(is_currency_code("usd"));
  EXPECT_FALSE(is_currency_code("XYZ"));
  EXPECT_FALSE(is_currency_code("US"));
}

}  // namespace
}  // namespace lineport::money
