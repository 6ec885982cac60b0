// hash_sha256, hash_sha1 and hash_md5 of the UTF-8 text of a value, as lowercase hex (Kusto's
// output), computed by common/digest (OpenSSL); these digests identify file contents in
// hunting, they protect nothing.
#include "common/digest.h"
#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

void AddHash(FunctionRegistry& r, const std::string& name, std::string (*digest)(std::string_view)) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
    return ScalarBinding{Type::kString, [digest](std::span<const Datum> in, const EvalContext&) {
                           std::vector<Datum> c{CoerceDatum(in[0], Type::kString)};
                           return MapRows(c, Type::kString, [digest](const std::vector<ArgView>& v,
                                                                     size_t i, ColumnBuilder& b) {
                             b.AppendString(digest(v[0].Str(i)));
                           });
                         }};
  });
}

}  // namespace

void RegisterHash(FunctionRegistry& r) {
  AddHash(r, "hash_sha256", quarry::Sha256Hex);
  AddHash(r, "hash_sha1", quarry::Sha1Hex);
  AddHash(r, "hash_md5", quarry::Md5Hex);
}

}  // namespace quarry::kql::fn
