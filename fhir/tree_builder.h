// File: fhir/tree_builder.h
// Builds element trees in memory (OperationOutcome, mapper output). A Node is a mutable,
// self-owning draft; Build() freezes it into a Document's arena as an ordinary Element tree that
// the writers and the validator handle like a parsed one.
#ifndef FHIRGW_FHIR_TREE_BUILDER_H_
#define FHIRGW_FHIR_TREE_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/document.h"
#include "fhir/element.h"

namespace fhir {

// Not thread-safe; cheap to move. Properties keep the order in which they were first set.
class Node {
 public:
  Node() = default;
  // A resource of type `resource_type`.
  static Node Resource(std::string_view resource_type);

  // Sets single-valued primitive property `name` (replacing an earlier value).
  Node& Set(std::string_view name, std::string_view value);
  Node& SetNumber(std::string_view name, std::string_view exact_text);
  Node& SetInteger(std::string_view name, int64_t value);
  Node& SetBool(std::string_view name, bool value);
  // Sets single-valued complex property `name`.
  Node& Put(std::string_view name, Node child);
  // Appends to repeating property `name` (a JSON array even with one item).
  Node& Add(std::string_view name, Node child);
  Node& AddString(std::string_view name, std::string_view value);

  // Returns the single (or first) complex child `name`, creating it when absent.
  Node& Child(std::string_view name);

  // Freezes the draft into `arena`; the result lives as long as the arena.
  const Element* Build(Arena& arena) const;

 private:
  struct Prop {
    std::string name;
    bool is_array = false;
    bool is_primitive = false;
    // A single primitive value is kept here rather than as a Node in `items`: most properties
    // are such values, and a Node per value made building allocation-bound.
    bool inline_value = false;
    ValueKind kind = ValueKind::kNone;
    std::string value;
    std::vector<Node> items;
  };
  // Turns an inline value into an item, before items are added or handed out.
  static void Materialize(Prop& p);
  Prop& Slot(std::string_view name, bool is_array, bool is_primitive);
  Node& SetPrimitive(std::string_view name, std::string_view value, ValueKind kind);
  void BuildInto(Arena& arena, Element& out) const;

  std::string resource_type_;
  std::string value_;
  ValueKind kind_ = ValueKind::kNone;
  std::vector<Prop> props_;
};

// A Document whose root is `root`, built in the document's own arena.
Document BuildDocument(const Node& root);

}  // namespace fhir

#endif  // FHIRGW_FHIR_TREE_BUILDER_H_
