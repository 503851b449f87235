// Multi-head self-attention: row-at-a-time and full-matrix schedules.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "exp2_reference.hpp"
#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

struct Attn {
    vit_mhsa_params p{};
    std::vector<int8_t> qkv;  // fused [n][3 * D]
    double s_q = 0.05, s_k = 0.04, s_v = 0.03, s_out = 0.02;

    Attn(std::mt19937 &rng, int n, int heads, int dh, int zq, int zk, int zv, int zo)
    {
        const int d = heads * dh;
        p.n_tokens = n;
        p.n_heads = heads;
        p.head_dim = dh;
        p.qkv_stride = 3 * d;
        p.out_stride = d;
        p.q_zp = zq;
        p.k_zp = zk;
        p.v_zp = zv;
        p.out_zp = zo;
        EXPECT_EQ(vit_mhsa_s8_set_scales(s_q, s_k, s_v, s_out, &p), VIT_OK);
        qkv = random_s8(rng, static_cast<size_t>(n) * 3 * d);
    }
    const int8_t *q() const { return qkv.data(); }
    const int8_t *k() const { return qkv.data() + p.n_heads * p.head_dim; }
    const int8_t *v() const { return qkv.data() + 2 * p.n_heads * p.head_dim; }
};

std::vector<int8_t> ref_mhsa(const vit_mhsa_params &p, const int8_t *q, const int8_t *k,
                             const int8_t *v)
{
    const int n = p.n_tokens, dh = p.head_dim, qs = p.qkv_stride;
    std::vector<int8_t> out(static_cast<size_t>(n) * p.out_stride, 0);
    for (int h = 0; h < p.n_heads; ++h) {
        for (int i = 0; i < n; ++i) {
            std::vector<int64_t> s(n);
            for (int j = 0; j < n; ++j) {
                int64_t acc = 0;
                for (int d = 0; d < dh; ++d) {
                    acc += int64_t{q[i * qs + h * dh + d] - p.q_zp} * (k[j * qs + h * dh + d] - p.k_zp);
                }
                s[j] = acc;
            }
            const int64_t mx = *std::max_element(s.begin(), s.end());
            uint64_t sum = 0;
            for (auto &e : s) {
                e = ref_exp2_q30(ref_log2_q24(e - mx, p.score_mult, p.score_shift));
                sum += static_cast<uint64_t>(e);
            }
            const uint64_t recip = (uint64_t{1} << 61) / sum;
            for (auto &e : s) {
                e = static_cast<int64_t>((static_cast<uint64_t>(e) * recip + (uint64_t{1} << 45)) >> 46);
            }
            for (int d = 0; d < dh; ++d) {
                int64_t acc = 0;
                for (int j = 0; j < n; ++j) {
                    acc += s[j] * (v[j * qs + h * dh + d] - p.v_zp);
                }
                out[i * p.out_stride + h * dh + d] = static_cast<int8_t>(clamp_i(
                    ref_rescale(acc, p.out_mult, p.out_shift, 15) + p.out_zp, -128, 127));
            }
        }
    }
    return out;
}

std::vector<double> float_mhsa(const Attn &a)
{
    const auto &p = a.p;
    const int n = p.n_tokens, dh = p.head_dim, qs = p.qkv_stride;
    std::vector<double> out(static_cast<size_t>(n) * p.out_stride, 0);
    for (int h = 0; h < p.n_heads; ++h) {
        for (int i = 0; i < n; ++i) {
            std::vector<double> s(n);
            for (int j = 0; j < n; ++j) {
                double acc = 0;
                for (int d = 0; d < dh; ++d) {
                    acc += a.s_q * (a.q()[i * qs + h * dh + d] - p.q_zp) * a.s_k *
                           (a.k()[j * qs + h * dh + d] - p.k_zp);
                }
                s[j] = acc / std::sqrt(double(dh));
            }
            const double mx = *std::max_element(s.begin(), s.end());
            double sum = 0;
            for (auto &e : s) {
                e = std::exp(e - mx);
                sum += e;
            }
            for (int d = 0; d < dh; ++d) {
                double acc = 0;
                for (int j = 0; j < n; ++j) {
                    acc += s[j] / sum * a.s_v * (a.v()[j * qs + h * dh + d] - p.v_zp);
                }
                out[i * p.out_stride + h * dh + d] = acc / a.s_out + p.out_zp;
            }
        }
    }
    return out;
}

struct Shape {
    int n, heads, dh;
};

const Shape kShapes[] = {{1, 1, 4}, {13, 3, 12}, {7, 2, 5}, {20, 4, 16}, {3, 1, 1}, {50, 3, 64}};

TEST(Mhsa, RowAndFullMatchIntegerReferenceBitExactly)
{
    std::mt19937 rng(41);
    const int zps[][4] = {{0, 0, 0, 0}, {-128, 127, -128, 5}, {127, -128, 127, -5}, {13, -7, 2, 0}};
    for (const Shape &sh : kShapes) {
        for (const auto &z : zps) {
            Attn a(rng, sh.n, sh.heads, sh.dh, z[0], z[1], z[2], z[3]);
            const auto expect = ref_mhsa(a.p, a.q(), a.k(), a.v());
            std::vector<int8_t> out(expect.size(), 0);
            std::vector<int32_t> store;
            vit_scratch s = make_scratch(store, vit_mhsa_s8_get_buffer_size(sh.n));
            ASSERT_EQ(s.size, 4 * sh.n);
            ASSERT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), &s), VIT_OK);
            EXPECT_EQ(out, expect) << "n " << sh.n << " heads " << sh.heads;
            std::vector<int8_t> out_full(expect.size(), 0);
            vit_scratch sf = make_scratch(store, vit_mhsa_s8_full_get_buffer_size(sh.n));
            ASSERT_EQ(sf.size, 4 * sh.n * sh.n);
            ASSERT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out_full.data(), &sf), VIT_OK);
            EXPECT_EQ(out_full, out);
        }
    }
}

TEST(Mhsa, OutputMayOverwriteQueryColumnsOfFusedBuffer)
{
    std::mt19937 rng(42);
    for (int full = 0; full < 2; ++full) {
        Attn a(rng, 11, 3, 8, 3, -4, 6, 1);
        const auto expect = ref_mhsa(a.p, a.q(), a.k(), a.v());
        vit_mhsa_params p = a.p;
        p.out_stride = p.qkv_stride;
        std::vector<int8_t> buf = a.qkv;
        std::vector<int32_t> store;
        vit_scratch s = make_scratch(store, full ? vit_mhsa_s8_full_get_buffer_size(11)
                                                 : vit_mhsa_s8_get_buffer_size(11));
        const int d = 24;
        const auto st = full ? vit_mhsa_s8_full(&p, buf.data(), buf.data() + d, buf.data() + 2 * d,
                                                buf.data(), &s)
                             : vit_mhsa_s8(&p, buf.data(), buf.data() + d, buf.data() + 2 * d,
                                           buf.data(), &s);
        ASSERT_EQ(st, VIT_OK);
        for (int i = 0; i < 11; ++i) {
            EXPECT_EQ(std::memcmp(buf.data() + i * 3 * d, expect.data() + i * d, d), 0) << i;
            // K and V columns are untouched.
            EXPECT_EQ(std::memcmp(buf.data() + i * 3 * d + d, a.qkv.data() + i * 3 * d + d, 2 * d), 0);
        }
    }
}

// Against float attention (exact softmax of the real scores, real V) the
// error is the output rounding plus the Q15 probabilities (n * 2^-16 in
// probability at worst); measured bound asserted below.
TEST(Mhsa, FloatErrorBound)
{
    std::mt19937 rng(43);
    double worst = 0;
    for (const Shape &sh : {Shape{13, 3, 12}, Shape{50, 3, 64}, Shape{197, 3, 64}, Shape{8, 2, 32}}) {
        Attn a(rng, sh.n, sh.heads, sh.dh, 7, -3, 1, -2);
        std::vector<int8_t> out(static_cast<size_t>(sh.n) * sh.heads * sh.dh);
        std::vector<int32_t> store;
        vit_scratch s = make_scratch(store, vit_mhsa_s8_get_buffer_size(sh.n));
        ASSERT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), &s), VIT_OK);
        const auto f = float_mhsa(a);
        for (size_t i = 0; i < out.size(); ++i) {
            worst = std::max(worst, std::abs(out[i] - std::min(127.0, std::max(-128.0, f[i]))));
        }
    }
    std::printf("[mhsa] max |error| vs float attention: %.4f LSB\n", worst);
    EXPECT_LE(worst, 0.6);
}

TEST(Mhsa, InvalidParametersReturnStatus)
{
    std::mt19937 rng(44);
    Attn a(rng, 5, 2, 4, 0, 0, 0, 0);
    std::vector<int8_t> out(5 * 8);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, 5 * 4);
    EXPECT_EQ(vit_mhsa_s8(nullptr, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8(&a.p, nullptr, a.k(), a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), nullptr, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), nullptr), VIT_ERR_NULL);
    vit_scratch small{s.buf, 19};
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), &small), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_BUFFER);
    vit_mhsa_params bad = a.p;
    bad.n_tokens = 0;
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.head_dim = 0;
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.qkv_stride = 7;  // smaller than heads * head_dim
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.v_zp = 128;
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_PARAM);
    bad = a.p;
    bad.score_shift = 40;
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_PARAM);
    EXPECT_EQ(vit_mhsa_s8_get_buffer_size(0), VIT_ERR_DIM);
    EXPECT_EQ(vit_mhsa_s8_full_get_buffer_size(VIT_MAX_TOKENS + 1), VIT_ERR_DIM);
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), nullptr, a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), nullptr, out.data(), &s), VIT_ERR_NULL);
    bad = a.p;
    bad.n_heads = 0;
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.out_stride = 7;  // smaller than heads * head_dim
    EXPECT_EQ(vit_mhsa_s8(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    vit_scratch misaligned{static_cast<char *>(s.buf) + 1, s.size - 1};
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), &misaligned), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_mhsa_s8(&a.p, a.q(), a.k(), a.v(), out.data(), &s), VIT_OK);
}

TEST(Mhsa, FullInvalidParametersReturnStatus)
{
    std::mt19937 rng(45);
    Attn a(rng, 5, 2, 4, 0, 0, 0, 0);
    std::vector<int8_t> out(5 * 8);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, vit_mhsa_s8_full_get_buffer_size(5));
    EXPECT_EQ(vit_mhsa_s8_full(nullptr, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, nullptr, a.k(), a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), nullptr, a.v(), out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), nullptr, out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), nullptr, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out.data(), nullptr), VIT_ERR_NULL);
    vit_mhsa_params bad = a.p;
    bad.n_tokens = 0;
    EXPECT_EQ(vit_mhsa_s8_full(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.head_dim = 0;
    EXPECT_EQ(vit_mhsa_s8_full(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_DIM);
    bad = a.p;
    bad.q_zp = -129;
    EXPECT_EQ(vit_mhsa_s8_full(&bad, a.q(), a.k(), a.v(), out.data(), &s), VIT_ERR_PARAM);
    vit_scratch small{s.buf, s.size - 4};
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out.data(), &small), VIT_ERR_BUFFER);
    vit_scratch misaligned{static_cast<char *>(s.buf) + 2, s.size - 2};
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out.data(), &misaligned), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_mhsa_s8_full_get_buffer_size(0), VIT_ERR_DIM);
    EXPECT_EQ(vit_mhsa_s8_full(&a.p, a.q(), a.k(), a.v(), out.data(), &s), VIT_OK);
}

}  // namespace
