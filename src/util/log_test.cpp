#include "util/log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

namespace lineport::logging {
namespace {

TEST(Log, EscapesControlCharactersOnly) {
  EXPECT_EQ(escape_control_characters("GET /a\nb\r\t\x01\x1b[2J\x7f"), "GET /a\\x0ab\\x0d\\x09\\x01\\x1b[2J\\x7f");
  EXPECT_EQ(escape_control_characters("next line\xc2\x85here"), "next line\\xc2\\x85here");
  // Other non-ASCII text is left as it is, even when it starts with the same byte.
  EXPECT_EQ(escape_control_characters("S\xc3\xa3o Paulo \xc2\xa0 \xe2\x80\xa8 \\x0a"),
            "S\xc3\xa3o Paulo \xc2\xa0 \xe2\x80\xa8 \\x0a");
  EXPECT_EQ(escape_control_characters("ends in \xc2"), "ends in \xc2");
}

// Through spdlog: one message, one line, ended by the line's own newline.
TEST(Log, EveryLoggerWritesOneLinePerMessage) {
  const auto previous = spdlog::default_logger();
  std::ostringstream out;
  auto logger =
      std::make_shared<spdlog::logger>("escaping-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::set_default_logger(logger);
  use_escaping_format();
  spdlog::info("{} {}", "GET /x\nFORGED line", 404);
  spdlog::warn("plain");
  spdlog::set_default_logger(previous);
  spdlog::drop("escaping-test");

  const std::string text = out.str();
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find("[info] GET /x\\x0aFORGED line 404\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[warning] plain\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace lineport::logging
