# Third-party dependencies: Debian -dev packages only (see scripts/deps).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(simdjson REQUIRED)
find_package(zstd REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
if(QUARRY_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(QUARRY_BENCH)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    set(QUARRY_BENCH OFF)
  endif()
endif()
if(TARGET zstd::libzstd_shared)
  set(QUARRY_ZSTD zstd::libzstd_shared)
else()
  set(QUARRY_ZSTD zstd::libzstd_static)
endif()

# cpp-httplib (Debian libcpp-httplib-dev: compiled with OpenSSL, zlib and brotli support): the
# HTTP(S) server of `quarry serve` and the local test servers that play OpenAI and Azure.
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_library(HTTPLIB_LIBRARY cpp-httplib REQUIRED)
add_library(httplib::httplib UNKNOWN IMPORTED)
set_target_properties(httplib::httplib PROPERTIES
  IMPORTED_LOCATION "${HTTPLIB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${HTTPLIB_INCLUDE_DIR}"
  INTERFACE_COMPILE_DEFINITIONS "CPPHTTPLIB_OPENSSL_SUPPORT;CPPHTTPLIB_ZLIB_SUPPORT;CPPHTTPLIB_BROTLI_SUPPORT")
set_property(TARGET httplib::httplib APPEND PROPERTY INTERFACE_LINK_LIBRARIES
  OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
