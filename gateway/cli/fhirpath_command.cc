// File: gateway/cli/fhirpath_command.cc
#include "gateway/cli/fhirpath_command.h"

#include <iostream>
#include <optional>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/format.h"
#include "conformance/fhirpath/registry_model.h"
#include "fhir/json_writer.h"
#include "gateway/cli/common_options.h"
#include "gateway/cli/input_files.h"
#include "gateway/cli/package_options.h"

namespace fhirgw::cli {
namespace {

namespace fp = conformance::fhirpath;

struct Options {
  std::string input;
  PackageOptions packages;
  std::vector<std::pair<std::string, std::string>> vars;
  std::vector<std::string> expressions;
};

bool ParseArgs(const std::vector<std::string>& args, Options* o, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    Taken taken = TakePackageOption(args, &i, &o->packages, error);
    if (taken == Taken::kError) return false;
    if (taken == Taken::kYes) continue;
    std::string v;
    auto value = [&](std::string* out) {
      const std::string* got = OptionValue(args, &i, error);
      if (got != nullptr) *out = *got;
      return got != nullptr;
    };
    if (a == "--input") {
      if (!value(&o->input)) return false;
    } else if (a == "--var") {
      if (!value(&v)) return false;
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        *error = "--var needs NAME=VALUE";
        return false;
      }
      o->vars.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (a == "--") {
      o->expressions.insert(o->expressions.end(), args.begin() + static_cast<ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (a.size() > 2 && a.starts_with("--")) {
      *error = "unknown option " + a;
      return false;
    } else {
      o->expressions.push_back(a);
    }
  }
  if (o->expressions.empty()) {
    *error = "no EXPRESSION given";
    return false;
  }
  return true;
}

// "... at position N" -> N, with the suffix removed from `message`.
size_t SplitPosition(std::string* message) {
  static constexpr std::string_view kAt = " at position ";
  size_t at = message->rfind(kAt);
  if (at == std::string::npos) return 0;
  size_t pos = std::strtoul(message->c_str() + at + kAt.size(), nullptr, 10);
  message->resize(at);
  return pos;
}

std::string ErrorLine(std::string message, std::optional<size_t> position) {
  size_t pos = SplitPosition(&message);
  std::string out = "{\"error\":";
  fhir::AppendJsonString(message, &out);
  fhir::Append(&out, ",\"position\":", position.value_or(pos), "}");
  return out;
}

}  // namespace

int RunFhirPath(const std::vector<std::string>& args) {
  Options o;
  std::string error;
  if (!ParseArgs(args, &o, &error)) {
    std::cerr << "fhirgw fhirpath: " << error << "\n\n" << kFhirPathUsage;
    return 2;
  }
  auto registry = LoadRegistry(o.packages);
  if (!registry.ok()) {
    std::cerr << "fhirgw fhirpath: " << registry.status().message() << "\n";
    return 2;
  }
  std::optional<fhir::Document> doc;
  if (!o.input.empty()) {
    absl::Status read = ReadResources(
        o.input, [&](InputResource& r) { if (!doc) doc = std::move(r.document); }, registry->get());
    if (!read.ok()) {
      std::cerr << "fhirgw fhirpath: " << read.message() << "\n";
      return 2;
    }
    if (!doc || doc->root() == nullptr) {
      std::cerr << "fhirgw fhirpath: " << o.input << " holds no readable resource\n";
      return 2;
    }
  }
  fp::RegistryModel model(**registry);
  fhir::StringMap<fp::Collection> vars;
  for (const auto& [name, value] : o.vars) vars[name].push_back(fp::Item::Str(value));
  fp::Environment env;
  env.model = &model;
  env.variables = &vars;
  fp::Collection input;
  if (doc) {
    input.push_back(fp::Item::Node(doc->root(), doc->root()->resource_type()));
    env.resource = input;
    if (doc->root()->resource_type() == "Bundle") env.bundle = doc->root();
  }
  env.trace = [](std::string_view name, const fp::Collection& values) {
    std::cerr << "trace " << name << ": " << fp::ResultJson(values) << "\n";
  };
  int status = 0;
  for (const std::string& text : o.expressions) {
    size_t position = 0;
    auto expr = fp::Expression::Parse(text, &position);
    if (!expr.ok()) {
      std::cout << ErrorLine(std::string(expr.status().message()), position) << "\n";
      status = 1;
      continue;
    }
    fp::Evaluation ev(env);
    fp::Collection result;
    absl::Status s = ev.Run(**expr, input, &result);
    if (!s.ok()) {
      std::cout << ErrorLine(std::string(s.message()), std::nullopt) << "\n";
      status = 1;
      continue;
    }
    std::cout << fp::ResultJson(result) << "\n";
  }
  return status;
}

}  // namespace fhirgw::cli
