#include "domain/webhooks/destination.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "util/text.h"

namespace lineport::webhooks {
namespace {

constexpr std::size_t max_url_bytes = 2048;

bool in_v4(std::uint32_t address, std::uint32_t network, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
         static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(d);
}

bool internal_v4(std::uint32_t a) {
  struct Range {
    std::uint32_t network;
    int prefix;
  };
  static constexpr std::array<Range, 12> ranges{{
      {v4(0, 0, 0, 0), 8},       // "this network"
      {v4(10, 0, 0, 0), 8},      // private
      {v4(100, 64, 0, 0), 10},   // shared (carrier NAT; some clouds' metadata)
      {v4(127, 0, 0, 0), 8},     // loopback
      {v4(169, 254, 0, 0), 16},  // link-local, 169.254.169.254 metadata
      {v4(172, 16, 0, 0), 12},   // private
      {v4(192, 0, 0, 0), 24},    // IETF protocol assignments
      {v4(192, 168, 0, 0), 16},  // private
      {v4(198, 18, 0, 0), 15},   // benchmarking
      {v4(224, 0, 0, 0), 4},     // multicast
      {v4(240, 0, 0, 0), 4},     // reserved, broadcast
      {v4(192, 88, 99, 0), 24},  // 6to4 relay anycast
  }};
  for (const auto& r : ranges)
    if (in_v4(a, r.network, r.prefix)) return true;
  return false;
}

bool internal_v6(const std::array<unsigned char, 16>& a) {
  const auto zeros = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
      if (a[i] != 0) return false;
    return true;
  };
  const auto embedded_v4 = [&] {
    return static_cast<std::uint32_t>(a[12]) << 24 | static_cast<std::uint32_t>(a[13]) << 16 |
           static_cast<std::uint32_t>(a[14]) << 8 | a[15];
  };
  if (zeros(0, 15) && (a[15] == 0 || a[15] == 1)) return true;                            // :: and ::1
  if (zeros(0, 10) && a[10] == 0xff && a[11] == 0xff) return internal_v4(embedded_v4());  // ::ffff:a.b.c.d
  if (zeros(0, 12)) return true;  // IPv4-compatible (deprecated)
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && zeros(4, 12))
    return internal_v4(embedded_v4());  // 64:ff9b::/96, NAT64
  // 64:ff9b:1::/48, local-use NAT64: the local translator may place an IPv4 address anywhere.
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && a[4] == 0x00 && a[5] == 0x01) return true;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x00 && a[3] == 0x00) return true;  // 2001::/32 Teredo
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return true;  // 2001:db8::/32 documentation
  if (a[0] == 0x01 && a[1] == 0x00 && zeros(2, 8)) return true;                   // 100::/64 discard
  if ((a[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local (fd00:ec2::254 metadata)
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local (deprecated)
  if (a[0] == 0xff) return true;                           // multicast
  if (a[0] == 0x20 && a[1] == 0x02)
    return internal_v4(static_cast<std::uint32_t>(a[2]) << 24 | static_cast<std::uint32_t>(a[3]) << 16 |
                       static_cast<std::uint32_t>(a[4]) << 8 | a[5]);  // 6to4
  return false;
}

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

}  // namespace

bool is_internal_address(std::string_view address) {
  const std::string text(address);
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) return internal_v4(ntohl(a4.s_addr));
  std::array<unsigned char, 16> a6{};
  if (inet_pton(AF_INET6, text.c_str(), a6.data()) == 1) return internal_v6(a6);
  return true;  // not an address: never let it through as a public one
}

std::optional<Destination> parse_url(std::string_view url, std::string& why) {
  Destination d;
  if (url.size() > max_url_bytes) {
    why = "Must be at most 2048 characters.";
    return std::nullopt;
  }
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || static_cast<unsigned char>(c) >= 0x80) {
      why = "Must not contain spaces, control or non-ASCII characters (percent-encode them).";
      return std::nullopt;
    }
  const auto scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string_view::npos ? "" : text::fold_case(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    why = "Must start with https:// or http://.";
    return std::nullopt;
  }
  d.scheme = scheme;
  const auto rest = url.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos) {
    why = "Must not have a fragment (#…).";
    return std::nullopt;
  }
  const auto authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority.find('@') != std::string_view::npos) {
    why = "Must not hold a user name or password: receivers check the signature instead.";
    return std::nullopt;
  }
  std::string_view host = authority;
  std::string_view port;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) {
      why = "Has an unclosed [ in its host.";
      return std::nullopt;
    }
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') {
        why = "Has characters after the ] of its host.";
        return std::nullopt;
      }
      port = host.substr(close + 2);
    }
    host = host.substr(1, close - 1);
    in6_addr probe{};
    if (inet_pton(AF_INET6, std::string(host).c_str(), &probe) != 1) {
      why = "Has an IPv6 host that is not an address.";
      return std::nullopt;
    }
  } else {
    if (const auto colon = host.find(':'); colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      host = host.substr(0, colon);
    }
    if (host.empty() || host.size() > 253 || !std::all_of(host.begin(), host.end(), valid_host_char)) {
      why = "Must name a host: letters, digits, hyphens and dots, or an address.";
      return std::nullopt;
    }
  }
  d.host = text::fold_case(host);
  d.port = d.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    int p = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p < 1 || p > 65535) {
      why = "Has a port that is not a number from 1 to 65535.";
      return std::nullopt;
    }
    d.port = p;
  }
  return d;
}

std::string redacted_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "…";
  const auto rest = url.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string out(url.substr(0, scheme_end + 3 + std::min(authority_end, rest.size())));
  if (const auto at = out.find('@'); at != std::string::npos) out.erase(scheme_end + 3, at - scheme_end - 2);
  if (authority_end != std::string_view::npos && authority_end + 1 < rest.size()) out += "/…";
  return out;
}

}  // namespace lineport::webhooks
