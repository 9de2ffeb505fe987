// emulator.cpp — placeholder until the emulator lands.
#include "emulator/emulator.h"
