// social.cpp — the account's relations: followers, the accounts and boards it follows, follow a user,
// websites (list, verify, unverify, the verification code), the businesses it can act for and their
// partners. Other accounts are generated from the seed (a directory of kUsers usernames, the boards some of
// them own, two businesses with partners); only what the API can change is stored: whom the user follows
// and its websites (Store::following, Store::websites, both in snapshots). Scopes, x-sandbox and rate
// limits come from the operation table like every other operation.
#include <algorithm>

#include "core/practice.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr int kUsers = 120;         // the directory
constexpr int kFollowers = 60;      // users [0, 60) follow the demo account: 3 pages of the default 25
constexpr int kFollowingFrom = 45;  // the seed follows users [45, 75): 15 of them follow back
constexpr int kFollowingTo = 75;
constexpr int kFollowedBoards = 18;
constexpr uint64_t kForeignBoardBase = kBoardIdBase + 900000000ull;  // far from the account's own boards
constexpr size_t kMaxWebsites = 50;
constexpr size_t kMaxFollowing = 2000;

const char* kFirst[] = {"maya", "leo", "nora", "sam", "ines", "theo", "ada", "kofi", "lena", "omar",
                        "yuki", "ravi", "elsa", "jonas", "zoe"};
const char* kHobby[] = {"bakes", "gardens", "travels", "draws", "knits", "cooks", "builds", "shoots"};
constexpr int kF = sizeof(kFirst) / sizeof(kFirst[0]);
constexpr int kH = sizeof(kHobby) / sizeof(kHobby[0]);
static_assert(kF * kH >= kUsers, "the directory needs unique names");

// User i of the directory: a unique "<first>_<hobby>" (for one first name, the kH values of i / kF give
// kH different hobbies; the seed rotates them).
std::string user_name(const Options& o, int i) {
    return std::string(kFirst[i % kF]) + "_" + kHobby[(i % kF + i / kF + static_cast<int>(o.seed % kH)) % kH];
}

int user_index(const Options& o, std::string_view name) {
    for (int i = 0; i < kUsers; ++i)
        if (user_name(o, i) == name) return i;
    return -1;
}

const char* kBoardWords[] = {"Kitchen Ideas", "Weekend Trips", "Sketchbook", "Cozy Knits", "Garden Plans",
                             "Street Photography", "Woodworking", "Color Palettes", "Minimal Homes"};

struct Business {
    const char* id;
    const char* username;
    const char* role;  // the demo user's role there
    int partners;
};
const Business kBusinesses[] = {{"1089446411700000101", "pinlab_studio_co", "BIZ_ADMIN", 40},
                                {"1089446411700000102", "northwind_home", "EMPLOYEE", 6}};

const Business* find_business(std::string_view id) {
    for (const auto& b : kBusinesses)
        if (id == b.id) return &b;
    return nullptr;
}

// The role `user_id` has at a business, null when it has none: the first account is in both, the second
// BUSINESS account an employee of the first business (so both name it), the PINNER in none.
const char* role_at(const Business& b, const std::string& user_id) {
    if (user_id == kAccounts[0].id) return b.role;
    if (user_id == kAccounts[2].id && &b == &kBusinesses[0]) return "EMPLOYEE";
    return nullptr;
}

// Website: host[/path], no scheme; the emulator can "reach" only reserved example and test domains.
bool valid_website(const std::string& w) {
    if (w.empty() || w.size() > 255 || w.find("://") != std::string::npos) return false;
    std::string host = w.substr(0, w.find('/'));
    if (host.empty() || host.find('.') == std::string::npos || host.front() == '.' || host.back() == '.') return false;
    return std::all_of(host.begin(), host.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
    });
}

bool reachable(const std::string& w) {
    std::string host = ascii_lower(w.substr(0, w.find('/')));
    for (const char* suffix : {".example.com", ".example.org", ".example.net", ".test"}) {
        std::string_view s(suffix);
        if (host.size() > s.size() && host.compare(host.size() - s.size(), s.size(), s) == 0) return true;
    }
    return host == "example.com" || host == "example.org" || host == "example.net";
}

std::string hex32(uint64_t a, uint64_t b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (uint64_t x : {a, b})
        for (int i = 0; i < 16; ++i) s += d[(x >> (i * 4)) & 15];
    return s;
}

// Files `x` under `key` in a keyed list kept in order by sequence number (followed accounts, websites).
template <typename T>
void append_keyed(Store& store, Order& order, std::map<std::string, T>& items, const std::string& key, T x) {
    x.seq = store.next_seq++;
    order[x.seq] = key;
    items[key] = std::move(x);
}

}  // namespace

// The other accounts' follows: the PINNER follows the first account, the second BUSINESS account both.
static void seed_other_social(Store& s) {
    const std::pair<const AccountInfo*, const AccountInfo*> follows[] = {
        {&kAccounts[1], &kAccounts[0]}, {&kAccounts[2], &kAccounts[0]}, {&kAccounts[2], &kAccounts[1]}};
    for (const auto& [who, whom] : follows) {
        SocialState& st = s.other_social[who->id];
        Follow f;
        f.username = whom->username;
        f.seq = st.following.size() + 1;
        f.since_ms = s.seed_epoch_ms - 30 * kDayMs;
        st.following_order[f.seq] = f.username;
        st.following[f.username] = f;
    }
}

void seed_social(Store& s, const Options& opts) {
    // Follows made before the seed's "now", oldest first: seqs 1.. within their own Order.
    for (int i = kFollowingFrom; i < kFollowingTo; ++i) {
        Follow f;
        f.username = user_name(opts, i);
        f.seq = static_cast<uint64_t>(i - kFollowingFrom + 1);
        f.since_ms = s.seed_epoch_ms - static_cast<int64_t>(kFollowingTo - i) * 5 * kDayMs;
        s.following_order[f.seq] = f.username;
        s.following[f.username] = f;
    }
    Website w;
    w.website = "pinlab.example.com";
    w.seq = 1;
    w.verified_ms = s.seed_epoch_ms - 200 * kDayMs;
    s.website_order[w.seq] = w.website;
    s.websites[w.website] = w;
    seed_other_social(s);
}

const AccountInfo* find_account(std::string_view key) {
    if (key.empty()) return &kAccounts[0];
    for (const auto& a : kAccounts)
        if (key == a.id || key == a.username) return &a;
    return nullptr;
}

void Emulator::Impl::act_as(const std::string& user) {
    const AccountInfo* a = find_account(user);
    if (!a) a = &kAccounts[0];
    if (store.user_id == a->id) return;
    SocialState& park = store.other_social[store.user_id];
    park.following = std::move(store.following);
    park.websites = std::move(store.websites);
    park.following_order = std::move(store.following_order);
    park.website_order = std::move(store.website_order);
    SocialState next;
    if (auto it = store.other_social.find(a->id); it != store.other_social.end()) {
        next = std::move(it->second);
        store.other_social.erase(it);
    }
    store.following = std::move(next.following);
    store.websites = std::move(next.websites);
    store.following_order = std::move(next.following_order);
    store.website_order = std::move(next.website_order);
    store.user_id = a->id;
    store.username = a->username;
}

bool Emulator::Impl::known_user(std::string_view name) const {
    if (user_index(opts, name) >= 0) return true;
    for (const auto& a : kAccounts)
        if (name == a.username) return true;
    for (const auto& b : kBusinesses)
        if (name == b.username) return true;
    return false;
}

// [SECTION] Followers and following

namespace {
json user_summary(const std::string& username) { return json{{"type", "user"}, {"username", username}}; }
}  // namespace

Response Emulator::Impl::list_followers(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    // Newest follower first: the accounts that follow this one (they are stored), then for the first account
    // directory users (user 0 followed last), kFollowers in all.
    Order order;
    std::vector<std::string> accounts;
    for (const auto& [id, st] : store.other_social)
        if (st.following.count(store.username)) accounts.push_back(find_account(id)->username);
    const int directory = store.user_id == kAccounts[0].id ? kFollowers - static_cast<int>(accounts.size()) : 0;
    for (int i = 0; i < directory; ++i) order[static_cast<uint64_t>(kFollowers - i)] = user_name(opts, i);
    for (size_t i = 0; i < accounts.size(); ++i) order[static_cast<uint64_t>(kFollowers + 1 + i)] = accounts[i];
    return paginate(
        c, order, "followers", page_size, [](const std::string&) { return true; },
        [](const std::string& name) { return user_summary(name); });
}

Response Emulator::Impl::list_following(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    if (auto v = param(c.query, "feed_type"); v && *v != "ALL" && *v != "RANKED" && *v != "CREATOR_ONLY" && *v != "RANKED_CREATOR_ONLY")
        return error_response(400, 1, "Invalid parameters. feed_type must be ALL, RANKED, CREATOR_ONLY or RANKED_CREATOR_ONLY.");
    auto explicit_only = parse_bool_param(c.query, "explicit_following");
    if (!explicit_only) return explicit_only.refusal();
    return paginate(
        c, store.following_order, "following", page_size, [](const std::string&) { return true; },
        [](const std::string& name) { return user_summary(name); });
}

Response Emulator::Impl::list_following_boards(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    auto explicit_only = parse_bool_param(c.query, "explicit_following");
    if (!explicit_only) return explicit_only.refusal();
    Order order;
    for (int k = 0; k < kFollowedBoards; ++k) order[static_cast<uint64_t>(k + 1)] = std::to_string(kForeignBoardBase + k);
    return paginate(
        c, order, "following_boards", page_size, [](const std::string&) { return true; },
        [&](const std::string& id) {
            int k = static_cast<int>(std::stoull(id) - kForeignBoardBase);
            uint64_t h = hash64(id, opts.seed);
            std::string owner = user_name(opts, (k * 7 + 3) % kUsers);
            int64_t created = store.seed_epoch_ms - static_cast<int64_t>(100 + h % 600) * kDayMs;
            json j;
            j["id"] = id;
            j["name"] = kBoardWords[k % (sizeof(kBoardWords) / sizeof(kBoardWords[0]))];
            j["description"] = "A board by " + owner + ".";
            j["owner"] = {{"username", owner}};
            j["privacy"] = "PUBLIC";
            j["created_at"] = format_datetime(created);
            j["board_pins_modified_at"] = format_datetime(created + static_cast<int64_t>(h % 90) * kDayMs);
            j["pin_count"] = static_cast<int64_t>(20 + h % 400);
            j["follower_count"] = static_cast<int64_t>(50 + (h >> 16) % 5000);
            j["collaborator_count"] = 0;
            j["is_ads_only"] = false;
            j["media"] = {{"image_cover_url", media_url("/media/users/" + owner + "/400x300.png")},
                          {"pin_thumbnail_urls", json::array()}};
            return j;
        });
}

Response Emulator::Impl::follow_user(Ctx& c) {
    const std::string& name = c.params[0];
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    if (auto af = body.find("auto_follow"); af != body.end() && !af->is_boolean())
        return error_response(400, 1, "Invalid parameters. auto_follow must be a boolean.");
    if (name == store.username) return error_response(400, 1, "Invalid parameters. You cannot follow yourself.");
    if (!known_user(name)) return error_response(404, 30, "User not found.");
    if (!store.following.count(name)) {  // following again is not an error: the answer is the same
        if (store.following.size() >= kMaxFollowing)
            return error_response(429, 8, "This account has reached its limit of followed accounts.");
        append_keyed(store, store.following_order, store.following, name, Follow{name, 0, c.now});
    }
    return json_response(200, user_summary(name));
}

// [SECTION] Websites

namespace {
json website_json(const Website& x) {
    return json{{"website", x.website}, {"status", "success"}, {"verified_at", format_datetime(x.verified_ms)}};
}
}  // namespace

Response Emulator::Impl::list_websites(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    return paginate(
        c, store.website_order, "websites", page_size, [](const std::string&) { return true; },
        [&](const std::string& w) { return website_json(store.websites.at(w)); });
}

Response Emulator::Impl::verify_website(Ctx& c) {
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    auto w = body.find("website");
    if (w == body.end() || !w->is_string() || w->get_ref<const std::string&>().empty())
        return error_response(400, 1, practice_message("verify_website/update", "website"));
    std::string website = w->get_ref<const std::string&>();
    if (!valid_website(website))
        return error_response(400, 1, "Invalid parameters. 'website' must be a domain with an optional path, without "
                                      "http:// or https:// (e.g. mysite.test/shop).");
    std::string method = "METATAG";
    if (auto m = body.find("verification_method"); m != body.end()) {
        if (!m->is_string() || (*m != "METATAG" && *m != "FILENAME" && *m != "DNSTXT"))
            return error_response(400, 1, "Invalid parameters. verification_method must be METATAG, FILENAME or DNSTXT.");
        method = m->get<std::string>();
    }
    if (!store.websites.count(website)) {
        if (!reachable(website)) {
            const char* where = method == "DNSTXT" ? "the DNS TXT record was not found for"
                                : method == "FILENAME" ? "the verification file was not found on"
                                                       : "the meta tag was not found on";
            return error_response(400, 1, "Website verification failed: " + std::string(where) + " " + website +
                                              ". Add the code from GET /user_account/websites/verification to the "
                                              "site first. (The emulator reaches only *.example.com, *.example.org, "
                                              "*.example.net and *.test.)");
        }
        if (store.websites.size() >= kMaxWebsites)
            return error_response(400, 1, "Invalid parameters. This account has too many websites.");
        append_keyed(store, store.website_order, store.websites, website, Website{website, 0, c.now});
    }
    return json_response(200, website_json(store.websites.at(website)));
}

Response Emulator::Impl::unverify_website(Ctx& c) {
    auto w = param(c.query, "website");
    if (!w || w->empty()) return error_response(400, 1, "Invalid parameters. 'website' is required.");
    auto it = store.websites.find(*w);
    if (it == store.websites.end()) return error_response(404, 404, "Website not in user list.");
    store.website_order.erase(it->second.seq);
    store.websites.erase(it);
    return no_content();
}

Response Emulator::Impl::get_website_verification(Ctx& c) {
    (void)c;
    std::string code = hex32(hash64(store.user_id, opts.seed), hash64(store.username, opts.seed ^ 0x5173));
    return json_response(200, json{{"verification_code", code},
                                   {"dns_txt_record", "pinterest-site-verification=" + code},
                                   {"metatag", "<meta name=\"p:domain_verify\" content=\"" + code + "\"/>"},
                                   {"filename", "pinterest-" + code.substr(0, 5) + ".html"},
                                   {"file_content", "<!DOCTYPE html><html><head><meta name=\"pinterest\" content=\"" + code +
                                                        "\"/></head><body>Pinterest site verification</body></html>"}});
}

// [SECTION] Businesses and partners

Response Emulator::Impl::list_linked_businesses(Ctx& c) {
    (void)c;
    json out = json::array();
    for (const auto& b : kBusinesses) {
        if (!role_at(b, store.user_id)) continue;
        std::string base = "/media/users/" + std::string(b.username) + "/";
        out.push_back({{"username", b.username},
                       {"image_small_url", media_url(base + "150x150.png")},
                       {"image_medium_url", media_url(base + "400x300.png")},
                       {"image_large_url", media_url(base + "600x.png")},
                       {"image_xlarge_url", media_url(base + "1200x.png")}});
    }
    return json_response(200, out);
}

Response Emulator::Impl::list_business_employers(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    Order order;
    for (size_t i = 0; i < std::size(kBusinesses); ++i)
        if (role_at(kBusinesses[i], store.user_id)) order[std::size(kBusinesses) - i] = kBusinesses[i].id;
    return paginate(
        c, order, "employers", page_size, [](const std::string&) { return true; },
        [&](const std::string& id) {
            const Business& b = *find_business(id);
            return json{{"id", b.id},
                        {"business_roles", json::array({role_at(b, store.user_id)})},
                        {"user", {{"id", b.id}, {"username", b.username}, {"email", nullptr}}},
                        {"created_by_user", {{"id", store.user_id}, {"username", store.username}, {"email", nullptr}}},
                        {"created_time", store.seed_epoch_ms - 300 * kDayMs},
                        {"is_shared_partner", false}};
        });
}

Response Emulator::Impl::list_business_partners(Ctx& c) {
    const Business* b = find_business(c.params[0]);
    if (b && !role_at(*b, store.user_id)) b = nullptr;
    if (!b) return error_response(403, 403, "Not authorized to access this business: it is not one you can act for (see GET /businesses/employers).");
    if (std::string(role_at(*b, store.user_id)) != "BIZ_ADMIN")
        return error_response(403, 403, "Only a business admin can list the partners of " + std::string(b->username) + ".");
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    auto assets_param = parse_bool_param(c.query, "assets_summary");
    if (!assets_param) return assets_param.refusal();
    const bool assets = *assets_param;
    auto type = param(c.query, "partner_type");
    if (type && *type != "INTERNAL" && *type != "EXTERNAL")
        return error_response(400, 1, "Invalid parameters. partner_type must be INTERNAL or EXTERNAL.");
    std::vector<std::string> wanted;
    if (auto ids = param(c.query, "partner_ids")) {
        if (ids->size() > 500) return error_response(400, 1, "Invalid parameters. partner_ids is longer than 500 characters.");
        for (auto& id : split(*ids, ','))
            if (!id.empty()) {
                if (!is_digits(id, kIdDigits)) return error_response(400, 1, "Invalid parameters. partner_ids must be numeric ids.");
                wanted.push_back(id);
            }
    }
    const uint64_t base = 1089446411800000000ull + (b == &kBusinesses[0] ? 0 : 1000);  // partner ids
    Order order;
    for (int i = 0; i < b->partners; ++i) order[static_cast<uint64_t>(b->partners - i)] = std::to_string(base + i);
    auto external = [&](const std::string& id) { return (std::stoull(id) - base) % 3 == 1; };  // they share with you
    return paginate(
        c, order, std::string("partners_") + b->id, page_size,
        [&](const std::string& id) {
            if (type && (*type == "EXTERNAL") != external(id)) return false;
            return wanted.empty() || std::find(wanted.begin(), wanted.end(), id) != wanted.end();
        },
        [&](const std::string& id) {
            int i = static_cast<int>(std::stoull(id) - base);
            std::string name = user_name(opts, (i * 11 + 5) % kUsers) + "_co";
            json j = {{"id", id},
                      {"business_roles", json::array({"PARTNER"})},
                      {"user", {{"id", id}, {"username", name}, {"email", name + "@partners.example.com"}}},
                      {"created_by_business", {{"id", b->id}, {"username", b->username}, {"email", nullptr}}},
                      {"created_time", store.seed_epoch_ms - static_cast<int64_t>(10 + i * 7) * kDayMs},
                      {"is_shared_partner", external(id)}};
            if (assets)
                j["assets_summary"] = {{"ad_accounts", json::array({{{"id", kAdAccountId},
                                                                     {"permissions", json::array({i % 2 ? "ANALYST" : "CAMPAIGN_MANAGER"})}}})},
                                       {"profiles", json::array({{{"id", store.user_id}, {"permissions", json::array({"PROFILE_PUBLISHER"})}}})}};
            else
                j["assets_summary"] = nullptr;
            return j;
        });
}

}  // namespace pinlab::emu
