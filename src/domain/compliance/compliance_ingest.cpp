#include "domain/compliance/compliance_ingest.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "domain/accounts/account.h"
#include "domain/audit/audit_log.h"
#include "domain/compliance/compliance_record.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/reports/activity_counts.h"
#include "storage/queries/compliance.h"
#include "util/text.h"

namespace lineport::compliance {
namespace {

namespace sql = storage::sql::compliance;

struct Account {
  std::string id, org_id, login;
  std::optional<std::string> multiline_number;
  std::string permission_group_id;
};

// What an upload needs to know about the accounts it names and their organizations, looked up
// once per account, organization or (group, organization) however many records name them.
class Directory {
 public:
  Directory(storage::Connection& conn, std::string home_org_id) : conn_(conn), home_org_id_(std::move(home_org_id)) {}

  // nullptr when the account does not exist or is outside the caller's scope (the same answer,
  // so an upload cannot probe other tenants).
  const Account* find(const AccountRef& ref) {
    const std::string key = std::to_string(static_cast<int>(ref.by)) + ":" + ref.value;
    auto it = accounts_.find(key);
    if (it == accounts_.end()) it = accounts_.emplace(key, look_up(ref)).first;
    return it->second ? &*it->second : nullptr;
  }

  // Why the organization or the account may not keep records of `kind` now; empty when it may
  // (docs/compliance.md, "What is accepted"). Opt-ins need nothing turned on.
  std::string refusal(const Account& account, Kind kind) {
    if (kind == Kind::sms_opt_in) return {};
    const bool calls = kind == Kind::call_recording;
    if (!setting(account.org_id, calls ? "call_recording_enabled" : "message_logging_enabled").get<bool>())
      return calls ? "Call recording is turned off for the account's organization (Setup > Mobile Recording)."
                   : "Message logging is turned off for the account's organization (Setup > Mobile Recording).";
    const auto& features = features_of(account);
    const std::string_view feature = calls ? "call_recording" : "message_logging";
    if (std::find(features.begin(), features.end(), feature) == features.end())
      return "The account's permission group (within its plan) does not include " + std::string(feature) + ".";
    return {};
  }

  std::int64_t retention_days(const std::string& org_id) {
    return setting(org_id, "recording_retention_days").get<std::int64_t>();
  }

 private:
  std::optional<Account> look_up(const AccountRef& ref) {
    const auto rows = [&] {
      switch (ref.by) {
        case AccountRef::By::number:
          return conn_.query(sql::account_by_number, {ref.value});
        case AccountRef::By::id:
          return conn_.query(sql::account_by_id, {ref.value});
        case AccountRef::By::id_or_login:
          break;
      }
      auto by_id = conn_.query(sql::account_by_id, {ref.value});
      return by_id.empty() ? conn_.query(sql::account_by_login, {text::fold_case(ref.value)}) : by_id;
    }();
    if (rows.empty()) return std::nullopt;
    constexpr auto c = sql::account_columns;
    const auto& r = rows.one();
    Account account{r.text(c["id"]), r.text(c["org_id"]), r.text(c["login"]), r.opt_text(c["multiline_number"]),
                    r.text(c["permission_group_id"])};
    auto visible = scope_.find(account.org_id);
    if (visible == scope_.end())
      visible = scope_.emplace(account.org_id, orgs::in_scope(conn_, home_org_id_, account.org_id)).first;
    if (!visible->second) return std::nullopt;
    return account;
  }

  const nlohmann::json& setting(const std::string& org_id, const std::string& key) {
    const auto k = org_id + "\n" + key;
    auto it = settings_.find(k);
    if (it == settings_.end()) it = settings_.emplace(k, orgs::effective_value(conn_, org_id, key)).first;
    return it->second;
  }

  const std::vector<std::string>& features_of(const Account& account) {
    const auto k = account.permission_group_id + "\n" + account.org_id;
    auto it = features_.find(k);
    if (it == features_.end()) {
      accounts::Account a;
      a.org_id = account.org_id;
      a.permission_group_id = account.permission_group_id;
      it = features_.emplace(k, accounts::effective_features(conn_, a)).first;
    }
    return it->second;
  }

  storage::Connection& conn_;
  std::string home_org_id_;
  std::unordered_map<std::string, std::optional<Account>> accounts_;
  std::unordered_map<std::string, bool> scope_;
  std::unordered_map<std::string, nlohmann::json> settings_;
  std::unordered_map<std::string, std::vector<std::string>> features_;
};

// What an upload stored, counted for the reports' totals (migration 0042) and written once at its
// end: records per kind, organization and UTC day and hour.
class StoredCounts {
 public:
  void add(Kind kind, const std::string& org_id, UnixSeconds at) {
    auto org = orgs_.find(org_id);
    if (org == orgs_.end()) org = orgs_.emplace(org_id, orgs_.size()).first;
    for (const auto span : {reports::counted_day, reports::counted_hour})
      ++counts_[{static_cast<int>(kind), org->second, span, reports::span_start(at, span)}];
  }

  void write(storage::Connection& conn) const {
    std::vector<const std::string*> org_ids(orgs_.size());
    for (const auto& [id, index] : orgs_) org_ids[index] = &id;
    for (const auto& [key, count] : counts_)
      conn.execute(sql::add_to_count, {std::string(to_string(static_cast<Kind>(key.kind))), *org_ids[key.org], key.span,
                                       key.start, count});
  }

 private:
  struct Key {
    int kind;
    std::size_t org;
    UnixSeconds span, start;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::int64_t>{}(k.start) ^ (k.org * 0x9E3779B97F4A7C15ULL) ^ static_cast<std::size_t>(k.kind) ^
             static_cast<std::size_t>(k.span);
    }
  };
  std::unordered_map<std::string, std::size_t> orgs_;
  std::unordered_map<Key, std::int64_t, KeyHash> counts_;
};

// Stores one checked record at `position`; false when (account, id) was stored before.
bool store(storage::Connection& conn, const Record& r, const Account& a, std::int64_t position, UnixSeconds now,
           const DataKey& key, Directory& directory) {
  switch (r.kind) {
    case Kind::call_recording:
      return conn.execute(sql::insert_call_recording, sql::InsertCallRecording{.position = position,
                                                                               .account_id = a.id,
                                                                               .id = r.id,
                                                                               .org_id = a.org_id,
                                                                               .login = a.login,
                                                                               .multiline_number = a.multiline_number,
                                                                               .direction = r.direction,
                                                                               .peer_number = r.peer_number,
                                                                               .started_at = r.at,
                                                                               .duration_seconds = r.duration_seconds,
                                                                               .media_url = r.media_url,
                                                                               .size_bytes = r.size_bytes,
                                                                               .ingested_at = now}
                                                          .params()) > 0;
    case Kind::message_log: {
      const auto erase_after = r.at + days(directory.retention_days(a.org_id));
      const bool keep_text = r.text && erase_after > now;
      return conn.execute(
                 sql::insert_message_log,
                 sql::InsertMessageLog{.position = position,
                                       .account_id = a.id,
                                       .id = r.id,
                                       .org_id = a.org_id,
                                       .login = a.login,
                                       .multiline_number = a.multiline_number,
                                       .direction = r.direction,
                                       .peer_number = r.peer_number,
                                       .sent_at = r.at,
                                       .channel = r.channel,
                                       .text_sealed = keep_text ? std::optional(key.seal(*r.text)) : std::nullopt,
                                       .attachment_urls = nlohmann::json(r.attachment_urls).dump(),
                                       .erase_after = erase_after,
                                       .text_erased_at = r.text && !keep_text ? std::optional(now) : std::nullopt,
                                       .ingested_at = now}
                     .params()) > 0;
    }
    case Kind::sms_opt_in:
      return conn.execute(sql::insert_sms_opt_in, sql::InsertSmsOptIn{.position = position,
                                                                      .account_id = a.id,
                                                                      .id = r.id,
                                                                      .org_id = a.org_id,
                                                                      .login = a.login,
                                                                      .multiline_number = a.multiline_number,
                                                                      .peer_number = r.peer_number,
                                                                      .at = r.at,
                                                                      .opted_in = r.opted_in,
                                                                      .keyword = r.keyword,
                                                                      .ingested_at = now}
                                                      .params()) > 0;
  }
  return false;
}

bool is_stored(storage::Connection& conn, Kind kind, const std::string& account_id, const std::string& id) {
  const auto& query = kind == Kind::call_recording ? sql::call_recording_stored
                      : kind == Kind::message_log  ? sql::message_log_stored
                                                   : sql::sms_opt_in_stored;
  return !conn.query(query, {account_id, id}).empty();
}

}  // namespace

uploads::UploadResult ComplianceIngest::run(const auth::Principal& who, const uploads::UploadRequest& request,
                                            const uploads::ChunkSource& source, const RequestMeta& meta) {
  // One at a time in this server: the others wait here, not on the feed's row lock holding a
  // pooled connection each.
  const std::lock_guard one_at_a_time(running_);
  return db_.write([&](storage::Connection& conn) {
    conn.expect_bulk_write();
    // First: the feed's counter stays locked until this upload commits (migration 0041).
    std::int64_t position = conn.query(sql::lock_feed).one().integer(0);
    const UnixSeconds now = clock_.now();
    uploads::UploadResult result;
    uploads::RecordUpload upload(record_schema(), request.format, max_reported_errors);
    Directory directory(conn, who.home_org_id);
    std::vector<uploads::FieldProblem> problems;
    uploads::NumberCache numbers;
    std::map<std::string, std::int64_t> stored_by_kind;
    StoredCounts counts;

    upload.read(source, [&](const uploads::RawRecord& raw) {
      problems.clear();
      const auto record = check_record(raw, problems, numbers);
      const Account* account = record ? directory.find(record->account) : nullptr;
      if (record && !account) {
        const auto& name = record_schema().fields[static_cast<std::size_t>(record->account.field)].name;
        problems.push_back({std::string(name), record->account.value, "No such user account."});
      } else if (account) {
        if (auto why = directory.refusal(*account, record->kind); !why.empty()) {
          // Stored while the organization recorded: a re-sent batch stays idempotent.
          if (is_stored(conn, record->kind, account->id, record->id)) {
            if (!upload.doomed(request.partial)) ++result.duplicates;
            return;
          }
          problems.push_back({"kind", std::string(to_string(record->kind)), std::move(why)});
        }
      }
      for (const auto& p : problems) upload.reject(raw.line, p);
      if (!record || !account || !problems.empty() || upload.doomed(request.partial)) return;
      if (store(conn, *record, *account, position + 1, now, key_, directory)) {
        ++position;
        ++result.stored;
        ++stored_by_kind[std::string(to_string(record->kind))];
        counts.add(record->kind, account->org_id, record->at);
      } else {
        ++result.duplicates;
      }
    });
    upload.refuse_if_doomed(request.partial);
    conn.execute(sql::advance_feed, {position});
    counts.write(conn);
    upload.tally_into(result);
    // Counts only: the audit log never holds a record's content.
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {who.home_org_id,
                   "compliance.ingest",
                   audit::Activity::write,
                   "compliance",
                   "",
                   {{"received", result.received},
                    {"stored", result.stored},
                    {"stored_by_kind", stored_by_kind},
                    {"duplicates", result.duplicates},
                    {"rejected", result.rejected}}});
    return result;
  });
}

std::int64_t erase_expired_texts(storage::Database& db, UnixSeconds now) {
  constexpr std::int64_t batch = 5'000;
  std::int64_t erased = 0;
  for (;;) {
    const auto n = db.write([&](storage::Connection& conn) {
      return conn.execute(sql::erase_expired_texts, {now, batch});
    });
    erased += n;
    if (n < batch) return erased;
  }
}

}  // namespace lineport::compliance
