#include "http/static_files.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "util/crypto.h"

namespace lineport::http {
namespace {

constexpr std::uintmax_t max_file_size = 32u << 20;

std::string content_type_for(const std::filesystem::path& path) {
  static const std::unordered_map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".svg", "image/svg+xml"},
      {".png", "image/png"},                   {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},                {".woff2", "font/woff2"},
      {".woff", "font/woff"},                  {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},            {".webp", "image/webp"},
  };
  const auto it = types.find(path.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    spdlog::warn("web portal not found at {} (build it with `make build`); serving the API only", root.string());
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file() || entry.file_size() > max_file_size) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    File file{content.str(), content_type_for(entry.path()), ""};
    file.etag = "\"" + crypto::sha256_hex(file.content).substr(0, 32) + "\"";
    files_.emplace("/" + std::filesystem::relative(entry.path(), root).generic_string(), std::move(file));
  }
  spdlog::info("web portal: {} files from {}", files_.size(), root.string());
}

const StaticFiles::File* StaticFiles::find(const std::string& path) const {
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

Response StaticFiles::serve(const Request& request) const {
  const File* file = find(request.path);
  const bool fallback = file == nullptr;
  if (fallback) file = find("/index.html");
  Response r;
  if (!file) {
    r.status = 404;
    r.body = "The web portal is not built. Run `make build`, or use the API under /api/v1.";
    r.header("Content-Type", "text/plain; charset=utf-8");
    return r;
  }
  // Hashed assets never change; index.html (and the fallback) must be revalidated.
  const bool immutable = !fallback && request.path.starts_with("/assets/");
  r.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.header("ETag", file->etag);
  if (request.header("If-None-Match") == std::optional<std::string_view>(file->etag)) {
    r.status = 304;
    return r;
  }
  r.header("Content-Type", file->content_type);
  r.body = file->content;
  return r;
}

}  // namespace lineport::http
