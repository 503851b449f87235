// The cross-target test vectors: golden checksums (the same table is checked
// by the portable and the DSP-emulated builds, and is what the firmware must
// print), groups that must agree, and the line format.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

extern "C" {
#include "testvec.h"
}

namespace {

const std::map<std::string, uint32_t> kGolden = {
    {"linear_37x19_n5", 0xe76207b9u},
    {"linear_64x48_n8", 0xa2041034u},
    {"linear_inplace_24to40_n7", 0xf62e633eu},
    {"linear_inplace_40to24_n6", 0x7bca86d3u},
    {"lowrank_48r8to30_n4", 0x8981c9e9u},
    {"lowrank_inplace_32r12to48_n5", 0xd53e5ba1u},
    {"patch_embed_p8", 0x952c377eu},
    {"patch_embed_p8_k1", 0x952c377eu},
    {"patch_embed_p8_k2", 0x952c377eu},
    {"patch_embed_p8_k4", 0x952c377eu},
    {"layernorm_d48_it1", 0x23aa57c4u},
    {"layernorm_d48_it3", 0x13c17624u},
    {"layernorm_d48_it4", 0x13c17624u},
    {"gelu_300", 0x5847a176u},
    {"gelu_300_lut", 0x5847a176u},
    {"softmax_6x33", 0x490afa2du},
    {"mhsa_n13_h3_d12", 0xa8bc08f6u},
    {"mhsa_full_n13_h3_d12", 0xa8bc08f6u},
    {"residual_77", 0x743a4748u},
    {"pool_mean_cls_9x40", 0x85af0516u},
    {"classifier_40to10", 0x909fe0f2u},
};

alignas(4) uint8_t g_arena[VIT_TESTVEC_ARENA_BYTES];

TEST(TestVectors, EveryCaseMatchesItsGoldenChecksum)
{
    ASSERT_EQ(vit_testvec_count(), static_cast<int32_t>(kGolden.size()));
    for (int32_t i = 0; i < vit_testvec_count(); ++i) {
        vit_testvec_result r;
        std::memset(g_arena, 0xEE, sizeof g_arena);
        ASSERT_EQ(vit_testvec_run(i, g_arena, sizeof g_arena, &r), VIT_OK) << r.name;
        EXPECT_EQ(r.status, VIT_OK);
        EXPECT_GT(r.out_bytes, 0);
        const auto it = kGolden.find(r.name);
        ASSERT_NE(it, kGolden.end()) << r.name;
        EXPECT_EQ(r.checksum, it->second) << r.name;
        // Results do not depend on what the arena held before.
        vit_testvec_result again;
        std::memset(g_arena, 0x00, sizeof g_arena);
        ASSERT_EQ(vit_testvec_run(i, g_arena, sizeof g_arena, &again), VIT_OK);
        EXPECT_EQ(again.checksum, r.checksum) << r.name;
    }
}

TEST(TestVectors, PrngAndChecksumAreTheDocumentedFunctions)
{
    vit_rng r;
    vit_rng_seed(&r, 1);
    EXPECT_EQ(vit_rng_next(&r), 270369u);  // xorshift32 (13, 17, 5) from 1
    // FNV-1a of "a" is 0xe40c292c.
    EXPECT_EQ(vit_fnv1a(VIT_FNV1A_INIT, "a", 1), 0xe40c292cu);
    EXPECT_EQ(vit_fnv1a(VIT_FNV1A_INIT, "", 0), VIT_FNV1A_INIT);
    vit_rng_seed(&r, 0);
    EXPECT_NE(r.state, 0u);
    for (int i = 0; i < 1000; ++i) {
        const int32_t v = vit_rng_range(&r, -3, 5);
        EXPECT_GE(v, -3);
        EXPECT_LE(v, 5);
    }
}

TEST(TestVectors, FormatAndErrors)
{
    vit_testvec_result r{"case_x", 0x0a0b0c0du, VIT_OK, 3};
    char line[64];
    EXPECT_EQ(vit_testvec_format(&r, line, sizeof line), 30);
    EXPECT_STREQ(line, "vit-testvec case_x 0a0b0c0d 0\n");
    r.status = VIT_ERR_BUFFER;
    ASSERT_GT(vit_testvec_format(&r, line, sizeof line), 0);
    EXPECT_STREQ(line, "vit-testvec case_x 0a0b0c0d -3\n");
    EXPECT_EQ(vit_testvec_format(&r, line, 10), -1);

    vit_testvec_result out;
    EXPECT_EQ(vit_testvec_run(-1, g_arena, sizeof g_arena, &out), VIT_ERR_DIM);
    EXPECT_EQ(vit_testvec_run(vit_testvec_count(), g_arena, sizeof g_arena, &out), VIT_ERR_DIM);
    EXPECT_EQ(vit_testvec_run(0, nullptr, sizeof g_arena, &out), VIT_ERR_NULL);
    EXPECT_EQ(vit_testvec_run(0, g_arena, 100, &out), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_testvec_run(0, g_arena + 1, sizeof g_arena - 1, &out), VIT_ERR_BUFFER);
    EXPECT_EQ(vit_testvec_run(0, g_arena, sizeof g_arena, nullptr), VIT_ERR_NULL);
}

}  // namespace
