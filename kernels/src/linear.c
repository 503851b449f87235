/* Out-of-place fully connected layer over tokens (see vit/linear.h). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "vit/linear.h"

vit_status vit_linear_s8(const vit_linear_params *p, int32_t n_tokens, const int8_t *in,
                         int8_t *out)
{
    const vit_status st = vit_check_linear(p);
    if (st != VIT_OK) {
        return st;
    }
    if (in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (n_tokens <= 0) {
        return VIT_ERR_DIM;
    }
    vit_matmul_s8(p, in, n_tokens, out, p->out_dim);
    return VIT_OK;
}
