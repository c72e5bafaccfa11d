# Sanitizer build types (deploy/sanitize.sh asan|tsan configures and runs them):
#   Asan  AddressSanitizer + UndefinedBehaviorSanitizer, every finding fatal
#   Tsan  ThreadSanitizer
# Both -O1 -g1 (line tables: enough for the reports, cheaper to build) and keep asserts (no -DNDEBUG). The flags go to every compile and link (C and C++,
# executables and the filters/capi shared library), so the whole tree is instrumented; system
# libraries (Boost's compiled parts, Hyperscan, ICU, ...) are not.

set(_smsfw_san_asan "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g1")
set(_smsfw_san_tsan "-fsanitize=thread -O1 -g1")

foreach(_t ASAN TSAN)
  string(TOLOWER ${_t} _l)
  foreach(_lang C CXX)
    set(CMAKE_${_lang}_FLAGS_${_t} "${_smsfw_san_${_l}}" CACHE STRING "${_t} flags" FORCE)
  endforeach()
  foreach(_kind EXE SHARED MODULE)
    set(CMAKE_${_kind}_LINKER_FLAGS_${_t} "${_smsfw_san_${_l}}" CACHE STRING "${_t} link flags" FORCE)
  endforeach()
endforeach()

# Multi-config generators list them too.
if(CMAKE_CONFIGURATION_TYPES)
  list(APPEND CMAKE_CONFIGURATION_TYPES Asan Tsan)
  list(REMOVE_DUPLICATES CMAKE_CONFIGURATION_TYPES)
endif()

# GCC 12 reports a false -Wmaybe-uninitialized inside Boost.Beast's HTTP parser when built with
# ASan/UBSan, which -Werror turns into a failed build. Silenced for the sanitizer build types
# only; Release keeps the warning.
list(APPEND SMSFW_WARNINGS $<$<CONFIG:Asan,Tsan>:-Wno-maybe-uninitialized>)
# GCC 12 -Wtsan: "atomic_thread_fence is not supported with -fsanitize=thread", raised inside
# Boost.Asio's headers (its fenced blocks). A fact about TSan, not a bug; Tsan only.
list(APPEND SMSFW_WARNINGS $<$<CONFIG:Tsan>:-Wno-tsan>)
