#include "domain/compliance/compliance_record.h"

#include <algorithm>

#include "util/csv_writer.h"
#include "util/text.h"

namespace lineport::compliance {
namespace {

constexpr csv::ExpectedColumn columns[] = {{"id", true},
                                           {"kind", true},
                                           {"account_id", false},
                                           {"multiline_number", false},
                                           {"account", false},
                                           {"direction", false},
                                           {"peer_number", false},
                                           {"started_at", false},
                                           {"duration_seconds", false},
                                           {"media_url", false},
                                           {"size_bytes", false},
                                           {"sent_at", false},
                                           {"channel", false},
                                           {"text", false},
                                           {"attachment_urls", false},
                                           {"at", false},
                                           {"opted_in", false},
                                           {"keyword", false}};
constexpr std::string_view list_fields[] = {"attachment_urls"};
constexpr std::string_view private_fields[] = {"text"};
static_assert(std::size(columns) == static_cast<std::size_t>(Field::keyword) + 1);

constexpr std::size_t at(Field f) {
  return static_cast<std::size_t>(f);
}

// The fields of each kind beyond id, kind and the account.
const std::vector<Field>& fields_of(Kind kind) {
  static const std::vector<Field> call = {Field::direction,        Field::peer_number, Field::started_at,
                                          Field::duration_seconds, Field::media_url,   Field::size_bytes};
  static const std::vector<Field> message = {Field::direction, Field::peer_number, Field::sent_at,
                                             Field::channel,   Field::text,        Field::attachment_urls};
  static const std::vector<Field> opt_in = {Field::peer_number, Field::at, Field::opted_in, Field::keyword};
  return kind == Kind::call_recording ? call : kind == Kind::message_log ? message : opt_in;
}

std::optional<Kind> parse_kind(std::string_view text) {
  if (text == "call_recording") return Kind::call_recording;
  if (text == "message_log") return Kind::message_log;
  if (text == "sms_opt_in") return Kind::sms_opt_in;
  return std::nullopt;
}

// An http or https address of at most 2,048 bytes with a host, without a user name or password,
// spaces or control characters.
bool is_url(std::string_view s) {
  if (s.size() > max_url_bytes || !(s.starts_with("https://") || s.starts_with("http://"))) return false;
  const auto rest = s.substr(s.find("://") + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.front() == ':' || authority.find('@') != std::string_view::npos) return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto start = s.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    s.remove_prefix(start);
    const auto end = s.find(' ');
    out.emplace_back(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  return out;
}

void check_account(uploads::FieldChecks& check, uploads::NumberCache& numbers, Record& r) {
  const int named = int{check.has(at(Field::account_id))} + int{check.has(at(Field::multiline_number))} +
                    int{check.has(at(Field::account))};
  if (named != 1) {
    check.fail(at(Field::account_id), "Give exactly one of account_id, multiline_number and account.");
  } else if (check.has(at(Field::account_id))) {
    r.account = {AccountRef::By::id, *check.value(at(Field::account_id)), Field::account_id};
  } else if (check.has(at(Field::account))) {
    r.account = {AccountRef::By::id_or_login, *check.value(at(Field::account)), Field::account};
  } else if (const auto e164 = check.phone(at(Field::multiline_number), numbers)) {
    r.account = {AccountRef::By::number, *e164, Field::multiline_number};
  }
}

void check_call_recording(uploads::FieldChecks& check, Record& r) {
  if (const auto t = check.moment(at(Field::started_at))) r.at = *t;
  if (const auto d = check.whole(at(Field::duration_seconds), 10'000'000, "10,000,000 (seconds)"))
    r.duration_seconds = *d;
  if (const auto* url = check.required(at(Field::media_url))) {
    if (is_url(*url))
      r.media_url = *url;
    else
      check.fail(at(Field::media_url), "Must be an http or https address of at most 2,048 characters.");
  }
  if (const auto n = check.whole(at(Field::size_bytes), 1'000'000'000'000, "10^12 (bytes)")) r.size_bytes = *n;
}

void check_message_log(uploads::FieldChecks& check, Record& r) {
  if (const auto t = check.moment(at(Field::sent_at))) r.at = *t;
  if (const auto* channel = check.required(at(Field::channel))) {
    if (std::find(channels.begin(), channels.end(), *channel) != channels.end())
      r.channel = *channel;
    else
      check.fail(at(Field::channel), "Must be sms, mms, whatsapp, wechat or line.");
  }
  if (const auto* text = check.value(at(Field::text))) {
    if (!text::is_valid_utf8(*text) || text::has_control_chars_except(*text, "\t\r\n"))
      check.fail(at(Field::text), "Must be UTF-8 text without control characters.");
    else if (text::code_points(*text) > max_text_chars)
      check.fail(at(Field::text), "Must be at most 20,000 characters.");
    else
      r.text = *text;
  }
  if (const auto* urls = check.value(at(Field::attachment_urls))) {
    r.attachment_urls = split_spaces(*urls);
    if (r.attachment_urls.size() > max_attachments)
      check.fail(at(Field::attachment_urls), "At most 20 attachments.");
    else if (!std::all_of(r.attachment_urls.begin(), r.attachment_urls.end(), is_url))
      check.fail(at(Field::attachment_urls), "Each must be an http or https address of at most 2,048 characters.");
  }
  if (!check.has(at(Field::text)) && !check.has(at(Field::attachment_urls)))
    check.fail(at(Field::text), "A message log needs its text, its attachment_urls or both.");
}

void check_sms_opt_in(uploads::FieldChecks& check, Record& r) {
  if (const auto t = check.moment(at(Field::at))) r.at = *t;
  if (const auto yes = check.yes_no(at(Field::opted_in))) r.opted_in = *yes;
  if (const auto* keyword = check.value(at(Field::keyword))) {
    if (!text::is_valid_utf8(*keyword) || text::code_points(*keyword) > 32 || text::has_control_chars(*keyword) ||
        keyword->find(' ') != std::string::npos)
      check.fail(at(Field::keyword), "Must be one word of at most 32 characters.");
    else
      r.keyword = *keyword;
  }
}

}  // namespace

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::call_recording:
      return "call_recording";
    case Kind::message_log:
      return "message_log";
    case Kind::sms_opt_in:
      return "sms_opt_in";
  }
  return "call_recording";
}

std::string_view report_subject(Kind kind) {
  return kind == Kind::message_log ? "message_logging" : to_string(kind);
}

const uploads::RecordSchema& record_schema() {
  static const uploads::RecordSchema schema{columns, list_fields, private_fields};
  return schema;
}

std::string csv_template() {
  std::vector<std::string> header;
  for (const auto& c : columns) header.emplace_back(c.name);
  const auto example = [](std::initializer_list<std::pair<Field, std::string>> values) {
    std::vector<std::string> cells(std::size(columns));
    for (const auto& [field, value] : values) cells[at(field)] = value;
    return csv::line(cells);
  };
  return csv::line(header) +
         example({{Field::id, "rec-0001"},
                  {Field::kind, "call_recording"},
                  {Field::multiline_number, "+12125550123"},
                  {Field::direction, "out"},
                  {Field::peer_number, "+14155550188"},
                  {Field::started_at, "2026-11-02T09:15:00Z"},
                  {Field::duration_seconds, "184"},
                  {Field::media_url, "https://recordings.example/rec-0001.mp3"},
                  {Field::size_bytes, "1472000"}}) +
         example({{Field::id, "msg-0001"},
                  {Field::kind, "message_log"},
                  {Field::multiline_number, "+12125550123"},
                  {Field::direction, "in"},
                  {Field::peer_number, "+14155550188"},
                  {Field::sent_at, "2026-11-02T09:20:00Z"},
                  {Field::channel, "sms"},
                  {Field::text, "See you at 10."}}) +
         example({{Field::id, "opt-0001"},
                  {Field::kind, "sms_opt_in"},
                  {Field::multiline_number, "+12125550123"},
                  {Field::peer_number, "+14155550188"},
                  {Field::at, "2026-11-02T09:25:00Z"},
                  {Field::opted_in, "true"},
                  {Field::keyword, "START"}});
}

std::optional<Record> check_record(const uploads::RawRecord& raw, std::vector<uploads::FieldProblem>& problems,
                                   uploads::NumberCache& numbers) {
  uploads::FieldChecks check(record_schema(), raw, problems);
  Record r;
  if (const auto id = check.record_id(at(Field::id))) r.id = *id;
  check_account(check, numbers, r);
  const auto* kind_text = check.required(at(Field::kind));
  const auto kind = kind_text ? parse_kind(*kind_text) : std::nullopt;
  if (!kind) {
    if (kind_text) check.fail(at(Field::kind), "Must be call_recording, message_log or sms_opt_in.");
    return std::nullopt;
  }
  r.kind = *kind;
  // A field of another kind is a mistake in the sender's mapping, not something to drop quietly.
  const auto& own = fields_of(r.kind);
  for (auto f = at(Field::direction); f <= at(Field::keyword); ++f)
    if (check.has(f) && std::find(own.begin(), own.end(), static_cast<Field>(f)) == own.end())
      check.fail(f, "Not a field of a " + std::string(to_string(r.kind)) + " record.");
  if (r.kind != Kind::sms_opt_in) {
    if (const auto d = check.direction(at(Field::direction))) r.direction = *d;
  }
  if (const auto peer = check.phone(at(Field::peer_number), numbers)) r.peer_number = *peer;
  if (r.kind == Kind::call_recording) check_call_recording(check, r);
  if (r.kind == Kind::message_log) check_message_log(check, r);
  if (r.kind == Kind::sms_opt_in) check_sms_opt_in(check, r);
  if (!check.ok()) return std::nullopt;
  return r;
}

}  // namespace lineport::compliance
