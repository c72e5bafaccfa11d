#pragma once
// Which sanitizer this test was built with, for the few tests that must adapt: GCC defines
// __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__, clang answers __has_feature.
//   SMSFW_UNDER_ASAN  1 under AddressSanitizer (the Asan build type: with UBSan and LeakSanitizer)
//   SMSFW_UNDER_TSAN  1 under ThreadSanitizer

#if defined(__SANITIZE_ADDRESS__)
#define SMSFW_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMSFW_UNDER_ASAN 1
#endif
#endif
#ifndef SMSFW_UNDER_ASAN
#define SMSFW_UNDER_ASAN 0
#endif

#if defined(__SANITIZE_THREAD__)
#define SMSFW_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SMSFW_UNDER_TSAN 1
#endif
#endif
#ifndef SMSFW_UNDER_TSAN
#define SMSFW_UNDER_TSAN 0
#endif
