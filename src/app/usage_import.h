#pragma once
// `lineport usage import FILE`: the same ingest as POST /api/v1/usage, by the operator, with the
// root organization's scope (every account). CSV when the name ends in .csv, NDJSON otherwise.

#include <iosfwd>
#include <string>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::app {

// Prints the outcome (or every error by line) to `out`; returns the process exit status.
int import_usage_file(storage::Database& db, const Clock& clock, const std::string& path, bool partial,
                      std::ostream& out);

}  // namespace lineport::app
