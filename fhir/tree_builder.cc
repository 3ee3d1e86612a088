// File: fhir/tree_builder.cc
#include "fhir/tree_builder.h"

#include <utility>

#include "fhir/text.h"

namespace fhir {

Node Node::Resource(std::string_view resource_type) {
  Node n;
  n.resource_type_ = std::string(resource_type);
  return n;
}

Node::Prop& Node::Slot(std::string_view name, bool is_array, bool is_primitive) {
  for (Prop& p : props_) {
    if (p.name == name) return p;
  }
  props_.push_back(Prop{std::string(name), is_array, is_primitive, {}});
  return props_.back();
}

Node& Node::SetPrimitive(std::string_view name, std::string_view value, ValueKind kind) {
  Node item;
  item.value_ = std::string(value);
  item.kind_ = kind;
  Prop& p = Slot(name, false, true);
  p.items.clear();
  p.items.push_back(std::move(item));
  return *this;
}

Node& Node::Set(std::string_view name, std::string_view value) {
  return SetPrimitive(name, value, ValueKind::kString);
}
Node& Node::SetNumber(std::string_view name, std::string_view exact_text) {
  return SetPrimitive(name, exact_text, ValueKind::kNumber);
}
Node& Node::SetInteger(std::string_view name, int64_t value) {
  return SetPrimitive(name, Concat(value), ValueKind::kNumber);
}
Node& Node::SetBool(std::string_view name, bool value) {
  return SetPrimitive(name, value ? "true" : "false", ValueKind::kBoolean);
}

Node& Node::Put(std::string_view name, Node child) {
  Prop& p = Slot(name, false, false);
  p.items.clear();
  p.items.push_back(std::move(child));
  return *this;
}

Node& Node::Add(std::string_view name, Node child) {
  Slot(name, true, false).items.push_back(std::move(child));
  return *this;
}

Node& Node::AddString(std::string_view name, std::string_view value) {
  Node item;
  item.value_ = std::string(value);
  item.kind_ = ValueKind::kString;
  Slot(name, true, true).items.push_back(std::move(item));
  return *this;
}

Node& Node::Child(std::string_view name) {
  Prop& p = Slot(name, false, false);
  if (p.items.empty()) p.items.emplace_back();
  return p.items.front();
}

void Node::BuildInto(Arena& arena, Element& out) const {
  out = Element();
  if (!resource_type_.empty()) {
    out.set_resource_type(arena.CopyString(resource_type_));
  } else {
    out.value = arena.CopyString(value_);
    out.kind = kind_;
  }
  Property* props = arena.AllocateArray<Property>(props_.size());
  for (size_t i = 0; i < props_.size(); ++i) {
    const Prop& src = props_[i];
    Property& p = *new (&props[i]) Property();
    p.name = arena.CopyString(src.name);
    p.is_array = src.is_array;
    p.is_primitive = src.is_primitive;
    Element* items = arena.AllocateArray<Element>(src.items.size());
    for (size_t k = 0; k < src.items.size(); ++k) {
      new (&items[k]) Element();
      src.items[k].BuildInto(arena, items[k]);
    }
    p.items = items;
    p.size = static_cast<uint32_t>(src.items.size());
  }
  out.properties = props;
  out.property_count = static_cast<uint32_t>(props_.size());
}

const Element* Node::Build(Arena& arena) const {
  Element* root = arena.AllocateArray<Element>(1);
  new (root) Element();
  BuildInto(arena, *root);
  return root;
}

Document BuildDocument(const Node& root) {
  Document doc;
  doc.set_root(root.Build(doc.arena()));
  return doc;
}

}  // namespace fhir
