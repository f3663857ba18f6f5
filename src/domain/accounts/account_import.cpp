#include "domain/accounts/account_import.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "domain/accounts/account.h"
#include "domain/accounts/invitation.h"
#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/accounts.h"
#include "util/crypto.h"
#include "util/csv_reader.h"
#include "util/csv_writer.h"
#include "util/phone.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

namespace sql = storage::sql::accounts;

enum Column { firstname, lastname, login, social, number, calls, sms, forwarding, restrict_social, column_count };

constexpr std::array<csv::ExpectedColumn, column_count> kColumns{{{"firstname", false},
                                                                  {"lastname", false},
                                                                  {"email_or_device", true},
                                                                  {"social_messaging", true},
                                                                  {"multiline_number", false},
                                                                  {"monitor_calls", true},
                                                                  {"monitor_sms", true},
                                                                  {"forwarding_number", false},
                                                                  {"restrict_incoming_social_messaging", false}}};

struct RowError {
  std::int64_t line;
  std::string column;
  std::string value;
  std::string message;
};

// One valid row, ready to write.
struct ImportRow {
  std::int64_t line = 0;
  Account account;
  std::optional<std::string> number;
};

class ErrorList {
 public:
  void add(std::int64_t line, std::string_view column, std::string_view value, std::string message) {
    if (errors_.size() < AccountImport::max_reported_errors)
      errors_.push_back({line, std::string(column), std::string(value), std::move(message)});
    ++count_;
  }
  bool empty() const { return count_ == 0; }

  [[noreturn]] void raise() {
    std::stable_sort(errors_.begin(), errors_.end(), [](const RowError& a, const RowError& b) { return a.line < b.line; });
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : errors_)
      list.push_back({{"line", e.line}, {"column", e.column}, {"value", e.value}, {"message", e.message}});
    ApiError error(ErrorCode::validation_failed,
                   "The file has " + std::to_string(count_) + " error(s); nothing was imported.");
    error.extra = {{"errors", std::move(list)}, {"error_count", count_}};
    throw error;
  }

 private:
  std::vector<RowError> errors_;
  std::int64_t count_ = 0;
};

std::string lower_trimmed(std::string_view v) { return text::fold_case(text::trim(v)); }

// Yes/No or true/false (case-insensitive); empty is `fallback` when the column is optional.
std::optional<bool> yes_no(std::string_view raw, std::optional<bool> fallback) {
  const auto v = lower_trimmed(raw);
  if (v == "yes" || v == "true") return true;
  if (v == "no" || v == "false") return false;
  if (v.empty()) return fallback;
  return std::nullopt;
}

// Checks one data row against the rules that need no database. The row comes back even with
// errors, so the database checks can still report on its other fields.
ImportRow parse_row(const csv::CsvRow& row, const csv::HeaderMatch& header, ErrorList& errors) {
  const auto line = static_cast<std::int64_t>(row.line);
  const auto cell = [&](Column c) { return header.value(row, c); };
  const auto name = [&](Column c) { return kColumns[c].name; };
  ImportRow out;
  out.line = line;
  Account& a = out.account;
  const auto fail = [&](Column c, std::string message) { errors.add(line, name(c), cell(c), std::move(message)); };

  Validator v;
  a.first_name = clean_person_name(std::string(cell(firstname)), "firstname", v);
  a.last_name = clean_person_name(std::string(cell(lastname)), "lastname", v);
  if (const auto login_value = clean_login(std::string(cell(login)), "email_or_device", v)) {
    a.login = login_value->value;
    a.login_kind = login_value->kind;
  }
  a.forwarding_number = clean_forwarding_number(std::string(cell(forwarding)), "forwarding_number", v);
  for (const auto& e : v.errors()) {
    for (Column c : {firstname, lastname, login, forwarding})
      if (e.field == name(c)) fail(c, e.message);
  }

  if (const auto s = yes_no(cell(social), std::nullopt)) a.social_messaging = *s;
  else fail(social, "Must be Yes or No (or true or false).");
  if (const auto r = yes_no(cell(restrict_social), false)) a.restrict_incoming_social_messaging = *r && a.social_messaging;
  else fail(restrict_social, "Must be Yes or No (or true or false), or empty.");
  a.monitor_calls = lower_trimmed(cell(calls));
  if (!valid_monitor_calls(a.monitor_calls)) fail(calls, "Must be auto or off.");
  a.monitor_sms = lower_trimmed(cell(sms));
  if (!valid_monitor_sms(a.monitor_sms)) fail(sms, "Must be on or off.");
  if (const auto raw = text::trim(cell(number)); !raw.empty()) {
    out.number = phone::normalize_e164(raw);
    if (!out.number) fail(number, "Not a valid number in international form (+ and country code).");
  }
  return out;
}

bool blank(const csv::CsvRow& row) {
  for (const auto& f : row.fields)
    if (!text::trim(f).empty()) return false;
  return true;
}

// Reads the whole file: throws 422 for a file that cannot be read; collects each row's errors in
// `errors` and returns the rows without any.
std::vector<ImportRow> parse_file(std::string_view csv_text, ErrorList& errors) {
  std::optional<csv::HeaderMatch> header;
  std::size_t header_width = 0;
  std::vector<ImportRow> rows;
  // About one row a line: 100,000 rows are not moved again and again as the vector grows.
  rows.reserve(std::min<std::size_t>(std::count(csv_text.begin(), csv_text.end(), '\n') + 1, AccountImport::max_rows));
  csv::CsvReader reader(
      [&](const csv::CsvRow& row) {
        if (!header) {
          header_width = row.fields.size();
          header = csv::match_header(row, kColumns);
          for (const auto& e : header->errors) {
            const auto col = e.column() > 0 && e.column() <= row.fields.size() ? row.fields[e.column() - 1] : "";
            errors.add(static_cast<std::int64_t>(e.line()), "header", col, e.message());
          }
          if (!header->ok()) errors.raise();
          return;
        }
        if (blank(row)) return;
        // Fewer fields than the header is fine (trailing optional columns left out); more is not.
        if (row.fields.size() > header_width)
          errors.add(static_cast<std::int64_t>(row.line), "", "",
                     "The line has " + std::to_string(row.fields.size()) + " fields; the header has " +
                         std::to_string(header_width) + ".");
        rows.push_back(parse_row(row, *header, errors));
      },
      csv::CsvLimits{32, 1024, AccountImport::max_rows + 1});
  try {
    reader.feed(csv_text);
    reader.finish();
  } catch (const csv::CsvError& e) {
    errors.add(static_cast<std::int64_t>(e.line()),
               e.column() > 0 && e.column() <= kColumns.size() ? std::string(kColumns[e.column() - 1].name) : "",
               "", e.message());
    errors.raise();
  }
  if (!header) errors.add(1, "header", "", "The file is empty: it needs the header line of the template.");
  if (!header) errors.raise();
  if (rows.empty() && errors.empty()) {
    errors.add(2, "", "", "The file has no user rows.");
    errors.raise();
  }
  return rows;
}

}  // namespace

std::string AccountImport::template_csv() {
  std::vector<std::string> header;
  for (const auto& c : kColumns) header.emplace_back(c.name);
  return csv::line(header) +
         csv::line({"Ana", "Silva", "ana.silva@example.com", "Yes", "", "auto", "on", "", "No"});
}

ImportOutcome AccountImport::run(const auth::Principal& who, const ImportRequest& request, std::string_view csv_text,
                                 const RequestMeta& meta) {
  ErrorList errors;
  auto rows = parse_file(csv_text, errors);
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, request.org_id);
    std::string group_id = default_group_id(conn, request.org_id);
    if (request.permission_group_id && !request.permission_group_id->empty()) {
      if (!find_usable_group(conn, *request.permission_group_id, request.org_id))
        throw ApiError(ErrorCode::validation_failed, "Unknown permission group.",
                       {{"permission_group_id", "Not a permission group of this organization or above."}});
      group_id = *request.permission_group_id;
    }

    // The rules that need the database, checked for every row before anything is written.
    std::unordered_set<std::string> logins;
    for (const auto& r : conn.query(sql::login_keys_of_org, {request.org_id}).rows) logins.insert(r.text(0));
    const auto domains_json = orgs::effective_value(conn, request.org_id, "domain_restriction");
    const auto domains = domains_json.get<std::vector<std::string>>();
    numbers::NumberPool pool(conn, clock_);
    std::unordered_map<std::string, std::int64_t> numbers_seen;
    std::int64_t without_number = 0;
    for (const auto& row : rows) {
      const auto& a = row.account;
      if (!a.login.empty() && !logins.insert(text::fold_case(a.login)).second)
        errors.add(row.line, "email_or_device", a.login, "A user account with this login already exists in the organization (or earlier in the file).");
      if (!a.login.empty() && !login_allowed({a.login, a.login_kind}, domains))
        errors.add(row.line, "email_or_device", a.login, "The domain is not allowed: use an address at " + text::join(domains, ", ") + ".");
      if (row.number) {
        const auto n = pool.find(*row.number);
        if (!n || n->org_id != request.org_id)
          errors.add(row.line, "multiline_number", *row.number, "Not in this organization's pool.");
        else if (n->status != numbers::NumberStatus::available && n->status != numbers::NumberStatus::reserved)
          errors.add(row.line, "multiline_number", *row.number, "Not available (" + std::string(numbers::to_string(n->status)) + ").");
        else if (const auto [it, fresh] = numbers_seen.emplace(*row.number, row.line); !fresh)
          errors.add(row.line, "multiline_number", *row.number, "Also on line " + std::to_string(it->second) + ".");
      } else {
        ++without_number;
      }
    }
    if (request.invite && without_number > 0) {
      pool.end_expired_quarantine(request.org_id);
      std::int64_t free = pool.count(request.org_id, numbers::NumberStatus::available);
      for (const auto& [n, line] : numbers_seen) free -= pool.find(n)->status == numbers::NumberStatus::available ? 1 : 0;
      if (free <= 0) {
        const auto first = std::find_if(rows.begin(), rows.end(), [](const ImportRow& r) { return !r.number; });
        errors.add(first->line, "multiline_number", "",
                   "No available number is left for users invited without one to choose at activation.");
      }
    }
    if (!errors.empty()) errors.raise();

    ImportOutcome outcome;
    outcome.rows = static_cast<std::int64_t>(rows.size());
    outcome.dry_run = request.dry_run;
    if (request.dry_run) return outcome;

    conn.expect_bulk_write();
    outcome.batch_id = crypto::new_id();
    const auto now = clock_.now();
    const auto org_name = orgs::org_name(conn, request.org_id);
    for (auto& row : rows) {
      Account& a = row.account;
      a.id = crypto::new_id();
      a.org_id = request.org_id;
      a.org_name = org_name;
      a.permission_group_id = group_id;
      std::optional<ActivationCode> code;
      if (request.invite) code = new_activation_code();
      conn.execute(sql::insert_imported,
                   {a.id, a.org_id, a.first_name, a.last_name, a.login, text::fold_case(a.login), a.login_kind,
                    a.permission_group_id, a.social_messaging, a.monitor_calls, a.monitor_sms, a.forwarding_number,
                    a.restrict_incoming_social_messaging, search_text_of(a), outcome.batch_id, row.line,
                    request.invite ? "invited" : "saved", request.invite ? "sent" : "not_sent", request.invite ? 1 : 0,
                    request.invite ? storage::Value(now) : storage::Value(), code ? storage::Value(code->hash) : storage::Value(),
                    request.invite ? storage::Value(now + activation_code_lifetime) : storage::Value(), now});
      if (row.number)
        pool.take(request.invite ? numbers::NumberEvent::assign : numbers::NumberEvent::hold, a.org_id,
                  {row.number, std::nullopt}, a.id);
      if (code) mail::enqueue(conn, clock_, invitation_message(a.org_id, a, code->code, row.number, 1));
      ++outcome.created;
      if (request.invite) ++outcome.invited;
    }

    conn.execute(sql::insert_batch, {outcome.batch_id, request.org_id, "import", who.admin_id, now, outcome.created,
                                     outcome.created, 0, "[]"});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {request.org_id, "accounts.import", audit::Activity::write, "batch", outcome.batch_id,
                   {{"created", outcome.created}, {"invited", outcome.invited}, {"permission_group_id", group_id}}});
    events_.publish(conn, {"batch_operations_report", request.org_id,
                           {{"operation", request.invite ? "import and invite" : "import"},
                            {"org_name", org_name},
                            {"total", outcome.created},
                            {"succeeded", outcome.created},
                            {"failed", 0},
                            {"started_by", who.email}}});
    if (!numbers_seen.empty()) pool.check_utilization_threshold(events_, request.org_id);
    if (request.invite && without_number > 0) pool.check_invitation_threshold(events_, request.org_id);
    return outcome;
  });
}

std::string AccountImport::result_report(const auth::Principal& who, const std::string& batch_id) {
  return db_.read([&](storage::Connection& conn) {
    const auto batch = conn.query(sql::select_batch, {batch_id});
    if (batch.empty() || batch.one().text(2) != "import" || !orgs::in_scope(conn, who.home_org_id, batch.one().text(1)))
      throw_not_found("The import does not exist.");
    std::string out = csv::line({"line", "login", "account_id", "result", "status", "invitation_status", "multiline_number"});
    conn.for_each(sql::select_imported, {batch_id}, [&](const storage::Row& r) {
      out += csv::line({std::to_string(r.integer(0)), r.text(1), r.text(2), "created", r.text(3), r.text(4),
                        r.opt_text(5).value_or("")});
    });
    return out;
  });
}

}  // namespace lineport::accounts
