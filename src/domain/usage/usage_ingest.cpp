#include "domain/usage/usage_ingest.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/row_errors.h"
#include "domain/uploads/store_stage.h"
#include "storage/queries/usage.h"

namespace lineport::usage {
namespace {

namespace sql = storage::sql::usage;

struct Sums {
  std::int64_t quantity = 0;
  std::int64_t billable_quantity = 0;
  std::int64_t records = 0;
  std::int64_t billable_minutes = 0;

  void add(const UsageRecord& r) {
    quantity += r.quantity;
    billable_quantity += r.billable ? r.quantity : 0;
    ++records;
    // Charged by the started minute, record by record (docs/subscriptions.md#charging).
    if (r.billable && r.type == UsageType::voice) billable_minutes += (r.quantity + 59) / 60;
  }
};

// What one upload adds to the rollups, written once at the end instead of once per record: the
// organization's own slots and totals, and the billable sums of every subtree it belongs to.
class RollupDelta {
 public:
  void add(const std::string& org_id, const UsageRecord& r) {
    buckets_[{org_id, slot_of(r.started_at), r.type, r.direction}].add(r);
    totals_[{org_id, r.type, r.direction}].add(r);
  }

  void write(storage::Connection& conn) const {
    // (organization, type, slot or day) → billable quantity
    std::map<std::tuple<std::string, UsageType, UnixSeconds>, std::int64_t> subtree_slots, subtree_days;
    std::map<std::pair<std::string, UsageType>, std::int64_t> subtree_totals;
    std::map<std::string, std::vector<std::string>> ancestors;  // of each organization, itself included
    const auto ancestors_of = [&](const std::string& org_id) -> const std::vector<std::string>& {
      auto it = ancestors.find(org_id);
      if (it != ancestors.end()) return it->second;
      auto& list = ancestors[org_id];
      for (const auto& row : conn.query(sql::ancestors_and_self, {org_id}).rows) list.push_back(row.text(0));
      return list;
    };

    for (const auto& [key, sums] : buckets_) {
      const auto& [org_id, slot, type, direction] = key;
      conn.execute(sql::add_to_bucket, sql::AddToBucket{.org_id = org_id,
                                                        .slot = slot,
                                                        .usage_type = std::string(to_string(type)),
                                                        .direction = std::string(to_string(direction)),
                                                        .quantity = sums.quantity,
                                                        .billable_quantity = sums.billable_quantity,
                                                        .records = sums.records,
                                                        .billable_minutes = sums.billable_minutes}
                                           .params());
      for (const auto& ancestor : ancestors_of(org_id)) {
        subtree_slots[{ancestor, type, slot}] += sums.billable_quantity;
        subtree_days[{ancestor, type, slot - slot % 86400}] += sums.billable_quantity;
      }
    }
    for (const auto& [key, sums] : totals_) {
      const auto& [org_id, type, direction] = key;
      conn.execute(sql::add_to_total, sql::AddToTotal{.org_id = org_id,
                                                      .usage_type = std::string(to_string(type)),
                                                      .direction = std::string(to_string(direction)),
                                                      .quantity = sums.quantity,
                                                      .billable_quantity = sums.billable_quantity,
                                                      .records = sums.records}
                                          .params());
      for (const auto& ancestor : ancestors_of(org_id)) subtree_totals[{ancestor, type}] += sums.billable_quantity;
    }
    for (const auto& [key, billable] : subtree_slots) {
      const auto& [org_id, type, slot] = key;
      conn.execute(sql::add_to_subtree_slot, {org_id, std::string(to_string(type)), slot, billable});
    }
    for (const auto& [key, billable] : subtree_days) {
      const auto& [org_id, type, day] = key;
      conn.execute(sql::add_to_subtree_day, {org_id, std::string(to_string(type)), day, billable});
    }
    for (const auto& [key, billable] : subtree_totals)
      conn.execute(sql::add_to_subtree_total, {key.first, std::string(to_string(key.second)), billable});
  }

 private:
  std::map<std::tuple<std::string, UnixSeconds, UsageType, Direction>, Sums> buckets_;
  std::map<std::tuple<std::string, UsageType, Direction>, Sums> totals_;
};

struct Account {
  std::string id;
  std::string org_id;
};

// Account lookups of one upload, remembered: an upload names the same accounts again and again.
class AccountDirectory {
 public:
  AccountDirectory(uploads::SharedConnection& conn, std::string home_org_id)
      : conn_(conn), home_org_id_(std::move(home_org_id)) {}

  // The account, or nullptr when it does not exist or is outside the caller's scope (the same
  // answer, so an upload cannot probe other tenants).
  const Account* find(const AccountRef& ref) {
    const std::string key = (ref.by_number ? "n:" : "i:") + ref.value;
    auto it = accounts_.find(key);
    if (it == accounts_.end())
      it = accounts_.emplace(key, conn_.use([&](storage::Connection& conn) { return look_up(conn, ref); })).first;
    return it->second ? &*it->second : nullptr;
  }

 private:
  std::optional<Account> look_up(storage::Connection& conn, const AccountRef& ref) {
    const auto rows = conn.query(ref.by_number ? sql::account_by_number : sql::account_by_id, {ref.value}).rows;
    if (rows.empty()) return std::nullopt;
    constexpr auto c = sql::account_columns;
    Account account{rows.front().text(c["id"]), rows.front().text(c["org_id"])};
    auto visible = scope_.find(account.org_id);
    if (visible == scope_.end())
      visible = scope_.emplace(account.org_id, orgs::in_scope(conn, home_org_id_, account.org_id)).first;
    if (!visible->second) return std::nullopt;
    return account;
  }

  uploads::SharedConnection& conn_;
  std::string home_org_id_;
  std::unordered_map<std::string, std::optional<Account>> accounts_;
  std::unordered_map<std::string, bool> scope_;
};

}  // namespace

IngestResult UsageIngest::run(const auth::Principal& who, const IngestRequest& request, const ChunkSource& source,
                              const RequestMeta& meta) {
  return db_.write([&](storage::Connection& conn) {
    conn.expect_bulk_write();
    const UnixSeconds now = clock_.now();
    IngestResult result;
    uploads::RecordUpload upload(record_schema(), request.format, max_reported_errors);
    uploads::SharedConnection shared(conn);
    AccountDirectory accounts(shared, who.home_org_id);
    RollupDelta delta;
    std::vector<FieldProblem> problems;
    NumberCache numbers;

    // Reading and checking here; inserting on a second thread once the upload is large
    // (docs/architecture.md#uploads-in-two-stages).
    struct Checked {
      UsageRecord record;
      const Account* account;  // the directory's, which outlives the upload
    };
    uploads::StoreStage<Checked> stage(shared, [&](storage::Connection& c, std::vector<Checked>& batch) {
      for (const auto& [r, account] : batch) {
        const auto inserted =
            c.execute(sql::insert_record, sql::InsertRecord{.account_id = account->id,
                                                            .id = r.id,
                                                            .org_id = account->org_id,
                                                            .usage_type = std::string(to_string(r.type)),
                                                            .direction = std::string(to_string(r.direction)),
                                                            .started_at = r.started_at,
                                                            .quantity = r.quantity,
                                                            .billable = r.billable,
                                                            .ingested_at = now}
                                              .params());
        if (inserted == 0) {
          ++result.duplicates;
          continue;
        }
        ++result.stored;
        delta.add(account->org_id, r);
      }
    });
    upload.read(source, [&](const RawRecord& raw) {
      problems.clear();
      auto record = check_record(raw, problems, numbers);
      const Account* account = record ? accounts.find(record->account) : nullptr;
      if (record && !account)
        problems.push_back({record->account.by_number ? "multiline_number" : "account_id", record->account.value,
                            "No such user account."});
      for (const auto& p : problems) upload.reject(raw.line, p);
      if (record && account && problems.empty() && !upload.doomed(request.partial))
        stage.push({std::move(*record), account});
    });
    upload.refuse_if_doomed(request.partial);
    stage.finish();
    delta.write(conn);
    upload.tally_into(result);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {who.home_org_id,
                   "usage.ingest",
                   audit::Activity::write,
                   "usage",
                   "",
                   {{"received", result.received},
                    {"stored", result.stored},
                    {"duplicates", result.duplicates},
                    {"rejected", result.rejected}}});
    return result;
  });
}

}  // namespace lineport::usage
