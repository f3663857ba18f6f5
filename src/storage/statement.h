#pragma once
// What the compiler checks of a statement's text: the columns it returns, read by name, and the
// number of parameters it takes (docs/architecture.md, "Rows and parameters, by name").
//
//   inline constexpr Query select_one{"numbers.select_one", "SELECT number, org_id, tag AS label ..."};
//   inline constexpr Columns number_columns{select_one};
//   row.text(number_columns["label"])        // the position of `tag AS label`, found when compiling
//   bind<select_one>(number)                 // compiles only with one value per $1…$n
//
// A column is named by its alias (`o.name AS org_name`) or, without one, by its column
// (`a.org_id` is `org_id`); an expression needs an alias. A name the statement does not return,
// or returns twice, does not compile, so the SELECT list is the one place that orders the cells.

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "storage/database.h"

namespace lineport::storage {

namespace statement_detail {

// Not constexpr on purpose: reaching one while compiling is the error the compiler reports.
void no_column_of_this_name_in_the_statement();
void a_column_needs_a_name_add_AS_name();
void two_columns_of_the_same_name();
void not_a_statement_that_returns_rows();
void more_columns_than_Columns_max_columns();

constexpr bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The position of the first `word` in s[from…] outside parentheses and quotes; npos when there
// is none.
constexpr std::size_t find_top_level(std::string_view s, std::string_view word, std::size_t from = 0) {
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth != 0 || s.substr(i, word.size()) != word) continue;
    // A keyword is a whole word; a comma is itself.
    const bool starts = i == 0 || !is_word_char(word.front()) || !is_word_char(s[i - 1]);
    const bool ends = i + word.size() == s.size() || !is_word_char(word.back()) || !is_word_char(s[i + word.size()]);
    if (starts && ends) return i;
  }
  return std::string_view::npos;
}

// The select list of a SELECT, or the list of an UPDATE/INSERT/DELETE … RETURNING.
constexpr std::string_view select_list(std::string_view sql) {
  sql = trim(sql);
  if (find_top_level(sql, "SELECT") == 0) {
    auto list = sql.substr(6);
    if (const auto distinct = find_top_level(list, "DISTINCT");
        distinct != std::string_view::npos && trim(list.substr(0, distinct)).empty())
      list = list.substr(distinct + 8);
    return trim(list.substr(0, find_top_level(list, "FROM")));
  }
  if (const auto returning = find_top_level(sql, "RETURNING"); returning != std::string_view::npos)
    return trim(sql.substr(returning + 9));
  not_a_statement_that_returns_rows();
  return {};
}

// The name of one column of a select list: its alias, or the column it is; "" for an expression
// without an alias.
constexpr std::string_view column_name(std::string_view column) {
  column = trim(column);
  if (const auto as = find_top_level(column, "AS"); as != std::string_view::npos) return trim(column.substr(as + 2));
  for (char c : column)
    if (!is_word_char(c) && c != '.') return {};
  const auto dot = column.rfind('.');
  return dot == std::string_view::npos ? column : column.substr(dot + 1);
}

}  // namespace statement_detail

// The columns a statement returns, by name. Built and read only while compiling. The select list
// is split once, when the object is built, so that each `operator[]` is one pass over the names.
class Columns {
 public:
  static constexpr std::size_t max_columns = 64;

  consteval explicit Columns(const Query& q) {
    const auto list = statement_detail::select_list(q.sql);
    for (std::size_t begin = 0;;) {
      const auto comma = statement_detail::find_top_level(list, ",", begin);
      if (size_ == max_columns) statement_detail::more_columns_than_Columns_max_columns();
      const auto name = statement_detail::column_name(list.substr(begin, comma - begin));
      if (name.empty()) statement_detail::a_column_needs_a_name_add_AS_name();
      if (find(name)) statement_detail::two_columns_of_the_same_name();
      names_[size_++] = name;
      if (comma == std::string_view::npos) break;
      begin = comma + 1;
    }
  }

  // The position of the column called `name`; a name the statement does not return does not compile.
  consteval std::size_t operator[](std::string_view name) const {
    const auto i = find(name);
    if (!i) statement_detail::no_column_of_this_name_in_the_statement();
    return *i;
  }

  constexpr std::optional<std::size_t> find(std::string_view name) const {
    for (std::size_t i = 0; i < size_; ++i)
      if (names_[i] == name) return i;
    return std::nullopt;
  }

  constexpr std::size_t size() const { return size_; }

  // The name of column i: its alias, or the column it is.
  constexpr std::string_view name(std::size_t i) const { return names_[i]; }

  // True when this statement's first columns have the names of `other`'s, in the same order: a
  // decoder of `other`'s rows reads this statement's rows too.
  constexpr bool starts_with(const Columns& other) const {
    if (other.size() > size()) return false;
    for (std::size_t i = 0; i < other.size(); ++i)
      if (name(i) != other.name(i)) return false;
    return true;
  }
  constexpr bool operator==(const Columns& other) const { return size() == other.size() && starts_with(other); }

 private:
  std::string_view names_[max_columns]{};
  std::size_t size_ = 0;
};

// The highest $n of a statement: how many values it takes.
constexpr int parameter_count(std::string_view sql) {
  int highest = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '\'') quoted = !quoted;
    if (quoted || sql[i] != '$') continue;
    int n = 0;
    while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') n = n * 10 + (sql[++i] - '0');
    if (n > highest) highest = n;
  }
  return highest;
}

// The values of a statement that takes `count` parameters, in order: one value each, or it does not
// compile. For a statement held inside another constant: bind_values<parameter_count(s.q.sql)>(…).
template <int count, class... V>
Params bind_values(V&&... values) {
  static_assert(sizeof...(V) == count, "one value for each parameter $1…$n of the statement");
  Params out;
  out.reserve(sizeof...(V));
  (out.emplace_back(std::forward<V>(values)), ...);
  return out;
}

// The parameters $1…$n of `q`, in order: one value each, or it does not compile.
template <const Query& q, class... V>
Params bind(V&&... values) {
  return bind_values<parameter_count(q.sql)>(std::forward<V>(values)...);
}

}  // namespace lineport::storage
