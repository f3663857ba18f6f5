#include "storage/sqlite/sqlite_database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>

namespace lineport::storage {

// SQLite counts its allocations under one process-wide mutex unless told otherwise before it
// starts; nothing here reads those counts, and every statement paid for the lock (3-4% of a
// usage ingest's time). Runs before the first connection opens.
void configure_library_once() {
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
}

// Opens the database file, creating it if missing, with the settings every connection shares: a
// new file gets 16 KiB pages (docs/decisions.md), which only the first statement to write it can
// choose, so every connection that may be first (the checkpointer's opens before the others)
// asks for them before the log mode; the write-ahead log, synchronous=NORMAL, foreign keys on.
sqlite3* open_file(const std::string& path) {
  configure_library_once();
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  const auto give_up = [&](const std::string& message) {
    sqlite3_close(db);
    throw DatabaseError(DatabaseError::Kind::unavailable, "cannot open " + path + ": " + message);
  };
  if (rc != SQLITE_OK) give_up(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  sqlite3_busy_timeout(db, 10000);
  if (sqlite3_exec(db,
                   "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    give_up(sqlite3_errmsg(db));
  return db;
}

// Checkpoints the write-ahead log on its own thread and connection. Every connection's commit
// reports the log's size (sqlite3_wal_hook, which also turns SQLite's own checkpoint at commit
// off); past checkpoint_pages the thread is woken to run a passive checkpoint, which never blocks
// readers or writers. The last one runs when the database is closed.
class Checkpointer {
 public:
  // SQLite's own threshold for its checkpoint at commit (wal_autocheckpoint's default).
  static constexpr int checkpoint_pages = 1000;

  // Its connection is set up as every other (open_file): one that has not read the file does not
  // know it is in WAL mode, and its checkpoints would do nothing (sqlite3_wal_checkpoint_v2
  // answers OK with -1 frames), so the log grew by every write for as long as the server ran.
  explicit Checkpointer(const std::string& path) : db_(open_file(path)) {
    thread_ = std::thread([this] { loop(); });
  }

  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
    checkpoint();
    sqlite3_close(db_);
  }

  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The sqlite3_wal_hook of every connection: runs inside the commit, so it only signals.
  static int on_commit(void* self, sqlite3*, const char*, int wal_pages) {
    if (wal_pages >= checkpoint_pages) static_cast<Checkpointer*>(self)->request();
    return SQLITE_OK;
  }

 private:
  void request() {
    {
      std::lock_guard lock(mutex_);
      requested_ = true;
    }
    cv_.notify_all();
  }

  void loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait(lock, [&] { return requested_ || stopping_; });
      if (stopping_) return;
      requested_ = false;
      lock.unlock();
      checkpoint();
      lock.lock();
    }
  }

  void checkpoint() {
    const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) spdlog::warn("sqlite: checkpoint failed: {}", sqlite3_errmsg(db_));
  }

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

namespace {

using Kind = DatabaseError::Kind;

// Page cache sizes (negative: KiB). SQLite's default for every transaction; a bulk write's for
// the length of its transaction only: the pages go back when it ends, so the memory of an idle
// server stays small.
constexpr std::string_view default_cache_size = "PRAGMA cache_size=-2000";
constexpr std::string_view bulk_write_cache_size = "PRAGMA cache_size=-65536";

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  const std::string message = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
    throw DatabaseError(Kind::unique_violation, message);
  if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) throw DatabaseError(Kind::foreign_key_violation, message);
  if (rc == SQLITE_CANTOPEN || rc == SQLITE_BUSY || rc == SQLITE_IOERR) throw DatabaseError(Kind::unavailable, message);
  throw DatabaseError(Kind::other, message);
}

// Transactions are begun and ended by prepared statements kept like any other: every request
// runs one or more, and sqlite3_exec would parse their text each time.
constexpr Query begin_statement{"begin", "BEGIN"};
constexpr Query begin_immediate_statement{"begin immediate", "BEGIN IMMEDIATE"};
constexpr Query commit_statement{"commit", "COMMIT"};
constexpr Query rollback_statement{"rollback", "ROLLBACK"};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, std::mutex& write_mutex, Checkpointer& checkpointer)
      : db_(open_file(path)), write_mutex_(write_mutex) {
    sqlite3_wal_hook(db_, &Checkpointer::on_commit, &checkpointer);
  }

  ~SqliteConnection() override {
    for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
    sqlite3_close(db_);
  }

  ResultSet query(const Query& q, const Params& params) override {
    ResultSet out;
    run(q, params, [&](sqlite3_stmt* stmt) { out.rows.push_back(read_row(stmt)); });
    return out;
  }

  void for_each(const Query& q, const Params& params, const std::function<void(const Row&)>& on_row) override {
    run(q, params, [&](sqlite3_stmt* stmt) { on_row(read_row(stmt)); });
  }

  void for_each_view(const Query& q, const Params& params, const std::function<void(const RowView&)>& on_row) override {
    run(q, params, [&](sqlite3_stmt* stmt) { on_row(View(stmt)); });
  }

  std::int64_t execute(const Query& q, const Params& params) override {
    run(q, params, [](sqlite3_stmt*) {});
    return sqlite3_changes(db_);
  }

  void execute_script(std::string_view sql) override {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      fail(db_, rc, "script failed: " + message);
    }
  }

  void begin(bool write) override {
    if (write) {
      write_lock_ = std::unique_lock(write_mutex_);
      try {
        execute(begin_immediate_statement, {});
      } catch (...) {
        write_lock_.unlock();
        throw;
      }
    } else {
      execute(begin_statement, {});
      reading_ = true;
    }
  }

  void commit() override {
    execute(commit_statement, {});
    end_transaction();
  }

  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) execute(rollback_statement, {});
    end_transaction();
  }

  void expect_bulk_write() override {
    execute_script(bulk_write_cache_size);
    bulk_write_ = true;
  }

  void begin_bulk_write() override {
    // Outside a transaction: inside one, SQLite ignores this pragma.
    execute_script("PRAGMA foreign_keys=OFF");
    foreign_keys_off_ = true;
    try {
      begin(true);
    } catch (...) {
      end_transaction();
      throw;
    }
    try {
      expect_bulk_write();
    } catch (...) {
      rollback();
      throw;
    }
  }

 private:
  void end_transaction() {
    reading_ = false;
    if (write_lock_.owns_lock()) write_lock_.unlock();
    if (foreign_keys_off_) {
      foreign_keys_off_ = false;
      execute_script("PRAGMA foreign_keys=ON");
    }
    if (!bulk_write_) return;
    bulk_write_ = false;
    execute_script(default_cache_size);
  }

  // A statement and where each of its "$N" placeholders binds.
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    // slots[N - 1]: the bind index of "$N", 0 when the text has no "$N". "$N" placeholders are
    // named parameters in SQLite: looked up by name once, so the order of first appearance in
    // the text does not matter and binding does no string work per row.
    std::vector<int> slots;
  };

  const Prepared& prepare(const Query& q) {
    auto it = statements_.find(q.sql);
    if (it != statements_.end()) return it->second;
    Prepared prepared;
    const int rc = sqlite3_prepare_v3(db_, q.sql.data(), static_cast<int>(q.sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &prepared.stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare " + std::string(q.name));
    const int count = sqlite3_bind_parameter_count(prepared.stmt);
    for (int n = 1; n <= count; ++n)
      prepared.slots.push_back(sqlite3_bind_parameter_index(prepared.stmt, ("$" + std::to_string(n)).c_str()));
    return statements_.emplace(std::string(q.sql), std::move(prepared)).first->second;
  }

  void bind(const Prepared& prepared, const Query& q, const Params& params) {
    sqlite3_stmt* stmt = prepared.stmt;
    if (prepared.slots.size() != params.size())
      throw DatabaseError(Kind::other, std::string(q.name) + ": expected " + std::to_string(prepared.slots.size()) +
                                           " parameters, got " + std::to_string(params.size()));
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = prepared.slots[i];
      if (index == 0)
        throw DatabaseError(Kind::other, std::string(q.name) + ": no placeholder $" + std::to_string(i + 1));
      int rc = SQLITE_OK;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              rc = sqlite3_bind_null(stmt, index);
            else if constexpr (std::is_same_v<T, std::int64_t>)
              rc = sqlite3_bind_int64(stmt, index, v);
            else if constexpr (std::is_same_v<T, double>)
              rc = sqlite3_bind_double(stmt, index, v);
            // SQLITE_STATIC: `params` outlive the run, whose end clears the bindings.
            else
              rc = sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
          },
          params[i].raw());
      if (rc != SQLITE_OK) fail(db_, rc, "bind " + std::string(q.name));
    }
  }

  template <class OnRow>
  void run(const Query& q, const Params& params, OnRow&& on_row) {
    const Prepared& prepared = prepare(q);
    sqlite3_stmt* stmt = prepared.stmt;
    // A read that writes is a mistake in the code (docs/decisions.md, "Reads on PostgreSQL"):
    // refused before it runs, as on PostgreSQL, where it is found once it has run.
    if (reading_ && !sqlite3_stmt_readonly(stmt))
      throw std::logic_error(std::string(q.name) + ": a write inside a read transaction");
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    bind(prepared, q, params);
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        on_row(stmt);
        continue;
      }
      if (rc == SQLITE_DONE) return;
      fail(db_, rc, std::string(q.name));
    }
  }

  // The current row of a statement, read in place.
  class View final : public RowView {
   public:
    explicit View(sqlite3_stmt* stmt) : stmt_(stmt), columns_(static_cast<std::size_t>(sqlite3_column_count(stmt))) {}
    bool is_null(std::size_t i) const override { return sqlite3_column_type(stmt_, column(i)) == SQLITE_NULL; }
    std::string_view text_view(std::size_t i) const override {
      const int at = column(i);
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, at));
      if (!text) return {};
      return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, at))};
    }
    std::int64_t integer(std::size_t i) const override {
      const int at = column(i);
      switch (sqlite3_column_type(stmt_, at)) {
        case SQLITE_INTEGER:
          return sqlite3_column_int64(stmt_, at);
        case SQLITE_FLOAT:
          return static_cast<std::int64_t>(sqlite3_column_double(stmt_, at));
        case SQLITE_NULL:
          return 0;
        default:
          return integer_from_text(text_view(i), i);
      }
    }

   private:
    int column(std::size_t i) const {
      if (i >= columns_) throw std::out_of_range("no column " + std::to_string(i));
      return static_cast<int>(i);
    }
    sqlite3_stmt* stmt_;
    std::size_t columns_;
  };

  static Row read_row(sqlite3_stmt* stmt) {
    const int n = sqlite3_column_count(stmt);
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_NULL:
          cells.emplace_back();
          break;
        case SQLITE_INTEGER:
          cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
          break;
        case SQLITE_FLOAT:
          cells.emplace_back(sqlite3_column_double(stmt, i));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          cells.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
    }
    return Row(std::move(cells));
  }

  sqlite3* db_ = nullptr;
  std::mutex& write_mutex_;
  std::unique_lock<std::mutex> write_lock_;
  bool bulk_write_ = false;        // the transaction under way has the bulk write's page cache
  bool reading_ = false;           // the transaction under way is a read
  bool foreign_keys_off_ = false;  // ... and its caller checks its references (begin_bulk_write)
  // Keyed by the statement text (not its address: a query built at run time may reuse one).
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> statements_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, int pool_size)
    : PooledDatabase(pool_size), path_(std::move(path)), checkpointer_(std::make_unique<Checkpointer>(path_)) {
  open_first();
}

// Out of line: Checkpointer is complete only here. The idle connections close first, while the
// checkpointer and the write mutex they refer to still exist (a leased one would be a bug: every
// lease ends before the database does).
SqliteDatabase::~SqliteDatabase() {
  close_idle();
}

std::unique_ptr<Connection> SqliteDatabase::open_connection() {
  return std::make_unique<SqliteConnection>(path_, write_mutex_, *checkpointer_);
}

}  // namespace lineport::storage
