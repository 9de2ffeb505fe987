// test_operations.cpp — the operation table (core/operations.h) as the client sees it: one row per
// operationId, the client's view agrees with the row, which operations count as creating something, and
// which operation a method + path is.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/operations.h"

using namespace pinlab;

TEST(Operations, ClientViewComesFromTheSpecTable) {
    std::set<std::string> ids;
    for (const SpecOperation* op = spec_operations_begin(); op != spec_operations_end(); ++op) {
        EXPECT_TRUE(ids.insert(op->operation_id).second) << "duplicate " << op->operation_id;
        OperationInfo info = operation_info(op->operation_id);
        EXPECT_STREQ(info.method, op->method);
        EXPECT_STREQ(info.scopes, op->scopes);
        EXPECT_STREQ(info.category, op->ratelimit);
    }
    EXPECT_TRUE(operation_info("pins/create").creates);
    EXPECT_TRUE(operation_info("pins/save").creates);
    EXPECT_FALSE(operation_info("pins/update").creates);
    EXPECT_FALSE(operation_info("oauth/token").creates);  // an exchange, not a new object
    EXPECT_STREQ(operation_info("search_user_pins/list").scopes,
                 "boards:read,boards:read_secret,pins:read,pins:read_secret");
    OperationInfo unknown = operation_info("no/such");
    EXPECT_STREQ(unknown.method, "GET");
    EXPECT_STREQ(unknown.category, "");
}

TEST(Operations, MatchPrefersLiteralSegments) {
    auto m = match_operation("GET", "/pins/analytics");
    ASSERT_NE(m.op, nullptr);
    EXPECT_STREQ(m.op->operation_id, "multi_pins/analytics");
    m = match_operation("GET", "/ad_accounts/123/campaigns/456");
    ASSERT_NE(m.op, nullptr);
    EXPECT_STREQ(m.op->operation_id, "campaigns/get");
    EXPECT_STREQ(m.op->path, "/ad_accounts/{ad_account_id}/campaigns/{campaign_id}");
    EXPECT_EQ(m.params, (std::vector<std::string>{"123", "456"}));
    m = match_operation("PUT", "/boards/1");
    EXPECT_EQ(m.op, nullptr);
    EXPECT_TRUE(m.path_exists);  // 405, not 404
    m = match_operation("GET", "/no/such/path");
    EXPECT_FALSE(m.path_exists);
}
