#include "util/bounded_json.h"

#include <string>
#include <utility>
#include <vector>

namespace lineport {
namespace {

using json = nlohmann::json;

// Builds the document from nlohmann's SAX events, refusing an array or object that would open
// deeper than max_json_depth. Refusing ends the parse at once, so the rest of the text is never
// read.
class BoundedBuilder {
 public:
  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const json::string_t&) { return add(value); }
  bool string(json::string_t& value) { return add(std::move(value)); }
  bool binary(json::binary_t& value) { return add(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return open(json::object()); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }
  bool key(json::string_t& name) {
    key_ = std::move(name);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const json::exception&) { return false; }

  bool too_deep() const { return too_deep_; }
  json& root() { return root_; }

 private:
  bool add(json value) {
    put(std::move(value));
    return true;
  }

  // Stores `value` where the document is at and returns where it went.
  json* put(json value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool open(json container) {
    if (open_.size() >= static_cast<std::size_t>(max_json_depth)) {
      too_deep_ = true;
      return false;
    }
    // The containers on the path stay where they are while their children are filled in.
    open_.push_back(put(std::move(container)));
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  json root_;
  std::vector<json*> open_;
  json::string_t key_;
  bool too_deep_ = false;
};

}  // namespace

BoundedJson parse_bounded_json(std::string_view text) {
  BoundedBuilder builder;
  const bool ok = json::sax_parse(text, &builder, json::input_format_t::json, true);
  if (ok) return {BoundedJson::Outcome::ok, std::move(builder.root())};
  return {builder.too_deep() ? BoundedJson::Outcome::too_deep : BoundedJson::Outcome::malformed, {}};
}

}  // namespace lineport
