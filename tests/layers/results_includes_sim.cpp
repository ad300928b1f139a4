// Must NOT compile: results/ may not see sim/ (tests/CMakeLists.txt, "layers").
#include "sim/engine/simulation.hpp"
