// crypto.h — SHA-256, base64/base64url and PKCE (RFC 7636), written here because the browser
// build has no OpenSSL. Checked against the NIST vectors and RFC 7636 Appendix B.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pinlab {

std::array<uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hex_encode(std::string_view bytes);  // lower-case, two digits a byte

std::string base64_encode(std::string_view bytes);          // standard alphabet, padded
std::string base64url_encode(std::string_view bytes);       // URL alphabet, no padding
std::optional<std::string> base64_decode(std::string_view text);     // accepts padded or not; nullopt if invalid
std::optional<std::string> base64url_decode(std::string_view text);

// Cryptographically random bytes (getentropy: crypto.getRandomValues in the browser).
// Returns false if the platform has no secure source.
bool secure_random(void* out, size_t n);

// PKCE: a verifier of `length` (43..128) unreserved characters, and its S256 challenge.
std::string pkce_make_verifier(size_t length = 64);
std::string pkce_challenge_s256(std::string_view verifier);
bool pkce_verifier_is_valid(std::string_view verifier);  // 43..128 chars of [A-Za-z0-9-._~]

// A random token of `bytes` random bytes, base64url-encoded (for `state`, ids, etc.).
std::string random_token(size_t bytes = 16);

}  // namespace pinlab
