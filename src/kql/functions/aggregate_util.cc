#include "kql/functions/aggregate_util.h"

#include <cstring>
#include <functional>

namespace quarry::kql::fn {

KeyKind KeyKindOf(Type t) {
  switch (t) {
    case Type::kReal:
    case Type::kDecimal: return KeyKind::kReal;
    case Type::kString:
    case Type::kGuid: return KeyKind::kString;
    case Type::kDynamic: return KeyKind::kDynamic;
    default: return KeyKind::kIntegral;
  }
}

bool Orderable(Type t) { return t != Type::kDynamic; }

bool ReadKey(const ArgView& v, size_t i, KeyKind kind, OrderKey& key) {
  switch (kind) {
    case KeyKind::kIntegral:
      if (v.IsNull(i)) return false;
      key.i = v.Long(i);
      break;
    case KeyKind::kReal:
      if (v.IsNull(i)) return false;
      key.d = v.Real(i);
      break;
    case KeyKind::kString: {
      std::string_view s = v.Str(i);
      key.s.assign(s.data(), s.size());
      break;
    }
    case KeyKind::kDynamic:
      if (v.IsNull(i)) return false;
      key.s = v.Text(i);
      break;
  }
  key.valid = true;
  return true;
}

int CompareKeys(const OrderKey& a, const OrderKey& b, KeyKind kind) {
  switch (kind) {
    case KeyKind::kIntegral: return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
    case KeyKind::kReal: return a.d < b.d ? -1 : (a.d > b.d ? 1 : 0);
    default: return a.s.compare(b.s);
  }
}

int CompareRowToKey(const ArgView& v, size_t i, KeyKind kind, const OrderKey& key) {
  switch (kind) {
    case KeyKind::kIntegral: {
      int64_t x = v.Long(i);
      return x < key.i ? -1 : (x > key.i ? 1 : 0);
    }
    case KeyKind::kReal: {
      double x = v.Real(i);
      return x < key.d ? -1 : (x > key.d ? 1 : 0);
    }
    case KeyKind::kString: return v.Str(i).compare(key.s);
    case KeyKind::kDynamic: return v.Text(i).compare(key.s);
  }
  return 0;
}

void AppendKey(const OrderKey& key, Type t, ColumnBuilder& b) {
  if (!key.valid) {
    b.AppendNull();
    return;
  }
  switch (t) {
    case Type::kBool: b.AppendBool(key.i != 0); break;
    case Type::kInt: b.AppendInt(static_cast<int32_t>(key.i)); break;
    case Type::kReal:
    case Type::kDecimal: b.AppendReal(key.d); break;
    case Type::kString:
    case Type::kGuid: b.AppendString(key.s); break;
    case Type::kDynamic: b.AppendDynamic(std::make_shared<const Json>(Json::parse(key.s, nullptr, false))); break;
    default: b.AppendLong(key.i); break;
  }
}

namespace {
inline uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
}  // namespace

uint64_t HashString(std::string_view s) { return std::hash<std::string_view>()(s); }

uint64_t HashRow(const ArgView& v, size_t i) {
  switch (KeyKindOf(v.type())) {
    case KeyKind::kIntegral: return Mix(static_cast<uint64_t>(v.Long(i)));
    case KeyKind::kReal: {
      double d = v.Real(i);
      if (d == 0) d = 0;  // -0 and 0 are one value
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      return Mix(bits ^ 0x9e3779b97f4a7c15ULL);
    }
    case KeyKind::kString: return HashString(v.Str(i));
    case KeyKind::kDynamic: return std::hash<std::string>()(v.Text(i));
  }
  return 0;
}

}  // namespace quarry::kql::fn
