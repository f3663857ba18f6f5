#include "util/csv_reader.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <ctime>

namespace lineport::csv {
namespace {

using Fields = std::vector<std::string>;

// What a reader made of an input, as text, so whole outcomes compare in one assertion:
// "line:[field|field]" per record, or "error line:column message".
std::string outcome_of(const std::vector<std::string_view>& chunks, CsvLimits limits = {}) {
  std::string out;
  try {
    CsvReader reader(
        [&out](const CsvRow& row) {
          out += std::to_string(row.line) + ":[";
          for (std::size_t i = 0; i < row.fields.size(); ++i) out += (i ? "|" : "") + row.fields[i];
          out += "] ";
        },
        limits);
    for (const auto chunk : chunks) reader.feed(chunk);
    reader.finish();
  } catch (const CsvError& e) {
    out += "error " + std::to_string(e.line()) + ":" + std::to_string(e.column()) + " " + e.message();
  }
  return out;
}

std::string outcome(std::string_view input, CsvLimits limits = {}) {
  return outcome_of({input}, limits);
}

CsvError error_of(std::string_view input, CsvLimits limits = {}) {
  try {
    parse_all(input, limits);
  } catch (const CsvError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << input;
  return CsvError(0, 0, "");
}

std::vector<std::size_t> lines_of(const std::vector<CsvRow>& rows) {
  std::vector<std::size_t> lines;
  for (const auto& row : rows) lines.push_back(row.line);
  return lines;
}

TEST(CsvReader, ReadsRecordsWithTheirLines) {
  const auto rows = parse_all("a,b\nc,d\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(rows[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(lines_of(rows), (std::vector<std::size_t>{1, 2}));
}

TEST(CsvReader, SkipsAByteOrderMarkAtTheStartOnly) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(outcome(bom + "a,b\n"), "1:[a|b] ");
  EXPECT_EQ(outcome(bom), "");
  EXPECT_EQ(outcome(bom + "\n\na\n"), "3:[a] ");
  // A second mark is text (U+FEFF), not skipped.
  EXPECT_EQ(outcome(bom + bom + "a"), "1:[" + bom + "a] ");
  // A mark's beginning that turns out not to be one is kept (and here is not UTF-8).
  EXPECT_EQ(outcome(bom.substr(0, 2) + "a"),
            "error 1:1 Field 1 is not valid UTF-8 text. Save the file as \"CSV UTF-8\" and upload "
            "it again.");
}

TEST(CsvReader, AcceptsCrLfLfCrAndMixedLineEndings) {
  EXPECT_EQ(outcome("a,b\r\nc,d\r\n"), "1:[a|b] 2:[c|d] ");
  EXPECT_EQ(outcome("a,b\nc,d\n"), "1:[a|b] 2:[c|d] ");
  EXPECT_EQ(outcome("a\r\nb\nc\r\nd"), "1:[a] 2:[b] 3:[c] 4:[d] ");
  EXPECT_EQ(outcome("a\rb\r\nc\n\rd"), "1:[a] 2:[b] 3:[c] 5:[d] ");
}

TEST(CsvReader, KeepsCommasQuotesAndSpacesInsideFields) {
  EXPECT_EQ(parse_all("\"a,b\",c\n")[0].fields, (Fields{"a,b", "c"}));
  EXPECT_EQ(parse_all("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n")[0].fields, (Fields{"say \"hi\"", "\"", ""}));
  EXPECT_EQ(parse_all(" a , b ,\t\n")[0].fields, (Fields{" a ", " b ", "\t"}));
  EXPECT_EQ(parse_all(",,\n")[0].fields, (Fields{"", "", ""}));
  EXPECT_EQ(parse_all("\" x \"\n")[0].fields, (Fields{" x "}));
}

TEST(CsvReader, QuotedLineBreaksMoveTheFollowingRecordsDown) {
  const auto rows = parse_all("h1,h2\n\"two\nlines\",1\n\"three\r\nlines\r\nhere\",2\nlast,\"\n\"\nafter,4\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].fields, (Fields{"two\nlines", "1"}));
  EXPECT_EQ(rows[2].fields, (Fields{"three\r\nlines\r\nhere", "2"}));
  EXPECT_EQ(rows[3].fields, (Fields{"last", "\n"}));
  EXPECT_EQ(lines_of(rows), (std::vector<std::size_t>{1, 2, 4, 7, 9}));
}

TEST(CsvReader, ReadsALastLineWithoutALineBreak) {
  EXPECT_EQ(outcome("a,b\nc,d"), "1:[a|b] 2:[c|d] ");
  EXPECT_EQ(outcome("a,b\nc,"), "1:[a|b] 2:[c|] ");
  EXPECT_EQ(outcome("a\n\"q\"\"\""), "1:[a] 2:[q\"] ");
  EXPECT_EQ(outcome(""), "");
}

TEST(CsvReader, SkipsEmptyLinesButCountsThem) {
  EXPECT_EQ(outcome("\n\na\n\n\nb\n\n"), "3:[a] 6:[b] ");
  EXPECT_EQ(outcome("\r\n\r\na\r\n\r\n\r\nb"), "3:[a] 6:[b] ");
  EXPECT_EQ(outcome("\n\r\n\n"), "");
  // A line of spaces is not empty: it holds one field.
  EXPECT_EQ(outcome("a\n \nb\n"), "1:[a] 2:[ ] 3:[b] ");
}

TEST(CsvReader, ReportsAnUnterminatedQuoteWhereItOpens) {
  const auto e = error_of("a,b\nc,\"open\nmore\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 2u);
  EXPECT_EQ(e.message(), "Unterminated quoted field starting on line 2 (the closing quote is missing).");
  EXPECT_STREQ(e.what(),
               "line 2, column 2: Unterminated quoted field starting on line 2 (the closing quote "
               "is missing).");
  EXPECT_EQ(outcome("x\n\"a\n\nb,c"),
            "1:[x] error 2:1 Unterminated quoted field starting on line 2 (the closing quote is "
            "missing).");
  EXPECT_EQ(outcome("a\n\"b,\nc\n\n\",\"d"),
            "1:[a] error 5:2 Unterminated quoted field starting on line 5 (the closing quote is "
            "missing).");
}

// What our exports (and spreadsheets saving them) write before a formula comes off again; a
// value that only starts with an apostrophe keeps it.
TEST(CsvReader, DropsTheFormulaGuardOfOurExports) {
  const auto rows = parse_all("'+12125550123,\"'=SUM(A1)\",''=x,'Ana,',x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"+12125550123", "=SUM(A1)", "'=x", "'Ana", "'", "x"}));
}

TEST(CsvReader, RejectsAQuoteInsideAnUnquotedField) {
  EXPECT_EQ(outcome("a,b\"c\n"),
            "error 1:2 Field 2 contains a quote (\") but does not start with one. Put the whole field "
            "in quotes and write the quote twice (\"\").");
  // A space before the opening quote makes the field unquoted.
  EXPECT_EQ(error_of("a, \"b\"\n").column(), 2u);
}

TEST(CsvReader, RejectsTextAfterAClosingQuoteOnItsLine) {
  EXPECT_EQ(outcome("\"a\"b,c\n"),
            "error 1:1 Field 1 has text after its closing quote. A quote inside a quoted field must "
            "be written twice (\"\").");
  EXPECT_EQ(error_of("a,\"b\" \n").column(), 2u);
  const auto e = error_of("x\ny,\"a\nb\"c\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 2u);
}

TEST(CsvReader, RejectsInvalidUtf8NamingLineAndField) {
  EXPECT_EQ(outcome("a,b\nc,\xFF\n"),
            "1:[a|b] error 2:2 Field 2 is not valid UTF-8 text. Save the file as \"CSV UTF-8\" and "
            "upload it again.");
  EXPECT_EQ(error_of("\"\n\xC3\",x").line(), 1u);
  EXPECT_EQ(error_of("\xC0\xAF").column(), 1u);  // overlong
  EXPECT_EQ(outcome("\xC3\xA9t\xC3\xA9,\xE2\x82\xAC\n"), "1:[\xC3\xA9t\xC3\xA9|\xE2\x82\xAC] ");
}

TEST(CsvReader, EnforcesTheRowLimit) {
  const CsvLimits limits{.max_rows = 2};
  EXPECT_EQ(outcome("a\nb\n", limits), "1:[a] 2:[b] ");
  EXPECT_EQ(outcome("a\nb\n\nc\n", limits), "1:[a] 2:[b] error 4:0 The file has more than 2 rows.");
}

TEST(CsvReader, EnforcesTheFieldCountLimit) {
  const CsvLimits limits{.max_fields_per_row = 2};
  EXPECT_EQ(outcome("a,b\n,\n", limits), "1:[a|b] 2:[|] ");
  EXPECT_EQ(outcome("a,b\nc,d,e\n", limits), "1:[a|b] error 2:3 The row has more than 2 fields.");
  EXPECT_EQ(outcome("a,b,", limits), "error 1:3 The row has more than 2 fields.");
}

TEST(CsvReader, EnforcesTheFieldSizeLimit) {
  const CsvLimits limits{.max_field_bytes = 3};
  EXPECT_EQ(outcome("abc,\"de\"\"\"\n", limits), "1:[abc|de\"] ");
  EXPECT_EQ(outcome("ab,abcd\n", limits), "error 1:2 Field 2 is longer than 3 bytes.");
  EXPECT_EQ(outcome("\"a\nc\"", limits), "1:[a\nc] ");
  EXPECT_EQ(outcome("\"ab\ncd\"", limits), "error 1:1 Field 1 is longer than 3 bytes.");
}

TEST(CsvReader, StopsAnEndlessFieldWhileItStreamsIn) {
  CsvReader reader([](const CsvRow&) {}, CsvLimits{.max_field_bytes = 1000});
  reader.feed("a,\"");
  const std::string megabyte(1 << 20, 'x');
  try {
    reader.feed(megabyte);
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.column(), 2u);
    EXPECT_EQ(e.message(), "Field 2 is longer than 1000 bytes.");
  }
}

// The same input split into two chunks at every byte, and fed one byte at a time, must read
// exactly as in one piece: rows, lines, and errors alike.
TEST(CsvReader, ChunkBoundariesAnywhereChangeNothing) {
  const std::array<std::string_view, 15> inputs = {
      "\xEF\xBB\xBF"
      "h1,h2\r\n\"a,\"\"b\"\"\r\nc\",d\r\n\r\n\xC3\xA9,\xE2\x82\xAC\n\rlast,\"\"",
      "a\r\n\r\n\"x\ny\"\r\n",
      "\xEF\xBB"
      "a",
      "\xEF\xBB\xBF",
      "a,b\nc,\"open\nmore\n",
      "a,b\"c\n",
      "x\ny,\"a\nb\"c\n",
      "a,b\nc,\xFF\n",
      "\xE2\x82\xAC\xE2\x82",
      "a,b,c\nd,e,f,g\n",
      "abcd,\"abcde\"\n",
      "\r\r\n\n\"\r\"\r\n\r",
      // A field passing the limit just before a syntax error: the field is reported.
      "abcdef\"\n",
      "\"abcd\"x\n",
      "\"abc\"\"\"\"\"x\n",
  };
  const CsvLimits limits{.max_fields_per_row = 3, .max_field_bytes = 4, .max_rows = 4};
  for (const auto input : inputs) {
    SCOPED_TRACE(std::string(input));
    const auto whole = outcome(input, limits);
    for (std::size_t split = 0; split <= input.size(); ++split)
      EXPECT_EQ(outcome_of({input.substr(0, split), input.substr(split)}, limits), whole) << "split at " << split;
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < input.size(); ++i) bytes.push_back(input.substr(i, 1));
    EXPECT_EQ(outcome_of(bytes, limits), whole);
  }
}

TEST(CsvReader, ACallbackExceptionStopsReadingAndSticks) {
  int calls = 0;
  CsvReader reader([&calls](const CsvRow& row) {
    ++calls;
    if (row.fields[0] == "stop") throw std::runtime_error("enough");
  });
  EXPECT_THROW(reader.feed("a\nstop\nb\n"), std::runtime_error);
  EXPECT_EQ(calls, 2);
  EXPECT_THROW(reader.feed("c\n"), std::runtime_error);
  EXPECT_THROW(reader.finish(), std::runtime_error);
  EXPECT_EQ(calls, 2);
}

TEST(CsvReader, ACsvErrorSticksAndFeedAfterFinishIsAMistake) {
  CsvReader broken([](const CsvRow&) {});
  EXPECT_THROW(broken.feed("a\"\n"), CsvError);
  EXPECT_THROW(broken.feed("b\n"), CsvError);
  EXPECT_THROW(broken.finish(), CsvError);

  int calls = 0;
  CsvReader reader([&calls](const CsvRow&) { ++calls; });
  reader.feed("a");
  reader.finish();
  reader.finish();
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(reader.feed("b"), std::logic_error);
}

TEST(CsvReader, ReusesOneRowForEveryRecord) {
  std::vector<std::size_t> sizes;
  CsvReader reader([&sizes](const CsvRow& row) { sizes.push_back(row.fields.size()); });
  reader.feed("a,b,c\nd\ne,f\n");
  reader.finish();
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3, 1, 2}));
}

#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
// CPU time of this thread: the machine running the tests is busy with other suites.
std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// docs/product.md#targets: imports of 100,000 rows. Only optimized builds are timed (about 30 ms there).
TEST(CsvReader, ReadsAHundredThousandRowsQuickly) {
  std::string input = "firstname,lastname,email_or_device,social_messaging,multiline_number\r\n";
  for (int i = 0; i < 100'000; ++i)
    input += "Ana,\"Souza, Jr.\",ana" + std::to_string(i) + "@example.com,Yes,+5511" + std::to_string(900'000'000 + i) +
             "\r\n";
  std::size_t rows = 0;
  auto best = std::chrono::nanoseconds::max();
  for (int run = 0; run < 3; ++run) {
    rows = 0;
    const auto start = thread_cpu_time();
    CsvReader reader([&rows](const CsvRow&) { ++rows; });
    for (std::size_t at = 0; at < input.size(); at += 64 * 1024)
      reader.feed(std::string_view(input).substr(at, 64 * 1024));
    reader.finish();
    best = std::min(best, thread_cpu_time() - start);
  }
  EXPECT_EQ(rows, 100'001u);
  EXPECT_LT(best, std::chrono::milliseconds(100));
}
#endif

// ---- header row ----------------------------------------------------------------------------

constexpr std::array<ExpectedColumn, 4> columns = {{
    {"firstname"},
    {"email_or_device", true},
    {"social_messaging", true},
    {"notes"},
}};

CsvRow header(Fields fields) {
  return CsvRow{std::move(fields), 1};
}

std::vector<std::string> messages(const HeaderMatch& match) {
  std::vector<std::string> out;
  for (const auto& e : match.errors)
    out.push_back(std::to_string(e.line()) + ":" + std::to_string(e.column()) + " " + e.message());
  return out;
}

TEST(MatchHeader, FindsColumnsInAnyOrderIgnoringCaseAndSpaces) {
  const auto match = match_header(header({" Social_Messaging", "EMAIL_OR_DEVICE ", "firstname"}), columns);
  EXPECT_TRUE(match.ok());
  EXPECT_EQ(match.index, (std::vector<std::optional<std::size_t>>{2, 1, 0, std::nullopt}));

  const CsvRow row{{"Yes", "ana@example.com"}, 2};
  EXPECT_EQ(match.value(row, 2), "Yes");
  EXPECT_EQ(match.value(row, 1), "ana@example.com");
  EXPECT_EQ(match.value(row, 0), "") << "the row is shorter than the header";
  EXPECT_EQ(match.value(row, 3), "") << "the file has no such column";
}

TEST(MatchHeader, MatchesTheFirstColumnOfAFileWithAByteOrderMark) {
  const auto rows = parse_all(
      "\xEF\xBB\xBF"
      "email_or_device,social_messaging\r\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(match_header(rows[0], columns).ok());
}

TEST(MatchHeader, ReportsEveryProblemWithItsColumn) {
  CsvRow row = header({"firstname", "", "e-mail", "FirstName", "social_messaging"});
  row.line = 3;
  const auto match = match_header(row, columns);
  EXPECT_FALSE(match.ok());
  EXPECT_EQ(messages(match), (std::vector<std::string>{
                                 "3:2 Column 2 has no name.",
                                 "3:3 Unknown column \"e-mail\". The columns are: firstname, email_or_device, "
                                 "social_messaging, notes.",
                                 "3:4 Column \"FirstName\" appears more than once.",
                                 "3:0 Required column \"email_or_device\" is missing.",
                             }));
  EXPECT_EQ(match.index[0], 0u);
}

TEST(MatchHeader, ShortensVeryLongUnknownNames) {
  const auto match =
      match_header(header({std::string(58, 'x') + "\xC3\xA9\xC3\xA9", "email_or_device", "social_messaging"}), columns);
  ASSERT_EQ(match.errors.size(), 1u);
  EXPECT_EQ(match.errors[0].message(), "Unknown column \"" + std::string(58, 'x') +
                                           "\xC3\xA9…\". The columns are: firstname, email_or_device, "
                                           "social_messaging, notes.");
}

}  // namespace
}  // namespace lineport::csv
