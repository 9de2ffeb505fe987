// server.cpp — placeholder until the server lands.
#include "core/http.h"
