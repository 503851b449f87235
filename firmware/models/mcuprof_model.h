/*
 * The interface of a generated model (tools/codegen/codegen.cpp) to the
 * program that runs it (model_main.c). Compiled for a board, layer markers go
 * to the ITM (firmware/include/mcuprof/markers.h); with MCUPROF_HOST defined
 * (the host build of the same source) they compile to nothing.
 */
#ifndef MCUPROF_MODEL_H
#define MCUPROF_MODEL_H

#include <stdint.h>

#ifdef MCUPROF_HOST
#define MCUPROF_MODEL_LAYER_BEGIN(name) ((void)0)
#define MCUPROF_MODEL_LAYER_END() ((void)0)
#else
#include "mcuprof/markers.h"
#define MCUPROF_MODEL_LAYER_BEGIN(name) mcuprof_layer_begin(name)
#define MCUPROF_MODEL_LAYER_END() mcuprof_layer_end()
#endif

/* Runs every layer; 0 on success, else the failing kernel's status (negative)
 * with mcuprof_model_failed_layer naming the layer. */
int mcuprof_model_run(void);
/* The logits in the arena after a run ([mcuprof_model_classes] int8). */
const int8_t *mcuprof_model_logits(void);
extern const int32_t mcuprof_model_classes;
extern int32_t mcuprof_model_top_class;
extern const char *mcuprof_model_failed_layer;

#endif /* MCUPROF_MODEL_H */
