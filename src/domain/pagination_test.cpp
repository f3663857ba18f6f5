// Cursors: opaque to clients, round-trip any key, and refuse anything the server did not make
// in the shape the list expects (a crafted cursor is a 400, never a crash or another list's key).

#include "domain/pagination.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "domain/error.h"

namespace lineport {
namespace {

std::string base64url(const std::string& text) {
  std::string out(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

TEST(Cursor, AnyKeyRoundTripsInAUrlSafeForm) {
  const std::vector<std::string> key{"Zoë \"Smith\", O'Neil/+?&=", "", "1700000000", "\xE6\x97\xA5"};
  const auto cursor = encode_cursor(key);
  EXPECT_EQ(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << cursor;
  EXPECT_EQ(decode_cursor(cursor, key.size()), key);
}

TEST(Cursor, AnotherListsCursorWithOtherPartsIsRefused) {
  const auto cursor = encode_cursor({"a", "b"});
  EXPECT_FALSE(decode_cursor(cursor, 1));
  EXPECT_FALSE(decode_cursor(cursor, 3));
}

TEST(Cursor, MalformedCursorsAreRefused) {
  EXPECT_FALSE(decode_cursor("", 1));
  EXPECT_FALSE(decode_cursor("not base64!", 1));
  EXPECT_FALSE(decode_cursor(base64url("[\"a\"]") + "==", 1));  // padding is not ours
  EXPECT_FALSE(decode_cursor(base64url("[\"a\""), 1));          // JSON cut short
  EXPECT_FALSE(decode_cursor(base64url("{\"a\":1}"), 1));       // not an array
  EXPECT_FALSE(decode_cursor(base64url("[1]"), 1));             // not strings
  EXPECT_FALSE(decode_cursor(base64url("[[\"a\"]]"), 1));
  EXPECT_FALSE(decode_cursor(base64url("[null]"), 1));
  EXPECT_EQ(decode_cursor(base64url("[\"a\"]"), 1), std::vector<std::string>{"a"});
}

TEST(Cursor, OversizedOrDeeplyNestedCursorsAreRefusedQuickly) {
  EXPECT_FALSE(decode_cursor(encode_cursor({std::string(1000, 'x')}), 1));  // over 1,024 characters
  EXPECT_FALSE(decode_cursor(base64url(std::string(700, '[')), 1));
}

// Every list continues the same way, and refuses a cursor of another list the same way.
TEST(Cursor, APageContinuesAfterItsCursorsKeyOrStartsAtTheStart) {
  EXPECT_EQ(continue_after(PageRequest{50, std::nullopt}, {"", "z"}), (std::vector<std::string>{"", "z"}));
  EXPECT_EQ(continue_after(PageRequest{50, encode_cursor({"k", "id"})}, {"", ""}),
            (std::vector<std::string>{"k", "id"}));
  for (const auto& bad : {encode_cursor({"only one"}), std::string("garbage")}) {
    try {
      continue_after(PageRequest{50, bad}, {"", ""});
      ADD_FAILURE() << "accepted " << bad;
    } catch (const DomainError& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      ASSERT_EQ(e.field_errors().size(), 1u);
      EXPECT_EQ(e.field_errors()[0].field, "cursor");
    }
  }
}

}  // namespace
}  // namespace lineport
