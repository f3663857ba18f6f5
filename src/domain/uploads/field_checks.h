#pragma once
// The checks that every kind of uploaded record shares (a record id, an account named by id or
// number, a direction, a moment, a whole number, a phone number, a yes/no), each fault added to
// the record's problems under the field's name with the value found there.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/uploads/record_upload.h"
#include "util/clock.h"

namespace lineport::uploads {

inline constexpr std::size_t max_record_id_length = 128;
inline constexpr UnixSeconds earliest_moment = 946'684'800;  // 2000-01-01T00:00:00Z
inline constexpr UnixSeconds latest_moment = 4'102'444'800;  // 2100-01-01T00:00:00Z
// An error repeats at most this much of the value it is about (a thousand errors stay small).
inline constexpr std::size_t max_echoed_bytes = 100;

// Remembers the E.164 form of each distinct number for one upload: libphonenumber is by far the
// costliest part of checking a record (72% of a usage ingest), and an upload names the same
// numbers again and again. Bounded, so a file of distinct numbers cannot grow it without end.
class NumberCache {
 public:
  const std::optional<std::string>& normalize(const std::string& text);

  static constexpr std::size_t max_entries = 100'000;

 private:
  std::unordered_map<std::string, std::optional<std::string>> known_;
};

class FieldChecks {
 public:
  FieldChecks(const RecordSchema& schema, const RawRecord& raw, std::vector<FieldProblem>& problems)
      : schema_(schema), raw_(raw), problems_(problems), before_(problems.size()) {}

  // Present and not empty.
  bool has(std::size_t f) const { return raw_.fields[f] && !raw_.fields[f]->empty(); }
  const std::string* value(std::size_t f) const { return has(f) ? &*raw_.fields[f] : nullptr; }
  void fail(std::size_t f, std::string message);
  // The value, or nullptr after "Required.".
  const std::string* required(std::size_t f);

  // 1–128 printable ASCII characters without spaces.
  std::optional<std::string> record_id(std::size_t f);
  // in | out (the telecom cores' exports also say inbound | outbound).
  std::optional<std::string> direction(std::size_t f);
  // An RFC 3339 date-time with an offset, in the years 2000 to 2099.
  std::optional<UnixSeconds> moment(std::size_t f);
  // A whole number in [min, max]; `unit` ends the message ("seconds").
  std::optional<std::int64_t> whole(std::size_t f, std::int64_t max, std::string_view what);
  // A phone number in international form, as E.164.
  std::optional<std::string> phone(std::size_t f, NumberCache& numbers);
  // true/false (or yes/no, 1/0).
  std::optional<bool> yes_no(std::size_t f);

  // No problem was added since these checks began.
  bool ok() const { return problems_.size() == before_; }

 private:
  const RecordSchema& schema_;
  const RawRecord& raw_;
  std::vector<FieldProblem>& problems_;
  std::size_t before_;
};

}  // namespace lineport::uploads
