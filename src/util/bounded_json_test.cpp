#include "util/bounded_json.h"

#include <gtest/gtest.h>

#include <string>

namespace lineport {
namespace {

std::string nested_arrays(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(BoundedJson, ParsesDocumentsUpToTheDepthLimit) {
  const auto parsed = parse_bounded_json(R"({"name":"Retail","tags":["a",{"b":[1,2.5,true,null]}],"name":"Last"})");
  ASSERT_EQ(parsed.outcome, BoundedJson::Outcome::ok);
  EXPECT_EQ(parsed.value["tags"][1]["b"][1], 2.5);
  EXPECT_EQ(parsed.value["name"],
            "Last");  // a repeated key keeps its last value, like nlohmann::json::parse
  EXPECT_EQ(parse_bounded_json(nested_arrays(max_json_depth)).outcome, BoundedJson::Outcome::ok);
  EXPECT_EQ(parse_bounded_json("  42 ").value, 42);
}

TEST(BoundedJson, RefusesDeeperNestingWithoutReadingTheRest) {
  EXPECT_EQ(parse_bounded_json(nested_arrays(max_json_depth + 1)).outcome, BoundedJson::Outcome::too_deep);
  EXPECT_EQ(parse_bounded_json(std::string(max_json_depth, '{') + "\"a\":{").outcome, BoundedJson::Outcome::malformed);
  // Unterminated and far too deep: refused as too deep, not read to its end.
  EXPECT_EQ(parse_bounded_json(std::string(1 << 20, '[')).outcome, BoundedJson::Outcome::too_deep);
  std::string objects;
  for (int i = 0; i <= max_json_depth; ++i) objects += "{\"a\":";
  EXPECT_EQ(parse_bounded_json(objects).outcome, BoundedJson::Outcome::too_deep);
}

TEST(BoundedJson, RefusesMalformedText) {
  EXPECT_EQ(parse_bounded_json("").outcome, BoundedJson::Outcome::malformed);
  EXPECT_EQ(parse_bounded_json("{\"a\":1} x").outcome, BoundedJson::Outcome::malformed);
  EXPECT_EQ(parse_bounded_json("[1,]").outcome, BoundedJson::Outcome::malformed);
}

}  // namespace
}  // namespace lineport
