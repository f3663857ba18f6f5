// One usage record's checks: what a valid record becomes, and every field's refusal with the
// value as sent, all problems of a record reported together.

#include "domain/usage/usage_record.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace lineport::usage {
namespace {

RawRecord raw(const std::map<std::string, std::string>& fields) {
  RawRecord r;
  r.line = 2;
  r.fields.resize(field_names.size());
  for (const auto& [name, value] : fields) r[parse_field(name).value()] = value;
  return r;
}

const std::map<std::string, std::string> valid_line{
    {"id", "call-1"},     {"multiline_number", "+1 (212) 555-1000"},   {"type", "voice"},
    {"direction", "out"}, {"started_at", "2026-11-22T17:28:13-03:00"}, {"quantity", "95"},
    {"billable", "true"}};

std::map<std::string, std::string> with(std::string field, std::string value) {
  auto fields = valid_line;
  fields[std::move(field)] = std::move(value);
  return fields;
}

// The fields refused, in order.
std::vector<std::string> refused(const std::map<std::string, std::string>& fields) {
  std::vector<FieldProblem> problems;
  NumberCache numbers;
  const auto record = check_record(raw(fields), problems, numbers);
  EXPECT_EQ(record.has_value(), problems.empty());
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field);
  return out;
}

TEST(UsageRecord, AValidRecordIsNormalized) {
  std::vector<FieldProblem> problems;
  NumberCache numbers;
  const auto r = check_record(raw(valid_line), problems, numbers);
  ASSERT_TRUE(r) << problems[0].message;
  EXPECT_EQ(r->id, "call-1");
  EXPECT_TRUE(r->account.by_number);
  EXPECT_EQ(r->account.value, "+12125551000");
  EXPECT_EQ(r->type, UsageType::voice);
  EXPECT_EQ(r->direction, Direction::out);
  EXPECT_EQ(r->started_at, parse_rfc3339("2026-11-22T20:28:13Z"));
  EXPECT_EQ(r->quantity, 95);
  EXPECT_TRUE(r->billable);
}

TEST(UsageRecord, DirectionIsInOrOutSpelledEitherWay) {
  for (const auto& [text, direction] : std::map<std::string, Direction>{
           {"in", Direction::in}, {"inbound", Direction::in}, {"out", Direction::out}, {"outbound", Direction::out}}) {
    std::vector<FieldProblem> problems;
    NumberCache numbers;
    const auto r = check_record(raw(with("direction", text)), problems, numbers);
    ASSERT_TRUE(r) << text;
    EXPECT_EQ(r->direction, direction) << text;
  }
  EXPECT_EQ(refused(with("direction", "IN")), std::vector<std::string>{"direction"});
  EXPECT_EQ(refused(with("direction", "incoming")), std::vector<std::string>{"direction"});
}

TEST(UsageRecord, ExactlyOneWayOfNamingTheAccount) {
  auto both = with("account_id", "acc-1");
  EXPECT_EQ(refused(both), std::vector<std::string>{"multiline_number"});
  auto neither = valid_line;
  neither.erase("multiline_number");
  EXPECT_EQ(refused(neither), std::vector<std::string>{"account_id"});
  EXPECT_EQ(refused(with("multiline_number", "555-1000")), std::vector<std::string>{"multiline_number"});
}

TEST(UsageRecord, EachFieldIsRefusedOutsideItsRange) {
  EXPECT_EQ(refused(with("id", "")), std::vector<std::string>{"id"});
  EXPECT_EQ(refused(with("id", "call 1")), std::vector<std::string>{"id"});
  EXPECT_EQ(refused(with("id", std::string(129, 'x'))), std::vector<std::string>{"id"});
  EXPECT_TRUE(refused(with("id", std::string(128, 'x'))).empty());
  EXPECT_EQ(refused(with("type", "sms")), std::vector<std::string>{"type"});
  EXPECT_EQ(refused(with("started_at", "2026-11-22 17:28:13")), std::vector<std::string>{"started_at"});
  EXPECT_EQ(refused(with("started_at", "1999-12-31T23:59:59Z")), std::vector<std::string>{"started_at"});
  EXPECT_EQ(refused(with("started_at", "2100-01-01T00:00:00Z")), std::vector<std::string>{"started_at"});
  EXPECT_TRUE(refused(with("started_at", "2000-01-01T00:00:00Z")).empty());
  EXPECT_EQ(refused(with("quantity", "-1")), std::vector<std::string>{"quantity"});
  EXPECT_EQ(refused(with("quantity", "1.5")), std::vector<std::string>{"quantity"});
  EXPECT_EQ(refused(with("quantity", "1000000000000001")), std::vector<std::string>{"quantity"});
  EXPECT_TRUE(refused(with("quantity", "1000000000000000")).empty());
  EXPECT_TRUE(refused(with("billable", "yes")).empty());
  EXPECT_TRUE(refused(with("billable", "0")).empty());
  EXPECT_EQ(refused(with("billable", "Y")), std::vector<std::string>{"billable"});
}

TEST(UsageRecord, EveryProblemOfARecordIsReportedWithTheValueSent) {
  auto fields = with("type", "fax");
  fields["quantity"] = "lots";
  fields.erase("billable");
  std::vector<FieldProblem> problems;
  NumberCache numbers;
  EXPECT_FALSE(check_record(raw(fields), problems, numbers));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "type");
  EXPECT_EQ(problems[0].value, "fax");
  EXPECT_EQ(problems[1].field, "quantity");
  EXPECT_EQ(problems[1].value, "lots");
  EXPECT_EQ(problems[2].field, "billable");
  EXPECT_EQ(problems[2].message, "Required.");
}

}  // namespace
}  // namespace lineport::usage
