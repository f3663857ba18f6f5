#pragma once
// The built web portal (web/dist), loaded into memory at start: a few megabytes, served without
// touching the disk. Any path that is not a file gets index.html (the portal routes itself).

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.h"

namespace lineport::http {

class StaticFiles {
 public:
  // An absent directory is allowed: the API still works and "/" explains how to build the portal.
  explicit StaticFiles(const std::filesystem::path& root);

  Response serve(const Request& request) const;
  bool loaded() const { return !files_.empty(); }

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string etag;
  };
  const File* find(const std::string& path) const;

  std::unordered_map<std::string, File> files_;  // keyed by URL path, e.g. "/assets/x.js"
};

}  // namespace lineport::http
