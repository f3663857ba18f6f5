#pragma once
// Usage ingest (docs/product.md#usage-dashboard-and-reports; docs/usage.md): records from an NDJSON or CSV upload,
// checked, stored once per (account, id), and added to the rollups in the same transaction. All or nothing unless the
// caller asks for partial acceptance.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/usage/usage_record.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::usage {

using IngestRequest = uploads::UploadRequest;
using IngestResult = uploads::UploadResult;
using uploads::ChunkSource;

class UsageIngest {
 public:
  UsageIngest(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Throws DomainError 422 with the row errors by field (and nothing written) when a record is
  // bad and the request is not partial.
  IngestResult run(const auth::Principal& who, const IngestRequest& request, const ChunkSource& source,
                   const RequestMeta& meta);

  static constexpr std::size_t max_reported_errors = 1000;

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::usage
