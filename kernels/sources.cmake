# The kernel library's sources, for any build that compiles them: the host
# library below and the Cortex-M firmware (mcuprof_add_firmware(... SOURCES
# ${VIT_KERNELS_SOURCES}) with include directory ${VIT_KERNELS_INCLUDE_DIRS}).
# include() this file from anywhere; it only sets variables.
set(VIT_KERNELS_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(VIT_KERNELS_INCLUDE_DIRS "${VIT_KERNELS_DIR}/include")
set(VIT_KERNELS_SOURCES
  "${VIT_KERNELS_DIR}/src/attention.c"
  "${VIT_KERNELS_DIR}/src/attention_common.c"
  "${VIT_KERNELS_DIR}/src/attention_full.c"
  "${VIT_KERNELS_DIR}/src/check.c"
  "${VIT_KERNELS_DIR}/src/classifier.c"
  "${VIT_KERNELS_DIR}/src/fixed_exp.c"
  "${VIT_KERNELS_DIR}/src/gelu.c"
  "${VIT_KERNELS_DIR}/src/isqrt.c"
  "${VIT_KERNELS_DIR}/src/layernorm.c"
  "${VIT_KERNELS_DIR}/src/linear.c"
  "${VIT_KERNELS_DIR}/src/linear_inplace.c"
  "${VIT_KERNELS_DIR}/src/linear_lowrank.c"
  "${VIT_KERNELS_DIR}/src/lut.c"
  "${VIT_KERNELS_DIR}/src/matmul.c"
  "${VIT_KERNELS_DIR}/src/patch_embed.c"
  "${VIT_KERNELS_DIR}/src/patch_embed_decomposed.c"
  "${VIT_KERNELS_DIR}/src/patch_embed_staged.c"
  "${VIT_KERNELS_DIR}/src/pooling.c"
  "${VIT_KERNELS_DIR}/src/quant.c"
  "${VIT_KERNELS_DIR}/src/residual.c"
  "${VIT_KERNELS_DIR}/src/softmax.c"
)
# Deterministic test vectors (seeded inputs + FNV-1a checksums) that run the
# same cases on the host and in firmware; link them next to the kernels.
set(VIT_TESTVEC_SOURCES "${VIT_KERNELS_DIR}/testvec/testvec.c")
set(VIT_TESTVEC_INCLUDE_DIRS "${VIT_KERNELS_DIR}/testvec")
# Flags the kernels are written against (C11, warnings as errors).
set(VIT_KERNELS_C_FLAGS -std=c11 -Wall -Wextra -Werror)
