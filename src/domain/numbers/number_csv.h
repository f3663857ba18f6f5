#pragma once
// The number import's CSV file (docs/product.md#numbers): a header with `number` (required) and
// `tag` (optional), then one number a line, each with its own tag or none.

#include <string_view>
#include <vector>

#include "domain/numbers/number_service.h"

namespace lineport::numbers {

// The file's numbers, each with its line in the file. A file that cannot be read (no `number`
// column, broken quoting, more than NumberService::max_import numbers) or with a bad tag throws
// 422 with row errors by column; the numbers themselves are checked by NumberService::import,
// which reports each bad one in its answer instead.
std::vector<ImportItem> read_number_csv(std::string_view csv_text);

}  // namespace lineport::numbers
