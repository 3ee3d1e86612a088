// File: conformance/fhirpath/ast.h
// A parsed FHIRPath expression: an immutable tree of nodes with functions resolved at compile
// time, safe to evaluate from many threads at once.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_AST_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_AST_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

struct FunctionDef;

enum class NodeKind : uint8_t {
  kLiteral,   // `literal` (an empty collection for `{}`: see has_literal)
  kThis,      // $this
  kIndex,     // $index
  kTotal,     // $total
  kVariable,  // %name
  kMember,    // input.name (input null: navigation from $this)
  kCall,      // input.name(args) (input null: the function applies to $this)
  kIndexer,   // input[args[0]]
  kNegate,    // -input
  kBinary,    // input op rhs
  kIs,        // input is type
  kAs,        // input as type
};

enum class BinaryOp : uint8_t {
  kMul, kDiv, kIntDiv, kMod, kAdd, kSub, kConcat, kUnion, kLt, kGt, kLe, kGe,
  kEq, kEquiv, kNe, kNotEquiv, kIn, kContains, kAnd, kOr, kXor, kImplies,
};

// A type specifier: "FHIR.Patient", "System.String" or unqualified "Quantity".
struct TypeSpec {
  std::string_view ns;  // "FHIR", "System" or empty
  std::string_view name;
};

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  BinaryOp op = BinaryOp::kAdd;
  bool has_literal = false;
  uint32_t position = 0;  // offset of the node's token in the expression text
  uint16_t depth = 1;     // height of the subtree rooted here
  const Node* input = nullptr;
  const Node* rhs = nullptr;
  std::string_view name;
  std::vector<const Node*> args;
  Item literal;
  TypeSpec type;  // kIs, kAs, and calls whose argument is a type (ofType, is, as)
  const FunctionDef* function = nullptr;
};

class Expression {
 public:
  // Parses and compiles `text`. On failure returns InvalidArgument whose message names the
  // problem, and sets `*error_position` (when given) to the offset in `text` it was found at.
  static absl::StatusOr<std::unique_ptr<Expression>> Parse(std::string_view text,
                                                           size_t* error_position = nullptr);

  const Node& root() const { return *root_; }
  std::string_view text() const { return text_; }

  // Storage for the parser (nodes and unescaped strings); stable addresses.
  Node* NewNode() { return &nodes_.emplace_back(); }
  std::string_view Keep(std::string s) { return strings_.emplace_back(std::move(s)); }

 private:
  std::string text_;
  std::deque<Node> nodes_;  // flat storage: destroying a deep tree must not recurse
  std::deque<std::string> strings_;
  const Node* root_ = nullptr;
};

// Nodes deeper than this are refused at parse time, which bounds evaluation's recursion.
inline constexpr int kMaxExpressionDepth = 300;

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_AST_H_
