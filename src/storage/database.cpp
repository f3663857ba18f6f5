#include "storage/database.h"

#include <charconv>
#include <stdexcept>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace lineport::storage {

std::string repeat_rows(std::string_view row, int params_per_row, int rows) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string out;
  for (int r = 0; r < rows; ++r) {
    if (r > 0) out += ", ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (row[i] != '$' || i + 1 == row.size() || !is_digit(row[i + 1])) continue;
      int n = 0;
      while (i + 1 < row.size() && is_digit(row[i + 1])) n = n * 10 + (row[++i] - '0');
      out += std::to_string(n + r * params_per_row);
    }
  }
  return out;
}

std::int64_t integer_from_text(std::string_view text, std::size_t i) {
  if (text == "t") return 1;  // PostgreSQL's text form of a boolean
  if (text == "f") return 0;
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc()) throw std::runtime_error("column " + std::to_string(i) + " is not an integer");
  return out;
}

std::optional<std::string> RowView::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> RowView::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::string Row::text(std::size_t i) const {
  const auto& raw = cells_.at(i).raw();
  if (const auto* s = std::get_if<std::string>(&raw)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&raw)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&raw)) return std::to_string(*d);
  return {};
}

std::int64_t Row::integer(std::size_t i) const {
  const auto& raw = cells_.at(i).raw();
  if (const auto* n = std::get_if<std::int64_t>(&raw)) return *n;
  if (const auto* d = std::get_if<double>(&raw)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&raw)) return integer_from_text(*s, i);
  return 0;
}

double Row::real(std::size_t i) const {
  const auto& raw = cells_.at(i).raw();
  if (const auto* d = std::get_if<double>(&raw)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&raw)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&raw)) return std::stod(*s);
  return 0;
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

const Row& ResultSet::one() const& {
  if (rows.size() != 1) throw std::runtime_error("expected one row, got " + std::to_string(rows.size()));
  return rows.front();
}

Row ResultSet::one() && {
  if (rows.size() != 1) throw std::runtime_error("expected one row, got " + std::to_string(rows.size()));
  return std::move(rows.front());
}

Lease::~Lease() {
  if (conn_) db_->release(std::move(conn_));
}

std::optional<std::string> sqlite_path(const std::string& url) {
  constexpr std::string_view prefix = "sqlite://";
  if (!url.starts_with(prefix)) return std::nullopt;
  return url.substr(prefix.size());
}

std::unique_ptr<Database> open_database(const std::string& url, int pool_size) {
  if (auto path = sqlite_path(url)) {
    if (path->empty() || path->front() != '/')
      throw std::invalid_argument("a SQLite URL needs an absolute path: sqlite:///var/lib/lineport.db");
    return std::make_unique<SqliteDatabase>(std::move(*path), pool_size);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return std::make_unique<PostgresDatabase>(url, pool_size);
  throw std::invalid_argument("unsupported database URL (use sqlite:///path.db or postgresql://...)");
}

}  // namespace lineport::storage
