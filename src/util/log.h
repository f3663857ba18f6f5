#pragma once
// The log's format. Every message is written on one line: control characters in it (from a
// request path, a header, anything a client chose) are escaped as \xNN, so nobody can forge a log
// line or rewrite a terminal (docs/decisions.md).

#include <string>
#include <string_view>

namespace lineport::logging {

// Gives every logger, present and future, the escaping format. Call once at start, before any
// thread logs. (A later spdlog::set_pattern or set_formatter would replace it.)
void use_escaping_format();

// `text` with C0 controls (line feed, carriage return, tab, escape …), DEL and the C1 controls
// U+0080–U+009F written as \xNN for each of their bytes.
std::string escape_control_characters(std::string_view text);

}  // namespace lineport::logging
