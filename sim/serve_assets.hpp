#pragma once
// The page `vaxsim serve` shows: sim/serve/page.html and sim/serve/app.js, built into the
// program (CMake configures sim/serve_assets.cpp.in into build/generated/serve_assets.cpp),
// so the server reads no file of its own and the page fetches nothing from elsewhere.
#include <string_view>

namespace vaxsim {

std::string_view serve_page_html(); // "{{LANG}}" stands for the page's language
std::string_view serve_app_js();

} // namespace vaxsim
