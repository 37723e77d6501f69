#define CATCH_CONFIG_MAIN
// Long failure messages hold Chinese text: do not wrap them mid-character.
#define CATCH_CONFIG_CONSOLE_WIDTH 300
#include <catch2/catch.hpp>
