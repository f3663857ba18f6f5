// The text search's query for SQLite's trigram index: every trigram of the text, of characters
// rather than bytes, each a quoted string whatever it holds.

#include "domain/accounts/account_search.h"

#include <gtest/gtest.h>

namespace lineport::accounts {
namespace {

TEST(AccountSearch, TheIndexAnswersTextOfThreeCharactersOrMore) {
  EXPECT_FALSE(indexed_search(""));
  EXPECT_FALSE(indexed_search("ab"));
  EXPECT_TRUE(indexed_search("abc"));
  EXPECT_FALSE(indexed_search("añ"));  // three bytes, two characters
  EXPECT_TRUE(indexed_search("ñañ"));
}

TEST(AccountSearch, TheQueryAsksForEveryTrigramQuoted) {
  EXPECT_EQ(trigram_query("abc"), "\"abc\"");
  EXPECT_EQ(trigram_query("abcd"), "\"abc\" AND \"bcd\"");
  EXPECT_EQ(trigram_query("ñañu"), "\"ñañ\" AND \"añu\"");
  EXPECT_EQ(trigram_query("a\"b"), "\"a\"\"b\"");  // a double quote is written twice
  EXPECT_EQ(trigram_query("or "), "\"or \"");      // operators and spaces are text inside quotes
}

TEST(AccountSearch, TheLikePatternMatchesTheTextAnywhereAndLiterally) {
  EXPECT_EQ(like_pattern("ana"), "%ana%");
  EXPECT_EQ(like_pattern("50%_"), "%50\\%\\_%");
}

}  // namespace
}  // namespace lineport::accounts
