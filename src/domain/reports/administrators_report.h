#pragma once
// The administrators report (seed 002: "monitor administrator status in Administrator
// Reports"): every administrator and API user of an organization (optionally its subtree) with
// their status, latest invitation, last sign-in, role and organization, as JSON pages or a
// streamed CSV download. It shows who has onboarded: an administrator is "invited" until they
// sign in after their latest invitation. It is a snapshot, so it takes no date range.

#include <functional>
#include <optional>
#include <string>

#include "domain/auth/principal.h"
#include "domain/pagination.h"
#include "domain/reports/report_query.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::reports {

struct AdministratorRow {
  std::string id, first_name, last_name, email, kind, org_id, org_name, role_id, role_name;
  std::string status;  // invited | active | login_suspended | account_suspended
  std::optional<UnixSeconds> invited_at, last_sign_in_at;
};

class AdministratorsReport {
 public:
  AdministratorsReport(storage::Database& db, const Clock& clock, audit::GroupAppender& views)
      : db_(db), clock_(clock), views_(views) {}

  // Uses the query's organization, include_suborgs and status; ordered by email.
  Page<AdministratorRow> page(const auth::Principal& who, const ReportQuery& query, const PageRequest& page,
                              const RequestMeta& meta);

  // A download in two steps, so every error is known before the first byte: check the query and
  // record the download, then stream the rows.
  struct Download {
    storage::Params params;
  };
  Download begin_download(const auth::Principal& who, const ReportQuery& query, const RequestMeta& meta);
  void stream(const Download& download, const std::function<void(const AdministratorRow&)>& on_row);

  static std::string csv_header();
  static std::string csv_line(const AdministratorRow& row);

 private:
  storage::Params resolve(storage::Connection& conn, const auth::Principal& who, const ReportQuery& query);

  storage::Database& db_;
  const Clock& clock_;
  audit::GroupAppender& views_;
};

}  // namespace lineport::reports
