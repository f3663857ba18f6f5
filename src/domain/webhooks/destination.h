#pragma once
// Where a webhook may send (docs/webhooks.md#destinations): an http or https URL whose host
// resolves only to public addresses. Loopback, private, link-local (cloud metadata services
// among them), shared, multicast and reserved addresses are refused unless the operator allows
// private targets (serve --webhooks-allow-private). The check runs when a webhook is saved
// (literal addresses and "localhost") and again at every attempt, on each address the connection
// is about to use (jobs/webhook_worker.cpp), so a name that later resolves inward is caught.

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

// The URL as the audit log and mails show it: scheme://host[:port] and "/…" for the rest, since
// receivers often carry a token in the path or query.
std::string redacted_url(std::string_view url);

}  // namespace lineport::webhooks
