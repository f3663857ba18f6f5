#pragma once
// The compliance records' ingest (docs/compliance.md): call recordings, message logs and SMS
// opt-ins from one NDJSON or CSV upload, checked like usage records (domain/uploads), stored once
// per (account, id), message texts sealed, each new record given the next position of the change
// feed. All or nothing unless the caller asks for partial acceptance.

#include <mutex>

#include "domain/auth/principal.h"
#include "domain/compliance/data_key.h"
#include "domain/uploads/record_upload.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::compliance {

// Erases the message texts whose organization's retention has ended by `now`, in batches of a
// few thousand so that no transaction holds the database long; returns how many.
std::int64_t erase_expired_texts(storage::Database& db, UnixSeconds now);

class ComplianceIngest {
 public:
  ComplianceIngest(storage::Database& db, const Clock& clock, const DataKey& key) : db_(db), clock_(clock), key_(key) {}

  // Throws DomainError 422 with the row errors by field (and nothing written) when a record is
  // bad and the request is not partial.
  uploads::UploadResult run(const auth::Principal& who, const uploads::UploadRequest& request,
                            const uploads::ChunkSource& source, const RequestMeta& meta);

  static constexpr std::size_t max_reported_errors = 1000;

 private:
  storage::Database& db_;
  const Clock& clock_;
  const DataKey& key_;
  std::mutex running_;
};

}  // namespace lineport::compliance
