#include "http/etag.h"

#include <gtest/gtest.h>

namespace lineport::http {
namespace {

TEST(NoneMatch, MatchesAnyTagOfTheListComparedWeakly) {
  EXPECT_TRUE(none_match("\"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match("\"x\", W/\"abc\" ,\"y\"", "\"abc\""));
  EXPECT_TRUE(none_match("*", "\"abc\""));
  EXPECT_FALSE(none_match("\"abd\"", "\"abc\""));
  EXPECT_FALSE(none_match("abc", "\"abc\""));  // an entity tag is quoted
  EXPECT_FALSE(none_match("", "\"abc\""));
  EXPECT_FALSE(none_match("\"ab\", \"c\"", "\"abc\""));
}

}  // namespace
}  // namespace lineport::http
