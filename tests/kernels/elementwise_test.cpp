// Residual addition and pooling.
#include <gtest/gtest.h>

#include <cstring>

#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

std::vector<int8_t> ref_residual(const vit_residual_params &p, const std::vector<int8_t> &a,
                                 const std::vector<int8_t> &b)
{
    std::vector<int8_t> out(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
        const int64_t s = (int64_t{a[i]} - p.a_zp) * p.a_mult + (int64_t{b[i]} - p.b_zp) * p.b_mult;
        out[i] = static_cast<int8_t>(clamp_i(
            floor_div_pow2(s + (int64_t{1} << (p.shift - 1)), p.shift) + p.out_zp, p.act_min,
            p.act_max));
    }
    return out;
}

TEST(Residual, MatchesIntegerAndFloatReferences)
{
    std::mt19937 rng(51);
    const double scales[][3] = {{0.05, 0.05, 0.07}, {0.02, 0.1, 0.08}, {0.3, 0.01, 0.05},
                                {0.01, 0.01, 0.002}};  // the last one saturates
    const int zps[][3] = {{0, 0, 0}, {-128, 127, 3}, {127, -128, -100}, {5, -9, 12}};
    double worst = 0;
    for (const auto &sc : scales) {
        for (const auto &z : zps) {
            vit_residual_params p;
            ASSERT_EQ(vit_residual_s8_params_init(sc[0], z[0], sc[1], z[1], sc[2], z[2], &p), VIT_OK);
            const auto a = random_s8(rng, 257), b = random_s8(rng, 257);
            std::vector<int8_t> y(257);
            ASSERT_EQ(vit_residual_add_s8(&p, a.data(), b.data(), y.data(), 257), VIT_OK);
            EXPECT_EQ(y, ref_residual(p, a, b));
            for (size_t i = 0; i < y.size(); ++i) {
                const double f = (sc[0] * (a[i] - z[0]) + sc[1] * (b[i] - z[1])) / sc[2] + z[2];
                worst = std::max(worst, std::abs(y[i] - std::min(127.0, std::max(-128.0, f))));
            }
            // In place on either input.
            auto a2 = a;
            ASSERT_EQ(vit_residual_add_s8(&p, a2.data(), b.data(), a2.data(), 257), VIT_OK);
            EXPECT_EQ(a2, y);
            auto b2 = b;
            ASSERT_EQ(vit_residual_add_s8(&p, a.data(), b2.data(), b2.data(), 257), VIT_OK);
            EXPECT_EQ(b2, y);
        }
    }
    std::printf("[residual] max |error| vs float: %.4f LSB\n", worst);
    EXPECT_LE(worst, 0.5 + 1e-6);
}

TEST(Residual, InvalidParametersReturnStatus)
{
    vit_residual_params p;
    ASSERT_EQ(vit_residual_s8_params_init(0.05, 0, 0.05, 0, 0.1, 0, &p), VIT_OK);
    std::vector<int8_t> a(4), b(4), y(4);
    EXPECT_EQ(vit_residual_add_s8(nullptr, a.data(), b.data(), y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_residual_add_s8(&p, a.data(), nullptr, y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_residual_add_s8(&p, a.data(), b.data(), y.data(), 0), VIT_ERR_DIM);
    EXPECT_EQ(vit_residual_add_s8(&p, nullptr, b.data(), y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_residual_add_s8(&p, a.data(), b.data(), nullptr, 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_residual_add_s8(&p, a.data(), b.data(), y.data(), -3), VIT_ERR_DIM);
    vit_residual_params bad = p;
    bad.shift = 0;
    EXPECT_EQ(vit_residual_add_s8(&bad, a.data(), b.data(), y.data(), 4), VIT_ERR_PARAM);
    bad = p;
    bad.a_mult = -1;
    EXPECT_EQ(vit_residual_add_s8(&bad, a.data(), b.data(), y.data(), 4), VIT_ERR_PARAM);
    bad = p;
    bad.act_min = 5;
    bad.act_max = 4;
    EXPECT_EQ(vit_residual_add_s8(&bad, a.data(), b.data(), y.data(), 4), VIT_ERR_PARAM);
}

TEST(Pooling, MeanMatchesIntegerAndFloatReferences)
{
    std::mt19937 rng(52);
    double worst = 0;
    for (int n : {1, 2, 9, 197}) {
        for (int zp : {-128, 127, 0}) {
            const int d = 37;
            const double s_in = 0.05, s_out = 0.03;
            vit_pool_mean_params p{n, d, zp, -1, 0, 0};
            ASSERT_EQ(vit_quantize_multiplier(s_in / (n * s_out), &p.mult, &p.shift), VIT_OK);
            const auto x = random_s8(rng, static_cast<size_t>(n) * d);
            std::vector<int8_t> y(d);
            ASSERT_EQ(vit_pool_mean_s8(&p, x.data(), y.data()), VIT_OK);
            for (int c = 0; c < d; ++c) {
                int64_t acc = 0;
                for (int t = 0; t < n; ++t) {
                    acc += x[t * d + c] - zp;
                }
                EXPECT_EQ(y[c], clamp_i(ref_rescale(acc, p.mult, p.shift) - 1, -128, 127));
                const double f = s_in * double(acc) / n / s_out - 1;
                worst = std::max(worst, std::abs(y[c] - std::min(127.0, std::max(-128.0, f))));
            }
            // out == in is allowed.
            auto z = x;
            ASSERT_EQ(vit_pool_mean_s8(&p, z.data(), z.data()), VIT_OK);
            EXPECT_EQ(std::vector<int8_t>(z.begin(), z.begin() + d), y);
        }
    }
    std::printf("[pool_mean] max |error| vs float: %.4f LSB\n", worst);
    EXPECT_LE(worst, 0.5 + 1e-6);
}

TEST(Pooling, ClassTokenIsRowZero)
{
    std::mt19937 rng(53);
    const auto x = random_s8(rng, 5 * 12);
    std::vector<int8_t> y(12);
    ASSERT_EQ(vit_pool_cls_s8(5, 12, x.data(), y.data()), VIT_OK);
    EXPECT_EQ(y, std::vector<int8_t>(x.begin(), x.begin() + 12));
    EXPECT_EQ(vit_pool_cls_s8(0, 12, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_pool_cls_s8(5, 0, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_pool_cls_s8(5, 12, nullptr, y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_pool_cls_s8(5, 12, x.data(), nullptr), VIT_ERR_NULL);
}

TEST(Pooling, MeanInvalidParametersReturnStatus)
{
    vit_pool_mean_params p{4, 8, 0, 0, 1 << 30, -2};
    std::vector<int8_t> x(32), y(8);
    EXPECT_EQ(vit_pool_mean_s8(nullptr, x.data(), y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_pool_mean_s8(&p, x.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_pool_mean_s8(&p, nullptr, y.data()), VIT_ERR_NULL);
    vit_pool_mean_params bad = p;
    bad.n_tokens = 0;
    EXPECT_EQ(vit_pool_mean_s8(&bad, x.data(), y.data()), VIT_ERR_DIM);
    bad = p;
    bad.dim = 0;
    EXPECT_EQ(vit_pool_mean_s8(&bad, x.data(), y.data()), VIT_ERR_DIM);
    bad = p;
    bad.shift = 31;
    EXPECT_EQ(vit_pool_mean_s8(&bad, x.data(), y.data()), VIT_ERR_PARAM);
    EXPECT_EQ(vit_pool_mean_s8(&p, x.data(), y.data()), VIT_OK);
}

}  // namespace
