// Must NOT compile: models/ may not see results/ (tests/CMakeLists.txt, "layers").
#include "results/run_file.hpp"
