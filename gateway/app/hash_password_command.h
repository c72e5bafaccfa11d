#pragma once
// `smsfw hash-password`: reads one password from standard input (its first line) and prints its
// crypt(3) hash (yescrypt, random salt) for access.accounts.*.password_hash. The password never
// appears on a command line (where `ps` would show it).

#include <iosfwd>
#include <string>
#include <vector>

namespace smsfw::app {

// `args` excludes the program name and the command word. Returns 0, 1 (empty password or no
// hash could be made) or 2 (usage).
int run_hash_password(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace smsfw::app
