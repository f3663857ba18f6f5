#include "util/phone.h"

#include <gtest/gtest.h>

namespace lineport::phone {
namespace {

TEST(Phone, NormalizesInternationalFormsToE164) {
  EXPECT_EQ(normalize_e164("+1 (212) 555-0100"), "+12125550100");
  EXPECT_EQ(normalize_e164(" +44 20 7946 0958 "), "+442079460958");
}

TEST(Phone, RefusesNumbersWithoutCountryCodeOrInvalid) {
  EXPECT_FALSE(normalize_e164("2125550100"));
  EXPECT_FALSE(normalize_e164("+1 212"));
  EXPECT_FALSE(normalize_e164("+999 1234567"));
  EXPECT_FALSE(normalize_e164("hello"));
}

TEST(Phone, SeriesIsCountryAndAreaCode) {
  EXPECT_EQ(series_of("+12125550100"), "+1 212");
  EXPECT_EQ(series_of("+442079460958"), "+44 20");
  EXPECT_EQ(series_of("+5511987654321"), "+55 11");
}

}  // namespace
}  // namespace lineport::phone
