// Unit conversions: convert_angle, convert_energy, convert_force, convert_length, convert_mass,
// convert_speed, convert_volume (linear: value * factor(from) / factor(to), factors to the SI
// unit below) and convert_temperature (affine, through kelvin). Unit names are Kusto's
// (UnitsNet's) and match without regard to case; an unknown unit gives null, as Kusto does.
// Angle's 'Tilt' (a sine, not a linear unit) is not supported and also gives null. Where UnitsNet
// rounds a factor (AcreFoot = 1 / 0.000810714 m3) its value is kept, as Kusto's results follow it.
#include <cmath>
#include <functional>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kql/functions/builtin_functions.h"
#include "kql/functions/kernel_util.h"

namespace quarry::kql::fn {
namespace {

using UnitTable = std::vector<std::pair<std::string, double>>;
constexpr double kPi = std::numbers::pi;

// Radians.
const UnitTable kAngle = {{"Arcminute", kPi / 10800},   {"Arcsecond", kPi / 648000},
                          {"Centiradian", 1e-2},        {"Deciradian", 1e-1},
                          {"Degree", kPi / 180},        {"Gradian", kPi / 200},
                          {"Microdegree", kPi / 180e6}, {"Microradian", 1e-6},
                          {"Millidegree", kPi / 180e3}, {"Milliradian", 1e-3},
                          {"Nanodegree", kPi / 180e9},  {"Nanoradian", 1e-9},
                          {"NatoMil", 2 * kPi / 6400},  {"Radian", 1},
                          {"Revolution", 2 * kPi}};

constexpr double kBtu = 1055.05585262;
constexpr double kElectronVolt = 1.602176634e-19;
// Joules.
const UnitTable kEnergy = {{"BritishThermalUnit", kBtu},
                           {"Calorie", 4.184},
                           {"DecathermEc", 1.05505585262e9},
                           {"DecathermImperial", 1.05505585257348e9},
                           {"DecathermUs", 1.054804e9},
                           {"ElectronVolt", kElectronVolt},
                           {"Erg", 1e-7},
                           {"FootPound", 1.355817948},
                           {"GigabritishThermalUnit", kBtu * 1e9},
                           {"GigaelectronVolt", kElectronVolt * 1e9},
                           {"Gigajoule", 1e9},
                           {"GigawattDay", 8.64e13},
                           {"GigawattHour", 3.6e12},
                           {"HorsepowerHour", 2.6845195377e6},
                           {"Joule", 1},
                           {"KilobritishThermalUnit", kBtu * 1e3},
                           {"Kilocalorie", 4184},
                           {"KiloelectronVolt", kElectronVolt * 1e3},
                           {"Kilojoule", 1e3},
                           {"KilowattDay", 8.64e7},
                           {"KilowattHour", 3.6e6},
                           {"MegabritishThermalUnit", kBtu * 1e6},
                           {"Megacalorie", 4.184e6},
                           {"MegaelectronVolt", kElectronVolt * 1e6},
                           {"Megajoule", 1e6},
                           {"MegawattDay", 8.64e10},
                           {"MegawattHour", 3.6e9},
                           {"Millijoule", 1e-3},
                           {"TeraelectronVolt", kElectronVolt * 1e12},
                           {"TerawattDay", 8.64e16},
                           {"TerawattHour", 3.6e15},
                           {"ThermEc", 1.05505585262e8},
                           {"ThermImperial", 1.05505585257348e8},
                           {"ThermUs", 1.054804e8},
                           {"WattDay", 86400},
                           {"WattHour", 3600}};

constexpr double kPoundForce = 4.4482216152605;
// Newtons.
const UnitTable kForce = {{"Decanewton", 10},
                          {"Dyn", 1e-5},
                          {"KilogramForce", 9.80665},
                          {"Kilonewton", 1e3},
                          {"KiloPond", 9.80665},
                          {"KilopoundForce", kPoundForce * 1e3},
                          {"Meganewton", 1e6},
                          {"Micronewton", 1e-6},
                          {"Millinewton", 1e-3},
                          {"Newton", 1},
                          {"OunceForce", kPoundForce / 16},
                          {"Poundal", 0.138254954376},
                          {"PoundForce", kPoundForce},
                          {"ShortTonForce", kPoundForce * 2000},
                          {"TonneForce", 9806.65}};

constexpr double kInch = 0.0254;
constexpr double kLightYear = 9.46073047258e15;
constexpr double kParsec = 3.08567758128e16;
constexpr double kUsSurveyFoot = 1200.0 / 3937.0;
// Meters.
const UnitTable kLength = {{"Angstrom", 1e-10},
                           {"AstronomicalUnit", 1.495978707e11},
                           {"Centimeter", 1e-2},
                           {"Chain", 20.1168},
                           {"DataMile", 1828.8},
                           {"Decameter", 10},
                           {"Decimeter", 0.1},
                           {"DtpPica", kInch / 6},
                           {"DtpPoint", kInch / 72},
                           {"Fathom", 1.8288},
                           {"Foot", 0.3048},
                           {"Hand", 0.1016},
                           {"Hectometer", 100},
                           {"Inch", kInch},
                           {"KilolightYear", kLightYear * 1e3},
                           {"Kilometer", 1e3},
                           {"Kiloparsec", kParsec * 1e3},
                           {"LightYear", kLightYear},
                           {"MegalightYear", kLightYear * 1e6},
                           {"Megaparsec", kParsec * 1e6},
                           {"Meter", 1},
                           {"Microinch", kInch * 1e-6},
                           {"Micrometer", 1e-6},
                           {"Mil", kInch * 1e-3},
                           {"Mile", 1609.344},
                           {"Millimeter", 1e-3},
                           {"Nanometer", 1e-9},
                           {"NauticalMile", 1852},
                           {"Parsec", kParsec},
                           {"PrinterPica", kInch / 6.0225},
                           {"PrinterPoint", kInch / 72.27},
                           {"Shackle", 27.432},
                           {"SolarRadius", 6.957e8},
                           {"Twip", kInch / 1440},
                           {"UsSurveyFoot", kUsSurveyFoot},
                           {"Yard", 0.9144}};

constexpr double kPound = 0.45359237;
// Kilograms.
const UnitTable kMass = {{"Centigram", 1e-5},
                         {"Decagram", 1e-2},
                         {"Decigram", 1e-4},
                         {"EarthMass", 5.9722e24},
                         {"Grain", 6.479891e-5},
                         {"Gram", 1e-3},
                         {"Hectogram", 0.1},
                         {"Kilogram", 1},
                         {"Kilopound", kPound * 1e3},
                         {"Kilotonne", 1e6},
                         {"LongHundredweight", kPound * 112},
                         {"LongTon", kPound * 2240},
                         {"Megapound", kPound * 1e6},
                         {"Megatonne", 1e9},
                         {"Microgram", 1e-9},
                         {"Milligram", 1e-6},
                         {"Nanogram", 1e-12},
                         {"Ounce", kPound / 16},
                         {"Pound", kPound},
                         {"ShortHundredweight", kPound * 100},
                         {"ShortTon", kPound * 2000},
                         {"Slug", 14.593902937206},
                         {"SolarMass", 1.98947e30},
                         {"Stone", kPound * 14},
                         {"Tonne", 1e3}};

// Meters per second: lengths per hour, minute and second, plus knots and miles per hour.
UnitTable SpeedUnits() {
  const std::pair<std::string_view, double> lengths[] = {
      {"Centimeter", 1e-2}, {"Decimeter", 0.1},
      {"Foot", 0.3048},     {"Inch", kInch},
      {"Kilometer", 1e3},   {"Meter", 1},
      {"Micrometer", 1e-6}, {"Millimeter", 1e-3},
      {"Nanometer", 1e-9},  {"UsSurveyFoot", kUsSurveyFoot},
      {"Yard", 0.9144}};
  UnitTable out;
  for (const auto& [name, meters] : lengths) {
    out.emplace_back(std::string(name) + "PerHour", meters / 3600);
    out.emplace_back(std::string(name) + "PerMinute", meters / 60);
    out.emplace_back(std::string(name) + "PerSecond", meters);
  }
  out.emplace_back("Knot", 1852.0 / 3600);
  out.emplace_back("MilePerHour", 1609.344 / 3600);
  return out;
}

constexpr double kUsGallon = 3.785411784e-3;
constexpr double kImperialGallon = 4.54609e-3;
constexpr double kCubicFoot = 0.028316846592;
// Cubic meters.
const UnitTable kVolume = {{"AcreFoot", 1 / 0.000810714},
                           {"AuTablespoon", 2e-5},
                           {"BoardFoot", kCubicFoot / 12},
                           {"Centiliter", 1e-5},
                           {"CubicCentimeter", 1e-6},
                           {"CubicDecimeter", 1e-3},
                           {"CubicFoot", kCubicFoot},
                           {"CubicHectometer", 1e6},
                           {"CubicInch", 1.6387064e-5},
                           {"CubicKilometer", 1e9},
                           {"CubicMeter", 1},
                           {"CubicMicrometer", 1e-18},
                           {"CubicMile", 4.168181825440579584e9},
                           {"CubicMillimeter", 1e-9},
                           {"CubicYard", 0.764554857984},
                           {"Decaliter", 1e-2},
                           {"DecausGallon", kUsGallon * 10},
                           {"Deciliter", 1e-4},
                           {"DeciusGallon", kUsGallon / 10},
                           {"HectocubicFoot", kCubicFoot * 100},
                           {"HectocubicMeter", 100},
                           {"Hectoliter", 0.1},
                           {"HectousGallon", kUsGallon * 100},
                           {"ImperialBeerBarrel", kImperialGallon * 36},
                           {"ImperialGallon", kImperialGallon},
                           {"ImperialOunce", kImperialGallon / 160},
                           {"ImperialPint", kImperialGallon / 8},
                           {"KilocubicFoot", kCubicFoot * 1e3},
                           {"KilocubicMeter", 1e3},
                           {"KiloimperialGallon", kImperialGallon * 1e3},
                           {"Kiloliter", 1},
                           {"KilousGallon", kUsGallon * 1e3},
                           {"Liter", 1e-3},
                           {"MegacubicFoot", kCubicFoot * 1e6},
                           {"MegaimperialGallon", kImperialGallon * 1e6},
                           {"Megaliter", 1e3},
                           {"MegausGallon", kUsGallon * 1e6},
                           {"MetricCup", 2.5e-4},
                           {"MetricTeaspoon", 5e-6},
                           {"Microliter", 1e-9},
                           {"Milliliter", 1e-6},
                           {"OilBarrel", kUsGallon * 42},
                           {"UkTablespoon", 1.5e-5},
                           {"UsBeerBarrel", kUsGallon * 31},
                           {"UsCustomaryCup", kUsGallon / 16},
                           {"UsGallon", kUsGallon},
                           {"UsLegalCup", 2.4e-4},
                           {"UsOunce", kUsGallon / 128},
                           {"UsPint", kUsGallon / 8},
                           {"UsQuart", kUsGallon / 4},
                           {"UsTablespoon", kUsGallon / 256},
                           {"UsTeaspoon", kUsGallon / 768}};

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(a[k])) !=
        std::tolower(static_cast<unsigned char>(b[k]))) {
      return false;
    }
  }
  return true;
}

std::optional<double> Factor(const UnitTable& t, std::string_view unit) {
  for (const auto& [name, factor] : t) {
    if (SameName(name, unit)) return factor;
  }
  return std::nullopt;
}

// Temperature: to kelvin and back, as (scale, offset) with K = x * scale + offset.
std::optional<std::pair<double, double>> TemperatureUnit(std::string_view unit) {
  static const std::vector<std::pair<std::string_view, std::pair<double, double>>> kUnits = {
      {"DegreeCelsius", {1, 273.15}},
      {"DegreeDelisle", {-2.0 / 3, 373.15}},
      {"DegreeFahrenheit", {5.0 / 9, 459.67 * 5 / 9}},
      {"DegreeNewton", {100.0 / 33, 273.15}},
      {"DegreeRankine", {5.0 / 9, 0}},
      {"DegreeReaumur", {5.0 / 4, 273.15}},
      {"DegreeRoemer", {40.0 / 21, 273.15 - 7.5 * 40 / 21}},
      {"Kelvin", {1, 0}},
      {"MillidegreeCelsius", {1e-3, 273.15}},
      {"SolarTemperature", {5778, 0}}};
  for (const auto& [name, scale_offset] : kUnits) {
    if (SameName(name, unit)) return scale_offset;
  }
  return std::nullopt;
}

using Convert = std::function<std::optional<double>(double, std::string_view, std::string_view)>;

void AddConvert(FunctionRegistry& r, const std::string& name, Convert convert) {
  r.AddScalar(name, [=](std::span<const ArgInfo> args) -> Result<ScalarBinding> {
    QUARRY_RETURN_IF_ERROR(CheckArgCount(name, args, 3, 3));
    if (!IsNumeric(args[0].type) && args[0].type != Type::kDynamic) {
      return ArgTypeError(name, 0, "a number", args[0].type);
    }
    for (size_t k = 1; k < 3; ++k) {
      if (!IsStringLike(args[k].type)) return ArgTypeError(name, k, "string", args[k].type);
    }
    return ScalarBinding{
        Type::kReal, [convert](std::span<const Datum> in, const EvalContext&) {
          std::vector<Datum> c{CoerceDatum(in[0], Type::kReal), in[1], in[2]};
          return MapRows(c, Type::kReal,
                         [&convert](const std::vector<ArgView>& v, size_t i, ColumnBuilder& b) {
                           std::optional<double> y;
                           if (!v[0].IsNull(i)) y = convert(v[0].Real(i), v[1].Str(i), v[2].Str(i));
                           if (y) {
                             b.AppendReal(*y);
                           } else {
                             b.AppendNull();
                           }
                         });
        }};
  });
}

void AddLinear(FunctionRegistry& r, const std::string& name, UnitTable table) {
  AddConvert(r, name,
             [table = std::move(table)](double x, std::string_view from,
                                        std::string_view to) -> std::optional<double> {
               auto f = Factor(table, from), t = Factor(table, to);
               if (!f || !t) return std::nullopt;
               return x * *f / *t;
             });
}

}  // namespace

void RegisterUnitConversion(FunctionRegistry& r) {
  AddLinear(r, "convert_angle", kAngle);
  AddLinear(r, "convert_energy", kEnergy);
  AddLinear(r, "convert_force", kForce);
  AddLinear(r, "convert_length", kLength);
  AddLinear(r, "convert_mass", kMass);
  AddLinear(r, "convert_speed", SpeedUnits());
  AddLinear(r, "convert_volume", kVolume);
  AddConvert(r, "convert_temperature",
             [](double x, std::string_view from, std::string_view to) -> std::optional<double> {
               auto f = TemperatureUnit(from), t = TemperatureUnit(to);
               if (!f || !t) return std::nullopt;
               double kelvin = x * f->first + f->second;
               return (kelvin - t->second) / t->first;
             });
}

}  // namespace quarry::kql::fn
