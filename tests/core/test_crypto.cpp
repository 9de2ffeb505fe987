// test_crypto.cpp — SHA-256 against NIST FIPS 180-4 examples, base64 against RFC 4648 §10,
// PKCE against RFC 7636 Appendix B.
#include <gtest/gtest.h>

#include "core/crypto.h"

using namespace pinlab;

TEST(Sha256, NistVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
    // 55, 56 and 64 bytes straddle the one/two-block padding boundary.
    EXPECT_EQ(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    EXPECT_EQ(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    EXPECT_EQ(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Base64, Rfc4648Vectors) {
    const char* in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char* out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(base64_encode(in[i]), out[i]);
        EXPECT_EQ(base64_decode(out[i]).value_or("<fail>"), in[i]);
    }
}

TEST(Base64, UrlAlphabetAndErrors) {
    std::string bytes("\xfb\xff\xbf", 3);
    EXPECT_EQ(base64_encode(bytes), "+/+/");
    EXPECT_EQ(base64url_encode(bytes), "-_-_");
    EXPECT_EQ(base64url_decode("-_-_").value_or(""), bytes);
    EXPECT_FALSE(base64_decode("Zm9v!").has_value());
    EXPECT_FALSE(base64_decode("Z").has_value());
    EXPECT_FALSE(base64url_decode("+/+/").has_value());
}

TEST(Pkce, Rfc7636AppendixB) {
    const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    EXPECT_EQ(pkce_challenge_s256(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    EXPECT_TRUE(pkce_verifier_is_valid(verifier));
}

TEST(Pkce, VerifierShapeAndRandomness) {
    for (size_t len : {43u, 64u, 128u}) {
        std::string v = pkce_make_verifier(len);
        EXPECT_EQ(v.size(), len);
        EXPECT_TRUE(pkce_verifier_is_valid(v)) << v;
    }
    EXPECT_NE(pkce_make_verifier(), pkce_make_verifier());
    EXPECT_FALSE(pkce_verifier_is_valid(std::string(42, 'a')));
    EXPECT_FALSE(pkce_verifier_is_valid(std::string(129, 'a')));
    EXPECT_FALSE(pkce_verifier_is_valid(std::string(43, 'a') + "+"));
}
