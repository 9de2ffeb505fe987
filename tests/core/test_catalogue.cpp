// test_catalogue.cpp — the generated catalogue (core/catalogue.h, scripts/gen_spec.py): it holds all 231
// operations of spec/openapi.json and agrees with the compiled operation table, generation is
// deterministic, and a malformed catalogue is refused with a reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/catalogue.h"
#include "core/operations.h"
#include "test_catalogue.h"

using namespace pinlab;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const Catalogue& catalogue() { return *spec_fixture::test_catalogue(); }

}  // namespace

TEST(Catalogue, HoldsEveryOperationOfTheSpec) {
    ASSERT_EQ(catalogue().size(), 231u);
    EXPECT_EQ(catalogue().version(), "5.23.0");
    std::set<std::string> ids, tags;
    for (size_t i = 0; i < catalogue().size(); ++i) {
        const json& op = catalogue().operation_at(i);
        EXPECT_TRUE(ids.insert(op["id"].get<std::string>()).second) << op["id"];
        tags.insert(op["tag"].get<std::string>());
        EXPECT_TRUE(op["summary"].is_string() && !op["summary"].get<std::string>().empty()) << op["id"];
        // Summaries are plain text; descriptions keep the spec's Markdown and HTML (the Explorer renders them).
        EXPECT_EQ(op["summary"].get<std::string>().find('<'), std::string::npos) << "HTML in the summary of " << op["id"];
        EXPECT_TRUE(op["description"].is_string()) << op["id"];
    }
    EXPECT_EQ(catalogue().operation("trending_keywords/list")->value("description", "").find("<p>"), 0u)
        << "the description is kept as the spec writes it";
    EXPECT_GE(tags.size(), 40u);
    // Every tag of every x-tagGroups entry names tags the operations use or the spec lists.
    EXPECT_TRUE(catalogue().root()["tag_groups"].is_array());
    EXPECT_GE(catalogue().root()["tag_groups"].size(), 5u);
}

TEST(Catalogue, AgreesWithTheCompiledOperationTable) {
    size_t rows = 0;
    for (const SpecOperation* row = spec_operations_begin(); row != spec_operations_end(); ++row, ++rows) {
        const json* op = catalogue().operation(row->operation_id);
        ASSERT_NE(op, nullptr) << row->operation_id;
        EXPECT_EQ((*op)["method"], row->method);
        EXPECT_EQ((*op)["path"], row->path);
        EXPECT_EQ((*op)["ratelimit"], row->ratelimit);
        EXPECT_EQ((*op)["sandbox"].get<bool>(), row->sandbox_enabled);
        EXPECT_EQ((*op)["tag"], row->tag);
        std::string scopes;
        for (const json& s : (*op)["scopes"]) scopes += (scopes.empty() ? "" : ",") + s.get<std::string>();
        EXPECT_EQ(scopes, row->scopes) << row->operation_id;
    }
    EXPECT_EQ(rows, catalogue().size());
}

TEST(Catalogue, ParametersAndBodiesAreResolved) {
    const json* op = catalogue().operation("campaigns/create");
    ASSERT_NE(op, nullptr);
    ASSERT_EQ((*op)["params"].size(), 1u);
    EXPECT_EQ((*op)["params"][0]["name"], "ad_account_id");  // a components/parameters $ref, resolved
    EXPECT_EQ((*op)["params"][0]["in"], "path");
    EXPECT_TRUE((*op)["params"][0]["required"].get<bool>());
    EXPECT_TRUE((*op)["body"]["required"].get<bool>());
    EXPECT_EQ((*op)["body"]["schema"]["maxItems"], 30);
    EXPECT_EQ((*op)["body"]["schema"]["items"]["$ref"], "CampaignCreateRequest");  // bare component name
    ASSERT_NE(catalogue().schema("CampaignCreateRequest"), nullptr);
    int status = 0;
    const json* ok = catalogue().success_schema(*op, &status);
    ASSERT_NE(ok, nullptr);
    EXPECT_EQ(status, 200);
    EXPECT_EQ((*ok)["$ref"], "CampaignCreateResponse");
    // Every reference anywhere in the catalogue resolves.
    std::function<void(const json&)> walk = [&](const json& j) {
        if (j.is_object()) {
            if (j.contains("$ref")) EXPECT_NE(catalogue().resolve(j), nullptr) << j["$ref"];
            for (const auto& v : j) walk(v);
        } else if (j.is_array()) {
            for (const auto& v : j) walk(v);
        }
    };
    walk(catalogue().root());
}

TEST(Catalogue, RefusesMalformedInput) {
    std::string err;
    EXPECT_FALSE(Catalogue::parse("", &err));
    EXPECT_FALSE(err.empty());
    EXPECT_FALSE(Catalogue::parse("{\"format\":2,\"operations\":[],\"schemas\":{}}", &err));
    EXPECT_NE(err.find("format"), std::string::npos) << err;
    EXPECT_FALSE(Catalogue::parse("{\"format\":1,\"operations\":[{\"id\":1}],\"schemas\":{}}", &err));
    EXPECT_FALSE(Catalogue::parse("{\"format\":1,\"operations\":{},\"schemas\":{}}", &err));
    auto empty = Catalogue::parse("{\"format\":1,\"operations\":[],\"schemas\":{}}", &err);
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->size(), 0u);
    EXPECT_EQ(empty->operation("pins/get"), nullptr);
    // A reference loop is not followed forever.
    auto loop = Catalogue::parse(R"({"format":1,"operations":[],"schemas":{"A":{"$ref":"B"},"B":{"$ref":"A"}}})");
    ASSERT_TRUE(loop);
    EXPECT_EQ(loop->resolve(json{{"$ref", "A"}}), nullptr);
}

TEST(Catalogue, GenerationIsDeterministic) {
    std::string dir = testing::TempDir() + "pinlab_gen_spec";
    std::string cmd = "python3 " PINLAB_SOURCE_DIR "/scripts/gen_spec.py " PINLAB_SOURCE_DIR "/spec/openapi.json " + dir;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    for (const char* f : {"catalogue.json", "operations_table.inc", "scopes_table.inc"}) {
        std::string built = read_file(std::string(PINLAB_CATALOGUE_PATH).substr(0, std::string(PINLAB_CATALOGUE_PATH).rfind('/') + 1) + f);
        EXPECT_FALSE(built.empty()) << f;
        EXPECT_EQ(read_file(dir + "/" + f), built) << f << " differs from the build's copy";
    }
}
