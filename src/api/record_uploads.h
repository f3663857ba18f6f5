#pragma once
// What the two record ingests (POST /usage, POST /compliance/records) read from a request and
// answer: NDJSON or CSV by Content-Type, `partial`, and the tally with its row errors.

#include "domain/uploads/record_upload.h"
#include "http/message.h"

namespace lineport::api {

// 422 on `partial` unless true or false.
uploads::UploadRequest upload_request(const http::Request& request);
http::Response upload_response(const uploads::UploadResult& result);

}  // namespace lineport::api
