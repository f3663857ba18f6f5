#include "api/problem.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/row_errors.h"

namespace lineport::api {
namespace {

nlohmann::json body_of(const http::Response& r) {
  return nlohmann::json::parse(r.body);
}

std::set<std::string> documented_codes() {
  std::ifstream in(std::string(LINEPORT_SOURCE_DIR) + "/src/api/openapi.json");
  const auto doc = nlohmann::json::parse(in);
  std::set<std::string> codes;
  for (const auto& c : doc["components"]["schemas"]["Problem"]["properties"]["code"]["enum"])
    codes.insert(c.get<std::string>());
  return codes;
}

// An integrator switches on `code`: every code the server can answer is in the OpenAPI
// document, and the document promises no code that does not exist.
TEST(Problem, EveryCodeIsRenderedAndDocumented) {
  std::set<std::string> rendered;
  for (int i = 0; i <= static_cast<int>(ErrorCode::last); ++i) {
    const auto r = problem(DomainError(static_cast<ErrorCode>(i), "why"), "req-1");
    const auto body = body_of(r);
    EXPECT_GE(r.status, 400);
    EXPECT_EQ(body["status"], r.status);
    EXPECT_EQ(body["detail"], "why");
    EXPECT_EQ(body["request_id"], "req-1");
    EXPECT_EQ(r.headers.at("Content-Type"), "application/problem+json");
    rendered.insert(body["code"].get<std::string>());
  }
  EXPECT_EQ(rendered.size(), static_cast<std::size_t>(ErrorCode::last) + 1) << "two codes share a name";
  EXPECT_EQ(rendered, documented_codes());
}

TEST(Problem, FieldErrorsAreListedWithoutACount) {
  const auto body = body_of(problem(
      DomainError(ErrorCode::validation_failed, "Bad.", {{"name", "Is required."}, {"address.city", "Too long."}}),
      "r"));
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["errors"], nlohmann::json::parse(R"([{"field":"name","message":"Is required."},
                                                      {"field":"address.city","message":"Too long."}])"));
  EXPECT_FALSE(body.contains("error_count"));
}

TEST(Problem, RowErrorsOfACsvFileNameTheColumnInLineOrderWithTheirCount) {
  RowErrors errors(RowPlace::column, 2);
  errors.add(7, "monitor_sms", "maybe", "Must be on or off.");
  errors.add(3, "email_or_device", "", "Is required.");
  errors.add(5, "", "", "The line has 3 fields; the header has 9.");
  const auto r = [&] {
    try {
      errors.raise("The file has 3 error(s).");
    } catch (const DomainError& e) {
      return problem(e, "r");
    }
  }();
  const auto body = body_of(r);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(body["code"], "validation_failed");
  EXPECT_EQ(body["detail"], "The file has 3 error(s).");
  EXPECT_EQ(body["error_count"], 3);
  // The first two kept (the limit is 2), in the order they were found, then sorted by line.
  EXPECT_EQ(body["errors"], nlohmann::json::parse(R"([
      {"line":3,"column":"email_or_device","value":"","message":"Is required."},
      {"line":7,"column":"monitor_sms","value":"maybe","message":"Must be on or off."}])"));
}

TEST(Problem, RowErrorsOfUsageRecordsNameTheField) {
  RowErrors errors(RowPlace::field);
  errors.add(2, "direction", "", "Required.");
  const auto report = errors.take();
  EXPECT_EQ(row_errors_json(report),
            nlohmann::json::parse(R"([{"line":2,"field":"direction","value":"","message":"Required."}])"));
  EXPECT_EQ(report.count, 1);
  EXPECT_TRUE(errors.empty()) << "take() leaves the collector empty";
}

TEST(RowErrors, MergingCountsEveryErrorOfBothReaders) {
  RowErrors first(RowPlace::column, 1);
  first.add(9, "a", "", "x");
  first.add(10, "a", "", "y");
  RowErrors second(RowPlace::column, 1);
  second.add(4, "b", "", "z");
  first.merge(std::move(second));
  EXPECT_EQ(first.count(), 3);
  const auto report = first.take();
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].line, 4);
}

}  // namespace
}  // namespace lineport::api
