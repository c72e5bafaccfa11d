# libFuzzer targets (tests/fuzz/README.md). Included once from the top-level CMakeLists.txt,
# before the libraries are defined, so that with SMSFW_FUZZ=ON every library is compiled with
# the fuzzer's coverage instrumentation and with AddressSanitizer + UBSan. Build only the
# `smsfw_fuzz` target in a build directory of its own: the rest of the tree (bench tools, the
# gateway binary, the Catch2 tests) is configured but not needed by the fuzzers.
option(SMSFW_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(SMSFW_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SMSFW_FUZZ=ON needs clang (libFuzzer): configure a fresh build directory with "
                        "CC=clang CXX=clang++ (found ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION})")
  endif()
  # UB must stop the run like a crash does, or libFuzzer would never save the input.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # The targets and their ctests: read at the end of the top-level directory, after
  # include(CTest) and every library (a deferred call may include, not add_subdirectory).
  # (Arguments of a deferred call are expanded when it runs, hence the variable.)
  set(SMSFW_FUZZ_TARGETS ${CMAKE_CURRENT_LIST_DIR}/targets.cmake)
  cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL include ${SMSFW_FUZZ_TARGETS})
endif()
