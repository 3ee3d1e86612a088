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
  if (props_.empty()) props_.reserve(2);  // most complex values have a few properties
  Prop& p = props_.emplace_back();
  p.name = std::string(name);
  p.is_array = is_array;
  p.is_primitive = is_primitive;
  return p;
}

void Node::Materialize(Prop& p) {
  if (!p.inline_value) return;
  Node item;
  item.value_ = std::move(p.value);
  item.kind_ = p.kind;
  p.inline_value = false;
  p.items.push_back(std::move(item));
}

Node& Node::SetPrimitive(std::string_view name, std::string_view value, ValueKind kind) {
  Prop& p = Slot(name, false, true);
  p.items.clear();
  p.inline_value = true;
  p.value = std::string(value);
  p.kind = kind;
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
  p.inline_value = false;
  p.items.clear();
  p.items.push_back(std::move(child));
  return *this;
}

Node& Node::Add(std::string_view name, Node child) {
  Prop& p = Slot(name, true, false);
  Materialize(p);
  p.items.push_back(std::move(child));
  return *this;
}

Node& Node::AddString(std::string_view name, std::string_view value) {
  Node item;
  item.value_ = std::string(value);
  item.kind_ = ValueKind::kString;
  Prop& p = Slot(name, true, true);
  Materialize(p);
  p.items.push_back(std::move(item));
  return *this;
}

Node& Node::Child(std::string_view name) {
  Prop& p = Slot(name, false, false);
  Materialize(p);
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
    if (src.inline_value) {
      Element* item = arena.AllocateArray<Element>(1);
      new (item) Element();
      item->value = arena.CopyString(src.value);
      item->kind = src.kind;
      p.items = item;
      p.size = 1;
      continue;
    }
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
