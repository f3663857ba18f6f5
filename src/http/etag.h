#pragma once
// Conditional requests: whether an If-None-Match header names the current entity tag.

#include <string_view>

namespace lineport::http {

// If-None-Match (RFC 9110 §13.1.2): "*" or a comma-separated list of entity tags, compared
// weakly (W/"x" matches "x"). True when the client's copy is current (answer 304).
bool none_match(std::string_view if_none_match, std::string_view etag);

}  // namespace lineport::http
