#include "domain/audit/audit_log.h"

#include "storage/queries/audit.h"
#include "util/crypto.h"

namespace lineport::audit {
namespace {

namespace sql = storage::sql::audit;

struct Fields {
  std::int64_t seq;
  std::int64_t at;
  std::optional<std::string> actor_id, actor_email, client_ip, org_id;
  std::string action, activity_type;
  std::optional<std::string> target_type, target_id;
  std::string changes;
  std::optional<std::string> request_id;
};

// The hash covers every stored field and the previous hash, in a fixed JSON layout.
std::string chain_hash(const std::string& prev_hash, const Fields& f) {
  const nlohmann::json canonical =
      nlohmann::json::array({f.seq, f.at, f.actor_id.value_or(""), f.actor_email.value_or(""), f.client_ip.value_or(""),
                             f.org_id.value_or(""), f.action, f.activity_type, f.target_type.value_or(""),
                             f.target_id.value_or(""), f.changes, f.request_id.value_or("")});
  return crypto::sha256_hex(prev_hash + "\n" + canonical.dump());
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

std::string_view activity_name(Activity a) {
  switch (a) {
    case Activity::portal_access:
      return "portal_access";
    case Activity::view:
      return "view";
    case Activity::write:
      return "write";
    case Activity::download:
      return "download";
  }
  return "write";
}

Actor actor_of(const auth::Principal& principal) {
  return {principal.admin_id, principal.email};
}

namespace {

struct Head {
  std::int64_t seq;
  std::string hash;
};

// Locks the chain's head until the transaction ends: one writer at a time extends the chain.
Head take_head(storage::Connection& conn) {
  constexpr auto h = sql::head_columns;
  const auto head = conn.query(sql::take_head).one();
  return {head.integer(h["seq"]), head.text(h["hash"])};
}

// Writes the entry after `head` and returns it, the new head (not yet stored as the head).
Head write_entry(storage::Connection& conn, const Head& head, UnixSeconds at, const Actor& actor,
                 const RequestMeta& meta, const Entry& entry) {
  Fields f{head.seq + 1,
           at,
           non_empty(actor.admin_id),
           non_empty(actor.email),
           non_empty(meta.client_ip),
           non_empty(entry.org_id),
           entry.action,
           std::string(activity_name(entry.activity)),
           non_empty(entry.target_type),
           non_empty(entry.target_id),
           entry.changes.dump(),
           non_empty(meta.request_id)};
  std::string hash = chain_hash(head.hash, f);
  conn.execute(sql::insert_entry, sql::InsertEntry{.seq = f.seq,
                                                   .at = f.at,
                                                   .actor_id = f.actor_id,
                                                   .actor_email = f.actor_email,
                                                   .client_ip = f.client_ip,
                                                   .org_id = f.org_id,
                                                   .action = f.action,
                                                   .activity_type = f.activity_type,
                                                   .target_type = f.target_type,
                                                   .target_id = f.target_id,
                                                   .changes = f.changes,
                                                   .request_id = f.request_id,
                                                   .prev_hash = head.hash,
                                                   .hash = hash}
                                      .params());
  return {f.seq, std::move(hash)};
}

void store_head(storage::Connection& conn, const Head& head) {
  conn.execute(sql::update_head, {head.seq, head.hash});
}

}  // namespace

void append(storage::Connection& conn, const Clock& clock, const Actor& actor, const RequestMeta& meta,
            const Entry& entry) {
  store_head(conn, write_entry(conn, take_head(conn), clock.now(), actor, meta, entry));
}

void GroupAppender::append(Actor actor, RequestMeta meta, Entry entry) {
  Waiting me{std::move(actor), std::move(meta), std::move(entry)};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&me);
  written_.wait(lock, [&] { return me.done || !writing_; });
  if (!me.done) {
    // No group is being written: this caller writes every entry waiting, its own among them,
    // while the entries that arrive meanwhile wait for the next group.
    writing_ = true;
    const auto group = std::exchange(waiting_, {});
    lock.unlock();
    std::exception_ptr failure;
    try {
      write_group(group);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    for (auto* w : group) {
      w->done = true;
      w->failure = failure;
    }
    writing_ = false;
    written_.notify_all();
  }
  if (me.failure) std::rethrow_exception(me.failure);
}

void GroupAppender::write_group(const std::vector<Waiting*>& group) {
  db_.write([&](storage::Connection& conn) {
    auto head = take_head(conn);
    for (const auto* w : group) head = write_entry(conn, head, clock_.now(), w->actor, w->meta, w->entry);
    store_head(conn, head);
  });
}

VerifyResult verify(storage::Database& db) {
  VerifyResult result;
  std::string expected_prev(64, '0');
  std::int64_t expected_seq = 1;
  auto lease = db.acquire();
  constexpr auto c = sql::chain_columns;
  lease->for_each(sql::select_chain, {}, [&](const storage::Row& r) {
    if (!result.ok) return;
    Fields f{.seq = r.integer(c["seq"]),
             .at = r.integer(c["at"]),
             .actor_id = r.opt_text(c["actor_id"]),
             .actor_email = r.opt_text(c["actor_email"]),
             .client_ip = r.opt_text(c["client_ip"]),
             .org_id = r.opt_text(c["org_id"]),
             .action = r.text(c["action"]),
             .activity_type = r.text(c["activity_type"]),
             .target_type = r.opt_text(c["target_type"]),
             .target_id = r.opt_text(c["target_id"]),
             .changes = r.text(c["changes"]),
             .request_id = r.opt_text(c["request_id"])};
    ++result.entries;
    auto fail = [&](std::string reason) {
      result.ok = false;
      result.broken_at = f.seq;
      result.reason = std::move(reason);
    };
    if (f.seq != expected_seq) return fail("entry " + std::to_string(expected_seq) + " is missing");
    if (r.text(c["prev_hash"]) != expected_prev) return fail("the link to the previous entry does not match");
    if (r.text(c["hash"]) != chain_hash(expected_prev, f)) return fail("the entry's content does not match its hash");
    expected_prev = r.text(c["hash"]);
    ++expected_seq;
  });
  if (result.ok) {
    // A deleted tail is caught by the head, which remembers the last entry written.
    constexpr auto h = sql::head_columns;
    const auto& head = lease->query(sql::select_head).one();
    if (head.integer(h["seq"]) != expected_seq - 1 || head.text(h["hash"]) != expected_prev) {
      result.ok = false;
      result.broken_at = expected_seq;
      result.reason = "entries after " + std::to_string(expected_seq - 1) + " were deleted";
    }
  }
  return result;
}

}  // namespace lineport::audit
