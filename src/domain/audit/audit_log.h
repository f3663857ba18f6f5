#pragma once
// The audit log (docs/product.md#audit): append-only and hash-chained. Each entry stores the hash of the one
// before it, so editing or deleting any entry breaks the chain at that point (`lineport audit
// verify` finds it).

#include <condition_variable>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/auth/principal.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::audit {

enum class Activity { portal_access, view, write, download };

struct Entry {
  std::string org_id;
  std::string action;  // "org.create", "auth.login", ...
  Activity activity = Activity::write;
  std::string target_type;
  std::string target_id;
  nlohmann::json changes = nlohmann::json::object();  // never secrets
};

// The `changes` of an update's audit entry: every field whose value differs, as
// {"from": …, "to": …}; an empty optional is null. Compared field by field, so an entry names
// what the caller changed and nothing else.
class Changes {
 public:
  template <class T>
  void compare(const char* field, const T& from, const T& to) {
    if (from != to) json_[field] = {{"from", value(from)}, {"to", value(to)}};
  }
  bool empty() const { return json_.empty(); }
  nlohmann::json take() { return std::exchange(json_, nlohmann::json::object()); }

 private:
  template <class T>
  static nlohmann::json value(const T& v) {
    return v;
  }
  template <class T>
  static nlohmann::json value(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json();
  }
  nlohmann::json json_ = nlohmann::json::object();
};

// The actor is optional: a failed sign-in has only an email and an address.
struct Actor {
  std::string admin_id;
  std::string email;
};

Actor actor_of(const auth::Principal& principal);

// Appends inside the caller's transaction, so the entry exists exactly when the change does.
void append(storage::Connection& conn, const Clock& clock, const Actor& actor, const RequestMeta& meta,
            const Entry& entry);

// Appends the entries that have no transaction of their own (a report's view, which changes
// nothing): each caller returns once its entry is committed, and the entries that arrive while
// one transaction is being written go together into the next. Every entry takes its turn at the
// chain's head, which serializes the log's writers; 32 readers of a report each taking it for a
// transaction of their own spent a fifth of their time waiting for it (docs/performance.md).
class GroupAppender {
 public:
  GroupAppender(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Throws what the transaction of the entry's group threw.
  void append(Actor actor, RequestMeta meta, Entry entry);

 private:
  struct Waiting {
    Actor actor;
    RequestMeta meta;
    Entry entry;
    bool done = false;
    std::exception_ptr failure;
  };
  void write_group(const std::vector<Waiting*>& group);

  storage::Database& db_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable written_;
  std::vector<Waiting*> waiting_;  // for the next group
  bool writing_ = false;           // a caller is writing a group
};

struct VerifyResult {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> broken_at;  // the first entry whose hash or link does not match
  std::string reason;
};
VerifyResult verify(storage::Database& db);

std::string_view activity_name(Activity a);

}  // namespace lineport::audit
