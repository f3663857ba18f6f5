#include "domain/numbers/number_csv.h"

#include <optional>
#include <string>

#include "domain/row_errors.h"
#include "util/csv_reader.h"

namespace lineport::numbers {
namespace {

constexpr csv::ExpectedColumn columns[] = {{"number", true}, {"tag", false}};

std::string column_name(std::size_t column) {
  return column > 0 && column <= std::size(columns) ? std::string(columns[column - 1].name) : "";
}

[[noreturn]] void refuse(RowErrors& errors) {
  errors.raise("The CSV file has " + std::to_string(errors.count()) + " error(s); no number was imported.");
}

}  // namespace

std::vector<ImportItem> read_number_csv(std::string_view csv_text) {
  std::vector<ImportItem> items;
  std::optional<csv::HeaderMatch> header;
  RowErrors errors(RowPlace::column);
  csv::CsvReader reader(
      [&](const csv::CsvRow& row) {
        if (!header) {
          header = csv::match_header(row, columns);
          for (const auto& e : header->errors) errors.add(1, "header", "", e.message());
          if (!header->ok()) refuse(errors);
          return;
        }
        if (items.size() >= NumberService::max_import)
          throw csv::CsvError(row.line, 0,
                              "The file has more than " + std::to_string(NumberService::max_import) + " numbers.");
        const auto line = static_cast<std::int64_t>(row.line);
        ImportItem item{line, std::string(header->value(row, 0)), {}};
        const std::string raw_tag(header->value(row, 1));
        Validator tag_check;
        item.tag = clean_tag(raw_tag, "tag", tag_check);
        for (const auto& e : tag_check.errors()) errors.add(line, "tag", raw_tag, e.message);
        items.push_back(std::move(item));
      },
      csv::CsvLimits{8, 1024, NumberService::max_import + 1});
  try {
    reader.feed(csv_text);
    reader.finish();
  } catch (const csv::CsvError& e) {
    errors.add(static_cast<std::int64_t>(e.line()), column_name(e.column()), "", e.message());
    refuse(errors);
  }
  if (!header) {
    errors.add(1, "header", "", "The file is empty: it needs the header line `number,tag`.");
    refuse(errors);
  }
  if (!errors.empty()) refuse(errors);
  return items;
}

}  // namespace lineport::numbers
