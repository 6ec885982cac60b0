// estimate_data_size(col, ...): per row, the bytes the values take, summed: a string its UTF-8
// length, a dynamic value its JSON text, bool 1, int 4, long / real / datetime / timespan 8,
// decimal and guid 16; a null adds nothing. `estimate_data_size(*)` (every column) is expanded
// by the binder. Kusto documents it as an estimate; its example (a long and a 10-character
// string: 18 bytes a row) gives the same.
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

int64_t ValueBytes(const ArgView& v, size_t i) {
  if (v.IsNull(i)) return 0;
  switch (v.type()) {
    case Type::kBool: return 1;
    case Type::kInt: return 4;
    case Type::kLong:
    case Type::kReal:
    case Type::kDatetime:
    case Type::kTimespan: return 8;
    case Type::kDecimal:
    case Type::kGuid: return 16;
    case Type::kString: return static_cast<int64_t>(v.Str(i).size());
    case Type::kDynamic: {
      const Json* j = v.Dyn(i);
      return j ? static_cast<int64_t>(j->dump().size()) : 0;
    }
  }
  return 0;
}

}  // namespace

void RegisterDataSize(FunctionRegistry& r) {
  r.AddScalar("estimate_data_size", [](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("estimate_data_size", args, 1, 4096));
    return ScalarBinding{Type::kLong, [](std::span<const Datum> in, const EvalContext&) {
                           return MapRows(in, Type::kLong, [](const std::vector<ArgView>& v,
                                                              size_t i, ColumnBuilder& b) {
                             int64_t total = 0;
                             for (const auto& a : v) total += ValueBytes(a, i);
                             b.AppendLong(total);
                           });
                         }};
  });
}

}  // namespace quarry::kql::fn
