/* Drives the engine's C API from a C program, as an embedding gateway would: create from a
 * pattern directory, classify, reload (good and broken), free. Exit status 0 = every check passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi/smsfw_filter.h"

static int failures = 0;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

static void write_file(const char* dir, const char* name, const char* text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(2);
  }
  fputs(text, f);
  fclose(f);
}

static const char* kRules =
    "set: capi\n"
    "version: \"7\"\n"
    "rules:\n"
    "  - {id: C-VERIFY, pattern: 'verify your account', action: block, description: d}\n"
    "  - {id: C-THAI, pattern: '\xE0\xB8\xA2\xE0\xB8\xB7\xE0\xB8\x99\xE0\xB8\xA2\xE0\xB8\xB1\xE0\xB8\x99', action: tag,"
    " description: Thai 'confirm', tag: {mark: prefix, prefix: '! '}}\n";

/* The message "verify your account" in GSM 7-bit unpacked (ASCII letters share their codes). */
static smsfw_message gsm_message(const char* text) {
  smsfw_message m;
  memset(&m, 0, sizeof m);
  m.account = "esme-a";
  m.sender = "66812345678";
  m.sender_ton = 1;
  m.sender_npi = 1;
  m.destination = "66899999999";
  m.data_coding = 0;
  m.body = (const uint8_t*)text;
  m.body_length = strlen(text);
  return m;
}

int main(void) {
  char dir[] = "/tmp/smsfw-capi-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  write_file(dir, "capi.yaml", kRules);

  char err[1024] = "";
  smsfw_engine* engine = smsfw_engine_create(dir, err, sizeof err);
  CHECK(engine != NULL);
  if (!engine) {
    fprintf(stderr, "create failed: %s\n", err);
    return 1;
  }
  char versions[64];
  CHECK(smsfw_engine_versions(engine, versions, sizeof versions) == strlen("capi@7"));
  CHECK(strcmp(versions, "capi@7") == 0);

  smsfw_classifier* c = smsfw_classifier_create(engine, err, sizeof err);
  CHECK(c != NULL);

  smsfw_verdict v;
  smsfw_message m = gsm_message("Please VERIFY your account");
  CHECK(smsfw_classify(c, &m, &v) == 0);
  CHECK(v.action == SMSFW_BLOCK);
  CHECK(v.block_status == 0x45);
  CHECK(v.rule_count == 1 && strcmp(v.rules[0], "C-VERIFY") == 0);

  m = gsm_message("hello");
  CHECK(smsfw_classify(c, &m, &v) == 0);
  CHECK(v.action == SMSFW_ALLOW);
  CHECK(v.rule_count == 0);

  /* Thai "ยืนยัน" in UCS-2 (UTF-16BE), with a zero-width space inside. */
  static const uint8_t thai[] = {0x0E, 0x22, 0x0E, 0x37, 0x0E, 0x19, 0x20, 0x0B, 0x0E, 0x22, 0x0E, 0x31, 0x0E, 0x19};
  m = gsm_message("");
  m.data_coding = 8;
  m.body = thai;
  m.body_length = sizeof thai;
  CHECK(smsfw_classify(c, &m, &v) == 0);
  CHECK(v.action == SMSFW_TAG);
  CHECK(v.rule_count == 1 && strcmp(v.rules[0], "C-THAI") == 0);
  CHECK(v.prefix != NULL && strcmp(v.prefix, "! ") == 0);
  CHECK(v.relabel_to == NULL);
  CHECK(v.tlv_tag == -1);

  /* A broken reload is refused; the old set stays in force. */
  write_file(dir, "broken.yaml", "set: broken\nversion: \"1\"\nrules:\n  - {id: B, pattern: '(', action: block, description: d}\n");
  CHECK(smsfw_engine_reload(engine, err, sizeof err) == -1);
  CHECK(strstr(err, "broken.yaml:") != NULL);
  CHECK(strstr(err, "rule B") != NULL || strstr(err, "B:") != NULL);
  m = gsm_message("verify your account");
  CHECK(smsfw_classify(c, &m, &v) == 0 && v.action == SMSFW_BLOCK);

  /* A good reload takes effect for the next message. */
  write_file(dir, "broken.yaml", "set: fixed\nversion: \"2\"\nrules:\n  - {id: H, pattern: 'hello', action: monitor, description: d}\n");
  CHECK(smsfw_engine_reload(engine, err, sizeof err) == 0);
  m = gsm_message("hello");
  CHECK(smsfw_classify(c, &m, &v) == 0);
  CHECK(v.action == SMSFW_MONITOR);
  CHECK(v.rule_count == 1 && strcmp(v.rules[0], "H") == 0);

  /* Bad arguments are errors, not crashes. */
  CHECK(smsfw_classify(c, NULL, &v) == -1);
  CHECK(smsfw_engine_create("/nonexistent/smsfw-dir", err, sizeof err) == NULL);
  CHECK(strlen(err) > 0);

  smsfw_classifier_free(c);
  smsfw_engine_free(engine);

  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  if (failures == 0) printf("capi_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
