// File: conformance/constraint_compiler.cc
// Registry::CompileConstraints: every invariant of every loaded profile compiled once per
// distinct expression, with the published corrections applied and failures counted and named.
#include <memory>
#include <set>
#include <string>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/compare.h"
#include "conformance/fhirpath/context_names.h"
#include "conformance/fhirpath/focus_only.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/native_invariants.h"
#include "conformance/presence_formula.h"
#include "conformance/registry.h"
#include "fhir/text.h"

namespace conformance {

extern const char kInvariantCorrections[];

namespace {

struct Correction {
  std::string key, published, corrected, reason;
};

std::vector<Correction> ParseCorrections(std::string_view tsv) {
  std::vector<Correction> out;
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t end = tsv.find('\n', pos);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() == 4) out.push_back(Correction{fields[0], fields[1], fields[2], fields[3]});
  }
  return out;
}

struct Guard {
  std::shared_ptr<const fhirpath::ChildNameSet> names;
  bool holds_when_absent = true;
  std::shared_ptr<const std::vector<fhirpath::ChildNameSet>> holds_without;
};

// The sets of names without which `expr` holds, less the whole guard's own (already tested).
std::shared_ptr<const std::vector<fhirpath::ChildNameSet>> HoldsWithout(const fhirpath::Expression& expr,
                                                                       const Guard& guard) {
  std::vector<fhirpath::ChildNameSet> sets;
  for (fhirpath::SufficientAbsence& a : fhirpath::SufficientAbsences(expr)) {
    if (guard.names == nullptr || a.names != guard.names->names) sets.emplace_back(std::move(a.names));
  }
  if (sets.empty()) return nullptr;
  return std::make_shared<const std::vector<fhirpath::ChildNameSet>>(std::move(sets));
}

// The constant result of `expr` on an element without the children it names (see
// context_names.h); no guard when it depends on more, or does not evaluate cleanly.
Guard GuardFor(const fhirpath::Expression& expr) {
  std::vector<std::string> names;
  if (!fhirpath::ContextNames(expr, &names)) return {};
  static const fhir::Element kEmpty{};
  fhirpath::Environment env;
  fhirpath::Evaluation ev(env);
  fhirpath::Collection input, out;
  input.push_back(fhirpath::Item::Node(&kEmpty, {}));
  if (!ev.Run(expr, input, &out).ok()) return {};
  bool holds = true;  // as ElementWalker::Invariant decides: only a single false fails
  if (out.size() == 1) {
    std::optional<fhirpath::Item> v = fhirpath::ToSystem(out[0]);
    holds = !(v && v->type == fhirpath::ValueType::kBoolean && !v->boolean);
  }
  return Guard{std::make_shared<const fhirpath::ChildNameSet>(std::move(names)), holds, nullptr};
}

void AddOnce(const Constraint& c, std::vector<const Constraint*>* list) {
  if (c.native) return;
  for (const Constraint* have : *list) {
    if (have->key == c.key) return;
  }
  list->push_back(&c);
}

// Which constraints the walker evaluates on an element of `rule`, per declared type, so that
// the walk itself only looks a list up (most elements have none beyond the native ele-1).
void PlanInvariants(ElementRule& rule) {
  rule.base_invariants.clear();
  rule.profile_invariants.clear();
  for (const Constraint& c : rule.constraints) {
    AddOnce(c, &rule.base_invariants);
    if (!c.from_base_type) AddOnce(c, &rule.profile_invariants);
  }
  for (TypeRef& t : rule.types) {
    t.invariants = rule.base_invariants;
    // The type's own invariants (qty-3 on Quantity, per-1 on Period) sit on its root
    // definition, not on the elements that use the type.
    const bool complex = !t.code.empty() && t.code[0] >= 'A' && t.code[0] <= 'Z' && t.code != "BackboneElement" &&
                         t.code != "Element";
    if (complex && t.base != nullptr && !t.base->elements.empty()) {
      for (const Constraint& c : t.base->elements[0].constraints) AddOnce(c, &t.invariants);
    }
  }
}

}  // namespace

void Registry::LocateOffenders() {
  constexpr std::string_view kEmpty = ".empty()";
  fhir::StringMap<std::shared_ptr<const fhirpath::Expression>> parsed;
  for (auto& profile : profiles_) {
    for (ElementRule& rule : profile->elements) {
      for (Constraint& c : rule.constraints) {
        if (c.key != "dom-3" || c.compiled == nullptr || c.offenders != nullptr) continue;
        std::string_view text = c.expression;
        if (!text.ends_with(kEmpty)) continue;
        auto [it, fresh] = parsed.try_emplace(c.expression);
        if (fresh) {
          auto expr = fhirpath::Expression::Parse(text.substr(0, text.size() - kEmpty.size()));
          if (expr.ok()) it->second = std::shared_ptr<const fhirpath::Expression>(std::move(*expr));
        }
        c.offenders = it->second;
      }
    }
  }
}

void Registry::FindPresenceFormulas() {
  fhir::StringMap<std::shared_ptr<const PresenceFormula>> formulas;
  for (auto& profile : profiles_) {
    for (ElementRule& rule : profile->elements) {
      for (Constraint& c : rule.constraints) {
        if (c.compiled == nullptr || c.presence != nullptr || c.native) continue;
        auto [it, fresh] = formulas.try_emplace(c.expression);
        if (fresh) it->second = PresenceFormula::Compile(*c.compiled);
        c.presence = it->second;
      }
    }
  }
}

void Registry::CompileConstraints() {
  static const std::vector<Correction> corrections = ParseCorrections(kInvariantCorrections);
  fhir::StringMap<std::shared_ptr<const fhirpath::Expression>> compiled;
  fhir::StringMap<Guard> guards;
  fhir::StringMap<std::string> failed;
  uint32_t total = 0, ok = 0, fixed = 0;
  std::set<std::string> applied;
  for (auto& profile : profiles_) {
    for (ElementRule& rule : profile->elements) {
      for (Constraint& c : rule.constraints) {
        ++total;
        c.native = c.key == "ele-1";
        c.ref1_shortcut = c.key == "ref-1" && c.expression == kRef1Expression;
        if (const Profile* src = c.source.empty() ? nullptr : FindProfile(c.source)) c.from_base_type = src->IsBaseType();
        if (c.compiled != nullptr) {  // already compiled (a base registry's profile copied here)
          ++ok;
          continue;
        }
        for (const Correction& k : corrections) {
          if (k.key == c.key && k.published == c.expression) {
            c.expression = k.corrected;
            c.corrected = true;
            applied.insert(k.key);
          }
        }
        if (c.corrected) ++fixed;
        if (c.expression.empty()) {
          c.compile_error = "the constraint has no FHIRPath expression";
          continue;
        }
        auto hit = compiled.find(c.expression);
        if (hit != compiled.end()) {
          c.compiled = hit->second;
          const Guard& g = guards[c.expression];
          c.guard_names = g.names;
          c.holds_when_absent = g.holds_when_absent;
          c.holds_without = g.holds_without;
          ++ok;
          continue;
        }
        if (auto f = failed.find(c.expression); f != failed.end()) {
          c.compile_error = f->second;
          continue;
        }
        auto expr = fhirpath::Expression::Parse(c.expression);
        if (!expr.ok()) {
          c.compile_error = std::string(expr.status().message());
          failed.emplace(c.expression, c.compile_error);
          report_.notes.push_back(fhir::Concat("invariant ", c.key, " of ", profile->url, " does not compile: ",
                                               c.compile_error, " [", c.expression, "]"));
          continue;
        }
        c.compiled = std::shared_ptr<const fhirpath::Expression>(std::move(*expr));
        compiled.emplace(c.expression, c.compiled);
        Guard g = GuardFor(*c.compiled);
        g.holds_without = HoldsWithout(*c.compiled, g);
        c.guard_names = g.names;
        c.holds_when_absent = g.holds_when_absent;
        c.holds_without = g.holds_without;
        guards.emplace(c.expression, std::move(g));
        ++ok;
      }
    }
  }
  LocateOffenders();
  FindPresenceFormulas();
  for (auto& profile : profiles_) {
    for (ElementRule& rule : profile->elements) {
      for (Constraint& c : rule.constraints) c.focus_only = c.compiled != nullptr && fhirpath::DependsOnlyOnFocus(*c.compiled);
    }
  }
  for (auto& profile : profiles_) {
    for (ElementRule& rule : profile->elements) PlanInvariants(rule);
  }
  report_.constraints = total;
  report_.constraints_compiled = ok;
  report_.constraints_corrected = fixed;
  report_.distinct_expressions = static_cast<uint32_t>(compiled.size());
  for (const std::string& key : applied) {
    for (const Correction& k : corrections) {
      if (k.key == key) report_.notes.push_back(fhir::Concat("invariant ", k.key, " corrected: ", k.reason));
    }
  }
}

}  // namespace conformance
