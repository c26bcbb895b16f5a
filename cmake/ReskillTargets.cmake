# Helpers that keep each folder's CMakeLists.txt short: one static library per layer,
# one gtest binary per layer, warnings and sanitizers applied per target.

add_library(reskill_warnings INTERFACE)
target_compile_options(reskill_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror=switch -Wno-sign-conversion -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 at -O3 reports false -Wrestrict warnings inside std::string (GCC bug 105329).
  target_compile_options(reskill_warnings INTERFACE -Wno-restrict)
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(reskill_warnings INTERFACE -Wthread-safety)
endif()
if(RESKILL_WARNINGS_AS_ERRORS)
  target_compile_options(reskill_warnings INTERFACE -Werror)
endif()

add_library(reskill_sanitizers INTERFACE)
if(RESKILL_SANITIZE)
  string(REPLACE ";" "," _reskill_san "${RESKILL_SANITIZE}")
  target_compile_options(reskill_sanitizers INTERFACE -fsanitize=${_reskill_san} -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(reskill_sanitizers INTERFACE -fsanitize=${_reskill_san})
endif()

# reskill_add_library(NAME SOURCES ... DEPS ... PRIVATE_DEPS ...)
function(reskill_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} reskill_sanitizers PRIVATE ${ARG_PRIVATE_DEPS} reskill_warnings)
endfunction()

# reskill_add_test(NAME SOURCES ... DEPS ... LABELS ...)
function(reskill_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT RESKILL_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main reskill_warnings reskill_sanitizers)
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
