// The Markdown summary of a check, for a pull-request comment: the verdict,
// what broke (which limit, which layer, by how much), then every limit.
#pragma once

#include "tools/check/budget_check.hpp"

#include <string>

namespace mcuprof::check {

std::string check_to_markdown(const CheckResult& result);

}  // namespace mcuprof::check
