#include "emulator/semihost/output_tail.hpp"
#include "emulator/text/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mcuprof {
namespace {

TEST(OutputTail, KeepsEverythingBelowTheLimit) {
    OutputTail tail(16);
    tail.append("abc");
    tail.append("");
    tail.append("def");
    EXPECT_EQ(tail.text(), "abcdef");
    EXPECT_EQ(tail.total_bytes(), 6u);
    EXPECT_FALSE(tail.truncated());
}

TEST(OutputTail, KeepsTheLastBytes) {
    OutputTail tail(4);
    tail.append("12");
    tail.append("345");
    EXPECT_EQ(tail.text(), "2345");
    EXPECT_TRUE(tail.truncated());
    tail.append("6789abc");  // one append longer than the limit
    EXPECT_EQ(tail.text(), "9abc");
    EXPECT_EQ(tail.total_bytes(), 12u);
}

TEST(OutputTail, ManySmallAppendsMatchTheStreamsSuffix) {
    OutputTail tail(100);
    std::string all;
    for (int i = 0; i < 5000; ++i) {
        const std::string piece = std::to_string(i) + (i % 7 == 0 ? "\n" : ",");
        tail.append(piece);
        all += piece;
    }
    EXPECT_EQ(tail.text(), all.substr(all.size() - 100));
    EXPECT_EQ(tail.total_bytes(), all.size());
}

TEST(OutputTail, ZeroLimitIsAnError) {
    EXPECT_THROW(OutputTail(0), Error);
}

}  // namespace
}  // namespace mcuprof
