#pragma once
// The database interface. Two implementations: storage/sqlite (the embedded default) and
// storage/postgres (libpq). SQL is written once, with $1..$n placeholders, in named constants
// (see storage/queries/*.h); both backends run the same text.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lineport::storage {

// A named SQL statement. The name shows in logs and keys the prepared-statement caches.
struct Query {
  std::string_view name;
  std::string_view sql;
  // PostgreSQL plans the statement for each execution's values instead of preparing it once. A
  // prepared statement soon runs a generic plan, made without the values, and for a statement
  // whose filters are "'' means any" it may pick an index that reads every row of the range:
  // the administrators activity report's page took 8 ms at 10,000 entries in the week instead of
  // 0.1 ms, and more with every entry (docs/performance.md#postgresql). Planning costs about
  // 0.2 ms each time. SQLite plans each statement once, with its own rules, and ignores this.
  bool plan_for_values = false;
};

// A bound parameter or a result cell.
class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(std::int64_t v) : v_(v) {}
  Value(int v) : v_(static_cast<std::int64_t>(v)) {}
  Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  const std::variant<std::monostate, std::int64_t, double, std::string>& raw() const { return v_; }

 private:
  std::variant<std::monostate, std::int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

// One result row. Accessors convert between text and numbers, because PostgreSQL answers in
// text and SQLite in the stored type.
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return cells_.at(i).is_null(); }
  std::string text(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;
  double real(std::size_t i) const;
  bool boolean(std::size_t i) const { return integer(i) != 0; }
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;

 private:
  std::vector<Value> cells_;
};

// A result row read where it lies, valid only during the call that receives it: no cell is copied
// until asked for (a page of 50 accounts is 1,400 cells). Conversions as Row's.
class RowView {
 public:
  virtual bool is_null(std::size_t i) const = 0;
  // The cell as text (a number as its digits); empty for NULL.
  virtual std::string_view text_view(std::size_t i) const = 0;
  virtual std::int64_t integer(std::size_t i) const = 0;

  std::string text(std::size_t i) const { return std::string(text_view(i)); }
  bool boolean(std::size_t i) const { return integer(i) != 0; }
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;

 protected:
  ~RowView() = default;
};

// A cell's text as an integer: its leading digits, or PostgreSQL's "t" and "f" for a boolean.
// Throws naming column `i` when it does not start with a number.
std::int64_t integer_from_text(std::string_view text, std::size_t i);

struct ResultSet {
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  // Exactly one row, else throws. On a temporary it returns a copy, so
  // `const auto& r = conn.query(...).one();` never dangles.
  const Row& one() const&;
  Row one() &&;
};

enum class Backend { sqlite, postgresql };

// A database failure the domain may want to tell apart.
class DatabaseError : public std::runtime_error {
 public:
  // transaction_conflict: the database aborted the transaction because it conflicted with another
  // one (PostgreSQL's deadlock detection or a serialization failure); run again, it may succeed.
  enum class Kind { unique_violation, foreign_key_violation, unavailable, transaction_conflict, other };
  DatabaseError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Work that every server may start at once but only one may do at a time: setting the database
// up at start (migrations, the checks of the keys), and the claim statements of the queues, which
// pick their next items by other rows (a webhook sends one delivery at a time)
// (docs/scaling.md#work-done-once).
enum class ServerLock : std::int32_t { setup = 1, outbox_claim = 2, webhook_claim = 3 };

// One connection, leased from the database's pool to one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual ResultSet query(const Query& q, const Params& params = {}) = 0;
  // Calls `on_row` for each row without holding the whole result (large reports).
  virtual void for_each(const Query& q, const Params& params, const std::function<void(const Row&)>& on_row) = 0;
  // The same, each row read where it lies (RowView) instead of copied into a Row.
  virtual void for_each_view(const Query& q, const Params& params,
                             const std::function<void(const RowView&)>& on_row) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual std::int64_t execute(const Query& q, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual void begin(bool write) = 0;
  // Waits until no other server's transaction holds `lock`, then holds it until this transaction
  // ends. On PostgreSQL an advisory lock; SQLite's write transactions exclude each other already
  // (and one server runs per SQLite file).
  virtual void lock_among_servers(ServerLock /*lock*/) {}
  // A write transaction that writes a great deal (a CSV import of 100,000 rows) and whose caller
  // has checked, inside it, that every row it writes refers to rows that exist. SQLite then keeps
  // more pages in memory until it ends (see expect_bulk_write) and does not check the foreign keys
  // of each row again; PostgreSQL checks them as always, so a reference the caller missed still
  // fails the tests that run on it.
  virtual void begin_bulk_write() {
    begin(true);
    expect_bulk_write();
  }
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // The transaction under way writes a great deal (a CSV import of 100,000 rows). SQLite keeps
  // more pages in memory until it ends, so the index pages it keeps updating are not evicted and
  // read back from the WAL; PostgreSQL plans its statements to read along indexes, as the
  // statistics it plans with do not count the rows the transaction writes.
  virtual void expect_bulk_write() {}
  // The transaction under way added `rows` rows to `table` (a name of the schema, never input).
  // PostgreSQL gathers the table's statistics again, inside the transaction, when that is more
  // than a tenth of the rows they last counted: otherwise the reads after it are planned as if
  // the table were as small as before until autovacuum comes by, up to a minute later (the
  // Accounts page after a first import of 100,000 accounts: 9 requests/s instead of 2,000).
  // SQLite plans without gathered statistics.
  virtual void added_rows(std::string_view /*table*/, std::int64_t /*rows*/) {}
};

class Database;

// Returns its connection to the pool when it goes out of scope.
class Lease {
 public:
  Lease(Database& db, std::unique_ptr<Connection> conn) : db_(&db), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  std::unique_ptr<Connection> conn_;
};

// The connection pool at one moment, for GET /metrics (docs/operations.md#metrics).
struct PoolStats {
  int size = 0;             // at most this many pooled connections
  int open = 0;             // opened so far (a thread's own connections not counted)
  int in_use = 0;           // of those, leased now
  std::uint64_t waits = 0;  // leases that had to wait for a connection, since the start
  double wait_seconds = 0;  // how long they waited in all
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  virtual Lease acquire() = 0;
  // True when a trivial query succeeds (readiness probe).
  virtual bool ping() = 0;
  // The calling thread gets a connection of its own, opened on first use, that no other thread
  // takes: its transactions never wait for the pool. For the network threads, which answer some
  // reads themselves and must not stall behind busy workers (docs/performance.md#call-filter).
  virtual void dedicate_connection_to_this_thread() {}
  virtual PoolStats pool_stats() { return {}; }

  // Runs `fn(Connection&)` in one transaction: committed when it returns, rolled back when it
  // throws. Write transactions on SQLite take the write lock at BEGIN, so they never fail later
  // with "database is locked".
  template <class F>
  auto write(F&& fn) {
    return in_transaction(Mode::write, std::forward<F>(fn));
  }
  // write(), run again from the start in a new transaction, a few times, when the database aborts
  // it for a conflict with another transaction (DatabaseError::Kind::transaction_conflict): on
  // PostgreSQL two transactions that change the same counter rows in different orders deadlock,
  // and one of them is aborted (docs/decisions.md#restartable-writes). `fn` must be restartable:
  // it changes nothing but the database, through the connection it is given, and its own locals.
  template <class F>
  auto write_restartable(F&& fn) {
    for (int attempt = 1;; ++attempt) {
      try {
        return in_transaction(Mode::write, fn);
      } catch (const DatabaseError& e) {
        if (e.kind() != DatabaseError::Kind::transaction_conflict || attempt == max_write_attempts) throw;
      }
    }
  }
  static constexpr int max_write_attempts = 4;
  template <class F>
  auto read(F&& fn) {
    return in_transaction(Mode::read, std::forward<F>(fn));
  }
  // A write whose references `fn` checks itself (see Connection::begin_bulk_write).
  template <class F>
  auto bulk_write(F&& fn) {
    return in_transaction(Mode::bulk_write, std::forward<F>(fn));
  }

 protected:
  friend class Lease;
  virtual void release(std::unique_ptr<Connection> conn) = 0;

 private:
  enum class Mode { read, write, bulk_write };

  template <class F>
  auto in_transaction(Mode mode, F&& fn) {
    Lease lease = acquire();
    if (mode == Mode::bulk_write)
      lease->begin_bulk_write();
    else
      lease->begin(mode == Mode::write);
    try {
      if constexpr (std::is_void_v<decltype(fn(*lease))>) {
        fn(*lease);
        lease->commit();
      } else {
        auto result = fn(*lease);
        lease->commit();
        return result;
      }
    } catch (...) {
      try {
        lease->rollback();
      } catch (...) {
      }
      throw;
    }
  }
};

// "(row), (row), …": `row`, the values of one row with placeholders $1…$params_per_row, repeated
// `rows` times with the placeholders numbered on, for an INSERT of many rows in one statement.
std::string repeat_rows(std::string_view row, int params_per_row, int rows);

// Opens "sqlite:///absolute/path.db" or "postgresql://user:pass@host:port/db".
std::unique_ptr<Database> open_database(const std::string& url, int pool_size);

// The file of a sqlite:// URL; nothing for any other URL.
std::optional<std::string> sqlite_path(const std::string& url);

// Applies the migrations compiled into the binary that the database has not seen yet, in order,
// each in its own transaction. Returns how many were applied.
int migrate(Database& db);

}  // namespace lineport::storage
