// The call-filter decision in-process (issue 15, section 3): a rule set of 10,000 blocked
// prefixes and a few allowed ones, as bench/call_filter.py builds over HTTP, decided for
// destinations that end at different lengths of the longest-prefix search.
//
//   call_filter_bench [Google Benchmark flags]

#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "domain/subscriptions/call_filter.h"

namespace {

lineport::subscriptions::CallRules rules_with(int blocked_prefixes) {
  std::mt19937 rng(15);
  std::uniform_int_distribution<int> digit(0, 9), extra(3, 6);
  lineport::subscriptions::CallRule rule;
  rule.plan_id = "bench";
  while (static_cast<int>(rule.blocked.size()) < blocked_prefixes) {
    std::string prefix = "+1";
    for (int i = extra(rng); i > 0; --i) prefix += static_cast<char>('0' + digit(rng));
    rule.blocked.insert(prefix);
  }
  rule.blocked.insert("+1900");
  rule.allowed.insert("+1900555123");
  lineport::subscriptions::CallRules rules;
  rules.rules.push_back(std::move(rule));
  return rules;
}

void BM_Decide(benchmark::State& state, const char* to) {
  const auto rules = rules_with(10'000);
  for (auto _ : state) benchmark::DoNotOptimize(rules.decide(to));
  state.SetItemsProcessed(state.iterations());
}

// Allowed by the longest prefix: every length from 12 down is looked up until the allowed one.
BENCHMARK_CAPTURE(BM_Decide, allowed_by_a_long_prefix, "+19005551234");
// Blocked by "+1900" after the longer lengths missed.
BENCHMARK_CAPTURE(BM_Decide, blocked_by_a_short_prefix, "+19001234567");
// No prefix matches: all 14 lengths are looked up.
BENCHMARK_CAPTURE(BM_Decide, no_prefix_matches, "+442071234567");

}  // namespace

BENCHMARK_MAIN();
