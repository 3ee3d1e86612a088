// File: conformance/fhirpath/functions_tree.cc
// Tree navigation (children, descendants) and utility functions (trace, now, today, timeOfDay).
#include <chrono>
#include <ctime>

#include "conformance/fhirpath/function_support.h"

namespace conformance::fhirpath {
namespace {

std::string NowText(const char* format, bool millis) {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &local);
  std::string s = buf;
  if (millis) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    char frac[8];
    std::snprintf(frac, sizeof(frac), ".%03d", static_cast<int>(ms));
    s += frac;
    char zone[8];
    std::strftime(zone, sizeof(zone), "%z", &local);  // +hhmm
    std::string z = zone;
    s += z.size() == 5 ? z.substr(0, 3) + ":" + z.substr(3) : "Z";
  }
  return s;
}

}  // namespace

FHIRPATH_FUNCTION(FnChildren) {
  for (const Item& x : input) ev.Children(x, out);
  return ev.Charge(out->size());
}

FHIRPATH_FUNCTION(FnDescendants) {
  // Breadth first over the tree; trees are finite, and the item budget bounds huge ones.
  Collection level(input.begin(), input.end());
  while (!level.empty()) {
    Collection next;
    for (const Item& x : level) ev.Children(x, &next);
    if (absl::Status s = ev.Charge(next.size()); !s.ok()) return s;
    out->insert(out->end(), next.begin(), next.end());
    level = std::move(next);
  }
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnTrace) {
  std::optional<Item> name;
  if (absl::Status s = ArgValue(ev, call, 0, scope, ValueType::kString, &name); !s.ok()) return s;
  if (ev.env().trace) {
    if (call.args.size() > 1) {
      Collection projected;
      for (size_t i = 0; i < input.size(); ++i) {
        if (absl::Status s = ev.ArgFor(call, 1, input[i], static_cast<int64_t>(i), scope, &projected); !s.ok()) return s;
      }
      ev.env().trace(name ? name->text : "", projected);
    } else {
      ev.env().trace(name ? name->text : "", input);
    }
  }
  out->insert(out->end(), input.begin(), input.end());
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnNow) {
  out->push_back(Item::Temporal(ValueType::kDateTime, ev.Keep(NowText("%Y-%m-%dT%H:%M:%S", true))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnToday) {
  out->push_back(Item::Temporal(ValueType::kDate, ev.Keep(NowText("%Y-%m-%d", false))));
  return absl::OkStatus();
}

FHIRPATH_FUNCTION(FnTimeOfDay) {
  out->push_back(Item::Temporal(ValueType::kTime, ev.Keep(NowText("%H:%M:%S", false))));
  return absl::OkStatus();
}

}  // namespace conformance::fhirpath
