#include "util/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace lineport {
namespace {

std::string written(std::string_view text) {
  return std::move(JsonWriter().value(text)).take();
}

std::string dumped(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriter, WritesWhatNlohmannWritesForTheSameValues) {
  JsonWriter w(8);  // small: the buffer grows as it goes
  // Members in name order, as nlohmann::json keeps them, so the two texts can be compared.
  w.begin_object()
      .key("items")
      .begin_array()
      .begin_object()
      .key("count")
      .value(std::int64_t{-42})
      .key("missing")
      .value(std::optional<std::string>())
      .key("name")
      .value("Zoë \"Z\" O'Brien\\")
      .key("none")
      .null()
      .key("on")
      .value(true)
      .key("when")
      .time(1795368493)
      .key("zz_far_future")
      .time(253402300800)
      .end_object()
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .end_array()
      .key("raw")
      .raw(R"({"a":[1,2]})")
      .key("total")
      .value(2)
      .end_object();
  const std::string out = std::move(w).take();
  const nlohmann::json expected = {{"items",
                                    {{{"name", "Zoë \"Z\" O'Brien\\"},
                                      {"count", -42},
                                      {"on", true},
                                      {"none", nullptr},
                                      {"missing", nullptr},
                                      {"when", "2026-11-22T17:28:13Z"},
                                      {"zz_far_future", "10000-01-01T00:00:00Z"}},
                                     nlohmann::json::object(),
                                     nlohmann::json::array()}},
                                   {"total", 2},
                                   {"raw", {{"a", {1, 2}}}}};
  EXPECT_EQ(out, dumped(expected));
}

TEST(JsonWriter, EscapesLikeNlohmann) {
  std::string every_ascii;
  for (int c = 1; c < 128; ++c) every_ascii.push_back(static_cast<char>(c));
  for (const std::string& text : {std::string(), every_ascii, std::string("a\0b", 3), std::string("日本語 😀 ü"),
                                  std::string("\xF4\x8F\xBF\xBF")}) {
    EXPECT_EQ(written(text), dumped(text)) << text;
  }
}

TEST(JsonWriter, EscapesWhereverTheCharacterFallsInTheTextItIsScannedIn) {
  // Plain text is scanned 8 bytes at a time: each character needing care is put at every
  // position of texts of every length around that width.
  for (const std::string_view special : {"\"", "\\", "\n", "\x1F", "\x7F", "\xC3\xBC", "\xE6\x97\xA5", "\x80"}) {
    for (std::size_t length = 0; length <= 20; ++length) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string text(length, 'x');
        text.insert(at, special);
        EXPECT_EQ(written(text), dumped(text)) << "at " << at << " of " << length;
      }
    }
  }
}

TEST(JsonWriter, ReplacesInvalidUtf8SoTheAnswerStaysValid) {
  // A lone continuation byte, an overlong slash, a surrogate, past U+10FFFF, a cut-off sequence.
  for (const std::string_view bad :
       {"a\x80z", "a\xC0\xAFz", "a\xED\xA0\x80z", "a\xF4\x90\x80\x80z", "a\xE6\x97z", "\xFF"}) {
    const auto out = written(bad);
    EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << out;
    const auto parsed = nlohmann::json::parse(out);  // throws on invalid UTF-8
    EXPECT_EQ(parsed.get<std::string>().front() == 'a', bad.front() == 'a');
  }
}

}  // namespace
}  // namespace lineport
