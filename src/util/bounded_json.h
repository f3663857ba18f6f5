#pragma once
// Parsing JSON that comes from outside (request bodies, NDJSON usage lines, pagination cursors)
// with its nesting bounded while it is parsed: a body of 16 MiB of "[" is refused at its 33rd
// byte instead of costing seconds and hundreds of megabytes (docs/decisions.md).

#include <nlohmann/json.hpp>
#include <string_view>

namespace lineport {

// The deepest nesting of arrays and objects accepted, far beyond any document the API takes.
inline constexpr int max_json_depth = 32;

struct BoundedJson {
  enum class Outcome { ok, malformed, too_deep };
  Outcome outcome = Outcome::malformed;
  nlohmann::json value;  // the document when ok
};

// The whole of `text` as one JSON document (nothing but whitespace may follow it).
BoundedJson parse_bounded_json(std::string_view text);

}  // namespace lineport
