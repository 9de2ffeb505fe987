// markdown.cpp — see markdown.h. Two passes: the inline HTML the spec uses becomes its Markdown spelling,
// then lines become blocks and each block's text becomes runs.
#include "core/markdown.h"

#include <cctype>
#include <cstring>

namespace pinlab {

namespace {

bool space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }
bool word(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }

bool starts_ci(std::string_view s, size_t i, std::string_view with) {
    if (s.size() - i < with.size()) return false;
    for (size_t k = 0; k < with.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(s[i + k])) != with[k]) return false;
    return true;
}

// [SECTION] pass 1: HTML -> Markdown

struct Entity {
    const char* name;
    const char* text;
};
constexpr Entity kEntities[] = {{"&quot;", "\""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                {"&#39;", "'"},   {"&apos;", "'"}, {"&nbsp;", " "}};

// The href of an <a …> tag's text, "" when it has none.
std::string href_of(std::string_view tag) {
    size_t h = tag.find("href=");
    if (h == std::string_view::npos || h + 5 >= tag.size()) return {};
    char q = tag[h + 5];
    if (q != '"' && q != '\'') return {};
    size_t end = tag.find(q, h + 6);
    return end == std::string_view::npos ? std::string() : std::string(tag.substr(h + 6, end - h - 6));
}

std::string html_to_markdown(std::string_view in) {
    std::string out;
    std::vector<std::string> hrefs;  // open <a>s
    std::vector<int> lists;          // open <ul> (0) / <ol> (next number)
    bool pre = false;
    for (size_t i = 0; i < in.size();) {
        if (in[i] == '&') {
            bool done = false;
            for (const Entity& e : kEntities)
                if (in.compare(i, std::strlen(e.name), e.name) == 0) {
                    out += e.text;
                    i += std::strlen(e.name);
                    done = true;
                    break;
                }
            if (!done) out += in[i++];
            continue;
        }
        if (in[i] != '<') {
            out += in[i++];
            continue;
        }
        size_t end = in.find('>', i);
        if (end == std::string_view::npos || end - i > 400) {
            out += in[i++];
            continue;
        }
        std::string_view tag = in.substr(i + 1, end - i - 1);
        bool closing = !tag.empty() && tag[0] == '/';
        if (closing) tag.remove_prefix(1);
        std::string name;
        for (char ch : tag) {
            if (!std::isalpha(static_cast<unsigned char>(ch))) break;
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        std::string_view rest = tag.substr(name.size());
        bool plain_tag = rest.empty() || space(rest[0]) || rest[0] == '/';
        if (!plain_tag) name.clear();
        if (name == "p" || name == "br") out += "\n\n";
        else if (name == "ul" || name == "ol") {
            if (closing && !lists.empty()) lists.pop_back();
            else if (!closing) lists.push_back(name == "ol" ? 1 : 0);
            out += "\n";
        } else if (name == "li") {
            if (closing) out += "\n";
            else {
                out += "\n" + std::string(2 * (lists.empty() ? 0 : lists.size() - 1), ' ');
                if (!lists.empty() && lists.back() > 0) out += std::to_string(lists.back()++) + ". ";
                else out += "- ";
            }
        } else if (name == "pre") {
            pre = !closing;
            out += "\n```\n";
        } else if (name == "code") {
            if (!pre) out += "`";
        } else if (name == "strong" || name == "b") out += "**";
        else if (name == "em" || name == "i") out += "*";
        else if (name == "u") {
        } else if (name == "a") {
            if (closing) {
                if (!hrefs.empty()) {
                    out += "](" + hrefs.back() + ")";
                    hrefs.pop_back();
                }
            } else {
                std::string h = href_of(rest);
                if (!h.empty()) {
                    hrefs.push_back(h);
                    out += "[";
                }
            }
        } else {
            out.append(in.substr(i, end + 1 - i));  // not a tag this knows: text
        }
        i = end + 1;
    }
    return out;
}

// [SECTION] pass 2: inline runs

struct Inline {
    Inline(std::string_view b, std::vector<MdRun>& o) : base(b), out(o) {}
    std::string_view base;
    std::vector<MdRun>& out;
    bool bold = false, italic = false;
    std::string buf;

    void flush() {
        if (buf.empty()) return;
        if (!out.empty() && out.back().url.empty() && !out.back().code && out.back().bold == bold &&
            out.back().italic == italic)
            out.back().text += buf;
        else
            out.push_back(MdRun{buf, "", bold, italic, false});
        buf.clear();
    }
    void push(std::string text, std::string url, bool code) {
        flush();
        out.push_back(MdRun{std::move(text), std::move(url), bold, italic, code});
    }
    std::string link_target(std::string_view url) const {
        if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) return std::string(url);
        if (!url.empty() && url[0] == '/' && !base.empty()) return std::string(base) + std::string(url);
        return {};
    }
    // "[text](url)" at s[i]: its length, 0 when it is not one.
    size_t link(std::string_view s, size_t i) {
        size_t close = s.find("](", i);
        if (close == std::string_view::npos || s.substr(i + 1, close - i - 1).find('[') != std::string_view::npos) return 0;
        size_t end = s.find(')', close + 2);
        if (end == std::string_view::npos) return 0;
        std::string text(s.substr(i + 1, close - i - 1)), target = link_target(s.substr(close + 2, end - close - 2));
        if (target.empty()) buf += text;
        else push(text, target, false);
        return end + 1 - i;
    }
    size_t bare_url(std::string_view s, size_t i) {
        if (!(starts_ci(s, i, "https://") || starts_ci(s, i, "http://")) || (i > 0 && word(s[i - 1]))) return 0;
        size_t end = i;
        while (end < s.size() && !space(s[end]) && s[end] != '>' && s[end] != '"') ++end;
        while (end > i && std::strchr(".,;:)", s[end - 1])) --end;
        push(std::string(s.substr(i, end - i)), std::string(s.substr(i, end - i)), false);
        return end - i;
    }

    void run(std::string_view s) {
        for (size_t i = 0; i < s.size();) {
            char ch = s[i];
            char prev = i > 0 ? s[i - 1] : ' ', next = i + 1 < s.size() ? s[i + 1] : ' ';
            if (ch == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(next))) {
                buf += next;
                i += 2;
            } else if (ch == '`') {
                size_t end = s.find('`', i + 1);
                if (end == std::string_view::npos) {
                    buf += ch;
                    ++i;
                } else {
                    push(std::string(s.substr(i + 1, end - i - 1)), "", true);
                    i = end + 1;
                }
            } else if ((ch == '*' && next == '*') || (ch == '_' && next == '_' && !word(prev))) {
                flush();
                bold = !bold;
                i += 2;
            } else if ((ch == '*' || ch == '_') && (italic ? !space(prev) && !word(next) : !word(prev) && !space(next))) {
                flush();
                italic = !italic;
                ++i;
            } else if (size_t n = ch == '[' ? link(s, i) : ch == 'h' || ch == 'H' ? bare_url(s, i) : 0) {
                i += n;
            } else {
                buf += ch;
                ++i;
            }
        }
        flush();
    }
};

// [SECTION] pass 2: blocks

struct Blocks {
    std::string_view base;
    std::vector<MdBlock> out;
    std::vector<std::string> texts;  // each block's text, turned into runs at the end
    bool open = false;               // the last block takes continuation lines

    void start(MdBlock::Kind kind, int level, int number, std::string text) {
        if (out.size() >= kMaxMarkdownBlocks) return;
        MdBlock b;
        b.kind = kind;
        b.level = level;
        b.number = number;
        out.push_back(std::move(b));
        texts.push_back(std::move(text));
        open = kind != MdBlock::Kind::Heading;
    }
    void line(std::string_view l) {
        size_t indent = 0;
        while (indent < l.size() && (l[indent] == ' ' || l[indent] == '\t')) ++indent;
        std::string_view t = l.substr(indent);
        while (!t.empty() && space(t.back())) t.remove_suffix(1);
        if (t.empty()) {
            open = false;
            return;
        }
        if (t.size() >= 2 && std::strchr("-*+", t[0]) && t[1] == ' ') {
            start(MdBlock::Kind::Bullet, static_cast<int>(indent / 2), 0, std::string(t.substr(2)));
            return;
        }
        size_t d = 0;
        while (d < t.size() && d < 9 && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
        if (d > 0 && d + 1 < t.size() && (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ') {
            start(MdBlock::Kind::Numbered, static_cast<int>(indent / 2), std::stoi(std::string(t.substr(0, d))),
                  std::string(t.substr(d + 2)));
            return;
        }
        size_t h = 0;
        while (h < t.size() && h < 7 && t[h] == '#') ++h;
        if (h >= 1 && h <= 6 && h < t.size() && t[h] == ' ') {
            start(MdBlock::Kind::Heading, static_cast<int>(h), 0, std::string(t.substr(h + 1)));
            return;
        }
        if (open && !texts.empty()) texts.back() += " " + std::string(t);
        else start(MdBlock::Kind::Paragraph, 0, 0, std::string(t));
    }
};

std::string collapse_spaces(const std::string& s) {
    std::string out;
    for (char ch : s)
        if (!(space(ch) && (out.empty() || out.back() == ' '))) out += space(ch) ? ' ' : ch;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

std::vector<MdBlock> parse_markdown(std::string_view text, std::string_view base) {
    std::string md = html_to_markdown(text);
    Blocks b;
    b.base = base;
    std::string code;
    bool fenced = false;
    size_t i = 0;
    while (i <= md.size() && b.out.size() < kMaxMarkdownBlocks) {
        size_t nl = md.find('\n', i);
        std::string_view l = std::string_view(md).substr(i, nl == std::string::npos ? std::string::npos : nl - i);
        std::string_view trimmed = l;
        while (!trimmed.empty() && space(trimmed.front())) trimmed.remove_prefix(1);
        if (trimmed.rfind("```", 0) == 0) {
            if (fenced) {
                while (!code.empty() && code.back() == '\n') code.pop_back();
                b.start(MdBlock::Kind::Code, 0, 0, "");
                if (!b.out.empty()) b.out.back().runs.push_back(MdRun{code, "", false, false, true});
                b.open = false;
                code.clear();
            }
            fenced = !fenced;
        } else if (fenced) {
            if (!(code.empty() && trimmed.empty())) code += std::string(l) + "\n";
        } else {
            b.line(l);
        }
        if (nl == std::string::npos) break;
        i = nl + 1;
    }
    if (fenced && !code.empty()) {  // an unclosed fence: what it held, as code
        b.start(MdBlock::Kind::Code, 0, 0, "");
        if (!b.out.empty()) b.out.back().runs.push_back(MdRun{code, "", false, false, true});
    }
    for (size_t k = 0; k < b.out.size(); ++k)
        if (b.out[k].kind != MdBlock::Kind::Code) Inline(base, b.out[k].runs).run(collapse_spaces(b.texts[k]));
    return b.out;
}

std::string markdown_plain(const std::vector<MdBlock>& blocks) {
    std::string out;
    for (const MdBlock& b : blocks) {
        if (!out.empty()) out += "\n";
        out += std::string(2 * b.level * (b.kind == MdBlock::Kind::Bullet || b.kind == MdBlock::Kind::Numbered), ' ');
        if (b.kind == MdBlock::Kind::Bullet) out += "• ";
        if (b.kind == MdBlock::Kind::Numbered) out += std::to_string(b.number) + ". ";
        for (const MdRun& r : b.runs) out += r.text;
    }
    return out;
}

}  // namespace pinlab
