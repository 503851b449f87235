// Patch embedding and its decomposition into k x k sub-kernels.
#include <gtest/gtest.h>

#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

struct PatchLayer {
    std::vector<int8_t> w;
    std::vector<int32_t> bias, mult, shift;
    vit_patch_embed_params p{};

    PatchLayer(std::mt19937 &rng, int32_t h, int32_t wd, int32_t c, int32_t patch, int32_t d,
               int32_t in_zp, int32_t out_zp, int32_t shift_value)
    {
        w = random_s8(rng, static_cast<size_t>(d) * patch * patch * c, -127, 127);
        bias = random_s32(rng, d, -30000, 30000);
        mult = random_s32(rng, d, 1 << 30, INT32_MAX);
        shift.assign(d, shift_value);
        p = vit_patch_embed_params{h,           wd,          c,      patch, d,      w.data(),
                                   bias.data(), mult.data(), shift.data(), in_zp, out_zp,
                                   -128,        127};
    }
};

// Direct convolution, kernel = stride = P, valid padding.
std::vector<int8_t> ref_patch(const vit_patch_embed_params &p, const std::vector<int8_t> &img,
                              std::vector<double> *real = nullptr)
{
    const int gh = p.height / p.patch, gw = p.width / p.patch, P = p.patch, C = p.channels;
    std::vector<int8_t> out(static_cast<size_t>(gh) * gw * p.embed_dim);
    if (real) {
        real->assign(out.size(), 0);
    }
    for (int gy = 0; gy < gh; ++gy) {
        for (int gx = 0; gx < gw; ++gx) {
            for (int o = 0; o < p.embed_dim; ++o) {
                int64_t acc = p.bias ? p.bias[o] : 0;
                for (int y = 0; y < P; ++y) {
                    for (int x = 0; x < P; ++x) {
                        for (int c = 0; c < C; ++c) {
                            const int iy = gy * P + y, ix = gx * P + x;
                            acc += (int64_t{img[(iy * p.width + ix) * C + c]} - p.in_zp) *
                                   p.weights[((o * P + y) * P + x) * C + c];
                        }
                    }
                }
                const size_t idx = (static_cast<size_t>(gy) * gw + gx) * p.embed_dim + o;
                out[idx] = static_cast<int8_t>(clamp_i(
                    ref_rescale(acc, p.out_mult[o], p.out_shift[o]) + p.out_zp, p.act_min,
                    p.act_max));
                if (real) {
                    (*real)[idx] = double(acc) * real_of(p.out_mult[o], p.out_shift[o]) + p.out_zp;
                }
            }
        }
    }
    return out;
}

struct Case {
    int32_t patch, gh, gw, extra_h, extra_w, c, d;
};

TEST(PatchEmbed, MatchesReferenceAndEveryDecompositionIsBitIdentical)
{
    const Case cases[] = {
        {4, 3, 5, 0, 0, 3, 20},   // odd patch counts
        {4, 1, 1, 3, 2, 1, 7},    // one patch, leftover pixels ignored
        {8, 3, 2, 5, 0, 3, 19},   // odd embed dim
        {8, 2, 3, 0, 7, 2, 16},
        {16, 2, 1, 0, 0, 3, 24},  // ViT 16 x 16
        {16, 1, 3, 1, 15, 3, 5},
    };
    const int32_t zps[] = {-128, 127, 4};
    std::mt19937 rng(11);
    for (const Case &cs : cases) {
        for (int32_t zp : zps) {
            const int32_t h = cs.gh * cs.patch + cs.extra_h, w = cs.gw * cs.patch + cs.extra_w;
            PatchLayer layer(rng, h, w, cs.c, cs.patch, cs.d, zp, -3,
                             cs.patch >= 16 ? -12 : -10);
            const auto img = random_s8(rng, static_cast<size_t>(h) * w * cs.c);
            const int32_t n = vit_patch_embed_s8_get_num_tokens(h, w, cs.patch);
            ASSERT_EQ(n, cs.gh * cs.gw);
            const auto expect = ref_patch(layer.p, img);
            std::vector<int8_t> out(static_cast<size_t>(n) * cs.d, 0);
            ASSERT_EQ(vit_patch_embed_s8(&layer.p, img.data(), out.data()), VIT_OK);
            EXPECT_EQ(out, expect) << "P " << cs.patch << " zp " << zp;

            const int32_t need = vit_patch_embed_s8_decomposed_get_buffer_size(cs.d);
            ASSERT_EQ(need, 4 * cs.d);
            std::vector<int32_t> store;
            vit_scratch s = make_scratch(store, need);
            for (int32_t k = 1; k <= cs.patch; ++k) {
                if (cs.patch % k != 0) {
                    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, k, img.data(), out.data(), &s),
                              VIT_ERR_DIM);
                    continue;
                }
                std::fill(out.begin(), out.end(), 0);
                ASSERT_EQ(vit_patch_embed_s8_decomposed(&layer.p, k, img.data(), out.data(), &s),
                          VIT_OK);
                EXPECT_EQ(out, expect) << "P " << cs.patch << " k " << k << " zp " << zp;
            }
        }
    }
}

// Staged sub-kernels: every token, every sub-kernel staged into a buffer of
// vit_patch_embed_s8_subkernel_size bytes, accumulated, finished.
TEST(PatchEmbed, StagedSubkernelsAreBitIdentical)
{
    const Case cases[] = {{4, 3, 5, 0, 0, 3, 20}, {8, 3, 2, 5, 0, 3, 19}, {16, 1, 3, 1, 15, 3, 5}};
    std::mt19937 rng(23);
    for (const Case &cs : cases) {
        const int32_t h = cs.gh * cs.patch + cs.extra_h, w = cs.gw * cs.patch + cs.extra_w;
        PatchLayer layer(rng, h, w, cs.c, cs.patch, cs.d, 5, -3, cs.patch >= 16 ? -12 : -10);
        const auto img = random_s8(rng, static_cast<size_t>(h) * w * cs.c);
        const int32_t n = vit_patch_embed_s8_get_num_tokens(h, w, cs.patch);
        const auto expect = ref_patch(layer.p, img);
        for (int32_t k = 1; k <= cs.patch; ++k) {
            if (cs.patch % k != 0) {
                std::vector<int8_t> dummy(16);
                EXPECT_EQ(vit_patch_embed_s8_stage_subkernel(&layer.p, k, 0, 0, dummy.data()), VIT_ERR_DIM);
                continue;
            }
            const int32_t size = vit_patch_embed_s8_subkernel_size(cs.d, k, cs.c);
            ASSERT_EQ(size, cs.d * k * k * cs.c);
            std::vector<int8_t> staged(static_cast<size_t>(size));
            std::vector<int32_t> acc(static_cast<size_t>(cs.d));
            std::vector<int8_t> out(static_cast<size_t>(n) * cs.d, 0);
            const int32_t sub = cs.patch / k;
            for (int32_t t = 0; t < n; ++t) {
                ASSERT_EQ(vit_patch_embed_s8_token_start(&layer.p, acc.data()), VIT_OK);
                for (int32_t sy = 0; sy < sub; ++sy) {
                    for (int32_t sx = 0; sx < sub; ++sx) {
                        ASSERT_EQ(vit_patch_embed_s8_stage_subkernel(&layer.p, k, sy, sx, staged.data()), VIT_OK);
                        ASSERT_EQ(vit_patch_embed_s8_accumulate(&layer.p, k, t, sy, sx, staged.data(), img.data(),
                                                                acc.data()),
                                  VIT_OK);
                    }
                }
                ASSERT_EQ(vit_patch_embed_s8_token_finish(&layer.p, acc.data(), out.data() + size_t(t) * cs.d),
                          VIT_OK);
            }
            EXPECT_EQ(out, expect) << "P " << cs.patch << " k " << k;
            EXPECT_EQ(vit_patch_embed_s8_accumulate(&layer.p, k, n, 0, 0, staged.data(), img.data(), acc.data()),
                      VIT_ERR_DIM);
            EXPECT_EQ(vit_patch_embed_s8_accumulate(&layer.p, k, 0, sub, 0, staged.data(), img.data(), acc.data()),
                      VIT_ERR_DIM);
            EXPECT_EQ(vit_patch_embed_s8_accumulate(&layer.p, k, 0, 0, 0, nullptr, img.data(), acc.data()),
                      VIT_ERR_NULL);
        }
    }
}

TEST(PatchEmbed, WithinHalfLsbOfFloatReference)
{
    std::mt19937 rng(12);
    PatchLayer layer(rng, 32, 48, 3, 16, 12, -20, 2, -12);
    const auto img = random_s8(rng, 32 * 48 * 3);
    std::vector<double> real;
    ref_patch(layer.p, img, &real);
    std::vector<int8_t> out(6 * 12);
    ASSERT_EQ(vit_patch_embed_s8(&layer.p, img.data(), out.data()), VIT_OK);
    double worst = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        worst = std::max(worst, std::abs(out[i] - std::min(127.0, std::max(-128.0, real[i]))));
    }
    EXPECT_LE(worst, 0.5 + 1e-9);
}

TEST(PatchEmbed, InvalidParametersReturnStatus)
{
    std::mt19937 rng(13);
    PatchLayer layer(rng, 8, 8, 3, 4, 6, 0, 0, -10);
    std::vector<int8_t> img(8 * 8 * 3), out(4 * 6);
    std::vector<int32_t> store;
    vit_scratch s = make_scratch(store, 24);
    EXPECT_EQ(vit_patch_embed_s8(nullptr, img.data(), out.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_patch_embed_s8(&layer.p, nullptr, out.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_patch_embed_s8(&layer.p, img.data(), nullptr), VIT_ERR_NULL);
    vit_patch_embed_params bad = layer.p;
    bad.height = 3;  // smaller than a patch
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.channels = 0;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.patch = 0;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.embed_dim = 0;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.width = 0;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_DIM);
    bad = layer.p;
    bad.weights = nullptr;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_NULL);
    bad = layer.p;
    bad.out_mult = nullptr;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_NULL);
    bad = layer.p;
    bad.out_shift = nullptr;
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&bad, 2, img.data(), out.data(), &s), VIT_ERR_NULL);
    bad = layer.p;
    bad.out_zp = -129;
    EXPECT_EQ(vit_patch_embed_s8(&bad, img.data(), out.data()), VIT_ERR_PARAM);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 3, img.data(), out.data(), &s), VIT_ERR_DIM);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 0, img.data(), out.data(), &s), VIT_ERR_DIM);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 8, img.data(), out.data(), &s), VIT_ERR_DIM);
    vit_scratch small{s.buf, 23};
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, img.data(), out.data(), &small),
              VIT_ERR_BUFFER);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, img.data(), out.data(), nullptr),
              VIT_ERR_NULL);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, nullptr, out.data(), &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, img.data(), nullptr, &s), VIT_ERR_NULL);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(nullptr, 2, img.data(), out.data(), &s), VIT_ERR_NULL);
    vit_scratch misaligned{static_cast<char *>(s.buf) + 2, s.size};
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, img.data(), out.data(), &misaligned),
              VIT_ERR_BUFFER);
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&layer.p, 2, img.data(), out.data(), &s), VIT_OK);
    bad = layer.p;
    bad.embed_dim = 1 << 30;  // scratch size overflows int32: rejected before any access
    EXPECT_EQ(vit_patch_embed_s8_decomposed(&bad, 2, img.data(), out.data(), &s), VIT_ERR_DIM);
    EXPECT_EQ(vit_patch_embed_s8_get_num_tokens(0, 8, 4), VIT_ERR_DIM);
    EXPECT_EQ(vit_patch_embed_s8_decomposed_get_buffer_size(0), VIT_ERR_DIM);
}

}  // namespace
