/* smsfw filter engine: C API for embedding the engine in other SMS gateways (Kannel, Jasmin,
 * an SMSC's own plugin interface).
 *
 * Model: one engine per pattern directory, shared by all threads; one classifier per thread
 * (a classifier is not thread-safe, an engine is). A classifier always judges with the engine's
 * newest successfully loaded pattern set; smsfw_engine_reload() swaps it atomically, so each
 * message is judged by exactly one complete set.
 *
 * Strings are UTF-8; byte buffers are (pointer, length). Every function that can fail returns 0
 * on success and -1 on failure, with a message in the caller's buffer (NUL-terminated,
 * truncated to its size). Nothing here calls exit() or prints. */
#ifndef SMSFW_FILTER_H
#define SMSFW_FILTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct smsfw_engine smsfw_engine;
typedef struct smsfw_classifier smsfw_classifier;

/* What to do with a message. */
typedef enum smsfw_action {
  SMSFW_ALLOW = 0,   /* forward unchanged */
  SMSFW_MONITOR = 1, /* forward unchanged; rules matched and were recorded */
  SMSFW_TAG = 2,     /* forward with a visible mark (see smsfw_verdict) */
  SMSFW_BLOCK = 3    /* answer the sender with block_status; do not forward */
} smsfw_action;

/* One message. `sender`/`destination` are NUL-terminated; `account` is the ESME's system_id. */
typedef struct smsfw_message {
  const char* account;
  const char* sender;
  uint8_t sender_ton;
  uint8_t sender_npi;
  const char* destination;
  uint8_t destination_ton;
  uint8_t destination_npi;
  uint8_t data_coding;
  uint8_t esm_class;
  int mobile_originated; /* 0: submitted by an ESME (MT); 1: deliver_sm towards an ESME (MO) */
  const uint8_t* body;   /* short_message or message_payload, UDH included when esm_class has UDHI */
  size_t body_length;
} smsfw_message;

/* The verdict. Pointers stay valid until the next smsfw_classify() on the same classifier. */
typedef struct smsfw_verdict {
  smsfw_action action;   /* what to do */
  smsfw_action decided;  /* what enforcement would do (differs for accounts in monitor mode) */
  uint32_t block_status; /* SMPP command_status to answer with when action == SMSFW_BLOCK */
  size_t rule_count;     /* rules that decided */
  const char* const* rules;  /* their ids */
  const char* relabel_to; /* tag: new sender ID, or NULL */
  const char* prefix;     /* tag: text to put before the body, or NULL */
  int tlv_tag;            /* tag: vendor TLV tag to carry the rule ids, or -1 */
  int engine_error;       /* 1 when the engine failed and the account's on_error decided */
} smsfw_verdict;

/* Loads and compiles `pattern_dir`. NULL on failure (every error, one per line, in `err`). */
smsfw_engine* smsfw_engine_create(const char* pattern_dir, char* err, size_t err_size);
/* Reloads the directory; on failure the old set stays in force. */
int smsfw_engine_reload(smsfw_engine* engine, char* err, size_t err_size);
/* Copies "name@version ..." of the sets in force into `buf` (NUL-terminated, truncated to
 * `size`); returns the full length. */
size_t smsfw_engine_versions(smsfw_engine* engine, char* buf, size_t size);
void smsfw_engine_free(smsfw_engine* engine);

/* A classifier for the calling thread. NULL on failure. Free it before its engine. */
smsfw_classifier* smsfw_classifier_create(smsfw_engine* engine, char* err, size_t err_size);
int smsfw_classify(smsfw_classifier* classifier, const smsfw_message* message, smsfw_verdict* verdict);
void smsfw_classifier_free(smsfw_classifier* classifier);

#ifdef __cplusplus
}
#endif

#endif /* SMSFW_FILTER_H */
