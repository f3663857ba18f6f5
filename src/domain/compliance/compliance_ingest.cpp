#include "domain/compliance/compliance_ingest.h"

#include <algorithm>
#include <array>
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
#include "domain/uploads/store_stage.h"
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
  Directory(uploads::SharedConnection& conn, std::string home_org_id)
      : conn_(conn), home_org_id_(std::move(home_org_id)) {}

  // nullptr when the account does not exist or is outside the caller's scope (the same answer,
  // so an upload cannot probe other tenants). The account stays where it is for the upload.
  const Account* find(const AccountRef& ref) {
    auto& known = accounts_[static_cast<std::size_t>(ref.by)];
    auto it = known.find(ref.value);
    if (it == known.end())
      it = known.emplace(ref.value, conn_.use([&](auto& conn) { return look_up(conn, ref); })).first;
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
  std::optional<Account> look_up(storage::Connection& conn, const AccountRef& ref) {
    const auto rows = [&] {
      switch (ref.by) {
        case AccountRef::By::number:
          return conn.query(sql::account_by_number, {ref.value});
        case AccountRef::By::id:
          return conn.query(sql::account_by_id, {ref.value});
        case AccountRef::By::id_or_login:
          break;
      }
      auto by_id = conn.query(sql::account_by_id, {ref.value});
      return by_id.empty() ? conn.query(sql::account_by_login, {text::fold_case(ref.value)}) : by_id;
    }();
    if (rows.empty()) return std::nullopt;
    constexpr auto c = sql::account_columns;
    const auto& r = rows.one();
    Account account{r.text(c["id"]), r.text(c["org_id"]), r.text(c["login"]), r.opt_text(c["multiline_number"]),
                    r.text(c["permission_group_id"])};
    auto visible = scope_.find(account.org_id);
    if (visible == scope_.end())
      visible = scope_.emplace(account.org_id, orgs::in_scope(conn, home_org_id_, account.org_id)).first;
    if (!visible->second) return std::nullopt;
    return account;
  }

  const nlohmann::json& setting(const std::string& org_id, const std::string& key) {
    const auto k = org_id + "\n" + key;
    auto it = settings_.find(k);
    if (it == settings_.end())
      it = settings_.emplace(k, conn_.use([&](auto& conn) { return orgs::effective_value(conn, org_id, key); })).first;
    return it->second;
  }

  const std::vector<std::string>& features_of(const Account& account) {
    const auto k = account.permission_group_id + "\n" + account.org_id;
    auto it = features_.find(k);
    if (it == features_.end()) {
      accounts::Account a;
      a.org_id = account.org_id;
      a.permission_group_id = account.permission_group_id;
      it = features_.emplace(k, conn_.use([&](auto& conn) { return accounts::effective_features(conn, a); })).first;
    }
    return it->second;
  }

  uploads::SharedConnection& conn_;
  std::string home_org_id_;
  // By how the record named the account (AccountRef::By), then the name.
  std::array<std::unordered_map<std::string, std::optional<Account>>, 3> accounts_;
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

// A checked record's INSERT, built by the reading thread; its feed position ($1) is given when it
// is stored, because a duplicate takes none.
struct Insert {
  const storage::Query* query = nullptr;
  storage::Params params;
  Kind kind = Kind::call_recording;
  const std::string* org_id = nullptr;  // the Directory's account's, which outlives the upload
  UnixSeconds at = 0;
};

Insert insert_for(const Record& r, const Account& a, UnixSeconds now, const DataKey& key, Directory& directory) {
  Insert insert{.kind = r.kind, .org_id = &a.org_id, .at = r.at};
  switch (r.kind) {
    case Kind::call_recording:
      insert.query = &sql::insert_call_recording;
      insert.params = sql::InsertCallRecording{.account_id = a.id,
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
                          .params();
      break;
    case Kind::message_log: {
      const auto erase_after = r.at + days(directory.retention_days(a.org_id));
      const bool keep_text = r.text && erase_after > now;
      insert.query = &sql::insert_message_log;
      insert.params = sql::InsertMessageLog{.account_id = a.id,
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
                          .params();
      break;
    }
    case Kind::sms_opt_in:
      insert.query = &sql::insert_sms_opt_in;
      insert.params = sql::InsertSmsOptIn{.account_id = a.id,
                                          .id = r.id,
                                          .org_id = a.org_id,
                                          .login = a.login,
                                          .multiline_number = a.multiline_number,
                                          .peer_number = r.peer_number,
                                          .at = r.at,
                                          .opted_in = r.opted_in,
                                          .keyword = r.keyword,
                                          .ingested_at = now}
                          .params();
      break;
  }
  return insert;
}

// What the storing stage did, record by record in line order: each new record takes the next feed
// position (a duplicate takes none).
class Stored {
 public:
  explicit Stored(std::int64_t position) : position_(position) {}

  void store(storage::Connection& conn, std::vector<Insert>& batch) {
    for (auto& insert : batch) {
      insert.params[0] = storage::Value(position_ + 1);
      if (conn.execute(*insert.query, insert.params) == 0) {
        ++duplicates_;
        continue;
      }
      ++position_;
      ++stored_;
      ++stored_by_kind_[static_cast<std::size_t>(insert.kind)];
      counts_.add(insert.kind, *insert.org_id, insert.at);
    }
  }

  std::int64_t position() const { return position_; }
  std::int64_t stored() const { return stored_; }
  std::int64_t duplicates() const { return duplicates_; }
  // Only the kinds stored, by name (for the audit entry).
  std::map<std::string, std::int64_t> stored_by_kind() const {
    std::map<std::string, std::int64_t> out;
    for (const auto kind : {Kind::call_recording, Kind::message_log, Kind::sms_opt_in})
      if (const auto n = stored_by_kind_[static_cast<std::size_t>(kind)]; n > 0) out[std::string(to_string(kind))] = n;
    return out;
  }
  const StoredCounts& counts() const { return counts_; }

 private:
  std::int64_t position_;
  std::int64_t stored_ = 0;
  std::int64_t duplicates_ = 0;
  std::array<std::int64_t, 3> stored_by_kind_{};  // by Kind
  StoredCounts counts_;
};

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
    const std::int64_t first_position = conn.query(sql::lock_feed).one().integer(0);
    const UnixSeconds now = clock_.now();
    uploads::UploadResult result;
    uploads::RecordUpload upload(record_schema(), request.format, max_reported_errors);
    uploads::SharedConnection shared(conn);
    Directory directory(shared, who.home_org_id);
    Stored stored(first_position);
    // Reading, checking and sealing here; inserting on a second thread (docs/architecture.md#uploads-in-two-stages).
    uploads::StoreStage<Insert> stage(
        shared, [&](storage::Connection& c, std::vector<Insert>& batch) { stored.store(c, batch); });
    std::vector<uploads::FieldProblem> problems;
    uploads::NumberCache numbers;
    std::int64_t duplicates_refused = 0;

    upload.read(source, [&](const uploads::RawRecord& raw) {
      problems.clear();
      const auto record = check_record(raw, problems, numbers);
      const Account* account = record ? directory.find(record->account) : nullptr;
      if (record && !account) {
        const auto& name = record_schema().fields[static_cast<std::size_t>(record->account.field)].name;
        problems.push_back({std::string(name), record->account.value, "No such user account."});
      } else if (account) {
        if (auto why = directory.refusal(*account, record->kind); !why.empty()) {
          // Stored while the organization recorded: a re-sent batch stays idempotent. (Never by
          // this upload: the refusal holds for all of it.)
          if (shared.use([&](auto& c) { return is_stored(c, record->kind, account->id, record->id); })) {
            ++duplicates_refused;
            return;
          }
          problems.push_back({"kind", std::string(to_string(record->kind)), std::move(why)});
        }
      }
      for (const auto& p : problems) upload.reject(raw.line, p);
      if (!record || !account || !problems.empty() || upload.doomed(request.partial)) return;
      stage.push(insert_for(*record, *account, now, key_, directory));
    });
    upload.refuse_if_doomed(request.partial);
    stage.finish();
    conn.execute(sql::advance_feed, {stored.position()});
    stored.counts().write(conn);
    result.stored = stored.stored();
    result.duplicates = stored.duplicates() + duplicates_refused;
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
                    {"stored_by_kind", stored.stored_by_kind()},
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
