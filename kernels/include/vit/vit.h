/**
 * @file vit/vit.h
 * @brief Umbrella header of the int8 vision-transformer kernel library.
 */
#ifndef VIT_VIT_H
#define VIT_VIT_H

#include "vit/activation.h"
#include "vit/attention.h"
#include "vit/elementwise.h"
#include "vit/layernorm.h"
#include "vit/linear.h"
#include "vit/patch_embed.h"
#include "vit/quant.h"
#include "vit/types.h"

#endif /* VIT_VIT_H */
