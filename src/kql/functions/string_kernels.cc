#include "kql/functions/string_kernels.h"

namespace quarry::kql::fn {

ColumnPtr MakeBoolColumn(const std::vector<uint8_t>& values, bool negate) {
  ColumnBuilder b(Type::kBool);
  b.Reserve(values.size());
  for (uint8_t v : values) b.AppendBool((v != 0) != negate);
  return b.Finish();
}

Datum SearchPredicate(const Datum& d, const TextSearcher& searcher, bool negate) {
  if (d.is_scalar() || d.column->is_dictionary() || d.column->type() != Type::kString) {
    return StringPredicate(d, [&](std::string_view s) { return searcher.Matches(s); }, negate);
  }
  const Column& c = *d.column;
  std::vector<uint8_t> out(c.size(), 0);
  searcher.MatchRows(c.chars().data(), c.offsets().data(), c.size(), out.data());
  return Datum::Of(MakeBoolColumn(out, negate));
}

}  // namespace quarry::kql::fn
