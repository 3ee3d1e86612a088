// File: conformance/fhirpath/parser.cc
// Recursive descent over the token list, one function per precedence level of the FHIRPath
// grammar (highest binds tightest: invocation, unary, multiplicative, additive, type, union,
// comparison, equality, membership, and, or/xor, implies).
#include <algorithm>
#include <charconv>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/functions.h"
#include "conformance/fhirpath/lexer.h"
#include "conformance/fhirpath/temporal.h"
#include "conformance/fhirpath/ucum.h"
#include "fhir/text.h"

namespace conformance::fhirpath {
namespace {

class Parser {
 public:
  Parser(Expression* expr, std::vector<Token> tokens) : expr_(expr), tokens_(std::move(tokens)) {}

  const Node* ParseAll() {
    const Node* n = Implies();
    if (n != nullptr && Peek().kind != TokenKind::kEnd) Fail("unexpected '" + Peek().text + "'", Peek().position);
    return failed_ ? nullptr : n;
  }
  const std::string& error() const { return error_; }
  uint32_t error_position() const { return error_position_; }

 private:
  const Token& Peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  bool IsSymbol(std::string_view s, size_t ahead = 0) const {
    return Peek(ahead).kind == TokenKind::kSymbol && Peek(ahead).text == s;
  }
  bool IsKeyword(std::string_view s) const { return Peek().kind == TokenKind::kIdentifier && Peek().text == s; }
  const Node* Fail(std::string message, uint32_t position) {
    if (!failed_) {
      failed_ = true;
      error_ = std::move(message);
      error_position_ = position;
    }
    return nullptr;
  }
  bool Expect(std::string_view symbol) {
    if (IsSymbol(symbol)) {
      ++pos_;
      return true;
    }
    Fail(fhir::Concat("expected '", symbol, "'", Peek().kind == TokenKind::kEnd ? " at end" : ""),
         Peek().position);
    return false;
  }

  Node* Make(NodeKind kind, uint32_t position, std::initializer_list<const Node*> children) {
    Node* n = expr_->NewNode();
    n->kind = kind;
    n->position = position;
    int depth = 0;
    for (const Node* c : children) {
      if (c != nullptr) depth = std::max<int>(depth, c->depth);
    }
    n->depth = static_cast<uint16_t>(std::min(depth + 1, 65535));
    if (depth + 1 > kMaxExpressionDepth) Fail("expression nests too deeply (more than 300 levels)", position);
    return n;
  }

  // Binary levels: each lists its operators; `next` parses the tighter level.
  using Level = const Node* (Parser::*)();
  const Node* Binary(Level next, std::initializer_list<std::pair<std::string_view, BinaryOp>> ops) {
    const Node* lhs = (this->*next)();
    while (lhs != nullptr && !failed_) {
      const Token& t = Peek();
      const std::pair<std::string_view, BinaryOp>* match = nullptr;
      for (const auto& op : ops) {
        if ((t.kind == TokenKind::kSymbol || t.kind == TokenKind::kIdentifier) && t.text == op.first) match = &op;
      }
      if (match == nullptr) break;
      ++pos_;
      const Node* rhs = (this->*next)();
      if (rhs == nullptr) return nullptr;
      Node* n = Make(NodeKind::kBinary, t.position, {lhs, rhs});
      n->op = match->second;
      n->input = lhs;
      n->rhs = rhs;
      lhs = n;
    }
    return failed_ ? nullptr : lhs;
  }

  const Node* Implies() {
    if (++nesting_ > kMaxExpressionDepth) return Fail("expression nests too deeply (more than 300 levels)", Peek().position);
    const Node* n = Binary(&Parser::OrXor, {{"implies", BinaryOp::kImplies}});
    --nesting_;
    return n;
  }
  const Node* OrXor() { return Binary(&Parser::And, {{"or", BinaryOp::kOr}, {"xor", BinaryOp::kXor}}); }
  const Node* And() { return Binary(&Parser::Membership, {{"and", BinaryOp::kAnd}}); }
  const Node* Membership() {
    return Binary(&Parser::Equality, {{"in", BinaryOp::kIn}, {"contains", BinaryOp::kContains}});
  }
  const Node* Equality() {
    return Binary(&Parser::Inequality, {{"=", BinaryOp::kEq}, {"~", BinaryOp::kEquiv}, {"!=", BinaryOp::kNe},
                                        {"!~", BinaryOp::kNotEquiv}});
  }
  const Node* Inequality() {
    return Binary(&Parser::Union, {{"<", BinaryOp::kLt}, {">", BinaryOp::kGt}, {"<=", BinaryOp::kLe},
                                   {">=", BinaryOp::kGe}});
  }
  const Node* Union() { return Binary(&Parser::TypeOp, {{"|", BinaryOp::kUnion}}); }
  const Node* TypeOp() {
    const Node* lhs = Additive();
    while (lhs != nullptr && (IsKeyword("is") || IsKeyword("as"))) {
      const Token& t = Peek();
      ++pos_;
      Node* n = Make(t.text == "is" ? NodeKind::kIs : NodeKind::kAs, t.position, {lhs});
      n->input = lhs;
      if (!ParseTypeSpec(&n->type)) return nullptr;
      lhs = n;
    }
    return lhs;
  }
  const Node* Additive() {
    return Binary(&Parser::Multiplicative, {{"+", BinaryOp::kAdd}, {"-", BinaryOp::kSub}, {"&", BinaryOp::kConcat}});
  }
  const Node* Multiplicative() {
    return Binary(&Parser::Unary, {{"*", BinaryOp::kMul}, {"/", BinaryOp::kDiv}, {"div", BinaryOp::kIntDiv},
                                   {"mod", BinaryOp::kMod}});
  }
  const Node* Unary() {
    if (IsSymbol("+") || IsSymbol("-")) {
      const Token& t = Peek();
      ++pos_;
      if (++nesting_ > kMaxExpressionDepth) return Fail("expression nests too deeply (more than 300 levels)", t.position);
      const Node* operand = Unary();
      --nesting_;
      if (operand == nullptr || t.text == "+") return operand;
      Node* n = Make(NodeKind::kNegate, t.position, {operand});
      n->input = operand;
      return n;
    }
    return Postfix();
  }

  const Node* Postfix() {
    const Node* n = Term();
    while (n != nullptr && !failed_) {
      if (IsSymbol(".")) {
        ++pos_;
        n = Invocation(n);
      } else if (IsSymbol("[")) {
        const Token& t = Peek();
        ++pos_;
        const Node* index = Implies();
        if (index == nullptr || !Expect("]")) return nullptr;
        Node* ix = Make(NodeKind::kIndexer, t.position, {n, index});
        ix->input = n;
        ix->args.push_back(index);
        n = ix;
      } else {
        break;
      }
    }
    return failed_ ? nullptr : n;
  }

  // name or name(args), applied to `input` (null: the expression's $this).
  const Node* Invocation(const Node* input) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kDelimited) {
      return Fail("expected a name after '.'", t.position);
    }
    ++pos_;
    if (t.kind == TokenKind::kIdentifier && IsSymbol("(")) return Call(input, t);
    Node* n = Make(NodeKind::kMember, t.position, {input});
    n->input = input;
    n->name = expr_->Keep(t.text);
    return n;
  }

  const Node* Call(const Node* input, const Token& name) {
    ++pos_;  // '('
    std::vector<const Node*> args;
    if (!IsSymbol(")")) {
      while (true) {
        const Node* a = Implies();
        if (a == nullptr) return nullptr;
        args.push_back(a);
        if (!IsSymbol(",")) break;
        ++pos_;
      }
    }
    if (!Expect(")")) return nullptr;
    const FunctionDef* def = FindFunction(name.text);
    if (def == nullptr) return Fail("unknown function '" + name.text + "'", name.position);
    if (args.size() < def->min_args || args.size() > def->max_args) {
      return Fail(fhir::Concat("function '", name.text, "' takes ", def->min_args,
                               def->min_args == def->max_args ? "" : fhir::Concat(" to ", def->max_args),
                               " argument(s), got ", args.size()),
                  name.position);
    }
    Node* n = Make(NodeKind::kCall, name.position, {input});
    int depth = n->depth;
    for (const Node* a : args) depth = std::max<int>(depth, a->depth + 1);
    n->depth = static_cast<uint16_t>(depth);
    if (depth > kMaxExpressionDepth) return Fail("expression nests too deeply (more than 300 levels)", name.position);
    n->input = input;
    n->name = def->name;
    n->function = def;
    n->args = std::move(args);
    if (def->type_argument && !n->args.empty() && !TypeFromNode(*n->args[0], &n->type)) {
      return Fail("'" + name.text + "' needs a type name as its argument", n->args[0]->position);
    }
    return n;
  }

  // A type given as an expression argument: `Quantity` or `FHIR.Quantity`.
  static bool TypeFromNode(const Node& n, TypeSpec* out) {
    if (n.kind != NodeKind::kMember) return false;
    if (n.input == nullptr) {
      out->name = n.name;
      return true;
    }
    if (n.input->kind != NodeKind::kMember || n.input->input != nullptr) return false;
    out->ns = n.input->name;
    out->name = n.name;
    return true;
  }

  bool ParseTypeSpec(TypeSpec* out) {
    auto ident = [&]() -> const Token* {
      const Token& t = Peek();
      if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kDelimited) return nullptr;
      ++pos_;
      return &t;
    };
    const Token* first = ident();
    if (first == nullptr) {
      Fail("expected a type name", Peek().position);
      return false;
    }
    out->name = expr_->Keep(first->text);
    if (IsSymbol(".") && (Peek(1).kind == TokenKind::kIdentifier || Peek(1).kind == TokenKind::kDelimited)) {
      ++pos_;
      out->ns = out->name;
      out->name = expr_->Keep(ident()->text);
    }
    return true;
  }

  Node* LiteralNode(uint32_t position, const Item& value) {
    Node* n = Make(NodeKind::kLiteral, position, {});
    n->literal = value;
    n->has_literal = true;
    return n;
  }

  const Node* Term() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kEnd:
        return Fail("unexpected end of expression", t.position);
      case TokenKind::kIdentifier:
        if (t.text == "true" || t.text == "false") {
          ++pos_;
          return LiteralNode(t.position, Item::Bool(t.text == "true"));
        }
        return Invocation(nullptr);
      case TokenKind::kDelimited:
        return Invocation(nullptr);
      case TokenKind::kString:
        ++pos_;
        return LiteralNode(t.position, Item::Str(expr_->Keep(t.text)));
      case TokenKind::kNumber:
      case TokenKind::kLongNumber:
        ++pos_;
        return Number(t);
      case TokenKind::kDate:
      case TokenKind::kDateTime:
      case TokenKind::kTime: {
        ++pos_;
        bool time = t.kind == TokenKind::kTime;
        if (!ParseTemporal(t.text, time)) return Fail("invalid date/time literal '@" + t.text + "'", t.position);
        ValueType vt = time ? ValueType::kTime : t.kind == TokenKind::kDate ? ValueType::kDate : ValueType::kDateTime;
        std::string text = t.text;
        if (vt == ValueType::kDateTime && !text.empty() && text.back() == 'T') text.pop_back();
        return LiteralNode(t.position, Item::Temporal(vt, expr_->Keep(std::move(text))));
      }
      case TokenKind::kConstant: {
        ++pos_;
        Node* n = Make(NodeKind::kVariable, t.position, {});
        n->name = expr_->Keep(t.text);
        return n;
      }
      case TokenKind::kSpecial: {
        ++pos_;
        NodeKind k;
        if (t.text == "this") {
          k = NodeKind::kThis;
        } else if (t.text == "index") {
          k = NodeKind::kIndex;
        } else if (t.text == "total") {
          k = NodeKind::kTotal;
        } else {
          return Fail("unknown special variable '$" + t.text + "'", t.position);
        }
        return Make(k, t.position, {});
      }
      case TokenKind::kSymbol:
        if (t.text == "(") {
          ++pos_;
          const Node* inner = Implies();
          if (inner == nullptr || !Expect(")")) return nullptr;
          return inner;
        }
        if (t.text == "{") {
          ++pos_;
          if (!Expect("}")) return nullptr;
          Node* n = Make(NodeKind::kLiteral, t.position, {});
          return n;  // has_literal false: the empty collection
        }
        return Fail("unexpected '" + t.text + "'", t.position);
    }
    return Fail("unexpected token", t.position);
  }

  const Node* Number(const Token& t) {
    size_t dot = t.text.find('.');
    if (dot == std::string::npos) {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
      if (ec != std::errc()) return Fail("integer literal out of range", t.position);
      if (t.kind == TokenKind::kNumber && MaybeQuantity(t, static_cast<double>(v), 0)) return quantity_;
      if (failed_) return nullptr;
      return LiteralNode(t.position, Item::Int(v));
    }
    double v = 0;
    std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
    uint8_t scale = static_cast<uint8_t>(std::min<size_t>(t.text.size() - dot - 1, 254));
    if (MaybeQuantity(t, v, scale)) return quantity_;
    if (failed_) return nullptr;
    return LiteralNode(t.position, Item::Dec(v, scale));
  }

  // A number followed by a unit string or a calendar keyword is a quantity literal.
  bool MaybeQuantity(const Token& number, double v, uint8_t scale) {
    const Token& u = Peek();
    bool unit = u.kind == TokenKind::kString;
    bool calendar = u.kind == TokenKind::kIdentifier && IsCalendarKeyword(u.text) && !IsSymbol("(", 1);
    if (!unit && !calendar) return false;
    ++pos_;
    quantity_ = LiteralNode(number.position, Item::Qty(v, scale, expr_->Keep(u.text)));
    return true;
  }

  Expression* expr_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int nesting_ = 0;
  bool failed_ = false;
  std::string error_;
  uint32_t error_position_ = 0;
  const Node* quantity_ = nullptr;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Expression>> Expression::Parse(std::string_view text, size_t* error_position) {
  auto expr = std::make_unique<Expression>();
  expr->text_ = std::string(text);
  std::vector<Token> tokens;
  std::string error;
  uint32_t pos = 0;
  if (!Tokenize(expr->text_, &tokens, &error, &pos)) {
    if (error_position != nullptr) *error_position = pos;
    return absl::InvalidArgumentError(fhir::Concat(error, " at position ", pos));
  }
  Parser parser(expr.get(), std::move(tokens));
  expr->root_ = parser.ParseAll();
  if (expr->root_ == nullptr) {
    if (error_position != nullptr) *error_position = parser.error_position();
    return absl::InvalidArgumentError(fhir::Concat(parser.error(), " at position ", parser.error_position()));
  }
  return expr;
}

}  // namespace conformance::fhirpath
