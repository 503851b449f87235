// GeLU (x * sigmoid(1.702 x)), lookup tables and integer softmax.
#include <gtest/gtest.h>

#include <cstdio>

#include "exp2_reference.hpp"
#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

// ---- integer references, written from the documented arithmetic ----------

int8_t ref_gelu(const vit_gelu_params &p, int x)
{
    const int64_t xr = x - p.in_zp;
    const int64_t e = ref_exp2_q30(ref_log2_q24(-std::abs(xr), p.sig_mult, p.sig_shift));
    const uint64_t den = ((uint64_t{1} << 30) + static_cast<uint64_t>(e) + 8192) / 16384;
    const int64_t r = static_cast<int64_t>(((uint64_t{1} << 31) + den / 2) / den);
    const int64_t sig = xr >= 0 ? r : 32768 - r;
    return static_cast<int8_t>(
        clamp_i(ref_rescale(xr * sig, p.out_mult, p.out_shift, 15) + p.out_zp, -128, 127));
}

std::vector<int8_t> ref_softmax(const vit_softmax_params &p, int rows, int cols,
                                const std::vector<int8_t> &x)
{
    std::vector<int8_t> out(x.size());
    for (int r = 0; r < rows; ++r) {
        const int8_t *row = x.data() + r * cols;
        const int mx = *std::max_element(row, row + cols);
        std::vector<int64_t> e(cols);
        uint64_t sum = 0;
        for (int j = 0; j < cols; ++j) {
            e[j] = ref_exp2_q30(ref_log2_q24(row[j] - mx, p.input_mult, p.input_shift));
            sum += static_cast<uint64_t>(e[j]);
        }
        const uint64_t recip = (uint64_t{1} << 61) / sum;
        for (int j = 0; j < cols; ++j) {
            const uint64_t q = (static_cast<uint64_t>(e[j]) * recip + (uint64_t{1} << 52)) >> 53;
            out[r * cols + j] = static_cast<int8_t>(std::min<int64_t>(127, int64_t(q) - 128));
        }
    }
    return out;
}

double gelu_sigmoid(double x) { return x / (1.0 + std::exp(-1.702 * x)); }
double gelu_erf(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

std::vector<int8_t> all_int8()
{
    std::vector<int8_t> v(256);
    for (int i = 0; i < 256; ++i) {
        v[i] = static_cast<int8_t>(i - 128);
    }
    return v;
}

struct GeluCase {
    double s_in;
    int in_zp;
    double s_out;
    int out_zp;
};

const GeluCase kGeluCases[] = {
    {0.05, 0, 0.04, -40},     // typical: range [-6.4, 6.35]
    {0.02, -128, 0.02, -10},  // zero point at the bottom: all inputs >= 0
    {0.03, 127, 0.005, 100},  // zero point at the top: all inputs <= 0
    {0.1, 10, 0.1, -20},      // wide range, saturating outputs
    {0.004, -3, 0.002, -60},  // narrow range near 0
};

TEST(Gelu, MatchesIntegerReferenceAndLutForAllInputs)
{
    const auto x = all_int8();
    for (const GeluCase &c : kGeluCases) {
        vit_gelu_params p;
        ASSERT_EQ(vit_gelu_s8_params_init(c.s_in, c.in_zp, c.s_out, c.out_zp, &p), VIT_OK);
        std::vector<int8_t> y(256), lut(256), y_lut(256);
        ASSERT_EQ(vit_gelu_s8(&p, x.data(), y.data(), 256), VIT_OK);
        for (int i = 0; i < 256; ++i) {
            EXPECT_EQ(y[i], ref_gelu(p, x[i])) << "x " << int(x[i]) << " s_in " << c.s_in;
        }
        ASSERT_EQ(vit_gelu_s8_make_lut(&p, lut.data()), VIT_OK);
        ASSERT_EQ(vit_lut_s8(lut.data(), x.data(), y_lut.data(), 256), VIT_OK);
        EXPECT_EQ(y_lut, y);
        // In place.
        auto z = x;
        ASSERT_EQ(vit_gelu_s8(&p, z.data(), z.data(), 256), VIT_OK);
        EXPECT_EQ(z, y);
    }
}

// Error bounds: against x * sigmoid(1.702 x) (the function the kernel
// implements) the integer path adds at most ~0.5 LSB of output rounding; the
// sigmoid form itself differs from the erf GeLU by at most 0.0205 in real
// units (|x sigma(1.702 x) - x Phi(x)| <= 0.0205), which the second bound adds.
TEST(Gelu, FloatErrorBounds)
{
    const auto x = all_int8();
    double worst_sig = 0, worst_erf_excess = 0;
    for (const GeluCase &c : kGeluCases) {
        vit_gelu_params p;
        ASSERT_EQ(vit_gelu_s8_params_init(c.s_in, c.in_zp, c.s_out, c.out_zp, &p), VIT_OK);
        std::vector<int8_t> y(256);
        ASSERT_EQ(vit_gelu_s8(&p, x.data(), y.data(), 256), VIT_OK);
        for (int i = 0; i < 256; ++i) {
            const double xr = c.s_in * (x[i] - c.in_zp);
            const auto q = [&](double v) {
                return std::min(127.0, std::max(-128.0, v / c.s_out + c.out_zp));
            };
            worst_sig = std::max(worst_sig, std::abs(y[i] - q(gelu_sigmoid(xr))));
            const double e_erf = std::abs(y[i] - q(gelu_erf(xr)));
            worst_erf_excess = std::max(worst_erf_excess, e_erf - 0.0205 / c.s_out);
        }
    }
    std::printf("[gelu] max |error| vs x*sigmoid(1.702x): %.4f LSB; vs erf GeLU: "
                "0.0205/s_out + %.4f LSB\n",
                worst_sig, worst_erf_excess);
    EXPECT_LE(worst_sig, 0.51);
    EXPECT_LE(worst_erf_excess, 0.51);
    // The approximation error itself, in real units.
    double approx = 0;
    for (double v = -8; v <= 8; v += 1e-3) {
        approx = std::max(approx, std::abs(gelu_sigmoid(v) - gelu_erf(v)));
    }
    EXPECT_LE(approx, 0.0205);
}

TEST(Gelu, InvalidParametersReturnStatus)
{
    vit_gelu_params p;
    ASSERT_EQ(vit_gelu_s8_params_init(0.05, 0, 0.05, 0, &p), VIT_OK);
    std::vector<int8_t> x(4), y(4), lut(256);
    EXPECT_EQ(vit_gelu_s8(nullptr, x.data(), y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_gelu_s8(&p, nullptr, y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_gelu_s8(&p, x.data(), nullptr, 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_gelu_s8(&p, x.data(), y.data(), 0), VIT_ERR_DIM);
    vit_gelu_params bad = p;
    bad.sig_shift = 31;
    EXPECT_EQ(vit_gelu_s8(&bad, x.data(), y.data(), 4), VIT_ERR_PARAM);
    bad = p;
    bad.in_zp = -129;
    EXPECT_EQ(vit_gelu_s8(&bad, x.data(), y.data(), 4), VIT_ERR_PARAM);
    bad = p;
    bad.out_mult = -1;
    EXPECT_EQ(vit_gelu_s8_make_lut(&bad, lut.data()), VIT_ERR_PARAM);
    EXPECT_EQ(vit_gelu_s8_make_lut(&p, nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_lut_s8(nullptr, x.data(), y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_lut_s8(lut.data(), x.data(), y.data(), -2), VIT_ERR_DIM);
    EXPECT_EQ(vit_lut_s8(lut.data(), x.data(), y.data(), 0), VIT_ERR_DIM);
    EXPECT_EQ(vit_lut_s8(lut.data(), nullptr, y.data(), 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_lut_s8(lut.data(), x.data(), nullptr, 4), VIT_ERR_NULL);
    EXPECT_EQ(vit_gelu_s8(&p, x.data(), y.data(), -1), VIT_ERR_DIM);
    EXPECT_EQ(vit_gelu_s8_params_init(0.0, 0, 0.05, 0, &p), VIT_ERR_PARAM);
}

std::vector<double> float_softmax(double s_in, int rows, int cols, const std::vector<int8_t> &x)
{
    std::vector<double> out(x.size());
    for (int r = 0; r < rows; ++r) {
        const int8_t *row = x.data() + r * cols;
        const int mx = *std::max_element(row, row + cols);
        double sum = 0;
        for (int j = 0; j < cols; ++j) {
            sum += std::exp(s_in * (row[j] - mx));
        }
        for (int j = 0; j < cols; ++j) {
            out[r * cols + j] = std::exp(s_in * (row[j] - mx)) / sum * 256.0 - 128.0;
        }
    }
    return out;
}

TEST(Softmax, MatchesIntegerReference)
{
    std::mt19937 rng(31);
    const int shapes[][2] = {{1, 1}, {3, 2}, {5, 7}, {6, 33}, {2, 196}, {1, 1000}};
    for (double s_in : {0.02, 0.0625, 0.25, 1.0}) {
        vit_softmax_params p;
        ASSERT_EQ(vit_softmax_s8_params_init(s_in, 1.0, &p), VIT_OK);
        for (const auto &sh : shapes) {
            const auto x = random_s8(rng, static_cast<size_t>(sh[0]) * sh[1]);
            std::vector<int8_t> y(x.size());
            ASSERT_EQ(vit_softmax_s8(&p, sh[0], sh[1], x.data(), y.data()), VIT_OK);
            EXPECT_EQ(y, ref_softmax(p, sh[0], sh[1], x)) << sh[0] << "x" << sh[1];
        }
    }
}

// Against float softmax the output is within about half an LSB (1/512 in
// probability); the exponential's relative error (< 3e-6) is far below that.
TEST(Softmax, FloatErrorBound)
{
    std::mt19937 rng(32);
    double worst = 0;
    for (double s_in : {0.01, 0.05, 0.2, 1.0}) {
        vit_softmax_params p;
        ASSERT_EQ(vit_softmax_s8_params_init(s_in, 1.0, &p), VIT_OK);
        for (int cols : {2, 10, 50, 197}) {
            const int rows = 8;
            const auto x = random_s8(rng, static_cast<size_t>(rows) * cols);
            std::vector<int8_t> y(x.size());
            ASSERT_EQ(vit_softmax_s8(&p, rows, cols, x.data(), y.data()), VIT_OK);
            const auto f = float_softmax(s_in, rows, cols, x);
            for (size_t i = 0; i < y.size(); ++i) {
                worst = std::max(worst, std::abs(y[i] - std::min(127.0, f[i])));
            }
        }
    }
    std::printf("[softmax] max |error| vs float softmax: %.4f LSB (1 LSB = 1/256)\n", worst);
    EXPECT_LE(worst, 0.51);
}

TEST(Softmax, EdgeCases)
{
    vit_softmax_params p;
    ASSERT_EQ(vit_softmax_s8_params_init(0.1, 1.0, &p), VIT_OK);
    // One column: probability 1 saturates at 127.
    int8_t one = -5, out = 0;
    ASSERT_EQ(vit_softmax_s8(&p, 1, 1, &one, &out), VIT_OK);
    EXPECT_EQ(out, 127);
    // Uniform row of 4: 0.25 * 256 - 128 = -64.
    std::vector<int8_t> u(4, 100), uo(4);
    ASSERT_EQ(vit_softmax_s8(&p, 1, 4, u.data(), uo.data()), VIT_OK);
    EXPECT_EQ(uo, std::vector<int8_t>(4, -64));
    // Extremes: -128 against 127 with a large scale underflows to -128.
    std::vector<int8_t> ex = {-128, 127, -128}, eo(3);
    vit_softmax_params big;
    ASSERT_EQ(vit_softmax_s8_params_init(1.0, 1.0, &big), VIT_OK);
    ASSERT_EQ(vit_softmax_s8(&big, 1, 3, ex.data(), eo.data()), VIT_OK);
    EXPECT_EQ(eo, (std::vector<int8_t>{-128, 127, -128}));
    // In place.
    std::mt19937 rng(33);
    auto x = random_s8(rng, 3 * 17);
    const auto expect = ref_softmax(p, 3, 17, x);
    ASSERT_EQ(vit_softmax_s8(&p, 3, 17, x.data(), x.data()), VIT_OK);
    EXPECT_EQ(x, expect);
}

TEST(Softmax, InvalidParametersReturnStatus)
{
    vit_softmax_params p;
    ASSERT_EQ(vit_softmax_s8_params_init(0.1, 1.0, &p), VIT_OK);
    std::vector<int8_t> x(8), y(8);
    EXPECT_EQ(vit_softmax_s8(nullptr, 1, 8, x.data(), y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_softmax_s8(&p, 1, 8, nullptr, y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_softmax_s8(&p, 1, 8, x.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_softmax_s8(&p, -1, 8, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_softmax_s8(&p, 0, 8, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_softmax_s8(&p, 1, 0, x.data(), y.data()), VIT_ERR_DIM);
    EXPECT_EQ(vit_softmax_s8(&p, 1, VIT_MAX_TOKENS + 1, x.data(), y.data()), VIT_ERR_DIM);
    vit_softmax_params bad = p;
    bad.input_shift = -32;
    EXPECT_EQ(vit_softmax_s8(&bad, 1, 8, x.data(), y.data()), VIT_ERR_PARAM);
    EXPECT_EQ(vit_softmax_s8_params_init(0.1, 0.0, &p), VIT_ERR_PARAM);
}

}  // namespace
