// seed.cpp — the deterministic demo data set: a BUSINESS account "pinlab_demo", 12 themed boards (two SECRET)
// with sections, and Options::pin_count pins with titles, descriptions, links and alt text built from word
// lists; the other accounts (kAccounts) two boards each, one of them SECRET, three pins on each. Same seed,
// same data. Images are not stored: each pin keeps a key that images.cpp renders from.
#include <cstdio>

#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

struct Theme {
    const char* board;
    const char* description;
    const char* privacy;
    std::vector<const char*> sections;
    std::vector<const char*> adjectives;
    std::vector<const char*> subjects;
    std::vector<const char*> suffixes;
    const char* domain;
    const char* alt_scene;  // "a photo of <subject> <alt_scene>"
};

const std::vector<Theme>& themes() {
    static const std::vector<Theme> kThemes = {
        {"Weeknight Dinners", "Fast, fresh dinners for busy evenings.", "PUBLIC",
         {"Pasta", "One-pan", "Soups"},
         {"Easy", "Creamy", "Spicy", "30-minute", "Lemony", "Cozy", "Healthy", "Crispy"},
         {"garlic butter pasta", "chickpea curry", "sheet-pan chicken", "tomato basil soup", "beef stir-fry",
          "mushroom risotto", "black bean tacos", "salmon rice bowls", "pesto gnocchi", "lentil stew"},
         {"for busy weeknights", "the whole family will love", "in one pan", "with pantry staples", "ready in 30 minutes"},
         "recipes.example.com", "served in a bowl on a wooden table"},
        {"Sourdough & Baking", "Bread, pastry and everything that comes out of the oven.", "PUBLIC",
         {"Bread", "Cakes"},
         {"Classic", "Rustic", "Buttery", "Crusty", "Fluffy", "Brown butter", "Foolproof"},
         {"sourdough loaf", "cinnamon rolls", "focaccia", "banana bread", "lemon drizzle cake", "croissants",
          "chocolate chip cookies", "apple galette"},
         {"step by step", "for beginners", "you can make at home", "with a crackly crust", "like a bakery"},
         "bakeclub.example.org", "fresh from the oven on a baking tray"},
        {"Small Space Interiors", "Ideas for apartments and tiny rooms.", "PUBLIC",
         {"Living room", "Kitchen", "Storage"},
         {"Bright", "Cozy", "Minimal", "Clever", "Airy", "Budget-friendly", "Warm"},
         {"studio apartment", "reading nook", "galley kitchen", "entryway", "home office corner", "loft bedroom",
          "balcony lounge"},
         {"ideas that make it feel bigger", "on a budget", "with smart storage", "makeover", "inspiration"},
         "homeideas.example.com", "with soft daylight and plants"},
        {"Scandinavian Living", "Light wood, linen and calm colours.", "PUBLIC",
         {},
         {"Calm", "Neutral", "Hygge", "Nordic", "Timeless", "Soft"},
         {"living room", "dining table", "bedroom", "shelf styling", "candle corner", "wool throw"},
         {"in white and oak", "for winter", "with linen textures", "you will want to copy", "done right"},
         "nordichome.example.com", "in a bright room with light wood furniture"},
        {"Balcony Garden", "Growing food and flowers in pots.", "PUBLIC",
         {"Herbs", "Flowers"},
         {"Container", "Vertical", "Easy", "Sunny", "Shade-loving", "Low-maintenance"},
         {"herb garden", "cherry tomatoes", "strawberry planter", "window box", "lavender pots", "chili peppers"},
         {"for small balconies", "anyone can grow", "in pots", "for beginners", "that thrive all summer"},
         "gardennotes.example.net", "growing in terracotta pots on a balcony"},
        {"Vegetable Garden", "Raised beds, seeds and harvests.", "PUBLIC",
         {"Planning", "Harvest", "Compost"},
         {"Raised-bed", "No-dig", "Organic", "Companion", "Early spring", "Late summer"},
         {"vegetable garden layout", "zucchini harvest", "seed starting", "compost bin", "garlic planting",
          "pumpkin patch"},
         {"plan for beginners", "tips", "that actually work", "calendar", "checklist"},
         "growyourown.example.net", "in a sunny garden bed"},
        {"Weekend Getaways", "Short trips worth taking.", "PUBLIC",
         {"Coast", "Mountains"},
         {"Hidden", "Charming", "Scenic", "Quiet", "Perfect", "Affordable"},
         {"coastal village", "mountain cabin", "lakeside town", "vineyard stay", "forest hike", "island escape"},
         {"for a weekend", "itinerary", "you can do in two days", "off the beaten path", "travel guide"},
         "wanderlist.example.com", "with a view over the landscape"},
        {"Japan Travel", "Notes and photos from Japan.", "PUBLIC",
         {"Tokyo", "Kyoto", "Food"},
         {"Unforgettable", "Quiet", "Classic", "Local", "Seasonal", "First-timer's"},
         {"Kyoto temples", "Tokyo food alleys", "ramen spots", "cherry blossom walks", "onsen towns", "Osaka markets"},
         {"guide", "itinerary", "you should not miss", "on a budget", "in spring"},
         "tabinotes.example.jp", "on a street lit by lanterns"},
        {"DIY Home Projects", "Weekend projects with simple tools.", "PUBLIC",
         {"Woodwork"},
         {"Easy", "Cheap", "Rustic", "Modern", "Quick", "Upcycled"},
         {"floating shelves", "plant stand", "headboard", "picture ledge", "bench", "wall hooks", "coffee table"},
         {"in an afternoon", "with basic tools", "tutorial", "for renters", "under $50"},
         "makersbench.example.com", "in a workshop with tools around"},
        {"Capsule Wardrobe", "Fewer, better clothes.", "PUBLIC",
         {"Autumn", "Spring"},
         {"Simple", "Neutral", "Versatile", "Classic", "Layered", "Effortless"},
         {"capsule wardrobe", "linen outfits", "trench coat looks", "knitwear", "white sneakers outfits", "denim"},
         {"for every season", "checklist", "ideas", "that mix and match", "essentials"},
         "slowstyle.example.com", "laid out flat on a neutral background"},
        {"Wedding Ideas", "Private planning board.", "SECRET",
         {"Flowers", "Venue"},
         {"Romantic", "Garden", "Boho", "Elegant", "Rustic", "Minimal"},
         {"table setting", "bridal bouquet", "wedding cake", "ceremony arch", "place cards", "reception lights"},
         {"ideas", "inspiration", "on a budget", "for a summer wedding", "we love"},
         "weddingnotes.example.com", "decorated with white flowers"},
        {"Gift Ideas", "Secret list of presents.", "SECRET",
         {},
         {"Thoughtful", "Handmade", "Cozy", "Useful", "Last-minute", "Fun"},
         {"gift basket", "ceramic mug", "knitted scarf", "plant kit", "recipe book", "candle set"},
         {"for her", "for him", "for new homeowners", "under $30", "for the holidays"},
         "giftguide.example.com", "wrapped with a ribbon"},
    };
    return kThemes;
}

const char* kSentences[] = {
    "Save this for later and try it this week.",
    "A favourite from our archive, updated with new photos.",
    "Everything you need to know, with a printable checklist.",
    "Simple steps, honest tips and what we would do differently.",
    "Tested three times so you do not have to.",
    "Small changes that make a big difference.",
    "Tap through for the full guide.",
};

// Aspect ratios (width:height) Pinterest pins commonly use: 2:3 dominates, some square and tall.
const int kAspects[][2] = {{2, 3}, {2, 3}, {2, 3}, {1, 1}, {4, 5}, {3, 4}, {9, 16}, {1, 2}, {4, 3}, {3, 5}};

std::string slug(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (std::isalnum(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string lower_first(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

// The other accounts' boards (kAccounts[1..]): a public one with a section and a secret one, three pins each,
// after the first account's data so its ids stay as they were.
void seed_other_accounts(Store& s, const Options& opts) {
    const char* const kBoards[][3] = {{"Project Ideas", "Things to make next.", "Saved"},
                                      {"Private Notes", "Only for me.", nullptr},
                                      {"Partner Showroom", "What the shop sells.", "Lamps"},
                                      {"Partner Drafts", "Campaign drafts, not public yet.", nullptr}};
    for (int k = 0; k < 4; ++k) {
        Board b;
        b.seq = s.next_seq++;
        b.id = std::to_string(kBoardIdBase + b.seq);
        b.owner = kAccounts[1 + k / 2].id;
        b.name = kBoards[k][0];
        b.description = kBoards[k][1];
        b.privacy = k % 2 ? "SECRET" : "PUBLIC";
        b.created_ms = b.pins_modified_ms = s.seed_epoch_ms - static_cast<int64_t>(100 - k) * kDayMs;
        std::string section;
        if (kBoards[k][2]) section = add_section(s, b.id, kBoards[k][2]).id;
        for (int i = 0; i < 3; ++i) {
            Pin p;
            p.seq = s.next_seq++;
            p.id = std::to_string(kPinIdBase + p.seq);
            p.board_id = b.id;
            if (i == 0) p.section_id = section;
            p.title = std::string(kBoards[k][0]) + " #" + std::to_string(i + 1);
            p.description = std::string(kBoards[k][1]);
            p.created_ms = b.created_ms + static_cast<int64_t>(i + 1) * kDayMs;
            // Built in place: moving a local CarouselItem in makes GCC 12 warn, at -O2, that its optional
            // strings "may be used uninitialized" (a false positive a first ./scripts/run printed).
            p.items.emplace_back().image.key = mix64(opts.seed ^ (kPinIdBase + p.seq));
            p.dominant_color = average_color_hex(p.items[0].image);
            b.pins_modified_ms = p.created_ms;
            s.pin_order[p.seq] = p.id;
            s.pins[p.id] = std::move(p);
        }
        s.board_order[b.seq] = b.id;
        s.boards[b.id] = std::move(b);
    }
    static_assert(4 * 3 == kOtherSeedPins && 4 + 2 == kOtherSeedBoards, "the quotas' count of this seed");
}

}  // namespace

void build_seed(Store& s, const Options& opts) {
    s.rng.state = mix64(opts.seed);
    s.seed_epoch_ms = 1748736000000LL;  // 2025-06-01T00:00:00Z: seed objects were created before this
    const auto& th = themes();
    const int64_t day = kDayMs;

    std::vector<std::vector<std::string>> board_sections(th.size());
    std::vector<std::string> board_ids;
    for (size_t i = 0; i < th.size(); ++i) {
        Board b;
        b.seq = s.next_seq++;
        b.id = std::to_string(kBoardIdBase + b.seq);
        b.name = th[i].board;
        b.description = th[i].description;
        b.privacy = th[i].privacy;
        b.created_ms = s.seed_epoch_ms - (800 - static_cast<int64_t>(i) * 20) * day;
        b.pins_modified_ms = b.created_ms;
        b.follower_count = b.privacy == std::string("SECRET") ? 0 : s.rng.range(40, 4000);
        b.collaborator_count = 0;
        for (const char* sec : th[i].sections) board_sections[i].push_back(add_section(s, b.id, sec).id);
        s.board_order[b.seq] = b.id;
        board_ids.push_back(b.id);
        s.boards[b.id] = std::move(b);
    }

    const int n = opts.pin_count;
    for (int i = 0; i < n; ++i) {
        Rng r{mix64(opts.seed * 1000003ull + static_cast<uint64_t>(i))};
        size_t t = r.next() % th.size();
        const Theme& theme = th[t];
        Pin p;
        p.seq = s.next_seq++;
        p.id = std::to_string(kPinIdBase + p.seq);
        p.board_id = board_ids[t];
        if (!board_sections[t].empty() && r.unit() < 0.6)
            p.section_id = board_sections[t][r.next() % board_sections[t].size()];
        std::string adj = theme.adjectives[r.next() % theme.adjectives.size()];
        std::string subject = theme.subjects[r.next() % theme.subjects.size()];
        std::string suffix = theme.suffixes[r.next() % theme.suffixes.size()];
        std::string title = adj + " " + subject + " " + suffix;
        p.title = title;
        p.description = adj + " " + subject + " " + suffix + ". " + kSentences[r.next() % 7] + " " +
                        kSentences[r.next() % 7] + " #" + slug(subject);
        p.link = std::string("https://") + theme.domain + "/" + slug(title) + "-" + std::to_string(1000 + i);
        p.alt_text = "A photo of " + lower_first(adj) + " " + subject + " " + theme.alt_scene + ".";
        if (r.unit() < 0.05) p.link.reset();  // some pins have no link, as on Pinterest
        // Spread creation over ~2 years, newest pin last (highest seq).
        p.created_ms = s.seed_epoch_ms - static_cast<int64_t>(n - i) * (day * 3 / 4) -
                       static_cast<int64_t>(r.next() % 3600000);
        const int* aspect = kAspects[r.next() % (sizeof(kAspects) / sizeof(kAspects[0]))];
        int images = (i % 40 == 7) ? 3 : 1;  // a few carousel pins
        for (int k = 0; k < images; ++k) {
            CarouselItem item;
            item.image.key = mix64(opts.seed ^ (kPinIdBase + p.seq) ^ (static_cast<uint64_t>(k) << 56));
            item.image.width = 1000;
            item.image.height = 1000 * aspect[1] / aspect[0];
            if (images > 1) {
                item.title = title + " (" + std::to_string(k + 1) + "/" + std::to_string(images) + ")";
                item.description = *p.description;
                item.link = p.link;
            }
            p.items.push_back(std::move(item));
        }
        if (images > 1) p.media_type = "multiple_images";
        p.dominant_color = average_color_hex(p.items[0].image);
        Board& b = s.boards[p.board_id];
        if (p.created_ms > b.pins_modified_ms) b.pins_modified_ms = p.created_ms;
        s.pin_order[p.seq] = p.id;
        s.pins[p.id] = std::move(p);
    }
    seed_other_accounts(s, opts);
    seed_social(s, opts);
}

}  // namespace pinlab::emu
