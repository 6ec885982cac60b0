# quarry_module(NAME DEPS ...): one library target per folder of src/, named quarry_<NAME>, built
# from every .cc in that folder (and its subfolders) except *_main.cc, with src/ as the include root.
# Dependencies are declared here, so an undeclared one fails to link.
function(quarry_module name)
  cmake_parse_arguments(QM "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  list(FILTER srcs EXCLUDE REGEX "_main\\.cc$|_fuzz\\.cc$")
  add_library(quarry_${name} STATIC ${srcs})
  target_include_directories(quarry_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(quarry_${name} PUBLIC ${QM_DEPS})
endfunction()

# quarry_test(MODULE): one gtest binary per folder of tests/, from every *_test.cc in it.
function(quarry_test name)
  cmake_parse_arguments(QT "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc")
  add_executable(${name}_tests ${srcs})
  target_link_libraries(${name}_tests PRIVATE ${QT_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name}_tests PRIVATE
    QUARRY_SOURCE_ROOT="${PROJECT_SOURCE_DIR}" QUARRY_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  gtest_discover_tests(${name}_tests WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" DISCOVERY_TIMEOUT 60)
endfunction()
