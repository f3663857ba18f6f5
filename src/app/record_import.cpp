#include "app/record_import.h"

#include <cstdio>
#include <memory>
#include <ostream>

#include "domain/error.h"
#include "domain/orgs/org_service.h"

namespace lineport::app {
namespace {

void print_errors(const RowErrorReport& report, std::ostream& out) {
  for (const auto& e : report.errors)
    out << "  line " << e.line << (e.where.empty() ? "" : ", " + e.where) << ": " << e.message
        << (e.value.empty() ? "" : " (" + e.value + ")") << "\n";
}

}  // namespace

int import_records_file(storage::Database& db, const std::string& path, bool partial, const std::string& operator_name,
                        const Ingest& ingest, std::ostream& out) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    out << "cannot open " << path << "\n";
    return 1;
  }
  auth::Principal operator_;
  operator_.email = operator_name;
  operator_.home_org_id = db.read([](storage::Connection& c) { return orgs::root_org(c).id; });
  uploads::UploadRequest request;
  request.format = path.ends_with(".csv") ? uploads::UploadFormat::csv : uploads::UploadFormat::ndjson;
  request.partial = partial;
  try {
    const auto result =
        ingest(operator_, request,
               [&](std::span<char> buffer) { return std::fread(buffer.data(), 1, buffer.size(), file.get()); },
               {"local", "command-line-import"});
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
