#pragma once
// Where a webhook may send (docs/webhooks.md#destinations): an http or https URL whose host
// resolves only to public addresses. Loopback, private, link-local (cloud metadata services
// among them), shared, multicast and reserved addresses are refused unless the operator allows
// private targets (serve --webhooks-allow-private). The check runs when a webhook is saved
// (literal addresses and "localhost") and again before every attempt, on the addresses the
// attempt then connects to, so a name that later resolves inward is caught.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lineport::webhooks {

struct Destination {
  std::string scheme;  // http | https
  std::string host;    // a name, or an address (IPv6 without brackets)
  int port = 0;
};

// The parts of a webhook URL, or why it cannot be one (`why` set, nullopt).
std::optional<Destination> parse_url(std::string_view url, std::string& why);

// True for an address (IPv4 or IPv6 text) that a webhook must not reach by default.
bool is_internal_address(std::string_view address);

// The addresses `host` resolves to (numeric text), in the resolver's order. Throws
// std::runtime_error with the resolver's reason when it resolves to none.
std::vector<std::string> resolve(const std::string& host, int port);

}  // namespace lineport::webhooks
