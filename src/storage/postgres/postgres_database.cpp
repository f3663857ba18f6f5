#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

namespace lineport::storage {
namespace {

using Kind = DatabaseError::Kind;

// Lineport's advisory locks are (this, ServerLock): the first key keeps them apart from any other
// application's on the same database. "LNPT" in ASCII.
constexpr std::int64_t lineport_locks = 0x4C4E5054;
constexpr Query lock_among_servers_query{"server_lock", "SELECT pg_advisory_xact_lock($1, $2)"};
// What the table's statistics count (-1: never gathered; 0 for an empty table).
constexpr Query rows_counted_query{"rows_counted",
                                   "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass($1)"};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DatabaseError(Kind::unavailable, "cannot connect to PostgreSQL: " + message);
    }
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them out of stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    // No JIT compilation: every statement here reads or writes rows by key, and compiling one
    // took 60-180 ms where running it took under one. A bulk write's plans (enable_seqscan off
    // adds a huge cost to any scan) crossed jit_above_cost: an import compiled its plan lookups
    // (docs/decisions.md#no-jit).
    execute_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET jit = off");
  }

  ~PostgresConnection() override { PQfinish(conn_); }

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  ResultSet query(const Query& q, const Params& params) override {
    ResultSet out;
    PgResult res = run(q, params);
    const int rows = PQntuples(res.get());
    out.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) out.rows.push_back(read_row(res.get(), r));
    return out;
  }

  void for_each(const Query& q, const Params& params, const std::function<void(const Row&)>& on_row) override {
    for_each_result(q, params, [&](const PGresult* res) { on_row(read_row(res, 0)); });
  }

  void for_each_view(const Query& q, const Params& params, const std::function<void(const RowView&)>& on_row) override {
    for_each_result(q, params, [&](const PGresult* res) { on_row(View(res)); });
  }

  std::int64_t execute(const Query& q, const Params& params) override {
    PgResult res = run(q, params);
    const char* affected = PQcmdTuples(res.get());
    return affected && *affected ? std::stoll(affected) : 0;
  }

  void execute_script(std::string_view sql) override {
    const std::string text(sql);
    PgResult res{PQexec(conn_, text.c_str())};
    check(res.get(), "script");
  }

  // Read committed whatever the database's default: a statement that waited for a lock (an
  // advisory lock, a row another server claims) sees what was committed meanwhile. A read runs
  // its statements outside a transaction block: under read committed each statement reads a
  // snapshot of its own either way, so BEGIN and COMMIT only added two round trips to every
  // read (docs/decisions.md#reads-on-postgresql). Every statement of a read must then be a
  // query (read_error), as READ ONLY made sure before.
  void begin(bool write) override {
    if (write)
      execute_script("BEGIN ISOLATION LEVEL READ COMMITTED");
    else
      reading_ = true;
  }
  void commit() override {
    if (!std::exchange(reading_, false)) execute_script("COMMIT");
  }
  void lock_among_servers(ServerLock lock) override {
    refuse_in_read("lock_among_servers");  // an advisory lock would last for its statement only
    query(lock_among_servers_query, {lineport_locks, static_cast<std::int64_t>(lock)});
  }
  // A bulk write grows its tables by orders of magnitude inside one transaction, where neither
  // autovacuum nor ANALYZE sees the new rows: the planner keeps the statistics of before (none,
  // for a table that has never held a row), estimates a lookup of 256 logins at a quarter of the
  // table and scans it whole, once per chunk of rows, over the rows written so far. The first CSV
  // import of 100,000 accounts took 103 s instead of 3.7 s (docs/performance.md#postgresql).
  // Every statement of a bulk write reads rows by key, so its plans take an index wherever a
  // statement has one; one that has none is still scanned. (The plans stay cached for the
  // connection's later transactions: a lookup by key is planned alike either way.) Planning each
  // execution instead (plan_cache_mode = force_custom_plan) does not help without statistics, and
  // plans every foreign-key check again: 8.3 s.
  void expect_bulk_write() override { execute_script("SET LOCAL enable_seqscan = off"); }
  // ANALYZE inside a transaction samples the rows the transaction wrote as well, and its
  // statistics (pg_statistic) commit or roll back with them; the row count it leaves in pg_class
  // stays after a rollback, too high until autovacuum counts again. It holds a lock that writes
  // and reads do not wait for (SHARE UPDATE EXCLUSIVE): another import of the same table waits
  // at its own ANALYZE until this transaction ends. Autovacuum's own threshold: 50 rows and a
  // tenth.
  void added_rows(std::string_view table, std::int64_t rows) override {
    refuse_in_read("added_rows");
    if (table.empty() ||
        !std::all_of(table.begin(), table.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
      throw std::logic_error("added_rows: not a table name: " + std::string(table));
    if (rows <= 50) return;  // under the threshold whatever the table holds: no need to ask
    const auto counted = query(rows_counted_query, {std::string(table)}).one().integer(0);
    if (rows > 50 + counted / 10) execute_script("ANALYZE " + std::string(table));
  }
  void rollback() override {
    if (!std::exchange(reading_, false) && PQtransactionStatus(conn_) != PQTRANS_IDLE) execute_script("ROLLBACK");
  }

 private:
  const std::string& prepared_name(const Query& q) {
    auto it = prepared_.find(q.sql);
    if (it != prepared_.end()) return it->second;
    std::string name = "s" + std::to_string(prepared_.size());
    PgResult res{PQprepare(conn_, name.c_str(), std::string(q.sql).c_str(), 0, nullptr)};
    check(res.get(), q.name);
    return prepared_.emplace(std::string(q.sql), std::move(name)).first->second;
  }

  struct Bound {
    std::vector<std::string> storage;
    std::vector<const char*> values;
  };

  static Bound bind(const Params& params) {
    Bound b;
    b.storage.resize(params.size());
    b.values.resize(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              return;
            else if constexpr (std::is_same_v<T, std::string>)
              b.storage[i] = v;
            else
              b.storage[i] = std::to_string(v);
            b.values[i] = b.storage[i].c_str();
          },
          params[i].raw());
    }
    return b;
  }

  PgResult run(const Query& q, const Params& params) {
    const Bound b = bind(params);
    const int n = static_cast<int>(b.values.size());
    PgResult res{q.plan_for_values
                     ? PQexecParams(conn_, std::string(q.sql).c_str(), n, nullptr, b.values.data(), nullptr, nullptr, 0)
                     : PQexecPrepared(conn_, prepared_name(q).c_str(), n, b.values.data(), nullptr, nullptr, 0)};
    check(res.get(), q.name);
    if (auto error = read_error(res.get(), q); !error.empty()) throw std::logic_error(error);
    return res;
  }

  // A statement of a read that was not a query: a mistake in the code, which the tests on
  // PostgreSQL meet (outside a transaction block its write has committed already). Empty if none.
  std::string read_error(PGresult* res, const Query& q) const {
    const std::string_view status = PQcmdStatus(res);
    if (!reading_ || status.starts_with("SELECT")) return {};
    return std::string(q.name) + ": a read transaction ran " + std::string(status);
  }

  void refuse_in_read(std::string_view what) const {
    if (reading_) throw std::logic_error(std::string(what) + " inside a read transaction");
  }

  void send(const Query& q, const Params& params) {
    const Bound b = bind(params);
    const int n = static_cast<int>(b.values.size());
    if (!(q.plan_for_values
              ? PQsendQueryParams(conn_, std::string(q.sql).c_str(), n, nullptr, b.values.data(), nullptr, nullptr, 0)
              : PQsendQueryPrepared(conn_, prepared_name(q).c_str(), n, b.values.data(), nullptr, nullptr, 0)))
      throw DatabaseError(Kind::other, std::string(q.name) + ": " + PQerrorMessage(conn_));
  }

  std::string result_error(const PGresult* res, const Query& q) const {
    return std::string(q.name) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
  }

  // What kind of failure the failed result `res` (or, without one, the connection) reports.
  Kind failure_kind(const PGresult* res) const {
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate == "23505") return Kind::unique_violation;
    if (sqlstate == "23503") return Kind::foreign_key_violation;
    if (sqlstate == "40P01" || sqlstate == "40001") return Kind::transaction_conflict;  // deadlock, serialization
    if (PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08")) return Kind::unavailable;
    return Kind::other;
  }

  void check(const PGresult* res, std::string_view what) {
    const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    throw DatabaseError(failure_kind(res),
                        std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn_)));
  }

  // Runs `q` in single-row mode, which streams the result instead of buffering it in libpq, and
  // calls `on_row` with each one-row result.
  template <class OnRow>
  void for_each_result(const Query& q, const Params& params, OnRow&& on_row) {
    send(q, params);
    if (!PQsetSingleRowMode(conn_)) throw DatabaseError(Kind::other, "single-row mode refused");
    std::string error;
    Kind kind = Kind::other;
    while (PgResult res{PQgetResult(conn_)}) {
      const auto status = PQresultStatus(res.get());
      if (status == PGRES_SINGLE_TUPLE) {
        if (error.empty()) {
          try {
            on_row(res.get());
          } catch (const std::exception& e) {
            error = e.what();  // drain the remaining results before rethrowing
          }
        }
      } else if (status != PGRES_TUPLES_OK && error.empty()) {
        error = result_error(res.get(), q);
        kind = failure_kind(res.get());
      } else if (status == PGRES_TUPLES_OK && error.empty()) {
        error = read_error(res.get(), q);
      }
    }
    if (!error.empty()) throw DatabaseError(kind, error);
  }

  // Row 0 of a one-row result, read in place.
  class View final : public RowView {
   public:
    explicit View(const PGresult* res) : res_(res) {}
    bool is_null(std::size_t i) const override { return PQgetisnull(res_, 0, column(i)) != 0; }
    std::string_view text_view(std::size_t i) const override {
      return {PQgetvalue(res_, 0, column(i)), static_cast<std::size_t>(PQgetlength(res_, 0, column(i)))};
    }
    std::int64_t integer(std::size_t i) const override { return is_null(i) ? 0 : integer_from_text(text_view(i), i); }

   private:
    int column(std::size_t i) const {
      if (i >= static_cast<std::size_t>(PQnfields(res_))) throw std::out_of_range("no column " + std::to_string(i));
      return static_cast<int>(i);
    }
    const PGresult* res_;
  };

  static Row read_row(const PGresult* res, int r) {
    const int n = PQnfields(res);
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (PQgetisnull(res, r, c))
        cells.emplace_back();
      else
        cells.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
    }
    return Row(std::move(cells));
  }

  PGconn* conn_;
  bool reading_ = false;  // in a read: its statements run outside a transaction block
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> prepared_;
};

}  // namespace

PostgresDatabase::PostgresDatabase(std::string url, int pool_size) : PooledDatabase(pool_size), url_(std::move(url)) {
  open_first();
}

std::unique_ptr<Connection> PostgresDatabase::open_connection() {
  return std::make_unique<PostgresConnection>(url_);
}

bool PostgresDatabase::reusable(Connection& conn) {
  return static_cast<PostgresConnection&>(conn).healthy();
}

}  // namespace lineport::storage
