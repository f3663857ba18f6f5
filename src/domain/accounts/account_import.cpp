#include "domain/accounts/account_import.h"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "domain/accounts/account.h"
#include "domain/accounts/account_counts.h"
#include "domain/accounts/account_search.h"
#include "domain/accounts/invitation.h"
#include "domain/accounts/permission_groups.h"
#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/numbers/number_pool.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/row_errors.h"
#include "domain/subscriptions/plan_rules.h"
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

constexpr std::array<csv::ExpectedColumn, column_count> template_columns{
    {{"firstname", false},
     {"lastname", false},
     {"email_or_device", true},
     {"social_messaging", true},
     {"multiline_number", false},
     {"monitor_calls", true},
     {"monitor_sms", true},
     {"forwarding_number", false},
     {"restrict_incoming_social_messaging", false}}};

// One row of the file, read and checked against the rules that need no database.
struct ImportRow {
  std::int64_t line = 0;
  Account account;
  std::optional<std::string> number;
  bool valid = true;            // no error found in it so far
  bool repeated_login = false;  // on an earlier row too
  // Made by the thread that reads the file, so the one that writes does only the writing.
  std::string login_key;
  std::string search_text;
};

// All or nothing: a file with any bad line writes nothing.
[[noreturn]] void refuse(RowErrors& errors) {
  errors.raise("The file has " + std::to_string(errors.count()) + " error(s); nothing was imported.");
}

constexpr std::string_view repeated_login = "The login is also on an earlier line of the file.";

std::string lower_trimmed(std::string_view v) {
  return text::fold_case(text::trim(v));
}

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
ImportRow parse_row(const csv::CsvRow& row, const csv::HeaderMatch& header, RowErrors& errors) {
  const auto line = static_cast<std::int64_t>(row.line);
  const auto cell = [&](Column c) { return header.value(row, c); };
  const auto name = [&](Column c) { return template_columns[c].name; };
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

  if (const auto s = yes_no(cell(social), std::nullopt))
    a.social_messaging = *s;
  else
    fail(social, "Must be Yes or No (or true or false).");
  if (const auto r = yes_no(cell(restrict_social), false)) {
    a.restrict_incoming_social_messaging = *r;
    if (*r && !a.social_messaging) fail(restrict_social, "Can be Yes only when social_messaging is Yes.");
  } else {
    fail(restrict_social, "Must be Yes or No (or true or false), or empty.");
  }
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

// Rows travel from the thread that reads the file to the one that checks them against the
// database and writes them, a few thousand at a time, so that on two cores reading the file and
// writing it overlap (docs/product.md#targets). Bounded: a large file is never held whole in memory.
class RowQueue {
 public:
  static constexpr std::size_t chunk_rows = 2048;

  // Blocks while the queue is full. False when the reader of the queue has given up.
  bool push(std::vector<ImportRow>&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < max_chunks || abandoned_; });
    if (abandoned_) return false;
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
  }
  // No more rows.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  // The next chunk, or nothing once the queue is closed and empty.
  std::optional<std::vector<ImportRow>> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty() || closed_; });
    if (chunks_.empty()) return std::nullopt;
    auto chunk = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return chunk;
  }
  // The reader stops taking rows (its transaction failed): unblocks the writer of the queue.
  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    chunks_.clear();
    changed_.notify_all();
  }

 private:
  static constexpr std::size_t max_chunks = 8;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ImportRow>> chunks_;
  bool closed_ = false;
  bool abandoned_ = false;
};

bool blank(const csv::CsvRow& row) {
  for (const auto& f : row.fields)
    if (!text::trim(f).empty()) return false;
  return true;
}

// A file with more rows than allowed is refused before any row is written: counting rows is
// quick, writing 200,000 of them only to roll them back is not. A file with no more lines than
// rows allowed cannot have too many, so most files are never counted. Any other fault is left
// for the import to report with the rest.
void refuse_if_too_many_rows(std::string_view csv_text) {
  const auto limit = AccountImport::max_rows + 1;  // and the header
  if (static_cast<std::size_t>(std::count(csv_text.begin(), csv_text.end(), '\n')) <= limit) return;
  struct TooMany {
    std::size_t line;
  };
  std::size_t rows = 0;
  csv::CsvReader counter(
      [&](const csv::CsvRow& row) {
        if (++rows > limit) throw TooMany{row.line};
      },
      csv::CsvLimits{32, 1024, limit + 1});
  try {
    counter.feed(csv_text);
    counter.finish();
  } catch (const TooMany& too_many) {
    RowErrors errors(RowPlace::column);
    errors.add(static_cast<std::int64_t>(too_many.line), "", "",
               "The file has more than " + std::to_string(AccountImport::max_rows) + " user rows.");
    refuse(errors);
  } catch (const csv::CsvError&) {
  }
}

// Reads the whole file into `queue`, `RowQueue::chunk_rows` rows at a time: throws 422 for a file
// that cannot be read; collects each row's errors in `errors` and marks the row not valid.
// Returns the number of rows.
std::int64_t parse_file(std::string_view csv_text, RowErrors& errors, RowQueue& queue) {
  std::optional<csv::HeaderMatch> header;
  std::size_t header_width = 0;
  std::int64_t count = 0;
  std::vector<ImportRow> chunk;
  // Logins seen so far in the file (those already in the organization are checked against the
  // database, by DatabaseChecks).
  std::unordered_set<std::string> logins;
  logins.reserve(std::min<std::size_t>(std::count(csv_text.begin(), csv_text.end(), '\n'), AccountImport::max_rows));
  csv::CsvReader reader(
      [&](const csv::CsvRow& row) {
        if (!header) {
          header_width = row.fields.size();
          header = csv::match_header(row, template_columns);
          for (const auto& e : header->errors) {
            const auto col = e.column() > 0 && e.column() <= row.fields.size() ? row.fields[e.column() - 1] : "";
            errors.add(static_cast<std::int64_t>(e.line()), "header", col, e.message());
          }
          if (!header->ok()) refuse(errors);
          return;
        }
        if (blank(row)) return;
        const auto errors_before = errors.count();
        if (chunk.empty()) chunk.reserve(RowQueue::chunk_rows);
        // A line with more or fewer fields than the header has its values under the wrong
        // columns: that is its one error, rather than what its shifted values would say.
        if (row.fields.size() != header_width) {
          errors.add(static_cast<std::int64_t>(row.line), "", "",
                     "The line has " + std::to_string(row.fields.size()) + " fields but the header has " +
                         std::to_string(header_width) +
                         ": give every line one field per column of the header (a field may be empty).");
          auto& skipped = chunk.emplace_back();
          skipped.line = static_cast<std::int64_t>(row.line);
          skipped.valid = false;
          ++count;
          if (chunk.size() == RowQueue::chunk_rows && !queue.push(std::exchange(chunk, {})))
            throw std::runtime_error("import: the rows are no longer read");
          return;
        }
        auto& parsed = chunk.emplace_back(parse_row(row, *header, errors));
        parsed.valid = errors.count() == errors_before;
        // Ids are time-ordered, and these are made in the order of the file, which is the order
        // the rows are written in: the import's accounts lie between its first and last id.
        parsed.account.id = crypto::new_id();
        parsed.login_key = text::fold_case(parsed.account.login);
        parsed.search_text = search_text_of(parsed.account);
        if (!parsed.login_key.empty() && !logins.insert(parsed.login_key).second) {
          errors.add(parsed.line, "email_or_device", parsed.account.login, std::string(repeated_login));
          parsed.valid = false;
          parsed.repeated_login = true;
        }
        ++count;
        if (chunk.size() == RowQueue::chunk_rows && !queue.push(std::exchange(chunk, {})))
          throw std::runtime_error("import: the rows are no longer read");
      },
      csv::CsvLimits{32, 1024, AccountImport::max_rows + 1});
  try {
    reader.feed(csv_text);
    reader.finish();
  } catch (const csv::CsvError& e) {
    errors.add(static_cast<std::int64_t>(e.line()),
               e.column() > 0 && e.column() <= template_columns.size()
                   ? std::string(template_columns[e.column() - 1].name)
                   : "",
               "", e.message());
    refuse(errors);
  }
  if (!header) errors.add(1, "header", "", "The file is empty: it needs the header line of the template.");
  if (!header) refuse(errors);
  if (count == 0 && errors.empty()) {
    errors.add(2, "", "", "The file has no user rows.");
    refuse(errors);
  }
  if (!chunk.empty()) queue.push(std::move(chunk));
  return count;
}

// Reads the file on a thread of its own into a RowQueue; always joined, and unblocked first
// when the reader of the queue stops early.
class FileReader {
 public:
  FileReader(std::string_view csv_text, RowQueue& queue)
      : queue_(queue), thread_([this, csv_text] {
          try {
            rows_ = parse_file(csv_text, errors_, queue_);
          } catch (...) {
            failure_ = std::current_exception();
          }
          queue_.close();
        }) {}
  ~FileReader() {
    queue_.abandon();
    if (thread_.joinable()) thread_.join();
  }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // After the queue ran dry: rethrows what ended the reading early, or returns the row count and
  // puts the errors found in the rows before `errors` (the order of the checks in a row).
  std::int64_t finish(RowErrors& errors) {
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
    errors_.merge(std::move(errors));
    errors = std::move(errors_);
    return rows_;
  }

 private:
  RowQueue& queue_;
  RowErrors errors_{RowPlace::column, AccountImport::max_reported_errors};
  std::int64_t rows_ = 0;
  std::exception_ptr failure_;
  std::thread thread_;  // last: it starts once the members it uses exist
};

// The rules of a row that need the database: a login no account has yet, in any organization
// (docs/decisions.md, "One login, one user"; parse_file finds the logins repeated within the
// file), the domain restriction, and a number that is in the organization's pool, free, and on
// one line only. With invitations, users without a number need an available one to choose at
// activation.
class DatabaseChecks {
 public:
  DatabaseChecks(storage::Connection& conn, numbers::NumberPool& pool, const auth::Principal& who,
                 const ImportRequest& request)
      : conn_(conn), pool_(pool), home_org_id_(who.home_org_id), org_id_(request.org_id), invite_(request.invite) {
    domains_ = orgs::effective_value(conn, org_id_, "domain_restriction").get<std::vector<std::string>>();
    // A number whose quarantine is over is available, to a row that names it or to the users
    // who choose one at activation.
    pool_.end_expired_quarantine(org_id_);
    if (invite_) available_ = pool_.count(org_id_, numbers::NumberStatus::available);
  }

  // Finds which logins of a chunk of rows other accounts hold, before its rows are checked:
  // a few hundred logins a statement, not a statement a row (docs/product.md#targets).
  void look_up_logins(const std::vector<ImportRow>& rows) {
    held_logins_.clear();
    static const std::string lookup =
        std::string(sql::logins_held_start) + storage::repeat_rows("$1", 1, logins_per_lookup) + ")";
    storage::Params params;
    params.reserve(logins_per_lookup);
    const auto run = [&] {
      if (params.empty()) return;
      params.resize(logins_per_lookup, std::string());  // '' is no account's login
      constexpr auto c = sql::logins_held_columns;
      for (const auto& r : conn_.query(storage::Query{"accounts.logins_held", lookup}, params).rows)
        held_logins_.emplace(r.text(c["login_key"]), r.text(c["org_id"]));
      params.clear();
    };
    for (const auto& row : rows) {
      if (row.login_key.empty() || row.repeated_login) continue;
      params.emplace_back(row.login_key);
      if (params.size() == logins_per_lookup) run();
    }
    run();
  }

  // Adds the row's errors to `errors`; true when it has none.
  bool check(const ImportRow& row, RowErrors& errors) {
    const auto before = errors.count();
    const auto& a = row.account;
    if (const auto held = held_logins_.find(row.login_key); held != held_logins_.end())
      errors.add(row.line, "email_or_device", a.login, login_held_message(held->second));
    if (!a.login.empty() && !login_allowed({a.login, a.login_kind}, domains_))
      errors.add(row.line, "email_or_device", a.login,
                 "The domain is not allowed: use an address at " + text::join(domains_, ", ") + ".");
    if (row.number)
      check_number(row.line, *row.number, errors);
    else if (without_number_++ == 0)
      first_line_without_number_ = row.line;
    return errors.count() == before;
  }

  // The checks of the file as a whole, once every row is checked.
  void finish(RowErrors& errors) const {
    if (invite_ && without_number_ > 0 && available_ <= 0)
      errors.add(first_line_without_number_, "multiline_number", "",
                 "No available number is left for users invited without one to choose at activation.");
  }

  bool takes_numbers() const { return !numbers_seen_.empty(); }
  bool invites_without_number() const { return invite_ && without_number_ > 0; }

 private:
  static constexpr std::size_t logins_per_lookup = 256;

  // Names the organization that has the login when the importing administrator may see it.
  std::string login_held_message(const std::string& org_id) {
    auto known = org_names_.find(org_id);
    if (known == org_names_.end()) {
      std::optional<std::string> name;
      if (orgs::in_scope(conn_, home_org_id_, org_id)) name = orgs::org_name(conn_, org_id);
      known = org_names_.emplace(org_id, std::move(name)).first;
    }
    if (!known->second) return "A user account with this login already exists in another organization.";
    return "A user account with this login already exists in " + *known->second + ".";
  }

  // Checked before the rows above it are written, so a number they took is found on its line.
  void check_number(std::int64_t line, const std::string& number, RowErrors& errors) {
    if (const auto seen = numbers_seen_.find(number); seen != numbers_seen_.end()) {
      errors.add(line, "multiline_number", number, "Also on line " + std::to_string(seen->second) + ".");
      return;
    }
    const auto n = pool_.find(number);
    if (!n || n->org_id != org_id_) {
      errors.add(line, "multiline_number", number, "Not in this organization's pool.");
    } else if (n->status != numbers::NumberStatus::available && n->status != numbers::NumberStatus::reserved) {
      errors.add(line, "multiline_number", number,
                 "Not available (" + std::string(numbers::to_string(n->status)) + ").");
    } else {
      numbers_seen_.emplace(number, line);
      // A user's own number is not one the users without a number can choose.
      if (n->status == numbers::NumberStatus::available) --available_;
    }
  }

  storage::Connection& conn_;
  numbers::NumberPool& pool_;
  const std::string& home_org_id_;
  const std::string& org_id_;
  bool invite_;
  std::unordered_map<std::string, std::string> held_logins_;               // login key → organization, of a chunk
  std::unordered_map<std::string, std::optional<std::string>> org_names_;  // none: out of the caller's scope
  std::vector<std::string> domains_;
  std::unordered_map<std::string, std::int64_t> numbers_seen_;
  std::int64_t available_ = 0;  // for users without a number, after the numbers the file names
  std::int64_t without_number_ = 0;
  std::int64_t first_line_without_number_ = 0;
};

// Inserts the import's accounts 32 to a statement: starting and ending a statement per row was
// a tenth of the import's time (docs/product.md#targets).
class AccountInserter {
 public:
  explicit AccountInserter(storage::Connection& conn) : conn_(conn) {
    pending_.reserve(std::size_t{rows_per_insert} * sql::imported_row_params);
  }

  void add(sql::ImportedAccount&& account) {
    auto row = std::move(account).params();
    pending_.insert(pending_.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
    if (++pending_rows_ == rows_per_insert) flush();
  }

  // Inserts the rows added so far (before anything that refers to them).
  void flush() {
    if (pending_rows_ == rows_per_insert) {
      static const std::string many =
          std::string(sql::insert_imported_start) +
          storage::repeat_rows(sql::imported_row, sql::imported_row_params, rows_per_insert);
      conn_.execute(storage::Query{"accounts.insert_imported_many", many}, pending_);
    } else {
      for (int r = 0; r < pending_rows_; ++r) {
        const auto first = pending_.begin() + std::ptrdiff_t{r} * sql::imported_row_params;
        conn_.execute(sql::insert_imported, storage::Params(first, first + sql::imported_row_params));
      }
    }
    pending_.clear();
    pending_rows_ = 0;
  }

 private:
  static constexpr int rows_per_insert = 32;
  storage::Connection& conn_;
  storage::Params pending_;
  int pending_rows_ = 0;
};

}  // namespace

std::string AccountImport::template_csv() {
  std::vector<std::string> header;
  header.reserve(std::size(template_columns));
  for (const auto& c : template_columns) header.emplace_back(c.name);
  return csv::line(header);
}

std::string AccountImport::example_csv() {
  return template_csv() + csv::line({"Ana", "Silva", "ana.silva@example.com", "Yes", "", "auto", "on", "", "No"}) +
         csv::line({"Bruno", "Costa", "+5511987654321", "No", "", "off", "off", "", ""}) +
         csv::line({"Carla", "Mendes", "carla.mendes@example.com", "Yes", "", "auto", "on", "5511912345678", "Yes"});
}

ImportOutcome AccountImport::run(const auth::Principal& who, const ImportRequest& request, std::string_view csv_text,
                                 const RequestMeta& meta) {
  refuse_if_too_many_rows(csv_text);
  try {
    return read_check_and_write(who, request, csv_text, meta);
  } catch (const storage::DatabaseError& e) {
    // Only a concurrent request adding one of the file's logins between the checks and the
    // writing gets here (PostgreSQL): nothing was written; a new upload reports the line.
    if (e.kind() != storage::DatabaseError::Kind::unique_violation) throw;
    throw DomainError(ErrorCode::login_taken,
                      "Another request added a login of this file while it was imported; nothing was imported. "
                      "Upload the file again to see which line.");
  }
}

ImportOutcome AccountImport::read_check_and_write(const auth::Principal& who, const ImportRequest& request,
                                                  std::string_view csv_text, const RequestMeta& meta) {
  RowQueue queue;
  FileReader reader(csv_text, queue);
  // The rows refer to the organization and the group checked below, and to numbers checked
  // against the pool: SQLite need not check the foreign keys of 100,000 rows one by one.
  return db_.bulk_write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, request.org_id);
    std::string group_id = default_group_id(conn, request.org_id);
    if (request.permission_group_id && !request.permission_group_id->empty()) {
      if (!find_usable_group(conn, *request.permission_group_id, request.org_id))
        throw DomainError(ErrorCode::validation_failed, "Unknown permission group.",
                          {{"permission_group_id", "Not a permission group of this organization or above."}});
      group_id = *request.permission_group_id;
    }
    numbers::NumberPool pool(conn, clock_);
    DatabaseChecks checks(conn, pool, who, request);
    ImportOutcome outcome;
    outcome.dry_run = request.dry_run;
    if (!request.dry_run) outcome.batch_id = crypto::new_id();
    const auto now = clock_.now();
    const auto org_name = orgs::org_name(conn, request.org_id);
    std::string first_id;
    std::string last_id;

    // Each row is written as soon as it is checked, while the rest of the file is still being
    // read. At the first error the writing stops, the checking goes on so every error is
    // reported, and the transaction rolls back: all or nothing, as if checked first.
    // Invited accounts get their activation codes and outbox messages from queue_invitations,
    // after this transaction: here they are counted as sent, like any invitation in the outbox.
    RowErrors errors(RowPlace::column, max_reported_errors);
    AccountInserter inserter(conn);
    SearchRowids search_rowids(conn, db_.backend());
    bool writing = !request.dry_run;
    while (auto chunk = queue.pop()) {
      checks.look_up_logins(*chunk);
      for (auto& row : *chunk) {
        writing = checks.check(row, errors) && row.valid && writing && errors.empty();
        if (!writing) continue;
        Account& a = row.account;
        if (first_id.empty()) first_id = a.id;
        last_id = a.id;
        inserter.add({.id = a.id,
                      .org_id = request.org_id,
                      .fields = {.first_name = std::move(a.first_name),
                                 .last_name = std::move(a.last_name),
                                 .login = std::move(a.login),
                                 .login_key = std::move(row.login_key),
                                 .login_kind = std::move(a.login_kind),
                                 .permission_group_id = group_id,
                                 .social_messaging = a.social_messaging,
                                 .monitor_calls = std::move(a.monitor_calls),
                                 .monitor_sms = std::move(a.monitor_sms),
                                 .forwarding_number = std::move(a.forwarding_number),
                                 .restrict_incoming_social_messaging = a.restrict_incoming_social_messaging,
                                 .search_text = std::move(row.search_text)},
                      .import_batch_id = outcome.batch_id,
                      .import_line = row.line,
                      .status = request.invite ? "invited" : "saved",
                      .invitation_status = request.invite ? "sent" : "not_sent",
                      .invitation_count = request.invite ? 1 : 0,
                      .invited_at = request.invite ? std::optional<std::int64_t>(now) : std::nullopt,
                      .created_at = now,
                      .search_rowid = search_rowids.take()});
        if (row.number) {
          inserter.flush();  // the number refers to the account
          pool.take(request.invite ? numbers::NumberEvent::assign : numbers::NumberEvent::hold, request.org_id,
                    {row.number, std::nullopt}, a.id);
        }
        ++outcome.created;
      }
    }
    inserter.flush();
    search_rowids.finish();
    outcome.rows = reader.finish(errors);
    checks.finish(errors);
    if (!errors.empty()) refuse(errors);
    // Every row of a file that passes is a new account; a dry run writes none but says so too.
    subscriptions::require_room(conn, db_.backend(), request.org_id, subscriptions::Limit::accounts,
                                {.created = request.dry_run ? outcome.rows : outcome.created});
    if (request.dry_run) return outcome;
    if (request.invite) outcome.invited = outcome.created;

    index_imported_accounts(conn, db_.backend(), outcome.batch_id, first_id, last_id);
    count_new_accounts(
        conn, {request.org_id, request.invite ? "invited" : "saved", request.invite ? "sent" : "not_sent", group_id},
        now, outcome.created);
    conn.added_rows("accounts", outcome.created);
    // new_id is time-ordered: the rows' ids lie between the first and the last one.
    conn.execute(sql::insert_batch, sql::InsertBatch{.id = outcome.batch_id,
                                                     .org_id = request.org_id,
                                                     .kind = "import",
                                                     .actor_id = who.admin_id,
                                                     .created_at = now,
                                                     .total = outcome.created,
                                                     .succeeded = outcome.created,
                                                     .failed = 0,
                                                     .first_account_id = first_id,
                                                     .last_account_id = last_id}
                                        .params());
    if (request.invite)
      conn.execute(
          sql::insert_invitation_job,
          sql::InsertInvitationJob{
              .batch_id = outcome.batch_id, .first_account_id = first_id, .last_account_id = last_id, .created_at = now}
              .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {request.org_id,
                   "accounts.import",
                   audit::Activity::write,
                   "batch",
                   outcome.batch_id,
                   {{"created", outcome.created}, {"invited", outcome.invited}, {"permission_group_id", group_id}}});
    events_.publish(conn, {"batch_operations_report",
                           request.org_id,
                           {{"operation", request.invite ? "import and invite" : "import"},
                            {"org_name", org_name},
                            {"total", outcome.created},
                            {"succeeded", outcome.created},
                            {"failed", 0},
                            {"started_by", who.email}}});
    if (checks.takes_numbers()) pool.check_utilization_threshold(events_, request.org_id);
    if (checks.invites_without_number()) pool.check_invitation_threshold(events_, request.org_id);
    return outcome;
  });
}

bool AccountImport::queue_invitations(std::size_t limit) {
  // The outbox worker asks before every pass: without a job, a read answers, not a write.
  if (db_.read([](storage::Connection& conn) { return conn.query(sql::next_invitation_job).empty(); })) return false;
  return db_.write([&](storage::Connection& conn) {
    const auto job = conn.query(sql::next_invitation_job);
    if (job.empty()) return false;
    constexpr auto j = sql::invitation_job_columns;
    const auto batch_id = job.one().text(j["batch_id"]);
    const auto first = job.one().text(j["first_account_id"]);
    const auto last = job.one().text(j["last_account_id"]);
    const auto done_through = job.one().text(j["done_through"]);
    const auto accounts =
        conn.query(sql::select_job_accounts, {first, last, done_through, batch_id, static_cast<std::int64_t>(limit)});
    const bool finished = accounts.rows.size() < limit;
    constexpr auto c = sql::job_account_columns;
    const auto through = finished ? last : accounts.rows.back().text(c["id"]);
    if (conn.execute(sql::advance_invitation_job, {batch_id, done_through, through}) == 0)
      return true;  // another worker took this step
    const auto now = clock_.now();
    for (const auto& r : accounts.rows) {
      Account a;
      a.id = r.text(c["id"]);
      a.login = r.text(c["login"]);
      a.login_kind = r.text(c["login_kind"]);
      const auto code = codes_.make();
      const auto invitation = r.integer(c["invitation_count"]);
      // Stored only while the account still awaits this invitation: one resent, suspended,
      // activated or deleted since the import has its invitation, or needs none.
      if (conn.execute(sql::set_activation_code, {a.id, code.hash, now + activation_code_lifetime, invitation}) == 1)
        mail::enqueue(conn, clock_, invitation_message(a, code.code, invitation));
    }
    if (finished) conn.execute(sql::delete_invitation_job, {batch_id});
    return true;
  });
}

std::string AccountImport::result_report(const auth::Principal& who, const std::string& batch_id) {
  return db_.read([&](storage::Connection& conn) {
    constexpr auto b = sql::batch_columns;
    const auto batch = conn.query(sql::select_batch, {batch_id});
    if (batch.empty() || batch.one().text(b["kind"]) != "import" ||
        !orgs::in_scope(conn, who.home_org_id, batch.one().text(b["org_id"])))
      throw_not_found("The import does not exist.");
    std::string out =
        csv::line({"line", "login", "account_id", "result", "status", "invitation_status", "multiline_number"});
    const auto& found = batch.one();
    constexpr auto c = sql::imported_columns;
    const storage::Params range{batch_id, found.opt_text(b["first_account_id"]), found.opt_text(b["last_account_id"])};
    conn.for_each(sql::select_imported, range, [&](const storage::Row& r) {
      out += csv::line({std::to_string(r.integer(c["import_line"])), r.text(c["login"]), r.text(c["id"]), "created",
                        r.text(c["status"]), r.text(c["invitation_status"]),
                        r.opt_text(c["multiline_number"]).value_or("")});
    });
    return out;
  });
}

}  // namespace lineport::accounts
