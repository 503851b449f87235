// Parameter derivation helpers (vit/quant.h).
#include <gtest/gtest.h>

#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

TEST(Quant, MultiplierRoundTripsWithinHalfAUnit)
{
    for (double r : {1e-9, 3.7e-6, 0.0001, 0.0123, 0.5, 0.75, 0.999999999, 1.0, 1.5, 123.456,
                     1e6}) {
        int32_t m = 0, s = 0;
        ASSERT_EQ(vit_quantize_multiplier(r, &m, &s), VIT_OK) << r;
        EXPECT_GE(m, 1 << 30) << r;
        EXPECT_GE(s, VIT_SHIFT_MIN);
        EXPECT_LE(s, VIT_SHIFT_MAX);
        EXPECT_NEAR(real_of(m, s) / r, 1.0, 1.0 / (1 << 30)) << r;
    }
    int32_t m = 0, s = 0;
    ASSERT_EQ(vit_quantize_multiplier(std::ldexp(1.0, -40), &m, &s), VIT_OK);  // denormalized
    EXPECT_EQ(s, VIT_SHIFT_MIN);
    EXPECT_LT(m, 1 << 30);
    EXPECT_NEAR(real_of(m, s), std::ldexp(1.0, -40), std::ldexp(1.0, -62));
    EXPECT_EQ(vit_quantize_multiplier(0.0, &m, &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_quantize_multiplier(-1.0, &m, &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_quantize_multiplier(std::ldexp(1.0, 31), &m, &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_quantize_multiplier(std::ldexp(1.0, -80), &m, &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_quantize_multiplier(0.5, nullptr, &s), VIT_ERR_NULL);
}

TEST(Quant, RoundToI32)
{
    EXPECT_EQ(vit_round_to_i32(2.5), 3);
    EXPECT_EQ(vit_round_to_i32(-2.5), -3);
    EXPECT_EQ(vit_round_to_i32(-0.49), 0);
    EXPECT_EQ(vit_round_to_i32(1e12), INT32_MAX);
    EXPECT_EQ(vit_round_to_i32(-1e12), INT32_MIN);
}

TEST(Quant, LayerNormChannelKeepsBetaWithinRange)
{
    int8_t g = 0;
    int32_t b = 0, m = 0, s = 0;
    ASSERT_EQ(vit_layernorm_s8_quantize_channel(-1.5, 0.25, 0.05, &g, &b, &m, &s), VIT_OK);
    EXPECT_EQ(g, -127);
    EXPECT_NEAR(b * (1.5 / 127) / 65536.0, 0.25, 1e-6);
    // Tiny gamma, large beta: the channel scale grows so beta fits 2^29.
    ASSERT_EQ(vit_layernorm_s8_quantize_channel(1e-4, 3.0, 0.05, &g, &b, &m, &s), VIT_OK);
    EXPECT_LE(std::abs(b), 1 << 29);
    EXPECT_GE(g, 0);
    ASSERT_EQ(vit_layernorm_s8_quantize_channel(0.0, 0.0, 0.05, &g, &b, &m, &s), VIT_OK);
    EXPECT_EQ(g, 0);
    EXPECT_EQ(b, 0);
    EXPECT_EQ(vit_layernorm_s8_quantize_channel(1.0, 0.0, 0.0, &g, &b, &m, &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_layernorm_s8_var_eps(1e-5, 0.05, 48), vit_round_to_i32(1e-5 * 48 * 48 / 0.0025 * 256));
    EXPECT_EQ(vit_layernorm_s8_var_eps(0.0, 0.05, 48), 0);
}

TEST(Quant, ResidualParamsUseTheLargestShiftThatFits)
{
    vit_residual_params p;
    ASSERT_EQ(vit_residual_s8_params_init(0.02, 1, 0.1, 2, 0.05, 3, &p), VIT_OK);
    EXPECT_GE(p.b_mult, 1 << 30);  // the larger ratio is normalized
    EXPECT_NEAR(std::ldexp(double(p.a_mult), -p.shift), 0.4, 1e-8);
    EXPECT_NEAR(std::ldexp(double(p.b_mult), -p.shift), 2.0, 1e-8);
    EXPECT_EQ(vit_residual_s8_params_init(0.02, 1, 0.1, 2, 0.0, 3, &p), VIT_ERR_PARAM);
    EXPECT_EQ(vit_residual_s8_params_init(0.02, 1, 0.1, 200, 0.05, 3, &p), VIT_ERR_PARAM);
}

TEST(Quant, AttentionScales)
{
    vit_mhsa_params p{};
    p.head_dim = 64;
    ASSERT_EQ(vit_mhsa_s8_set_scales(0.05, 0.04, 0.03, 0.02, &p), VIT_OK);
    EXPECT_NEAR(real_of(p.score_mult, p.score_shift), 0.05 * 0.04 * VIT_LOG2E / 8.0, 1e-12);
    EXPECT_NEAR(real_of(p.out_mult, p.out_shift), 1.5, 1e-9);
    p.head_dim = 0;
    EXPECT_EQ(vit_mhsa_s8_set_scales(0.05, 0.04, 0.03, 0.02, &p), VIT_ERR_DIM);
}

}  // namespace
