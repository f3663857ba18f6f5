#pragma once
// The domain's errors as RFC 9457 problem documents: the one table that maps each error code to
// its HTTP status, name and title lives in problem.cpp.

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "domain/error.h"
#include "http/message.h"

namespace lineport::api {

// {type, title, status, detail, code, errors?, request_id, ...extra}
http::Response problem(const DomainError& error, std::string_view request_id);

// An upload's row errors as [{line, column | field, value, message}], the member named by the
// report's place: in a 422 problem document, and in a partial upload's answer.
nlohmann::json row_errors_json(const RowErrorReport& report);

}  // namespace lineport::api
