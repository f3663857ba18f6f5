#include "domain/numbers/number_service.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_set>

#include "domain/audit/audit_log.h"
#include "domain/numbers/number_search.h"
#include "domain/orgs/org_service.h"
#include "domain/subscriptions/plan_rules.h"
#include "storage/queries/numbers.h"
#include "storage/queries/orgs.h"
#include "util/phone.h"
#include "util/text.h"

namespace lineport::numbers {
namespace {

namespace sql = storage::sql::numbers;

std::optional<std::string> parent_of(storage::Connection& conn, const std::string& org_id) {
  const auto rows = conn.query(storage::sql::orgs::select_parent, {org_id});
  return rows.empty() ? std::nullopt : rows.one().opt_text(0);
}

// Allocation goes to a direct child, withdrawal comes from one.
void require_child(storage::Connection& conn, const std::string& parent_id, const std::string& child_id,
                   const std::string& field) {
  if (child_id.empty() || parent_of(conn, child_id) != parent_id)
    throw DomainError(ErrorCode::validation_failed, "The organization must be a direct sub-organization.",
                      {{field, "Must be a direct sub-organization of this organization."}});
}

void validate_move(const MoveRequest& r, const std::string& org_field) {
  Validator v;
  if (r.other_org_id.empty()) v.fail(org_field, "Is required.");
  if (r.count.has_value() == r.numbers.has_value()) v.fail("count", "Give either count or numbers.");
  if (r.count && (*r.count < 1 || *r.count > 1'000'000)) v.fail("count", "Must be from 1 to 1000000.");
  if (r.numbers && (r.numbers->empty() || r.numbers->size() > 10'000))
    v.fail("numbers", "Must list 1 to 10000 numbers.");
  if (!r.series.empty() && r.numbers) v.fail("series", "Applies to a count only.");
  v.throw_if_failed();
}

// What one page of a pool asks for.
struct PoolPage {
  const std::string& org_id;
  const NumberFilter& filter;
  std::string digits;  // of the search; '' for none
  std::string after;   // the cursor's number
  int limit = 0;
  std::string status() const { return filter.status ? std::string(to_string(*filter.status)) : ""; }
};

// A page and its total found along the trigram index, started from the digits' rarer trigrams
// (docs/performance.md#lists). SQLite's FTS5 query gives the candidates: one pass over the matches
// counts them and picks the page's numbers, which are then read whole. PostgreSQL does the same in
// one statement when the candidates are few, and otherwise counts them, then reads the page along
// the numbers in order.
Page<Number> read_search(storage::Connection& conn, storage::Backend backend, const PoolPage& p) {
  const std::string pattern = digits_pattern(p.digits);
  const auto& f = p.filter;
  const auto start = search_start(conn, backend, p.digits);
  Page<Number> out;
  if (backend == storage::Backend::postgresql) {
    const auto [a, b, c] = trigram_patterns(start);
    storage::Params params{p.org_id, f.tag, f.series, p.digits, p.status(), a, b, c};
    if (start.rarest <= few_candidates) {
      params.insert(params.end(), {p.after, p.limit + 1});
      for (const auto& row : conn.query(sql::search_few_pg, params).rows) {
        out.total = row.integer(sql::search_few_pg_total);
        if (!row.is_null(0)) out.items.push_back(number_from_row(row));
      }
      return out;
    }
    out.total = conn.query(sql::search_count_pg, params).one().integer(0);
    if (out.total == 0) return out;
    for (const auto& row :
         conn.query(sql::search_page_trigram, {p.org_id, f.tag, f.series, pattern, p.after, p.limit + 1, p.status()})
             .rows)
      out.items.push_back(number_from_row(row));
    return out;
  }
  std::vector<std::string> after_cursor;
  conn.for_each_view(sql::search_matches_fts, {p.org_id, f.tag, f.series, pattern, p.status(), fts_query(start)},
                     [&](const storage::RowView& row) {
                       ++out.total;
                       if (const auto number = row.text_view(0); number > p.after) after_cursor.emplace_back(number);
                     });
  const auto page_size = std::min(after_cursor.size(), static_cast<std::size_t>(p.limit) + 1);
  if (page_size == 0) return out;
  std::partial_sort(after_cursor.begin(), after_cursor.begin() + static_cast<std::ptrdiff_t>(page_size),
                    after_cursor.end());
  after_cursor.resize(page_size);
  for (const auto& row : conn.query(sql::select_listed, {nlohmann::json(after_cursor).dump()}).rows)
    out.items.push_back(number_from_row(row));
  return out;
}

// A page read along the pool's indexes, its total from the counters when no filter but the status
// is given (one or two digits are matched by reading).
Page<Number> read_pool(storage::Connection& conn, const Clock& clock, const PoolPage& p) {
  const std::string pattern = digits_pattern(p.digits);
  const auto& f = p.filter;
  Page<Number> out;
  const auto rows = f.status ? conn.query(sql::select_page_in_status,
                                          {p.org_id, f.tag, f.series, pattern, p.after, p.limit + 1, p.status()})
                             : conn.query(sql::select_page, {p.org_id, f.tag, f.series, pattern, p.after, p.limit + 1});
  for (const auto& row : rows.rows) out.items.push_back(number_from_row(row));
  if (f.tag.empty() && f.series.empty() && pattern.empty()) {
    const auto own = NumberPool(conn, clock).own_counts(p.org_id);
    out.total = f.status ? own.at(static_cast<std::size_t>(*f.status))
                         : std::accumulate(own.begin(), own.end(), std::int64_t{0});
  } else {
    out.total = conn.query(sql::count_filtered, {p.org_id, f.tag, f.series, pattern, "", p.status()}).one().integer(0);
  }
  return out;
}

}  // namespace

std::optional<std::string> clean_tag(const std::string& raw, const std::string& field, Validator& v) {
  std::string tag = text::trim(raw);
  if (tag.empty()) return std::nullopt;
  if (!text::is_valid_utf8(tag) || text::has_control_chars(tag) || text::code_points(tag) > 50) {
    v.fail(field, "Must be at most 50 characters, without control characters.");
    return std::nullopt;
  }
  return tag;
}

Page<Number> NumberService::list(const auth::Principal& who, const std::string& org_id, const NumberFilter& filter,
                                 const PageRequest& page) {
  const PoolPage pool_page{org_id, filter, search_digits(filter.q), continue_after(page, {""}).front(), page.limit};
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    auto out = indexed_digits(pool_page.digits) ? read_search(conn, db_.backend(), pool_page)
                                                : read_pool(conn, clock_, pool_page);
    if (out.items.size() > static_cast<std::size_t>(page.limit)) {
      out.items.pop_back();
      out.next_cursor = encode_cursor({out.items.back().number});
    }
    return out;
  });
}

namespace {

// An import item's number as E.164, and its series.
struct ValidNumber {
  std::string number;
  std::string series;
};

// Inserts the valid `numbers` of `items` into the pool of `org_id`, many a statement, and returns
// those stored: a number already in a pool is left there, one named twice is stored once.
std::unordered_set<std::string> insert_numbers(storage::Connection& conn, const std::string& org_id,
                                               const std::vector<ImportItem>& items,
                                               const std::vector<std::optional<ValidNumber>>& numbers,
                                               const std::optional<std::string>& tag, UnixSeconds now) {
  static const std::string many_rows =
      std::string(sql::insert_many_start) +
      storage::repeat_rows(sql::insert_row, sql::insert_row_params, sql::insert_many_rows) +
      std::string(sql::insert_many_end);
  const storage::Query many{"numbers.insert_many", many_rows};  // a view of the text
  std::unordered_set<std::string> stored;
  const auto store = [&](const storage::Query& q, const storage::Params& params) {
    for (const auto& row : conn.query(q, params).rows) stored.insert(row.text(0));
  };
  storage::Params pending;  // the values of the rows not inserted yet
  int rows = 0;
  const auto flush = [&] {
    if (rows == sql::insert_many_rows) {
      store(many, pending);
    } else {
      for (auto row = pending.begin(); row != pending.end(); row += sql::insert_row_params)
        store(sql::insert, storage::Params(row, row + sql::insert_row_params));
    }
    pending.clear();
    rows = 0;
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!numbers[i]) continue;
    auto row = sql::Insert{.number = numbers[i]->number,
                           .org_id = org_id,
                           .tag = items[i].tag ? items[i].tag : tag,
                           .series = numbers[i]->series,
                           .updated_at = now}
                   .params();
    pending.insert(pending.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
    if (++rows == sql::insert_many_rows) flush();
  }
  flush();
  return stored;
}

}  // namespace

ImportResult NumberService::import(const auth::Principal& who, const std::string& org_id,
                                   const std::vector<ImportItem>& items, const std::optional<std::string>& tag,
                                   const RequestMeta& meta) {
  Validator v;
  if (items.empty()) v.fail("numbers", "List at least one number.");
  if (items.size() > max_import) v.fail("numbers", "At most 100000 numbers per request.");
  v.throw_if_failed();
  // Each item's number and series, when valid, read before the write transaction holds the database.
  std::vector<std::optional<ValidNumber>> numbers;
  numbers.reserve(items.size());
  for (const auto& item : items) {
    auto& valid = numbers.emplace_back();
    if (auto number = phone::normalize_e164(item.input)) valid = ValidNumber{*number, phone::series_of(*number)};
  }

  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    if (parent_of(conn, org_id))
      throw DomainError(ErrorCode::validation_failed, "Numbers enter at the root organization.",
                        {{"id", "Import numbers at the root organization, then allocate them down."}});
    auto stored = insert_numbers(conn, org_id, items, numbers, tag, clock_.now());
    ImportResult result;
    std::vector<std::string> imported;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      if (!numbers[i]) {
        ++result.invalid;
        result.problems.push_back({item.line, item.input, std::nullopt, "invalid",
                                   "Not a valid phone number in international form (+ and country code)."});
      } else if (stored.erase(numbers[i]->number) == 1) {  // the first time the list names it
        ++result.imported;
        imported.push_back(numbers[i]->number);
      } else {
        ++result.duplicates;
        result.problems.push_back(
            {item.line, item.input, numbers[i]->number, "duplicate", "The number is already in a pool."});
      }
    }
    subscriptions::require_room(conn, db_.backend(), org_id, subscriptions::Limit::numbers,
                                {.created = result.imported});
    NumberPool(conn, clock_).add_count(org_id, NumberStatus::available, result.imported);
    add_to_search(conn, db_.backend(), imported);
    conn.added_rows("numbers", result.imported);
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "numbers.import",
                   audit::Activity::write,
                   "org",
                   org_id,
                   {{"imported", result.imported},
                    {"duplicates", result.duplicates},
                    {"invalid", result.invalid},
                    {"tag", tag ? nlohmann::json(*tag) : nlohmann::json(nullptr)}}});
    return result;
  });
}

MoveResult NumberService::move_numbers(storage::Connection& conn, const std::string& from, const std::string& to,
                                       const MoveRequest& request, bool allocation) {
  NumberPool pool(conn, clock_);
  MoveResult result;
  if (request.count) {
    pool.end_expired_quarantine(from);
    const auto moved = pool.move_available(from, to, request.series, *request.count);
    if (moved < *request.count) {
      // Nothing moves (the transaction rolls back): a count is never cut down to what there is.
      DomainError error(ErrorCode::not_enough_numbers,
                        "Only " + std::to_string(moved) + " available number(s)" +
                            (request.series.empty() ? "" : " in series " + request.series) + ", " +
                            std::to_string(*request.count) + " requested.",
                        {{"count", moved == 0 ? std::string("No numbers are available.")
                                              : "At most " + std::to_string(moved) + " (the available numbers)."}});
      error.extra = {{"available", moved}, {"requested", *request.count}};
      throw error;
    }
    result.moved = moved;
    return result;
  }
  std::int64_t line = 0;
  for (const auto& input : *request.numbers) {
    ++line;
    const auto e164 = phone::normalize_e164(input);
    const auto number = e164 ? pool.find(*e164) : std::nullopt;
    std::string problem;
    if (!number || number->org_id != from)
      problem = "Not in the pool it is moved from.";
    else if (allocation ? !can_allocate(number->status) : !can_withdraw(number->status))
      problem = "Its status is " + std::string(to_string(number->status)) +
                (allocation ? "; only available or reserved numbers are allocated."
                            : "; only available numbers are withdrawn.");
    if (!problem.empty()) {
      result.results.push_back({line, input, e164, "error", problem});
      continue;
    }
    pool.move(*number, to);
    ++result.moved;
    result.results.push_back({line, input, e164, "moved", ""});
  }
  return result;
}

MoveResult NumberService::allocate(const auth::Principal& who, const std::string& org_id, const MoveRequest& request,
                                   const RequestMeta& meta) {
  validate_move(request, "to_org_id");
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    require_child(conn, org_id, request.other_org_id, "to_org_id");
    subscriptions::lock_holders(conn, db_.backend(), request.other_org_id, subscriptions::Limit::numbers);
    auto result = move_numbers(conn, org_id, request.other_org_id, request, true);
    subscriptions::require_room(conn, db_.backend(), request.other_org_id, subscriptions::Limit::numbers,
                                {.moved_from = {{org_id, result.moved}}, .counted = true});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "numbers.allocate",
                   audit::Activity::write,
                   "org",
                   request.other_org_id,
                   {{"moved", result.moved}, {"series", request.series}}});
    return result;
  });
}

MoveResult NumberService::withdraw(const auth::Principal& who, const std::string& org_id, const MoveRequest& request,
                                   const RequestMeta& meta) {
  validate_move(request, "from_org_id");
  if (!request.series.empty())
    throw DomainError(ErrorCode::validation_failed, "Series applies to allocation.", {{"series", "Not used here."}});
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    require_child(conn, org_id, request.other_org_id, "from_org_id");
    auto result = move_numbers(conn, request.other_org_id, org_id, request, false);
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {org_id, "numbers.withdraw", audit::Activity::write, "org", request.other_org_id, {{"moved", result.moved}}});
    return result;
  });
}

Number NumberService::update(const auth::Principal& who, const std::string& number_text, const NumberPatch& patch,
                             const RequestMeta& meta) {
  const auto e164 = phone::normalize_e164(number_text);
  if (!e164) throw_not_found("The number does not exist.");
  if (patch.status && *patch.status != NumberStatus::reserved && *patch.status != NumberStatus::available)
    throw DomainError(ErrorCode::validation_failed, "Only reserve and release are done here.",
                      {{"status", "Must be reserved or available."}});
  return db_.write([&](storage::Connection& conn) {
    NumberPool pool(conn, clock_);
    auto number = pool.find(*e164);
    if (!number || !orgs::in_scope(conn, who.home_org_id, number->org_id))
      throw_not_found("The number does not exist.");
    const auto before = *number;
    const auto tag = patch.tag ? *patch.tag : number->tag;
    if (patch.status == NumberStatus::reserved && number->status != NumberStatus::reserved) {
      if (!tag)
        throw DomainError(ErrorCode::validation_failed, "A reserved number needs a tag.",
                          {{"tag", "Is required to reserve."}});
      number = pool.apply(NumberEvent::reserve, *number, std::nullopt, tag);
    } else if (patch.status == NumberStatus::available && number->status != NumberStatus::available) {
      number = pool.apply(NumberEvent::release, *number, std::nullopt, tag);
    } else if (tag != number->tag) {
      // Retagging keeps the status; the compare-and-set refuses a number that changed meanwhile.
      if (conn.execute(sql::set_status, sql::SetStatus{.number = number->number,
                                                       .org_id = number->org_id,
                                                       .from_status = std::string(to_string(number->status)),
                                                       .status = std::string(to_string(number->status)),
                                                       .account_id = number->account_id,
                                                       .tag = tag,
                                                       .quarantined_until = number->quarantined_until,
                                                       .updated_at = clock_.now()}
                                            .params()) != 1)
        throw DomainError(ErrorCode::number_unavailable, "The number changed meanwhile; try again.");
      number->tag = tag;
    }
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {number->org_id,
                   "number.update",
                   audit::Activity::write,
                   "number",
                   number->number,
                   {{"status", {{"from", to_string(before.status)}, {"to", to_string(number->status)}}},
                    {"tag",
                     {{"from", before.tag ? nlohmann::json(*before.tag) : nlohmann::json(nullptr)},
                      {"to", number->tag ? nlohmann::json(*number->tag) : nlohmann::json(nullptr)}}}}});
    return *pool.find(*e164);
  });
}

void NumberService::end_expired_quarantines() {
  db_.write([&](storage::Connection& conn) {
    NumberPool pool(conn, clock_);
    for (const auto& row : conn.query(sql::pools_with_expired_quarantine, {clock_.now()}).rows)
      pool.end_expired_quarantine(row.text(0));
  });
}

Utilization NumberService::utilization(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return NumberPool(conn, clock_).utilization(org_id);
  });
}

std::vector<SeriesSummary> NumberService::series(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<SeriesSummary> out;
    constexpr auto c = sql::series_columns;
    for (const auto& r : conn.query(sql::series_of_pool, {org_id}).rows)
      out.push_back({r.text(c["series"]), r.integer(c["available"]), r.integer(c["total"])});
    return out;
  });
}

std::vector<SeriesSummary> NumberService::tags(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<SeriesSummary> out;
    constexpr auto c = sql::tag_columns;
    for (const auto& r : conn.query(sql::tags_of_pool, {org_id}).rows)
      out.push_back({r.text(c["tag"]), r.integer(c["available"]), r.integer(c["total"])});
    return out;
  });
}

std::vector<SubOrgNumbers> NumberService::suborgs(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<SubOrgNumbers> out;
    constexpr auto c = sql::children_total_columns;
    for (const auto& r : conn.query(sql::children_totals, {org_id}).rows)
      out.push_back({r.text(c["id"]), r.text(c["name"]), r.integer(c["total"]), r.integer(c["available"])});
    return out;
  });
}

}  // namespace lineport::numbers
