#include "api/record_uploads.h"

#include <nlohmann/json.hpp>

#include "api/problem.h"
#include "api/views.h"
#include "domain/error.h"

namespace lineport::api {

uploads::UploadRequest upload_request(const http::Request& request) {
  uploads::UploadRequest out;
  out.format = request.header("Content-Type").value_or("").starts_with("text/csv") ? uploads::UploadFormat::csv
                                                                                   : uploads::UploadFormat::ndjson;
  const auto partial = request.query_param("partial").value_or("false");
  if (partial != "true" && partial != "false")
    throw DomainError(ErrorCode::validation_failed, "Bad partial.", {{"partial", "Must be true or false."}});
  out.partial = partial == "true";
  return out;
}

http::Response upload_response(const uploads::UploadResult& result) {
  return json_response({{"received", result.received},
                        {"stored", result.stored},
                        {"duplicates", result.duplicates},
                        {"rejected", result.rejected},
                        {"errors", row_errors_json(result.errors)}});
}

}  // namespace lineport::api
