/* Classifier head: one fully connected layer on the pooled feature and the
 * arg-max of its logits (see vit/linear.h). */
#include <stdint.h>

#include "vit/linear.h"

vit_status vit_classifier_s8(const vit_linear_params *p, const int8_t *feature,
                             int8_t *logits, int32_t *top_class)
{
    const vit_status st = vit_linear_s8(p, 1, feature, logits);
    if (st != VIT_OK) {
        return st;
    }
    if (top_class != NULL) {
        int32_t best = 0;
        for (int32_t o = 1; o < p->out_dim; ++o) {
            if (logits[o] > logits[best]) {
                best = o;
            }
        }
        *top_class = best;
    }
    return VIT_OK;
}
