/* Table lookup for element-wise int8 functions (see vit/activation.h). */
#include <stddef.h>
#include <stdint.h>

#include "vit/activation.h"

vit_status vit_lut_s8(const int8_t lut[256], const int8_t *in, int8_t *out, int32_t size)
{
    if (lut == NULL || in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (size <= 0) {
        return VIT_ERR_DIM;
    }
    for (int32_t i = 0; i < size; ++i) {
        out[i] = lut[(int32_t)in[i] + 128];
    }
    return VIT_OK;
}
