#pragma once
// Errors as RFC 9457 problem documents. The one table that maps error codes to HTTP statuses
// lives in problem.cpp.

#include <string>
#include <string_view>

#include "domain/error.h"
#include "http/message.h"

namespace lineport::http {

int status_of(ErrorCode code);
std::string_view code_name(ErrorCode code);

// {type, title, status, detail, code, errors?, request_id, ...extra}
Response problem(const ApiError& error, std::string_view request_id);

}  // namespace lineport::http
