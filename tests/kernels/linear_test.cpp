// Linear, token-overwriting linear, low-rank linear and classifier head.
#include <gtest/gtest.h>

#include <cstring>
#include <tuple>

#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

struct Shape {
    int32_t in, out, n;
};

const Shape kShapes[] = {{1, 1, 1},   {3, 5, 1},   {4, 4, 2},    {37, 19, 5}, {64, 48, 8},
                         {13, 2, 3},  {5, 7, 4},   {8, 3, 7},    {192, 33, 3}, {30, 1, 2},
                         {2, 31, 9}};

const int32_t kZeroPoints[] = {-128, 127, 0, -37};

TEST(Linear, MatchesIntegerReferenceAcrossShapesAndZeroPoints)
{
    std::mt19937 rng(1);
    for (const Shape &s : kShapes) {
        for (int32_t zp : kZeroPoints) {
            LinearLayer layer(rng, s.in, s.out, zp, -zp / 2);
            auto x = random_s8(rng, static_cast<size_t>(s.in) * s.n);
            std::vector<int8_t> y(static_cast<size_t>(s.out) * s.n, 0);
            ASSERT_EQ(vit_linear_s8(&layer.p, s.n, x.data(), y.data()), VIT_OK);
            EXPECT_EQ(y, ref_linear(layer.p, s.n, x.data()))
                << "in " << s.in << " out " << s.out << " n " << s.n << " zp " << zp;
        }
    }
}

TEST(Linear, ExtremeWeightsAndNoBias)
{
    std::mt19937 rng(2);
    LinearLayer layer(rng, 67, 9, -128, 0, -12, -128, -128);
    layer.p.bias = nullptr;
    std::vector<int8_t> x(67 * 3, 127);  // x - zp = 255 everywhere: largest products
    std::vector<int8_t> y(9 * 3);
    ASSERT_EQ(vit_linear_s8(&layer.p, 3, x.data(), y.data()), VIT_OK);
    EXPECT_EQ(y, ref_linear(layer.p, 3, x.data()));
}

TEST(Linear, SaturatesAndClampsToActivationRange)
{
    std::mt19937 rng(3);
    LinearLayer layer(rng, 16, 6, 0, 5, 0);  // shift 0: huge outputs, saturate
    layer.p.act_min = -20;
    layer.p.act_max = 30;
    auto x = random_s8(rng, 16 * 4);
    std::vector<int8_t> y(6 * 4);
    ASSERT_EQ(vit_linear_s8(&layer.p, 4, x.data(), y.data()), VIT_OK);
    EXPECT_EQ(y, ref_linear(layer.p, 4, x.data()));
    int at_bounds = 0;
    for (int8_t v : y) {
        EXPECT_GE(v, -20);
        EXPECT_LE(v, 30);
        at_bounds += (v == -20 || v == 30);
    }
    EXPECT_GT(at_bounds, 12);
}

// Float reference: the only error is the final rounding, so |q - f| <= 0.5.
TEST(Linear, WithinHalfLsbOfFloatReference)
{
    std::mt19937 rng(4);
    LinearLayer layer(rng, 45, 21, 11, -3, -10);
    auto x = random_s8(rng, 45 * 6);
    std::vector<int8_t> y(21 * 6);
    ASSERT_EQ(vit_linear_s8(&layer.p, 6, x.data(), y.data()), VIT_OK);
    double worst = 0;
    for (int t = 0; t < 6; ++t) {
        for (int o = 0; o < 21; ++o) {
            const double f = float_linear(layer.p, x.data() + t * 45, o);
            const double fc = std::min(127.0, std::max(-128.0, f));
            worst = std::max(worst, std::abs(y[t * 21 + o] - fc));
        }
    }
    EXPECT_LE(worst, 0.5 + 1e-9);
}

class InPlace : public ::testing::TestWithParam<std::tuple<int32_t, int32_t, int32_t>> {};

TEST_P(InPlace, BitIdenticalToOutOfPlace)
{
    const auto [in_dim, out_dim, n] = GetParam();
    std::mt19937 rng(static_cast<unsigned>(in_dim * 1000 + out_dim * 10 + n));
    LinearLayer layer(rng, in_dim, out_dim, 23, -7);
    auto x = random_s8(rng, static_cast<size_t>(in_dim) * n);
    std::vector<int8_t> expect(static_cast<size_t>(out_dim) * n);
    ASSERT_EQ(vit_linear_s8(&layer.p, n, x.data(), expect.data()), VIT_OK);

    const int32_t size = vit_linear_s8_inplace_get_tensor_size(n, in_dim, out_dim);
    ASSERT_EQ(size, n * std::max(in_dim, out_dim));
    const int32_t need = vit_linear_s8_inplace_get_buffer_size(in_dim, out_dim);
    ASSERT_EQ(need, 2 * std::min(in_dim, out_dim));
    // Guard bytes on both sides catch writes outside the planned buffer.
    std::vector<int8_t> mem(static_cast<size_t>(size) + 32, 0x11);
    int8_t *buf = mem.data() + 16;
    std::memcpy(buf, x.data(), x.size());
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, need);
    ASSERT_EQ(vit_linear_s8_inplace(&layer.p, n, buf, size, &s), VIT_OK);
    EXPECT_EQ(std::vector<int8_t>(buf, buf + expect.size()), expect);
    for (int i = 0; i < 16; ++i) {
        EXPECT_EQ(mem[i], 0x11);
        EXPECT_EQ(mem[16 + size + i], 0x11);
    }
}

INSTANTIATE_TEST_SUITE_P(Shapes, InPlace,
                         ::testing::Values(std::make_tuple(24, 40, 7),   // out > in, odd n
                                           std::make_tuple(24, 40, 8),   // out > in, even n
                                           std::make_tuple(7, 96, 5),    // out >> in
                                           std::make_tuple(40, 24, 6),   // out < in
                                           std::make_tuple(96, 5, 9),    // out << in
                                           std::make_tuple(33, 33, 5),   // out == in
                                           std::make_tuple(16, 16, 1),   // n = 1
                                           std::make_tuple(3, 4, 1),
                                           std::make_tuple(5, 3, 2)));

TEST(InPlace, RejectsSmallBuffersAndScratch)
{
    std::mt19937 rng(5);
    LinearLayer layer(rng, 8, 12, 0, 0);
    std::vector<int8_t> buf(4 * 12);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, vit_linear_s8_inplace_get_buffer_size(8, 12));
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, buf.data(), 4 * 12 - 1, &s), VIT_ERR_BUFFER);
    vit_scratch small{s.buf, s.size - 1};
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, buf.data(), 4 * 12, &small), VIT_ERR_BUFFER);
    vit_scratch misaligned{static_cast<char *>(s.buf) + 1, s.size};
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, buf.data(), 4 * 12, &misaligned),
              VIT_ERR_BUFFER);
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, buf.data(), 4 * 12, nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, nullptr, 4 * 12, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 0, buf.data(), 4 * 12, &s), VIT_ERR_DIM);
    EXPECT_EQ(vit_linear_s8_inplace(nullptr, 4, buf.data(), 4 * 12, &s), VIT_ERR_NULL);
    vit_linear_params bad = layer.p;
    bad.in_dim = 0;
    EXPECT_EQ(vit_linear_s8_inplace(&bad, 4, buf.data(), 4 * 12, &s), VIT_ERR_DIM);
    bad = layer.p;
    bad.weights = nullptr;
    EXPECT_EQ(vit_linear_s8_inplace(&bad, 4, buf.data(), 4 * 12, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_inplace(&layer.p, 4, buf.data(), 4 * 12, &s), VIT_OK);
    EXPECT_EQ(vit_linear_s8_inplace_get_buffer_size(0, 3), VIT_ERR_DIM);
    EXPECT_EQ(vit_linear_s8_inplace_get_tensor_size(1 << 20, 1 << 12, 8), VIT_ERR_DIM);
}

struct LowRank {
    LinearLayer v, u;
    vit_lowrank_params p{};
    LowRank(std::mt19937 &rng, int32_t in, int32_t r, int32_t out)
        : v(rng, in, r, -5, 9, -9), u(rng, r, out, 9, -4, -8)
    {
        v.p.bias = nullptr;
        p.v = v.p;
        p.u = u.p;
    }
};

TEST(LowRank, EqualsTwoLinearLayersAndInPlaceEqualsOutOfPlace)
{
    const std::tuple<int32_t, int32_t, int32_t, int32_t> cases[] = {
        {48, 8, 30, 4}, {32, 12, 48, 5}, {20, 20, 20, 3}, {7, 1, 9, 1}, {64, 17, 64, 6}};
    for (const auto &[in, r, out, n] : cases) {
        std::mt19937 rng(static_cast<unsigned>(in + r * 7 + out * 13 + n));
        LowRank lr(rng, in, r, out);
        auto x = random_s8(rng, static_cast<size_t>(in) * n);
        const auto mid = ref_linear(lr.v.p, n, x.data());
        const auto expect = ref_linear(lr.u.p, n, mid.data());

        const int32_t need = vit_linear_s8_lowrank_get_buffer_size(r);
        ASSERT_EQ(need, 2 * r);
        std::vector<int32_t> store;
        vit_scratch s = make_scratch(store, need);
        std::vector<int8_t> y(static_cast<size_t>(out) * n);
        ASSERT_EQ(vit_linear_s8_lowrank(&lr.p, n, x.data(), y.data(), &s), VIT_OK);
        EXPECT_EQ(y, expect) << in << "x" << r << "x" << out;

        const int32_t size = vit_linear_s8_inplace_get_tensor_size(n, in, out);
        std::vector<int8_t> buf(static_cast<size_t>(size) + 8, 0x33);
        std::memcpy(buf.data(), x.data(), x.size());
        ASSERT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, n, buf.data(), size, &s), VIT_OK);
        EXPECT_EQ(std::vector<int8_t>(buf.begin(), buf.begin() + out * n), expect);
        for (int i = 0; i < 8; ++i) {
            EXPECT_EQ(buf[size + i], 0x33);
        }
    }
}

TEST(LowRank, RejectsMismatchedFactors)
{
    std::mt19937 rng(6);
    LowRank lr(rng, 16, 4, 8);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, 8);
    std::vector<int8_t> x(16 * 2), y(8 * 2);
    vit_lowrank_params bad = lr.p;
    bad.u.in_dim = 5;
    EXPECT_EQ(vit_linear_s8_lowrank(&bad, 2, x.data(), y.data(), &s), VIT_ERR_DIM);
    bad = lr.p;
    bad.u.in_zp = bad.v.out_zp + 1;
    EXPECT_EQ(vit_linear_s8_lowrank(&bad, 2, x.data(), y.data(), &s), VIT_ERR_PARAM);
    vit_scratch small{s.buf, 7};
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, x.data(), y.data(), &small), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_linear_s8_lowrank(nullptr, 2, x.data(), y.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 2, x.data(), 31, &s), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_linear_s8_lowrank_get_buffer_size(0), VIT_ERR_DIM);
}

TEST(LowRank, InvalidParametersReturnStatus)
{
    std::mt19937 rng(9);
    LowRank lr(rng, 16, 4, 8);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, 8);
    std::vector<int8_t> x(16 * 2), y(8 * 2), buf(16 * 2);
    // Out of place: every pointer, the token count, the rank, the scratch.
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, nullptr, y.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, x.data(), nullptr, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, x.data(), y.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 0, x.data(), y.data(), &s), VIT_ERR_DIM);
    vit_lowrank_params bad = lr.p;
    bad.v.out_dim = 0;
    bad.u.in_dim = 0;
    EXPECT_EQ(vit_linear_s8_lowrank(&bad, 2, x.data(), y.data(), &s), VIT_ERR_DIM);
    bad = lr.p;
    bad.u.weights = nullptr;
    EXPECT_EQ(vit_linear_s8_lowrank(&bad, 2, x.data(), y.data(), &s), VIT_ERR_NULL);
    vit_scratch misaligned{static_cast<char *>(s.buf) + 1, s.size};
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, x.data(), y.data(), &misaligned), VIT_ERR_BUFFER);
    // Token-overwriting: the same, plus the buffer size.
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(nullptr, 2, buf.data(), 32, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 2, nullptr, 32, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 2, buf.data(), 32, nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 0, buf.data(), 32, &s), VIT_ERR_DIM);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&bad, 2, buf.data(), 32, &s), VIT_ERR_NULL);
    vit_scratch small{s.buf, 7};
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 2, buf.data(), 32, &small), VIT_ERR_BUFFER);
    // The valid calls succeed, so the rejections above are about the one bad argument.
    EXPECT_EQ(vit_linear_s8_lowrank(&lr.p, 2, x.data(), y.data(), &s), VIT_OK);
    EXPECT_EQ(vit_linear_s8_lowrank_inplace(&lr.p, 2, buf.data(), 32, &s), VIT_OK);
}

TEST(Classifier, LogitsMatchLinearAndTopClassIsFirstMaximum)
{
    std::mt19937 rng(7);
    LinearLayer layer(rng, 40, 10, 3, 0, -9);
    auto x = random_s8(rng, 40);
    std::vector<int8_t> logits(10);
    int32_t top = -1;
    ASSERT_EQ(vit_classifier_s8(&layer.p, x.data(), logits.data(), &top), VIT_OK);
    const auto expect = ref_linear(layer.p, 1, x.data());
    EXPECT_EQ(logits, expect);
    EXPECT_EQ(top, std::max_element(expect.begin(), expect.end()) - expect.begin());
    // Ties resolve to the first index.
    layer.p.act_max = -128;
    ASSERT_EQ(vit_classifier_s8(&layer.p, x.data(), logits.data(), &top), VIT_OK);
    EXPECT_EQ(top, 0);
    EXPECT_EQ(vit_classifier_s8(&layer.p, x.data(), logits.data(), nullptr), VIT_OK);
}

TEST(Linear, InvalidParametersReturnStatus)
{
    std::mt19937 rng(8);
    LinearLayer layer(rng, 8, 4, 0, 0);
    std::vector<int8_t> x(16), y(8);
    EXPECT_EQ(vit_linear_s8(nullptr, 2, x.data(), y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8(&layer.p, 2, nullptr, y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8(&layer.p, 2, x.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_linear_s8(&layer.p, 0, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_linear_s8(&layer.p, -1, x.data(), y.data()), VIT_ERR_DIM);
    vit_linear_params bad = layer.p;
    bad.weights = nullptr;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    bad = layer.p;
    bad.out_mult = nullptr;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    bad = layer.p;
    bad.in_dim = 0;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.out_dim = 0;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.in_dim = VIT_MAX_DOT_LEN + 1;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.in_zp = 128;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_PARAM);
    bad = layer.p;
    bad.act_min = 10;
    bad.act_max = 9;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_PARAM);
    bad = layer.p;
    bad.out_shift = nullptr;
    EXPECT_EQ(vit_linear_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_classifier_s8(&layer.p, nullptr, y.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_classifier_s8(nullptr, x.data(), y.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_classifier_s8(&layer.p, x.data(), nullptr, nullptr), VIT_ERR_NULL);
    bad = layer.p;
    bad.in_dim = 0;
    EXPECT_EQ(vit_classifier_s8(&bad, x.data(), y.data(), nullptr), VIT_ERR_DIM);
    bad = layer.p;
    bad.out_dim = 0;
    EXPECT_EQ(vit_classifier_s8(&bad, x.data(), y.data(), nullptr), VIT_ERR_DIM);
}

}  // namespace
