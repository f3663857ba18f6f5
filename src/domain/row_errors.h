#pragma once
// The one collector of row errors, for every upload that reports faults by line (the account
// import, the usage ingest, the number import): each error is counted, the first ones are kept,
// and raise() refuses the whole upload with them in line order (docs/product.md#http-api-conventions).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.h"

namespace lineport {

class RowErrors {
 public:
  static constexpr std::size_t default_max_reported = 1'000;

  explicit RowErrors(RowPlace place, std::size_t max_reported = default_max_reported) : max_reported_(max_reported) {
    report_.place = place;
  }

  void add(std::int64_t line, std::string_view where, std::string_view value, std::string message);
  // Takes the errors that another reader of the same upload (another thread) found.
  void merge(RowErrors&& other);

  bool empty() const { return report_.count == 0; }
  std::int64_t count() const { return report_.count; }

  // The errors kept (the first max_reported in line order) and the count of all of them.
  RowErrorReport take();
  // 422 validation_failed with `detail` and these errors; nothing of the upload may be written.
  [[noreturn]] void raise(const std::string& detail);

 private:
  std::size_t max_reported_;
  RowErrorReport report_;
};

}  // namespace lineport
