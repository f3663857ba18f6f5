#pragma once
// The built web portal (web/dist), loaded into memory at start: a few megabytes, served without
// touching the disk. Any path that is not a file gets index.html (the portal routes itself).
// `make build` writes gzip and brotli copies next to the compressible files (x.js.gz, x.js.br);
// each request gets the smallest its Accept-Encoding allows (docs/performance.md, "First load").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.h"

namespace lineport::http {

// The content codings a static file can be sent in.
enum class Coding { identity, gzip, br };

// The coding to send given an Accept-Encoding header (absent: nullopt) and the codings at hand,
// by RFC 9110 §12.5.3: the highest q-value wins, ties go to the smaller (br, then gzip); a
// coding given q=0, or not listed when "*" is absent, is never chosen. identity is acceptable
// unless "identity;q=0" (or "*;q=0" without identity) excludes it. nullopt when none is.
std::optional<Coding> choose_coding(std::optional<std::string_view> accept_encoding, bool have_gzip, bool have_br);

class StaticFiles {
 public:
  // An absent directory is allowed: the API still works and "/" explains how to build the portal.
  explicit StaticFiles(const std::filesystem::path& root);

  Response serve(const Request& request) const;
  bool loaded() const { return !files_.empty(); }

 private:
  struct File {
    std::string content;
    std::optional<std::string> gzip;  // precompressed copies, when smaller
    std::optional<std::string> br;
    std::string content_type;
    std::string etag;  // of the content; each coding's copy gets its own (a suffix)
  };
  const File* find(const std::string& path) const;

  std::unordered_map<std::string, File> files_;  // keyed by URL path, e.g. "/assets/x.js"
};

}  // namespace lineport::http
