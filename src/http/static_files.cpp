#include "http/static_files.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "http/etag.h"
#include "util/crypto.h"

namespace lineport::http {
namespace {

constexpr std::uintmax_t max_file_size = 32u << 20;

std::string content_type_for(const std::filesystem::path& path) {
  static const std::unordered_map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webp", "image/webp"},
  };
  const auto it = types.find(path.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// A qvalue (RFC 9110 §12.4.2: 0 to 1, at most three decimals) in thousandths; nullopt if malformed.
std::optional<int> parse_qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int thousandths = (v[0] - '0') * 1000;
  if (v.size() == 1) return thousandths;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int scale = 100;
  for (const char ch : v.substr(2)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    thousandths += (ch - '0') * scale;
    scale /= 10;
  }
  return thousandths <= 1000 ? std::optional(thousandths) : std::nullopt;
}

// "/assets/index-DpW3xk9a.js": Vite names a built file "<name>-<hash>", the hash 8 characters
// of [A-Za-z0-9_-] (so "react--AlMTTYp.js" too), from its content: the file under that name
// never changes and may be cached for good.
bool is_hashed_asset(std::string_view path) {
  if (!path.starts_with("/assets/")) return false;
  const auto name = path.substr(path.rfind('/') + 1);
  const auto stem = name.substr(0, name.find('.'));
  if (stem.size() < 10 || stem.size() == name.size() || stem[stem.size() - 9] != '-') return false;
  const auto hash = stem.substr(stem.size() - 8);
  return std::all_of(hash.begin(), hash.end(),
                     [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'; });
}

}  // namespace

std::optional<Coding> choose_coding(std::optional<std::string_view> accept_encoding, bool have_gzip, bool have_br) {
  if (!accept_encoding) return Coding::identity;  // no preference stated
  // q in thousandths per coding as listed; -1: not listed.
  int q_identity = -1, q_gzip = -1, q_br = -1, q_any = -1;
  std::string_view rest = *accept_encoding;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto semicolon = element.find(';');
    const auto name = lower(trim(element.substr(0, semicolon)));
    if (name.empty()) continue;
    std::optional<int> q = 1000;
    for (auto params = semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
         !params.empty();) {
      const auto next = params.find(';');
      const auto param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
        q = parse_qvalue(trim(param.substr(2)));
    }
    if (!q) continue;  // a malformed element says nothing
    if (name == "identity")
      q_identity = *q;
    else if (name == "gzip" || name == "x-gzip")
      q_gzip = *q;
    else if (name == "br")
      q_br = *q;
    else if (name == "*")
      q_any = *q;
  }
  const auto effective = [&](int listed, bool is_identity) {
    if (listed >= 0) return listed;
    if (q_any >= 0) return q_any;
    return is_identity ? 1 : 0;  // identity is acceptable unless excluded
  };
  const int br = have_br ? effective(q_br, false) : 0;
  const int gzip = have_gzip ? effective(q_gzip, false) : 0;
  const int identity = effective(q_identity, true);
  const int best = std::max({br, gzip, identity});
  if (best <= 0) return std::nullopt;
  if (br == best) return Coding::br;
  if (gzip == best) return Coding::gzip;
  return Coding::identity;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    spdlog::warn("web portal not found at {} (build it with `make build`); serving the API only", root.string());
    return;
  }
  std::size_t compressed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file() || entry.file_size() > max_file_size) continue;
    const auto extension = entry.path().extension();
    if (extension == ".gz" || extension == ".br") continue;  // attached to their originals below
    File file{read_file(entry.path()), std::nullopt, std::nullopt, content_type_for(entry.path()), ""};
    file.etag = "\"" + crypto::sha256_hex(file.content).substr(0, 32) + "\"";
    // A copy is used only when smaller, and only when it is of this very content: a stale .gz
    // left from another build would have been compressed from something else, so it must have
    // been written after the original (scripts/precompress.cpp writes both in one build).
    for (const auto& [suffix, slot] : {std::pair{".gz", &file.gzip}, std::pair{".br", &file.br}}) {
      auto copy_path = entry.path();
      copy_path += suffix;
      if (!std::filesystem::is_regular_file(copy_path, ec)) continue;
      if (std::filesystem::last_write_time(copy_path, ec) < entry.last_write_time(ec)) continue;
      auto copy = read_file(copy_path);
      if (copy.size() < file.content.size()) {
        *slot = std::move(copy);
        ++compressed;
      }
    }
    files_.emplace("/" + std::filesystem::relative(entry.path(), root).generic_string(), std::move(file));
  }
  spdlog::info("web portal: {} files ({} precompressed copies) from {}", files_.size(), compressed, root.string());
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
  const bool immutable = !fallback && is_hashed_asset(request.path);
  r.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.header("Vary", "Accept-Encoding");
  const auto coding = choose_coding(request.header("Accept-Encoding"), file->gzip.has_value(), file->br.has_value());
  if (!coding) {
    r.status = 406;
    r.body = "Accept-Encoding excludes every coding this file is available in (" + std::string(file->br ? "br, " : "") +
             (file->gzip ? "gzip, " : "") + "identity).";
    r.header("Content-Type", "text/plain; charset=utf-8");
    return r;
  }
  // Each coding is its own representation, with its own entity tag (RFC 9110 §8.8.3).
  std::string etag = file->etag;
  const std::string* body = &file->content;
  if (*coding != Coding::identity) {
    const char* name = *coding == Coding::br ? "br" : "gzip";
    etag.insert(etag.size() - 1, std::string("-") + name);
    body = *coding == Coding::br ? &*file->br : &*file->gzip;
    r.header("Content-Encoding", name);
  }
  r.header("ETag", etag);
  if (const auto match = request.header("If-None-Match"); match && none_match(*match, etag)) {
    r.status = 304;
    return r;
  }
  r.header("Content-Type", file->content_type);
  r.body = *body;
  return r;
}

}  // namespace lineport::http
