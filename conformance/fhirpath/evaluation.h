// File: conformance/fhirpath/evaluation.h
// Evaluating a compiled expression: the environment it runs in (model, %variables, trace sink,
// limits) and the per-call state functions use (argument evaluation, navigation, string storage).
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_EVALUATION_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_EVALUATION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/model.h"
#include "conformance/fhirpath/value.h"
#include "fhir/arena.h"
#include "fhir/text.h"

namespace conformance::fhirpath {

struct Environment {
  const Model* model = nullptr;  // null: types come from the JSON alone
  Collection resource;           // %resource
  Collection root_resource;      // %rootResource
  Collection context;            // %context
  // The Bundle the resource sits in, if any: resolve() looks there for references.
  const fhir::Element* bundle = nullptr;
  // User variables (%name), e.g. from the command line.
  const fhir::StringMap<Collection>* variables = nullptr;
  // trace(name, projection) output; none when empty.
  std::function<void(std::string_view name, const Collection& values)> trace;
  // Upper bound on items produced during one evaluation: runaway expressions (repeat over a
  // cycle, nested descendants()) end with ResourceExhausted instead of exhausting memory.
  int64_t item_budget = 5'000'000;
};

// $this, $index and $total where an expression is evaluated.
struct Scope {
  const Collection* focus = nullptr;  // $this as a collection (one item inside iterations)
  int64_t index = 0;
  const Collection* total = nullptr;
};

class Evaluation {
 public:
  explicit Evaluation(const Environment& env) : env_(env) {}

  // Evaluates the whole expression with $this = `input`, appending to `out`.
  absl::Status Run(const Expression& expr, const Collection& input, Collection* out) {
    Scope scope{&input, 0, nullptr};
    return Eval(expr.root(), scope, out);
  }
  // Evaluates `node` in `scope`, appending to `out`.
  absl::Status Eval(const Node& node, const Scope& scope, Collection* out);
  // Evaluates argument `i` of `call` against the caller's scope.
  absl::Status Arg(const Node& call, size_t i, const Scope& scope, Collection* out) {
    return Eval(*call.args[i], scope, out);
  }
  // Evaluates argument `i` with $this = `item` ($index = `index`).
  absl::Status ArgFor(const Node& call, size_t i, const Item& item, int64_t index, const Scope& outer,
                      Collection* out);

  // Appends the children named `name` of node `item` (choice elements by their stem name).
  void Navigate(const Item& item, std::string_view name, Collection* out);
  // Appends all children of node `item`.
  void Children(const Item& item, Collection* out);
  // The item a resource element is as a node: typed by its resourceType.
  Item ResourceNode(const fhir::Element* e) const;

  const Environment& env() const { return env_; }
  const Model* model() const { return env_.model; }
  // Keeps a string alive for the evaluation's lifetime.
  std::string_view Keep(std::string s) {
    strings_.push_back(std::make_unique<std::string>(std::move(s)));
    return *strings_.back();
  }
  // Storage for elements built during evaluation (type() results), created on first use.
  fhir::Arena& arena() {
    if (arena_ == nullptr) arena_ = std::make_unique<fhir::Arena>();
    return *arena_;
  }
  // Counts produced items against the budget.
  absl::Status Charge(size_t items) {
    produced_ += static_cast<int64_t>(items);
    return produced_ > env_.item_budget ? BudgetExceeded() : absl::OkStatus();
  }

 private:
  absl::Status EvalBinary(const Node& node, const Scope& scope, Collection* out);
  absl::Status EvalVariable(const Node& node, const Scope& scope, Collection* out);
  absl::Status BudgetExceeded() const;

  const Environment& env_;
  std::vector<std::unique_ptr<std::string>> strings_;
  std::unique_ptr<fhir::Arena> arena_;
  int64_t produced_ = 0;
};

// Builds the error for a node: "<message> at position N".
absl::Status EvalError(const Node& node, std::string_view message);

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_EVALUATION_H_
