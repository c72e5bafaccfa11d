# Sanitizer build types (deploy/sanitize.sh asan|tsan configures and runs them: Asan with clang,
# Tsan with GCC):
#   Asan  AddressSanitizer + UndefinedBehaviorSanitizer, every finding fatal
#   Tsan  ThreadSanitizer
# Both keep asserts (no -DNDEBUG) and line tables (enough for the reports). With clang, Asan
# builds at -O0: three times faster to compile than GCC's -O1 (measured on session_pair.cc: 8.7
# against 28.4 CPU seconds), which is what lets CI run it. With GCC both are -O1 -g1. (clang 14's
# TSan runtime is static and brings its own operator new/delete, which clash with the tests that
# replace them to count allocations; its shared form crashes at start here. GCC's libtsan is
# shared, so deploy/sanitize.sh builds Tsan with GCC.) The flags go to every compile and link (C and C++,
# executables and the filters/capi shared library), so the whole tree is instrumented; system
# libraries (Boost's compiled parts, Hyperscan, ICU, ...) are not.

set(_smsfw_san_link "")
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # A C program linked with the C++ library (filters/capi's test) needs the sanitizers' C++ parts.
  set(_smsfw_san_link "-fsanitize-link-c++-runtime -lstdc++")
  set(_smsfw_san_asan "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O0 -gline-tables-only")
  set(_smsfw_san_tsan "-fsanitize=thread -O1 -gline-tables-only")
else()
  set(_smsfw_san_asan "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g1")
  set(_smsfw_san_tsan "-fsanitize=thread -O1 -g1")
endif()

foreach(_t ASAN TSAN)
  string(TOLOWER ${_t} _l)
  foreach(_lang C CXX)
    set(CMAKE_${_lang}_FLAGS_${_t} "${_smsfw_san_${_l}}" CACHE STRING "${_t} flags" FORCE)
  endforeach()
  foreach(_kind EXE SHARED MODULE)
    set(CMAKE_${_kind}_LINKER_FLAGS_${_t} "${_smsfw_san_${_l}} ${_smsfw_san_link}" CACHE STRING "${_t} link flags" FORCE)
  endforeach()
endforeach()

# Multi-config generators list them too.
if(CMAKE_CONFIGURATION_TYPES)
  list(APPEND CMAKE_CONFIGURATION_TYPES Asan Tsan)
  list(REMOVE_DUPLICATES CMAKE_CONFIGURATION_TYPES)
endif()

if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports a false -Wmaybe-uninitialized inside Boost.Beast's HTTP parser when built with
  # ASan/UBSan, which -Werror turns into a failed build. Silenced for the sanitizer build types
  # only; Release keeps the warning.
  list(APPEND SMSFW_WARNINGS $<$<CONFIG:Asan,Tsan>:-Wno-maybe-uninitialized>)
  # GCC 12 -Wtsan: "atomic_thread_fence is not supported with -fsanitize=thread", raised inside
  # Boost.Asio's headers (its fenced blocks). A fact about TSan, not a bug; Tsan only.
  list(APPEND SMSFW_WARNINGS $<$<CONFIG:Tsan>:-Wno-tsan>)
endif()
