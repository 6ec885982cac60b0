// libFuzzer target: lexer + parser + binder (Engine::Check over the built-in schemas and a tiny
// datatable) must never crash, hang or throw on any input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kql/engine.h"
#include "kql/parser.h"
#include "schemas/builtin_schemas.h"

namespace {

quarry::kql::MemoryCatalog BuildCatalog() {
  quarry::kql::MemoryCatalog c;
  auto builtins = quarry::BuiltinSchemas();
  if (builtins.ok()) {
    for (const auto& name : (*builtins)->TableNames()) c.AddEmpty(name, *(*builtins)->Find(name));
  }
  return c;
}

const quarry::kql::MemoryCatalog& Catalog() {
  static const quarry::kql::MemoryCatalog catalog = BuildCatalog();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = quarry::kql::ParseQuery(text);
  if (!parsed.ok()) return 0;
  quarry::kql::Engine engine(Catalog());
  auto checked = engine.Check(text);
  (void)checked;
  return 0;
}
