// The number transition table: every event's statuses, what no event allows, and the copy of the
// table in docs/architecture.md, which must say what the code does.

#include "domain/numbers/number_status.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lineport::numbers {
namespace {

using S = NumberStatus;
using E = NumberEvent;

std::set<S> froms(E event) {
  std::set<S> out;
  for (const S s : all_number_statuses())
    if (can_apply(event, s)) out.insert(s);
  return out;
}

TEST(NumberStatus, NamesRoundTripAndUnknownNamesAreRefused) {
  for (const S s : all_number_statuses()) EXPECT_EQ(parse_number_status(to_string(s)), s);
  EXPECT_EQ(all_number_statuses().size(), 6u);
  EXPECT_FALSE(parse_number_status("Available"));
  EXPECT_FALSE(parse_number_status("free"));
  EXPECT_FALSE(parse_number_status(""));
}

TEST(NumberStatus, EachEventAppliesOnlyToItsStatuses) {
  EXPECT_EQ(froms(E::reserve), (std::set{S::available}));
  EXPECT_EQ(froms(E::release), (std::set{S::reserved}));
  EXPECT_EQ(froms(E::hold), (std::set{S::available, S::reserved}));
  EXPECT_EQ(froms(E::assign), (std::set{S::available, S::reserved, S::pending_invitation}));
  EXPECT_EQ(froms(E::activate), (std::set{S::available, S::assigned}));
  EXPECT_EQ(froms(E::give_back), (std::set{S::pending_invitation, S::assigned, S::activated}));
  EXPECT_EQ(froms(E::quarantine), (std::set{S::pending_invitation, S::assigned, S::activated}));
  EXPECT_EQ(froms(E::end_quarantine), (std::set{S::quarantined}));
}

TEST(NumberStatus, AQuarantinedNumberOnlyComesBackWhenThePeriodEnds) {
  for (const auto& t : transitions())
    EXPECT_EQ(can_apply(t.event, S::quarantined), t.event == E::end_quarantine) << t.name;
  EXPECT_EQ(transition_for(E::end_quarantine).to, S::available);
}

TEST(NumberStatus, AnActivatedNumberIsNeverReservedHeldOrAssignedAgain) {
  for (const E e : {E::reserve, E::release, E::hold, E::assign, E::activate, E::end_quarantine})
    EXPECT_FALSE(can_apply(e, S::activated)) << transition_for(e).name;
}

TEST(NumberStatus, TheTableHasOneRowPerEventInOrder) {
  const auto table = transitions();
  ASSERT_EQ(table.size(), 8u);
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(table[i].event), i);
    EXPECT_EQ(&transition_for(table[i].event), &table[i]);
    EXPECT_FALSE(table[i].from.empty());
    EXPECT_FALSE(table[i].who.empty());
  }
}

TEST(NumberStatus, MovesBetweenPoolsTakeOnlyFreeNumbers) {
  for (const S s : all_number_statuses()) {
    EXPECT_EQ(can_allocate(s), s == S::available || s == S::reserved) << to_string(s);
    EXPECT_EQ(can_withdraw(s), s == S::available) << to_string(s);
  }
}

// The rows `| event | from, … | to | caused by |` of the table in docs/architecture.md.
std::map<std::string, std::pair<std::set<std::string>, std::string>> documented_table() {
  std::ifstream in(std::string(LINEPORT_SOURCE_DIR) + "/docs/architecture.md");
  std::map<std::string, std::pair<std::set<std::string>, std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream cols(line);
    for (std::string cell; std::getline(cols, cell, '|');) {
      const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    // "", event, from, to, caused by
    if (cells.size() != 5 || !cells[0].empty()) continue;
    std::set<std::string> from;
    std::stringstream list(cells[2]);
    for (std::string s; std::getline(list, s, ',');) from.insert(s.substr(s.find_first_not_of(' ')));
    rows[cells[1]] = {from, cells[3]};
  }
  return rows;
}

TEST(NumberStatus, TheArchitectureDocumentShowsTheTableAsTheCodeHasIt) {
  const auto documented = documented_table();
  std::size_t found = 0;
  for (const auto& t : transitions()) {
    const auto row = documented.find(std::string(t.name));
    ASSERT_NE(row, documented.end()) << t.name << " is missing from docs/architecture.md";
    std::set<std::string> from;
    for (const S s : t.from) from.insert(std::string(to_string(s)));
    EXPECT_EQ(row->second.first, from) << t.name;
    EXPECT_EQ(row->second.second, to_string(t.to)) << t.name;
    ++found;
  }
  EXPECT_EQ(found, transitions().size());
}

}  // namespace
}  // namespace lineport::numbers
