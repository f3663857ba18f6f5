#include "util/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace lineport::logging {
namespace {

bool is_c0_or_del(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// In UTF-8, U+0080–U+009F are the bytes C2 80 – C2 9F.
bool is_c1_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xc2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
}

bool needs_escaping(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (is_c0_or_del(static_cast<unsigned char>(text[i])) || is_c1_at(text, i)) return true;
  return false;
}

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\x";
  out += hex[c >> 4];
  out += hex[c & 0xf];
}

// Escapes the message, then lays the line out with spdlog's own pattern formatter, which adds the
// time, the level and the line's one newline. Working on the formatted message (not in each log
// call) means no call can forget it.
class EscapingFormatter final : public spdlog::formatter {
 public:
  explicit EscapingFormatter(std::unique_ptr<spdlog::formatter> layout) : layout_(std::move(layout)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (!needs_escaping(payload)) return layout_->format(msg, dest);
    const std::string escaped = escape_control_characters(payload);
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
    layout_->format(copy, dest);
    // A colour sink reads where the level's colour goes from the message it passed in.
    msg.color_range_start = copy.color_range_start;
    msg.color_range_end = copy.color_range_end;
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<EscapingFormatter>(layout_->clone());
  }

 private:
  std::unique_ptr<spdlog::formatter> layout_;
};

}  // namespace

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_c1_at(text, i)) {
      append_escaped(out, c);
      append_escaped(out, static_cast<unsigned char>(text[++i]));
    } else if (is_c0_or_del(c)) {
      append_escaped(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void use_escaping_format() {
  spdlog::set_formatter(std::make_unique<EscapingFormatter>(std::make_unique<spdlog::pattern_formatter>()));
}

}  // namespace lineport::logging
