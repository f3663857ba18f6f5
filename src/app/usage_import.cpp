#include "app/usage_import.h"

#include <cstdio>
#include <memory>
#include <ostream>

#include "domain/error.h"
#include "domain/usage/usage_ingest.h"
#include "storage/queries/orgs.h"

namespace lineport::app {
namespace {

void print_errors(const RowErrorReport& report, std::ostream& out) {
  for (const auto& e : report.errors)
    out << "  line " << e.line << (e.where.empty() ? "" : ", " + e.where) << ": " << e.message
        << (e.value.empty() ? "" : " (" + e.value + ")") << "\n";
}

}  // namespace

int import_usage_file(storage::Database& db, const Clock& clock, const std::string& path, bool partial,
                      std::ostream& out) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    out << "cannot open " << path << "\n";
    return 1;
  }
  auth::Principal operator_;
  operator_.email = "lineport usage import (command line)";
  operator_.home_org_id = db.read([](storage::Connection& c) {
    return c.query(storage::sql::orgs::select_root).one().text(storage::sql::orgs::root_columns["id"]);
  });
  usage::IngestRequest request;
  request.format = path.ends_with(".csv") ? usage::UploadFormat::csv : usage::UploadFormat::ndjson;
  request.partial = partial;
  usage::UsageIngest ingest(db, clock);
  try {
    const auto result =
        ingest.run(operator_, request,
                   [&](std::span<char> buffer) { return std::fread(buffer.data(), 1, buffer.size(), file.get()); },
                   {"local", "usage-import"});
    out << "received " << result.received << ", stored " << result.stored << ", duplicates " << result.duplicates
        << ", rejected " << result.rejected << "\n";
    print_errors(result.errors, out);
    return 0;
  } catch (const DomainError& e) {
    if (e.code() != ErrorCode::validation_failed) throw;
    out << e.what() << "\n";
    print_errors(e.row_errors(), out);
    return 2;
  }
}

}  // namespace lineport::app
