// flags.h — pinlab-server's command line: parse_flags turns argv into a Config or a clear error
// message. Pure (no I/O besides what the caller passes in), so it is unit-tested directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/server.h"

namespace pinlab::server {

struct Config {
    ServerConfig server;
    bool help = false;                 // --help: print usage() and exit 0
    bool web_root_given = false;       // --web-root was passed (else main looks for ./dist)
    std::string pinterest_secret_file; // --pinterest-secret-file; main reads it
    std::string catalogue_file;        // --catalogue; main reads it (else <web root>/catalogue.json)
};

struct FlagsResult {
    std::optional<Config> config;  // set on success
    std::string error;             // set on failure: one line, no usage text
};

// `env_port` is the PORT environment variable (nullptr when unset); --port wins over it.
FlagsResult parse_flags(int argc, const char* const* argv, const char* env_port = nullptr);
FlagsResult parse_flags(const std::vector<std::string>& args, const char* env_port = nullptr);

// The --help text.
std::string usage();

// Parses "id=ID,redirect=URI[,redirect=URI2][,secret=S][,name=N]". Exposed for tests.
std::optional<emu::ClientApp> parse_client_spec(const std::string& spec, std::string& error);

const char* flavor_name(emu::Flavor f);

}  // namespace pinlab::server
