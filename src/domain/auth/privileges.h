#pragma once
// The privilege catalog (docs/product.md#administrators-roles-and-privileges): exact keys, labels in en/es/pt, grouped
// like the portal's "Create A New Role" tree.

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lineport::auth {

struct Privilege {
  std::string key;    // "reports.view.user_metrics"
  std::string group;  // "reports", "setup", ... (the tree's top level)
  std::string label_en, label_es, label_pt;
};

const std::vector<Privilege>& privilege_catalog();
bool is_known_privilege(std::string_view key);

// A set of held privileges with the implication rule: setup.edit.<a> implies setup.view.<a>.
// Immutable once built, and shared by its copies: every request's principal holds one.
class PrivilegeSet {
 public:
  using Keys = std::set<std::string, std::less<>>;

  PrivilegeSet() = default;
  explicit PrivilegeSet(const std::vector<std::string>& keys);
  static PrivilegeSet all();
  // The keys of a role as the database keeps them, a JSON array; empty when `text` is not one.
  static PrivilegeSet from_json(std::string_view text);

  bool has(std::string_view key) const;
  bool contains_all(const PrivilegeSet& other) const;
  std::vector<std::string> keys() const;

 private:
  std::shared_ptr<const Keys> keys_;
};

}  // namespace lineport::auth
