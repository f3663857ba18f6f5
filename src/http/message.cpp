#include "http/message.h"

#include <algorithm>
#include <cctype>

namespace lineport::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  const auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  const auto header_value = header("Cookie");
  if (!header_value) return std::nullopt;
  std::string_view rest = *header_value;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

Response Response::json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace("Content-Type", "application/json");
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

std::optional<ParsedTarget> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  const auto q = target.find('?');
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  if (path->find('\0') != std::string::npos || path->find('\\') != std::string::npos ||
      path->find("/../") != std::string::npos || path->ends_with("/.."))
    return std::nullopt;

  ParsedTarget out{std::move(*path), {}};
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(pair.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.query.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

SpooledBody::~SpooledBody() {
  std::fclose(file_);
}

void SpooledBody::rewind() {
  std::rewind(file_);
}

std::size_t SpooledBody::read(std::span<char> buffer) {
  const auto n = std::fread(buffer.data(), 1, buffer.size(), file_);
  if (n == 0 && std::ferror(file_)) throw std::runtime_error("reading the spooled request body failed");
  return n;
}

bool Request::has_body() const {
  return !body.empty() || spooled_body;
}

std::function<std::size_t(std::span<char>)> Request::body_reader() const {
  if (spooled_body) {
    spooled_body->rewind();
    return [file = spooled_body](std::span<char> buffer) { return file->read(buffer); };
  }
  return [this, offset = std::size_t{0}](std::span<char> buffer) mutable {
    const auto n = std::min(buffer.size(), body.size() - offset);
    std::copy_n(body.data() + offset, n, buffer.data());
    offset += n;
    return n;
  };
}

}  // namespace lineport::http
