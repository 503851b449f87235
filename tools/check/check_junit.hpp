// JUnit XML of a check (one test case per limit, a <failure> for each broken
// one), the format CI systems (GitLab, Jenkins, GitHub test reporters) read.
#pragma once

#include "tools/check/budget_check.hpp"

#include <string>

namespace mcuprof::check {

std::string check_to_junit(const CheckResult& result);

}  // namespace mcuprof::check
