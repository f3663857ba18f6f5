#include "mail/templates.h"

#include <stdexcept>

#include "util/resources.h"
#include "util/text.h"

namespace lineport::mail {
namespace {

constexpr std::string_view template_dir = "src/mail/templates/";

std::optional<std::string_view> find_template(std::string_view event, std::string_view language,
                                              std::string_view extension) {
  std::string name(template_dir);
  name.append(event).append(".").append(language).append(".").append(extension);
  return resources::find(name);
}

// "pt-BR" → "pt"; the primary subtag in lower case.
std::string primary_language(std::string_view language) {
  const auto end = language.find_first_of("-_");
  return text::fold_case(language.substr(0, end));
}

std::string value_text(const nlohmann::json& values, const std::string& name) {
  if (!values.is_object()) return {};
  const auto it = values.find(name);
  if (it == values.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

// A subject is one header line: control characters from values become spaces.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  return text::trim(out);
}

}  // namespace

bool is_placeholder_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string substitute(std::string_view tmpl, const nlohmann::json& values, bool escape) {
  std::string out;
  out.reserve(tmpl.size() + 256);
  scan_placeholders(
      tmpl, [&](std::string_view literal) { out.append(literal); },
      [&](const std::string& name) {
        const std::string value = value_text(values, name);
        out += escape ? escape_html(value) : value;
      });
  return out;
}

std::set<std::string> placeholders(std::string_view tmpl) {
  std::set<std::string> names;
  scan_placeholders(
      tmpl, [](std::string_view) {}, [&](const std::string& name) { names.insert(name); });
  return names;
}

bool has_template(std::string_view event) {
  return find_template(event, "en", "txt").has_value();
}

std::optional<TemplateSource> shipped_template(std::string_view event, std::string_view language) {
  std::string lang = primary_language(language);
  auto txt = find_template(event, lang, "txt");
  if (!txt) {
    lang = template_languages[0];
    txt = find_template(event, lang, "txt");
  }
  if (!txt) return std::nullopt;

  // "Subject: …" on the first line, then a blank line, then the body.
  constexpr std::string_view subject_prefix = "Subject:";
  const auto first_end = txt->find('\n');
  if (!txt->starts_with(subject_prefix) || first_end == std::string_view::npos)
    throw std::invalid_argument("mail: template " + std::string(event) + "." + lang +
                                ".txt must start with a Subject: line");
  std::string_view rest = txt->substr(first_end + 1);
  if (rest.starts_with("\r\n"))
    rest.remove_prefix(2);
  else if (rest.starts_with("\n"))
    rest.remove_prefix(1);
  else
    throw std::invalid_argument("mail: template " + std::string(event) + "." + lang +
                                ".txt needs a blank line after the subject");
  std::string_view subject = txt->substr(subject_prefix.size(), first_end - subject_prefix.size());
  while (subject.starts_with(' ')) subject.remove_prefix(1);
  while (subject.ends_with(' ') || subject.ends_with('\r')) subject.remove_suffix(1);
  return TemplateSource{subject, rest, find_template(event, lang, "html")};
}

Message render(std::string_view event, const TemplateSource& source, const std::string& to,
               const nlohmann::json& values) {
  nlohmann::json all = values.is_object() ? values : nlohmann::json::object();
  if (!all.contains("to")) all["to"] = to;

  Message m;
  m.event = std::string(event);
  m.to = to;
  m.subject = one_line(substitute(source.subject, all, false));
  m.text = substitute(source.text, all, false);
  if (source.html) m.html = substitute(*source.html, all, true);
  return m;
}

Message render(std::string_view event, std::string_view language, const std::string& to, const nlohmann::json& values) {
  const auto source = shipped_template(event, language);
  if (!source) throw std::invalid_argument("mail: no template for event '" + std::string(event) + "'");
  return render(event, *source, to, values);
}

}  // namespace lineport::mail
