#pragma once
// `lineport usage import FILE` and `lineport compliance import FILE`: the same ingest as
// POST /api/v1/usage and POST /api/v1/compliance/records, by the operator, with the root
// organization's scope (every account). CSV when the name ends in .csv, NDJSON otherwise.

#include <functional>
#include <iosfwd>
#include <string>

#include "domain/auth/principal.h"
#include "domain/uploads/record_upload.h"
#include "storage/database.h"

namespace lineport::app {

using Ingest = std::function<uploads::UploadResult(const auth::Principal&, const uploads::UploadRequest&,
                                                   const uploads::ChunkSource&, const RequestMeta&)>;

// Reads `path` into `ingest` as `operator_name` (what the audit log records); prints the outcome
// (or every error by line) to `out`; returns the process exit status.
int import_records_file(storage::Database& db, const std::string& path, bool partial, const std::string& operator_name,
                        const Ingest& ingest, std::ostream& out);

}  // namespace lineport::app
