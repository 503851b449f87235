// The trade-off curves over the patch kernel k and their knee, on
// hand-made comparisons whose knee is known.
#include "emulator/report/tradeoff.hpp"

#include <gtest/gtest.h>

namespace mcuprof {
namespace {

ComparisonRow row(uint32_t k, const char* weights, uint64_t peak, double ms, bool ok = true) {
    ComparisonRow r;
    r.board = "b";
    r.schedule = "overwrite,patch=" + std::to_string(k) + ",weights=" + weights;
    r.patch_kernel = k;
    r.weights = weights;
    r.predicted_peak_bytes = r.measured_peak_bytes = peak;
    r.latency_ms = ms;
    r.ok = ok;
    return r;
}

TEST(Knee, TheBendOfAnLShapedCurve) {
    // Small k: little memory, slow; large k: fast, much memory; k = 4 is the bend.
    const std::vector<TradeoffPoint> pts = {
        {1, 100.0, 0, 1000}, {2, 40.0, 0, 1100}, {4, 12.0, 0, 1300}, {8, 10.0, 0, 4000}, {16, 9.5, 0, 16000}};
    EXPECT_EQ(find_knee(pts), 4u);
}

TEST(Knee, NoneOnAStraightLineFlatCurveOrTooFewPoints) {
    EXPECT_FALSE(find_knee({{1, 3.0, 0, 100}, {2, 2.0, 0, 200}, {4, 1.0, 0, 300}}));
    EXPECT_FALSE(find_knee({{1, 3.0, 0, 100}, {2, 2.0, 0, 100}, {4, 1.0, 0, 100}}));
    EXPECT_FALSE(find_knee({{1, 3.0, 0, 100}, {4, 1.0, 0, 300}}));
    // A bulge away from the origin is not a knee.
    EXPECT_FALSE(find_knee({{1, 3.0, 0, 100}, {2, 2.9, 0, 290}, {4, 1.0, 0, 300}}));
}

TEST(Curves, GroupedByBoardFamilyAndWeightsWithFlatAndKneeDescribed) {
    Comparison c{"m", {}};
    c.rows = {row(16, "sram", 16000, 9.5), row(1, "sram", 1000, 100), row(4, "sram", 1300, 12),
              row(2, "sram", 1100, 40),    row(8, "sram", 4000, 10),  row(1, "flash", 900, 99),
              row(4, "flash", 900, 11),    row(16, "flash", 900, 9),  row(2, "flash", 5, 1, false)};
    c.rows.push_back({"b", "overwrite,weights=sram", std::nullopt, "sram", 1, 1, 0, 0, 0, 1, true, "", true});
    const std::vector<TradeoffCurve> curves = tradeoff_curves(c);
    ASSERT_EQ(curves.size(), 2u);
    EXPECT_EQ(curves[0].weights, "flash");
    EXPECT_TRUE(curves[0].flat);
    EXPECT_EQ(curves[0].points.size(), 3u) << "failed runs and undecomposed rows are not on the curve";
    EXPECT_EQ(curves[1].weights, "sram");
    EXPECT_EQ(curves[1].points.front().k, 1u);
    EXPECT_EQ(curves[1].knee, 4u);
    const std::string text = describe_knees(curves);
    EXPECT_NE(text.find("b overwrite, weights in flash: the peak is 900 bytes for every k, so a smaller k buys no "
                        "memory and only costs latency (k=1: 99.000 ms, k=16: 9.000 ms): 4x4 is not a knee here."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("b overwrite, weights in sram: the knee is k = 4, the paper's 4x4."), std::string::npos)
        << text;
}

TEST(Curves, APointBestOnBothCountsIsNamed) {
    Comparison c{"m", {}};
    c.rows = {row(1, "sram", 139392, 5085), row(2, "sram", 139392, 3697), row(4, "sram", 139392, 2925),
              row(8, "sram", 133504, 2651)};
    const std::vector<TradeoffCurve> curves = tradeoff_curves(c);
    ASSERT_EQ(curves.size(), 1u);
    EXPECT_FALSE(curves[0].knee);
    EXPECT_NE(describe_knees(curves).find("k = 8 has both the smallest peak (133504 bytes) and the lowest latency "
                                          "(2651.000 ms), so there is no trade-off to have a knee: 4x4 is not one."),
              std::string::npos)
        << describe_knees(curves);
}

}  // namespace
}  // namespace mcuprof
