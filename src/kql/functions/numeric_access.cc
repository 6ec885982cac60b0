#include "kql/functions/numeric_access.h"

namespace quarry::kql::fn {

IntegralAccess IntegralAccessOf(const Datum& d) {
  if (d.is_scalar()) return ConstOf<int64_t>{d.scalar.int_value()};
  const Column& c = *d.column;
  switch (c.type()) {
    case Type::kBool: return BoolCol{c.bools().data()};
    case Type::kInt: return IntCol{c.ints().data()};
    default: return LongCol{c.longs().data()};
  }
}

NumericAccess NumericAccessOf(const Datum& d) {
  if (d.is_scalar()) {
    Type t = d.scalar.type();
    if (t == Type::kReal || t == Type::kDecimal) return ConstOf<double>{d.scalar.real_value()};
    return ConstOf<int64_t>{d.scalar.int_value()};
  }
  const Column& c = *d.column;
  switch (c.type()) {
    case Type::kInt: return IntCol{c.ints().data()};
    case Type::kReal:
    case Type::kDecimal: return RealCol{c.reals().data()};
    default: return LongCol{c.longs().data()};
  }
}

}  // namespace quarry::kql::fn
