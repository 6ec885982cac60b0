#include "kql/grouper.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace quarry::kql {
namespace {

bool IsIntegerLike(Type t) {
  return t == Type::kInt || t == Type::kLong || t == Type::kDatetime || t == Type::kTimespan ||
         t == Type::kBool;
}

int64_t IntegerAt(const Column& c, size_t i) {
  switch (c.type()) {
    case Type::kBool: return c.bools()[i];
    case Type::kInt: return c.ints()[i];
    default: return c.longs()[i];
  }
}

bool IsNullKey(const Column& c, size_t i) {
  if (c.IsNull(i)) return true;
  return false;
}

}  // namespace

Grouper::Grouper(std::vector<Type> key_types) : types_(std::move(key_types)) {
  for (Type t : types_) key_builders_.emplace_back(t);
  if (types_.size() == 1 && (types_[0] == Type::kString || types_[0] == Type::kGuid)) {
    mode_ = Mode::kString;
  } else if (types_.size() == 1 && IsIntegerLike(types_[0])) {
    mode_ = Mode::kInteger;
  } else if (types_.size() == 2 && std::all_of(types_.begin(), types_.end(), [](Type t) {
               return IsIntegerLike(t) || t == Type::kString || t == Type::kGuid;
             })) {
    mode_ = Mode::kPair;
    for (size_t k = 0; k < 2; ++k) pair_keys_[k].is_string = !IsIntegerLike(types_[k]);
  } else {
    mode_ = Mode::kEncoded;
  }
}

void Grouper::EncodeRow(std::span<const ColumnPtr> keys, size_t row, std::string* out) const {
  out->clear();
  for (const auto& k : keys) {
    const Column& c = *k;
    if (IsNullKey(c, row)) {
      if (c.type() == Type::kString) {
        out->push_back('\1');
        uint32_t len = 0;
        out->append(reinterpret_cast<const char*>(&len), 4);
      } else {
        out->push_back('\0');
      }
      continue;
    }
    out->push_back('\1');
    switch (c.type()) {
      case Type::kBool:
      case Type::kInt:
      case Type::kLong:
      case Type::kDatetime:
      case Type::kTimespan: {
        int64_t v = IntegerAt(c, row);
        out->append(reinterpret_cast<const char*>(&v), 8);
        break;
      }
      case Type::kReal:
      case Type::kDecimal: {
        double d = c.reals()[row];
        if (d == 0) d = 0;  // -0 and 0 are one key
        if (std::isnan(d)) d = std::nan("");
        out->append(reinterpret_cast<const char*>(&d), 8);
        break;
      }
      case Type::kString:
      case Type::kGuid: {
        std::string_view s = c.str(row);
        uint32_t len = static_cast<uint32_t>(s.size());
        out->append(reinterpret_cast<const char*>(&len), 4);
        out->append(s);
        break;
      }
      case Type::kDynamic: {
        std::string s = c.dynamic(row)->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        uint32_t len = static_cast<uint32_t>(s.size());
        out->append(reinterpret_cast<const char*>(&len), 4);
        out->append(s);
        break;
      }
    }
  }
}

uint32_t Grouper::NewGroup(std::span<const ColumnPtr> keys, size_t row) {
  for (size_t k = 0; k < keys.size(); ++k) key_builders_[k].AppendFrom(*keys[k], row);
  return static_cast<uint32_t>(num_groups_++);
}

namespace {

// Grouper::KeyIds::Map and Lookup: `self` is a KeyIds (const when !kCreate).
template <bool kCreate, typename Self>
void MapKeyIds(Self& self, const Column& c, size_t rows, std::vector<uint32_t>* out) {
  constexpr uint32_t kUnknown = UINT32_MAX, kNotLookedUp = UINT32_MAX - 1;
  out->resize(rows);
  auto string_id = [&](std::string_view v) -> uint32_t {
    auto it = self.strings.find(v);
    if (it != self.strings.end()) return it->second;
    if constexpr (kCreate) {
      return self.strings.emplace(std::string(v), self.next++).first->second;
    } else {
      return kUnknown;
    }
  };
  if (self.is_string && c.is_dictionary()) {
    const Column& dict = c.dictionary();
    std::vector<uint32_t> entry_id(dict.size(), kNotLookedUp);
    auto codes = c.codes();
    const bool all_valid = c.validity().AllValid();
    uint32_t null_id = kNotLookedUp;
    for (size_t i = 0; i < rows; ++i) {
      const bool null = !all_valid && c.IsNull(i);
      uint32_t& id = null ? null_id : entry_id[codes[i]];
      if (id == kNotLookedUp) id = string_id(null ? std::string_view() : dict.str(codes[i]));
      (*out)[i] = id;
    }
    return;
  }
  if (self.is_string) {
    for (size_t i = 0; i < rows; ++i) {
      (*out)[i] = string_id(c.IsNull(i) ? std::string_view() : c.str(i));
    }
    return;
  }
  // Integers: consecutive rows often repeat a value (time bins of time-ordered rows).
  bool have_last = false;
  int64_t last = 0;
  uint32_t last_id = 0;
  for (size_t i = 0; i < rows; ++i) {
    if (c.IsNull(i)) {
      if constexpr (kCreate) {
        if (!self.null_id) self.null_id = self.next++;
      }
      (*out)[i] = self.null_id ? *self.null_id : kUnknown;
      continue;
    }
    int64_t v = IntegerAt(c, i);
    if (!have_last || v != last) {
      auto it = self.integers.find(v);
      if (it != self.integers.end()) {
        last_id = it->second;
      } else if constexpr (kCreate) {
        last_id = self.integers.emplace(v, self.next++).first->second;
      } else {
        last_id = kUnknown;
      }
      last = v;
      have_last = true;
    }
    (*out)[i] = last_id;
  }
}

}  // namespace

void Grouper::KeyIds::Map(const Column& c, size_t rows, std::vector<uint32_t>* out) {
  MapKeyIds<true>(*this, c, rows, out);
}

void Grouper::KeyIds::Lookup(const Column& c, size_t rows, std::vector<uint32_t>* out) const {
  MapKeyIds<false>(*this, c, rows, out);
}

void Grouper::Add(std::span<const ColumnPtr> keys, size_t rows, std::vector<uint32_t>* ids) {
  ids->reserve(ids->size() + rows);
  if (keys.empty()) {
    if (num_groups_ == 0 && rows > 0) num_groups_ = 1;
    ids->insert(ids->end(), rows, 0);
    return;
  }
  if (mode_ == Mode::kString) {
    const Column& c = *keys[0];
    if (c.is_dictionary()) {
      // Resolve each dictionary entry once, then map codes.
      const Column& dict = c.dictionary();
      std::vector<int64_t> code_group(dict.size(), -1);
      auto codes = c.codes();
      for (size_t i = 0; i < rows; ++i) {
        if (c.IsNull(i)) {
          auto it = strings_.find(std::string_view());
          uint32_t g = it != strings_.end() ? it->second
                                            : (strings_[""] = NewGroup(keys, i));
          ids->push_back(g);
          continue;
        }
        int64_t& cg = code_group[codes[i]];
        if (cg < 0) {
          std::string_view s = dict.str(codes[i]);
          auto it = strings_.find(s);
          cg = it != strings_.end() ? it->second : (strings_[std::string(s)] = NewGroup(keys, i));
        }
        ids->push_back(static_cast<uint32_t>(cg));
      }
      return;
    }
    for (size_t i = 0; i < rows; ++i) {
      std::string_view s = c.IsNull(i) ? std::string_view() : c.str(i);
      auto it = strings_.find(s);
      if (it != strings_.end()) {
        ids->push_back(it->second);
      } else {
        uint32_t g = NewGroup(keys, i);
        strings_.emplace(std::string(s), g);
        ids->push_back(g);
      }
    }
    return;
  }
  if (mode_ == Mode::kInteger) {
    const Column& c = *keys[0];
    for (size_t i = 0; i < rows; ++i) {
      if (c.IsNull(i)) {
        if (!null_group_) null_group_ = NewGroup(keys, i);
        ids->push_back(*null_group_);
        continue;
      }
      int64_t v = IntegerAt(c, i);
      auto [it, inserted] = integers_.try_emplace(v, 0);
      if (inserted) it->second = NewGroup(keys, i);
      ids->push_back(it->second);
    }
    return;
  }
  if (mode_ == Mode::kPair) {
    std::vector<uint32_t> a, b;
    pair_keys_[0].Map(*keys[0], rows, &a);
    pair_keys_[1].Map(*keys[1], rows, &b);
    uint64_t last = UINT64_MAX;
    uint32_t last_group = 0;
    for (size_t i = 0; i < rows; ++i) {
      const uint64_t pair = uint64_t{a[i]} << 32 | b[i];
      if (pair != last) {
        auto [it, inserted] = pairs_.try_emplace(pair, 0);
        if (inserted) it->second = NewGroup(keys, i);
        last = pair;
        last_group = it->second;
      }
      ids->push_back(last_group);
    }
    return;
  }
  std::string buf;
  for (size_t i = 0; i < rows; ++i) {
    EncodeRow(keys, i, &buf);
    auto it = encoded_.find(buf);
    if (it != encoded_.end()) {
      ids->push_back(it->second);
    } else {
      uint32_t g = NewGroup(keys, i);
      encoded_.emplace(buf, g);
      ids->push_back(g);
    }
  }
}

void Grouper::Find(std::span<const ColumnPtr> keys, size_t rows,
                   std::vector<int64_t>* ids) const {
  ids->clear();
  ids->reserve(rows);
  if (mode_ == Mode::kString && keys[0]->is_dictionary()) {
    // Look each dictionary entry up once, then map codes (a join probe of 10M rows over a
    // few thousand distinct hosts makes a few thousand lookups, not 10M).
    const Column& c = *keys[0];
    const Column& dict = c.dictionary();
    std::vector<int64_t> code_group(dict.size(), -2);  // -2: not looked up yet
    auto codes = c.codes();
    int64_t null_group = -2;
    for (size_t i = 0; i < rows; ++i) {
      int64_t& g = c.IsNull(i) ? null_group : code_group[codes[i]];
      if (g == -2) {
        auto it = strings_.find(c.IsNull(i) ? std::string_view() : dict.str(codes[i]));
        g = it == strings_.end() ? int64_t{-1} : int64_t{it->second};
      }
      ids->push_back(g);
    }
    return;
  }
  if (mode_ == Mode::kPair) {
    std::vector<uint32_t> a, b;
    pair_keys_[0].Lookup(*keys[0], rows, &a);
    pair_keys_[1].Lookup(*keys[1], rows, &b);
    for (size_t i = 0; i < rows; ++i) {
      if (a[i] == KeyIds::kUnknown || b[i] == KeyIds::kUnknown) {
        ids->push_back(-1);
        continue;
      }
      auto it = pairs_.find(uint64_t{a[i]} << 32 | b[i]);
      ids->push_back(it == pairs_.end() ? int64_t{-1} : int64_t{it->second});
    }
    return;
  }
  std::string buf;
  for (size_t i = 0; i < rows; ++i) {
    if (mode_ == Mode::kString) {
      const Column& c = *keys[0];
      std::string_view s = c.IsNull(i) ? std::string_view() : c.str(i);
      auto it = strings_.find(s);
      ids->push_back(it == strings_.end() ? int64_t{-1} : int64_t{it->second});
    } else if (mode_ == Mode::kInteger) {
      const Column& c = *keys[0];
      if (c.IsNull(i)) {
        ids->push_back(null_group_ ? static_cast<int64_t>(*null_group_) : -1);
        continue;
      }
      auto it = integers_.find(IntegerAt(c, i));
      ids->push_back(it == integers_.end() ? int64_t{-1} : int64_t{it->second});
    } else {
      EncodeRow(keys, i, &buf);
      auto it = encoded_.find(buf);
      ids->push_back(it == encoded_.end() ? int64_t{-1} : int64_t{it->second});
    }
  }
}

std::vector<ColumnPtr> Grouper::KeyColumns() {
  if (finished_.size() != key_builders_.size() ||
      (!finished_.empty() && finished_[0]->size() != num_groups_)) {
    finished_.clear();
    for (auto& b : key_builders_) {
      ColumnPtr c = b.Finish();
      // Keep the builder usable for further groups: re-append what was there.
      for (size_t i = 0; i < c->size(); ++i) b.AppendFrom(*c, i);
      finished_.push_back(c);
    }
  }
  return finished_;
}

void Grouper::Merge(Grouper& other, std::vector<uint32_t>* mapping) {
  std::vector<ColumnPtr> keys = other.KeyColumns();
  mapping->clear();
  if (keys.empty()) {
    if (other.num_groups_ > 0 && num_groups_ == 0) num_groups_ = 1;
    mapping->assign(other.num_groups_, 0);
    return;
  }
  Add(keys, other.num_groups_, mapping);
  finished_.clear();
}

int CompareValuesAt(const Column& c, size_t a, size_t b) {
  switch (c.type()) {
    case Type::kBool: return int(c.bools()[a]) - int(c.bools()[b]);
    case Type::kInt: return c.ints()[a] < c.ints()[b] ? -1 : c.ints()[a] > c.ints()[b];
    case Type::kLong:
    case Type::kDatetime:
    case Type::kTimespan: return c.longs()[a] < c.longs()[b] ? -1 : c.longs()[a] > c.longs()[b];
    case Type::kReal:
    case Type::kDecimal: {
      double x = c.reals()[a], y = c.reals()[b];
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) - std::isnan(y);
      return x < y ? -1 : x > y;
    }
    case Type::kString:
    case Type::kGuid: {
      int r = c.str(a).compare(c.str(b));
      return r < 0 ? -1 : r > 0;
    }
    case Type::kDynamic: {
      const Json& x = *c.dynamic(a);
      const Json& y = *c.dynamic(b);
      if (x.is_number() && y.is_number()) {
        double dx = x.get<double>(), dy = y.get<double>();
        return dx < dy ? -1 : dx > dy;
      }
      std::string sx = x.is_string() ? x.get<std::string>() : x.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      std::string sy = y.is_string() ? y.get<std::string>() : y.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      int r = sx.compare(sy);
      return r < 0 ? -1 : r > 0;
    }
  }
  return 0;
}

int CompareRows(std::span<const OrderKey> keys, size_t a, size_t b) {
  for (const auto& k : keys) {
    const Column& c = *k.column;
    bool na = c.IsNull(a), nb = c.IsNull(b);
    if (na || nb) {
      if (na && nb) continue;
      int r = na ? -1 : 1;
      return k.nulls_first ? r : -r;
    }
    int r = CompareValuesAt(c, a, b);
    if (r != 0) return k.descending ? -r : r;
  }
  return 0;
}

std::vector<uint32_t> SortedRowIndices(std::span<const OrderKey> keys, size_t rows,
                                       std::optional<size_t> limit) {
  std::vector<uint32_t> idx(rows);
  std::iota(idx.begin(), idx.end(), 0);
  auto less = [&](uint32_t a, uint32_t b) {
    int r = CompareRows(keys, a, b);
    return r != 0 ? r < 0 : a < b;
  };
  if (limit && *limit < rows) {
    std::partial_sort(idx.begin(), idx.begin() + *limit, idx.end(), less);
    idx.resize(*limit);
  } else {
    std::sort(idx.begin(), idx.end(), less);
  }
  return idx;
}

}  // namespace quarry::kql
