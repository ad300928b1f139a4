// Must compile with every layer's include root: a layer sees itself and those below, so
// the probes above fail for the upward include alone.
#include "models/ledger.hpp"
#ifdef VAXSIM_PROBE_RESULTS
#include "results/run_file.hpp"
#endif
#ifdef VAXSIM_PROBE_SIM
#include "sim/engine/simulation.hpp"
#endif
