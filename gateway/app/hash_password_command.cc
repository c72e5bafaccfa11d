#include "app/hash_password_command.h"

#include <exception>
#include <istream>
#include <ostream>

#include "access/password_hash.h"

namespace smsfw::app {

int run_hash_password(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    out << "Usage: smsfw hash-password < FILE   (or type the password and press Enter)\n"
           "Prints the crypt(3) hash (yescrypt) of the first line of standard input, for\n"
           "access.accounts.SYSTEM_ID.password_hash in the run configuration.\n";
    return 0;
  }
  if (!args.empty()) {
    err << "smsfw hash-password: no arguments expected (the password is read from standard input)\n";
    return 2;
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) {
    err << "smsfw hash-password: empty password on standard input\n";
    return 1;
  }
  if (password.size() > 8) {
    // SMPP 3.4 passwords are C-Octet Strings of at most 9 octets, terminator included.
    err << "smsfw hash-password: warning: SMPP 3.4 passwords have at most 8 characters; an ESME cannot send this one\n";
  }
  try {
    out << access::hash_password(password) << '\n';
  } catch (const std::exception& e) {
    err << "smsfw hash-password: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace smsfw::app
