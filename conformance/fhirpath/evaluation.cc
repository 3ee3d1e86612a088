// File: conformance/fhirpath/evaluation.cc
#include "conformance/fhirpath/evaluation.h"

#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/functions.h"
#include "conformance/fhirpath/types.h"

namespace conformance::fhirpath {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Without a model: the type a choice property's suffix names ("String" -> "string").
std::string_view SuffixType(std::string_view suffix, const Model* model, std::string* storage) {
  if (model != nullptr && model->HasType(suffix)) return suffix;
  *storage = std::string(suffix);
  (*storage)[0] = static_cast<char>((*storage)[0] - 'A' + 'a');
  return *storage;
}

// Without a type from the model: what the JSON value says ("string" for a JSON string).
std::string_view JsonType(const fhir::Element& e) {
  switch (e.kind) {
    case fhir::ValueKind::kString: return "string";
    case fhir::ValueKind::kBoolean: return "boolean";
    case fhir::ValueKind::kNumber:
      return e.value.find_first_of(".eE") == std::string_view::npos ? "integer" : "decimal";
    case fhir::ValueKind::kNone: break;
  }
  return {};
}

}  // namespace

absl::Status EvalError(const Node& node, std::string_view message) {
  return absl::InvalidArgumentError(fhir::Concat(message, " at position ", node.position));
}

absl::Status Evaluation::BudgetExceeded() const {
  return absl::ResourceExhaustedError(
      fhir::Concat("evaluation stopped: more than ", env_.item_budget, " items produced"));
}

Item Evaluation::ResourceNode(const fhir::Element* e) const { return Item::Node(e, e->resource_type()); }

void Evaluation::Navigate(const Item& item, std::string_view name, Collection* out) {
  if (!item.is_node()) return;
  const Model* model = env_.model;
  const char first = name.empty() ? '\0' : name[0];
  for (const fhir::Property& p : item.node->props()) {
    std::string_view key;
    // The first byte decides for nearly every property: compare it before any length or memcmp.
    if (p.name.empty() || p.name[0] != first) continue;
    if (p.name.size() == name.size() && p.name == name) {
      ChildType ct;
      if (model != nullptr && !item.type_key.empty() && model->Child(item.type_key, p.name, &ct)) key = ct.key;
    } else if (p.name.size() > name.size() && IsUpper(p.name[name.size()]) && p.name.starts_with(name)) {
      ChildType ct;
      if (model != nullptr && !item.type_key.empty()) {
        if (!model->Child(item.type_key, p.name, &ct) || ct.choice_stem != name.size()) continue;
        key = ct.key;
      } else {
        std::string storage;
        key = SuffixType(p.name.substr(name.size()), model, &storage);
        if (!storage.empty()) key = Keep(std::move(storage));
      }
    } else {
      continue;
    }
    for (const fhir::Element& e : p.elements()) {
      if (e.is_null) continue;
      out->push_back(e.is_resource ? ResourceNode(&e) : Item::Node(&e, key.empty() ? JsonType(e) : key));
    }
  }
}

void Evaluation::Children(const Item& item, Collection* out) {
  if (!item.is_node()) return;
  const Model* model = env_.model;
  for (const fhir::Property& p : item.node->props()) {
    ChildType ct;
    std::string_view key;
    if (model != nullptr && !item.type_key.empty() && model->Child(item.type_key, p.name, &ct)) key = ct.key;
    for (const fhir::Element& e : p.elements()) {
      if (e.is_null) continue;
      out->push_back(e.is_resource ? ResourceNode(&e) : Item::Node(&e, key));
    }
  }
}

absl::Status Evaluation::ArgFor(const Node& call, size_t i, const Item& item, int64_t index, const Scope& outer,
                                Collection* out) {
  Collection focus;
  focus.push_back(item);
  Scope s{&focus, index, outer.total};
  return Eval(*call.args[i], s, out);
}

absl::Status Evaluation::EvalVariable(const Node& node, const Scope& scope, Collection* out) {
  std::string_view name = node.name;
  auto append = [&](const Collection& c) { out->insert(out->end(), c.begin(), c.end()); };
  if (name == "resource") {
    append(env_.resource.empty() ? *scope.focus : env_.resource);
  } else if (name == "rootResource") {
    append(!env_.root_resource.empty() ? env_.root_resource : !env_.resource.empty() ? env_.resource : *scope.focus);
  } else if (name == "context") {
    append(env_.context.empty() ? *scope.focus : env_.context);
  } else if (name == "ucum") {
    out->push_back(Item::Str("http://unitsofmeasure.org"));
  } else if (name == "sct") {
    out->push_back(Item::Str("http://snomed.info/sct"));
  } else if (name == "loinc") {
    out->push_back(Item::Str("http://loinc.org"));
  } else if (name == "us-zip") {
    out->push_back(Item::Str("[0-9]{5}(-[0-9]{4}){0,1}"));
  } else if (name.starts_with("vs-")) {
    out->push_back(Item::Str(Keep(fhir::Concat("http://hl7.org/fhir/ValueSet/", name.substr(3)))));
  } else if (name.starts_with("ext-")) {
    out->push_back(Item::Str(Keep(fhir::Concat("http://hl7.org/fhir/StructureDefinition/", name.substr(4)))));
  } else if (env_.variables != nullptr && env_.variables->contains(name)) {
    append(env_.variables->find(name)->second);
  } else {
    return EvalError(node, fhir::Concat("unknown variable %", name));
  }
  return absl::OkStatus();
}

absl::Status Evaluation::Eval(const Node& node, const Scope& scope, Collection* out) {
  switch (node.kind) {
    case NodeKind::kLiteral:
      if (node.has_literal) out->push_back(node.literal);
      return absl::OkStatus();
    case NodeKind::kThis:
      out->insert(out->end(), scope.focus->begin(), scope.focus->end());
      return absl::OkStatus();
    case NodeKind::kIndex:
      out->push_back(Item::Int(scope.index));
      return absl::OkStatus();
    case NodeKind::kTotal:
      if (scope.total != nullptr) out->insert(out->end(), scope.total->begin(), scope.total->end());
      return absl::OkStatus();
    case NodeKind::kVariable:
      return EvalVariable(node, scope, out);
    case NodeKind::kMember: {
      Collection input;
      const Collection* in = scope.focus;
      if (node.input != nullptr) {
        if (absl::Status s = Eval(*node.input, scope, &input); !s.ok()) return s;
        in = &input;
      }
      const size_t before = out->size();
      for (const Item& item : *in) {
        // A leading type name filters the focus ("Patient.name" on a Patient).
        if (node.input == nullptr && IsUpper(node.name[0])) {
          if (item.is_node() && (NodeTypeName(item) == node.name ||
                                 (env_.model != nullptr && env_.model->IsSubtype(NodeTypeName(item), node.name)))) {
            out->push_back(item);
            continue;
          }
          if (env_.model == nullptr || env_.model->HasType(node.name)) continue;
        }
        Navigate(item, node.name, out);
      }
      return Charge(out->size() - before);
    }
    case NodeKind::kCall: {
      Collection input;
      const Collection* in = scope.focus;
      if (node.input != nullptr) {
        if (absl::Status s = Eval(*node.input, scope, &input); !s.ok()) return s;
        in = &input;
      }
      return node.function->impl(*this, node, scope, *in, out);
    }
    case NodeKind::kIndexer: {
      Collection input, index;
      if (absl::Status s = Eval(*node.input, scope, &input); !s.ok()) return s;
      if (absl::Status s = Eval(*node.args[0], scope, &index); !s.ok()) return s;
      if (index.empty()) return absl::OkStatus();
      std::optional<Item> i = index.size() == 1 ? ToSystem(index[0]) : std::nullopt;
      if (!i || i->type != ValueType::kInteger) return EvalError(node, "an index must be a single integer");
      if (i->integer >= 0 && static_cast<size_t>(i->integer) < input.size()) out->push_back(input[i->integer]);
      return absl::OkStatus();
    }
    case NodeKind::kNegate: {
      Collection input;
      if (absl::Status s = Eval(*node.input, scope, &input); !s.ok()) return s;
      if (input.empty()) return absl::OkStatus();
      std::optional<Item> v = input.size() == 1 ? ToSystem(input[0]) : std::nullopt;
      if (!v) return EvalError(node, "unary minus needs a single number or quantity");
      if (v->type == ValueType::kInteger) {
        v->integer = -v->integer;
      } else if (v->type == ValueType::kDecimal || v->type == ValueType::kQuantity) {
        v->decimal = -v->decimal;
      } else {
        return EvalError(node, "unary minus needs a number or quantity");
      }
      out->push_back(*v);
      return absl::OkStatus();
    }
    case NodeKind::kBinary:
      return EvalBinary(node, scope, out);
    case NodeKind::kIs:
    case NodeKind::kAs: {
      Collection input;
      if (absl::Status s = Eval(*node.input, scope, &input); !s.ok()) return s;
      if (!IsKnownType(env_.model, node.type)) return EvalError(node, fhir::Concat("unknown type '", node.type.name, "'"));
      if (input.empty()) return absl::OkStatus();
      if (input.size() > 1) {
        return EvalError(node, fhir::Concat("'", node.kind == NodeKind::kIs ? "is" : "as",
                                            "' needs a single item, got ", input.size()));
      }
      bool match = ItemIsType(env_.model, input[0], node.type, node.kind == NodeKind::kAs);
      if (node.kind == NodeKind::kIs) {
        out->push_back(Item::Bool(match));
      } else if (match) {
        out->push_back(input[0]);
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
