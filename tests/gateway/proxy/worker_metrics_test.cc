// WorkerMetrics: per-account counters stay bounded whatever system_ids clients bind with.

#include <catch2/catch.hpp>

#include <string>

#include "proxy/worker_metrics.h"

using smsfw::proxy::WorkerMetrics;

TEST_CASE("worker metrics: past kMaxAccounts system_ids, new ones share the (other) entry") {
  WorkerMetrics m;
  for (std::size_t i = 0; i < WorkerMetrics::kMaxAccounts + 500; ++i) ++m.account("id" + std::to_string(i)).binds_refused;
  CHECK(m.accounts().size() == WorkerMetrics::kMaxAccounts + 1);
  CHECK(m.accounts().at(std::string(WorkerMetrics::kOtherAccounts)).binds_refused == 500);
  // Accounts seen before the cap keep their own counters.
  ++m.account("id7").binds_ok;
  CHECK(m.accounts().at("id7").binds_ok == 1);
  CHECK(m.accounts().at("id7").binds_refused == 1);
}
