#pragma once
// The "near-match-dense" text set: messages made of the rules' own words, each fragment one
// rule's literal words with one change (a word swapped for a word of another rule, the last word
// cut short, or a word left out), several fragments per message. Most fragments then fail to
// match only at their end, after the engines have followed them a long way: many rules nearly
// match, the worst case for automata (many live states) and for a regex loop (every rule's
// prefix scan finds candidates). Some fragments may still match (a swap can produce another
// rule's phrase); the report gives the matches per message.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/target_rules.h"

namespace smsfw::bench::engine {

// The literal words of a Hyperscan pattern, in order: runs of literal characters, split at
// anything that is not a literal (classes such as \s or [a-z], `.`, groups, alternation bars,
// quantifiers and anchors). Escaped punctuation (`\.`) is literal; `{m,n}` is skipped.
// "verify\s+your\s+account" -> verify, your, account; "^kbank-login\.top$" -> kbank-login.top.
std::vector<std::string> literal_words(std::string_view pattern);

// How a fragment was changed.
enum class Change : std::uint8_t { swap_word, cut_last, drop_word };

// `words` joined with spaces after one change (`replacement` is the word swapped in; `pick` chooses
// the word changed, modulo the word count). A single word can only be cut (or, if one character
// long, swapped). Cuts remove 1 or 2 characters (UTF-8 aware), leaving at least one.
std::string change_fragment(const std::vector<std::string>& words, Change change, std::size_t pick,
                            std::string_view replacement, unsigned cut);

// `count` messages from the body and url rules of `rules` (seeded). English-only messages are
// at most 160 bytes, messages with Thai at most 120 characters (they go out as UCS-2, 254 octets).
// Url-rule fragments are written as links ("https://" + the changed host).
std::vector<std::string> near_match_texts(const std::vector<TargetRule>& rules, std::size_t count, std::uint64_t seed);

}  // namespace smsfw::bench::engine
