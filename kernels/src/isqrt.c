/* Integer square root, MCUFormer appendix A, Algorithm 1 (see vit/layernorm.h). */
#include <stdint.h>

#include "vit/layernorm.h"

uint32_t vit_isqrt_u32(uint32_t x, int32_t iterations)
{
    if (x == 0u) {
        return 0u;
    }
    if (iterations > VIT_ISQRT_MAX_ITERS) {
        iterations = VIT_ISQRT_MAX_ITERS;
    }
    /* P = ceil(log2 x): the smallest P with 2^P >= x (0..32). */
    int32_t P = 0;
    while (P < 32 && ((uint64_t)1 << P) < (uint64_t)x) {
        ++P;
    }
    /* x_0 = 2^ceil(P / 2) >= sqrt(x); at most 2^16. */
    uint32_t xi = (uint32_t)1 << ((P + 1) / 2);
    for (int32_t i = 0; i < iterations; ++i) {
        /* xi >= floor(sqrt(x)) >= 1 throughout, and xi + x / xi < 2^18. */
        xi = (xi + x / xi) >> 1;
    }
    return xi;
}
