#pragma once
// A stored compliance record as the archivers' feed and the reports give it
// (docs/compliance.md#records-as-they-are-read).

#include <nlohmann/json.hpp>

#include "domain/compliance/compliance_record.h"
#include "domain/compliance/data_key.h"
#include "storage/database.h"

namespace lineport::compliance {

// `r` starts with the columns of the kind's feed statement (storage/queries/compliance.h), in
// their order. The message text is opened with `key`; a text it cannot open throws (500): the
// key is bound to the database at start, so only damage gets there.
nlohmann::json record_json(Kind kind, const storage::Row& r, const DataKey& key);

}  // namespace lineport::compliance
