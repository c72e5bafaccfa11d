# libFuzzer targets (see README.md here). Included by fuzz.cmake at the end of the top-level
# directory when SMSFW_FUZZ=ON; the libraries they link are then instrumented too. `smsfw_fuzz`
# builds them all and nothing else.
set(fuzz_src ${CMAKE_CURRENT_LIST_DIR})
set(fuzz_bin ${PROJECT_BINARY_DIR}/tests/fuzz)
add_custom_target(smsfw_fuzz)

# Seconds of fuzzing per ctest smoke, after the seed corpus has been replayed.
set(SMSFW_FUZZ_SMOKE_SECONDS 10 CACHE STRING "Seconds each fuzz ctest fuzzes after replaying its seeds")

# smsfw_add_fuzzer(NAME MAX_LEN [SOURCES extra.cc ...] LIBS ...): fuzz_NAME from NAME.cc, its seeds in corpus/NAME/, an
# optional NAME.dict, and a ctest that replays the seeds and then fuzzes briefly (label fuzz).
function(smsfw_add_fuzzer name max_len)
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(fuzz_${name} ${fuzz_src}/${name}.cc ${F_SOURCES})
  set_target_properties(fuzz_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${fuzz_bin})
  target_compile_options(fuzz_${name} PRIVATE ${SMSFW_WARNINGS})
  target_include_directories(fuzz_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS})
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  add_dependencies(smsfw_fuzz fuzz_${name})

  set(dict)
  if(EXISTS ${fuzz_src}/${name}.dict)
    set(dict -dict=${fuzz_src}/${name}.dict)
  endif()
  # The seeds are copied into a scratch corpus so that the smoke never writes into the source tree.
  set(work ${fuzz_bin}/smoke/${name})
  add_test(NAME fuzz_${name}
           COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
                   sh -c "rm -rf '${work}' && mkdir -p '${work}' && cp '${fuzz_src}/corpus/${name}/'* '${work}/' && exec \"$0\" \"$@\""
                   $<TARGET_FILE:fuzz_${name}> ${dict} -max_len=${max_len} -timeout=10 -rss_limit_mb=2048
                   -max_total_time=${SMSFW_FUZZ_SMOKE_SECONDS} -print_final_stats=1
                   -artifact_prefix=${fuzz_bin}/smoke/${name}- ${work})
  set_tests_properties(fuzz_${name} PROPERTIES LABELS fuzz TIMEOUT 120)
  # run.sh reads the same maximum length.
  file(WRITE ${fuzz_bin}/max_len/${name} "${max_len}\n")
endfunction()

smsfw_add_fuzzer(smpp_frame 70000 LIBS smsfw_smpp)
smsfw_add_fuzzer(smpp34_codec 256 LIBS smsfw_smpp)
smsfw_add_fuzzer(udh_concat 512 LIBS smsfw_filters_message)
smsfw_add_fuzzer(text_decode 4096 LIBS smsfw_filters_text)
smsfw_add_fuzzer(normalize 4096 LIBS smsfw_filters_normalize)
# The previous scan, kept in tests/filters/url as the oracle, is the fuzzer's oracle too.
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)
smsfw_add_fuzzer(url_extract 4096 SOURCES ${PROJECT_SOURCE_DIR}/tests/filters/url/reference_url_extractor.cc
                 LIBS smsfw_filters_url PkgConfig::PSL)
smsfw_add_fuzzer(pattern_loader 4096 LIBS smsfw_filters_patterns)
