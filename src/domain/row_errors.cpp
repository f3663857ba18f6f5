#include "domain/row_errors.h"

#include <algorithm>
#include <iterator>

namespace lineport {

void RowErrors::add(std::int64_t line, std::string_view where, std::string_view value, std::string message) {
  if (report_.errors.size() < max_reported_)
    report_.errors.push_back({line, std::string(where), std::string(value), std::move(message)});
  ++report_.count;
}

void RowErrors::merge(RowErrors&& other) {
  auto& mine = report_.errors;
  auto& theirs = other.report_.errors;
  mine.insert(mine.end(), std::make_move_iterator(theirs.begin()), std::make_move_iterator(theirs.end()));
  report_.count += other.report_.count;
  theirs.clear();
  other.report_.count = 0;
}

RowErrorReport RowErrors::take() {
  // Threads report out of order; each kept only its own first ones, so sort, then cut.
  auto& errors = report_.errors;
  std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.line < b.line; });
  if (errors.size() > max_reported_) errors.resize(max_reported_);
  RowErrorReport out = std::move(report_);
  report_ = {out.place, {}, 0};
  return out;
}

void RowErrors::raise(const std::string& detail) {
  throw DomainError(detail, take());
}

}  // namespace lineport
