#pragma once
// The server's secret key (docs/security.md, "The secret key"): kept in a file, never in the
// database, so that a copy of the database alone cannot be used to try activation codes offline.

#include <string>

#include "app/config.h"
#include "domain/compliance/data_key.h"

namespace lineport::app {

// The configured file, or, for an SQLite database, the file beside it (lineport.db.key). With
// PostgreSQL there is no default: every server on one database must be given the same file.
std::string secret_key_path(const Config& config);

// The key in `path`; a missing file is created with a new random key, readable by its owner only.
// Throws std::runtime_error when the file cannot be read or holds fewer than 32 characters.
std::string load_or_create_secret_key(const std::string& path);

// The key that seals message texts: the data key file's, else one derived from `secret_key`.
compliance::DataKey data_key(const Config& config, std::string_view secret_key);

}  // namespace lineport::app
