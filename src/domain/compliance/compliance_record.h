#pragma once
// One compliance record as the telecom core reports it (docs/compliance.md): a call recording, a
// message log or an SMS opt-in, read from the same upload (NDJSON or CSV, a `kind` per record)
// and checked field by field.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/uploads/field_checks.h"
#include "util/clock.h"

namespace lineport::compliance {

enum class Kind { call_recording, message_log, sms_opt_in };
std::string_view to_string(Kind kind);
// The kind's report in the privilege catalog: reports.{view,download,adk}.<subject>
// (call_recording, message_logging, sms_opt_in).
std::string_view report_subject(Kind kind);

// Every field of every kind, in the order of the CSV template.
enum class Field {
  id,
  kind,
  account_id,
  multiline_number,
  account,
  direction,
  peer_number,
  started_at,
  duration_seconds,
  media_url,
  size_bytes,
  sent_at,
  channel,
  text,
  attachment_urls,
  at,
  opted_in,
  keyword,
};
const uploads::RecordSchema& record_schema();
// The header and one example line of each kind.
std::string csv_template();

inline constexpr std::array<std::string_view, 5> channels = {"sms", "mms", "whatsapp", "wechat", "line"};
inline constexpr std::size_t max_text_chars = 20'000;
inline constexpr std::size_t max_url_bytes = 2'048;
inline constexpr std::size_t max_attachments = 20;

// How the record names its account: by id, by multiline number (E.164), or `account` (its id or
// login).
struct AccountRef {
  enum class By { id, number, id_or_login } by = By::id;
  std::string value;
  Field field = Field::account_id;  // where the upload named it (for the line's error)
};

struct Record {
  Kind kind = Kind::call_recording;
  std::string id;
  AccountRef account;
  std::string direction;    // in | out (call recordings, message logs)
  std::string peer_number;  // E.164
  UnixSeconds at = 0;       // started_at, sent_at or at
  // call_recording
  std::int64_t duration_seconds = 0;
  std::string media_url;
  std::int64_t size_bytes = 0;
  // message_log
  std::string channel;
  std::optional<std::string> text;
  std::vector<std::string> attachment_urls;
  // sms_opt_in
  bool opted_in = false;
  std::optional<std::string> keyword;
};

// The checked record, or nullopt with every problem appended to `problems`.
std::optional<Record> check_record(const uploads::RawRecord& raw, std::vector<uploads::FieldProblem>& problems,
                                   uploads::NumberCache& numbers);

}  // namespace lineport::compliance
