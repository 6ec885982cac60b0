// buildschema(dynamic): the union schema of a group's dynamic values, as Kusto writes it: a
// scalar is its type name ("long", "double", "string", "bool"), a bag is a bag of its keys'
// schemas, an array is a bag with the one key "`indexer`" holding its elements' schema; where
// values disagree the schema is an array of the alternatives (type names in order of first
// appearance, and at most one bag, into which every bag seen is merged). Nulls add nothing.
#include <string>

#include "kql/functions/aggregate_util.h"
#include "kql/functions/builtin_functions.h"

namespace quarry::kql::fn {
namespace {

constexpr const char* kIndexer = "`indexer`";

void MergeSchema(Json& acc, const Json& schema);

// The schema of one value; null for null (and for arrays with no non-null element).
Json SchemaOf(const Json& v) {
  switch (v.type()) {
    case Json::value_t::boolean:
      return "bool";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "long";
    case Json::value_t::number_float:
      return "double";
    case Json::value_t::string:
      return "string";
    case Json::value_t::object: {
      Json bag = Json::object();
      for (auto it = v.begin(); it != v.end(); ++it) {
        Json s = SchemaOf(it.value());
        if (!s.is_null()) bag[it.key()] = std::move(s);
      }
      return bag;
    }
    case Json::value_t::array: {
      Json elements;
      for (const auto& e : v) MergeSchema(elements, SchemaOf(e));
      if (elements.is_null()) return Json();
      return Json{{kIndexer, std::move(elements)}};
    }
    default:
      return Json();
  }
}

// Adds one alternative (a type name or a bag) to the alternatives `alts`.
void AddAlternative(Json& alts, const Json& s) {
  for (auto& a : alts) {
    if (s.is_string() && a == s) return;
    if (s.is_object() && a.is_object()) {
      for (auto it = s.begin(); it != s.end(); ++it) {
        if (a.contains(it.key())) {
          MergeSchema(a[it.key()], it.value());
        } else {
          a[it.key()] = it.value();
        }
      }
      return;
    }
  }
  alts.push_back(s);
}

// Merges `schema` (null, one alternative, or an array of alternatives) into `acc`.
void MergeSchema(Json& acc, const Json& schema) {
  if (schema.is_null()) return;
  if (acc.is_null() && !schema.is_array()) {
    acc = schema;
    return;
  }
  Json alts = acc.is_array() ? std::move(acc) : acc.is_null() ? Json::array() : Json::array({acc});
  if (schema.is_array()) {
    for (const auto& s : schema) AddAlternative(alts, s);
  } else {
    AddAlternative(alts, schema);
  }
  acc = alts.size() == 1 ? alts[0] : std::move(alts);
}

class BuildSchemaState : public AggregateState {
 public:
  void Update(std::span<const Datum> args, std::span<const uint32_t> groups,
              size_t num_groups) override {
    if (schemas_.size() < num_groups) schemas_.resize(num_groups);
    ArgView v(args[0]);
    for (size_t i = 0; i < groups.size(); ++i) {
      const Json* j = v.IsNull(i) ? nullptr : v.Dyn(i);
      if (j) MergeSchema(schemas_[groups[i]], SchemaOf(*j));
    }
  }

  void Merge(AggregateState& other, std::span<const uint32_t> into, size_t num_groups) override {
    auto& o = static_cast<BuildSchemaState&>(other);
    if (schemas_.size() < num_groups) schemas_.resize(num_groups);
    for (size_t g = 0; g < o.schemas_.size(); ++g) MergeSchema(schemas_[into[g]], o.schemas_[g]);
  }

  Result<std::vector<ColumnPtr>> Finish(size_t num_groups) override {
    if (schemas_.size() < num_groups) schemas_.resize(num_groups);
    ColumnBuilder b(Type::kDynamic);
    for (size_t g = 0; g < num_groups; ++g) {
      if (schemas_[g].is_null()) {
        b.AppendNull();
      } else {
        b.AppendDynamic(std::make_shared<const Json>(schemas_[g]));
      }
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }

 private:
  std::vector<Json> schemas_;
};

}  // namespace

void RegisterSchemaAggregates(FunctionRegistry& r) {
  r.AddAggregate("buildschema", [](std::span<const ArgInfo> args) -> Result<AggregateBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount("buildschema", args, 1, 1));
    if (args[0].type != Type::kDynamic) {
      return ArgTypeError("buildschema", 0, "dynamic", args[0].type);
    }
    return AggregateBinding{{Type::kDynamic}, [] { return std::make_unique<BuildSchemaState>(); }};
  });
}

}  // namespace quarry::kql::fn
