/* Internal: validation shared by the two patch-embedding kernels. */
#ifndef VIT_SRC_PATCH_EMBED_COMMON_H
#define VIT_SRC_PATCH_EMBED_COMMON_H

#include "vit/patch_embed.h"

vit_status vit_check_patch_embed(const vit_patch_embed_params *p, const int8_t *img,
                                 const int8_t *out);

#endif
