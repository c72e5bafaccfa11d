// The campaign document (campaign_config.h) of a pattern directory.

#include "patterns/campaign_config.h"
#include "patterns/document_readers.h"

namespace smsfw::filters::loader {

namespace {
constexpr std::string_view kCampaignActions = "monitor, tag or block";
}

void read_campaign(Reporter& r, const YAML::Node& root, DirectoryState& state) {
  check_mapping(r, root, "the file", {"campaign"});
  const YAML::Node v = child(r, root, "campaign");
  if (state.campaign_at) {
    r.error(root, "a second campaign document (the first is at " + to_string(*state.campaign_at) + ")");
    return;
  }
  state.campaign_at = r.where(root);
  CampaignConfig& c = state.out.campaign;
  c.present = true;
  c.where = r.where(root);
  if (!check_mapping(r, v, "'campaign'",
                     {"id", "action", "status", "tag", "threshold", "window_minutes", "min_shingles", "description"}))
    return;
  if (auto n = child(r, v, "id"))
    if (auto s = read_string(r, n, "id")) c.id = *s;
  if (auto n = child(r, v, "action")) {
    if (auto a = read_enum<Action>(r, n, "action", parse_action, kCampaignActions)) {
      if (*a == Action::allow)
        r.error(n, "'action' must be one of monitor, tag or block (allow would detect nothing)");
      else
        c.action = *a;
    }
  }
  if (auto n = child(r, v, "status"))
    if (auto s = read_status(r, n, "status")) c.block_status = *s;
  if (auto n = child(r, v, "tag")) read_tag_spec(r, n, c.tag);
  if (auto n = child(r, v, "threshold"))
    if (auto t = read_number(r, n, "threshold", 2, 100'000'000)) c.threshold = static_cast<std::uint32_t>(*t);
  if (auto n = child(r, v, "window_minutes"))
    if (auto w = read_number(r, n, "window_minutes", 1, 7 * 24 * 60)) c.window_seconds = static_cast<std::uint32_t>(*w * 60);
  if (auto n = child(r, v, "min_shingles"))
    if (auto m = read_number(r, n, "min_shingles", 1, 10'000)) c.min_shingles = static_cast<std::uint32_t>(*m);
  if (auto n = child(r, v, "description"))
    if (auto s = read_string(r, n, "description")) c.description = *s;
}

}  // namespace smsfw::filters::loader
