/*
 * Runs a generated model once and prints its output, identically on the host
 * (stdout) and on a board (semihosting):
 *   logits: <int8> <int8> ...
 *   class: <index of the largest logit>
 * Exit status 0, or 1 with "model: layer <name> failed with status <s>".
 */
#include "mcuprof_model.h"

#ifdef MCUPROF_HOST
#include <stdio.h>
static void out_text(const char *s) { fputs(s, stdout); }
#else
#include "semihost.h"
static void out_text(const char *s) { semihost_write0(s); }
#endif

static void out_int(int32_t v) {
    char buf[16];
    char *p = buf + sizeof buf;
    uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
    *--p = '\0';
    do {
        *--p = (char)('0' + u % 10u);
        u /= 10u;
    } while (u != 0u);
    if (v < 0) *--p = '-';
    out_text(p);
}

int main(void) {
    const int status = mcuprof_model_run();
    if (status != 0) {
        out_text("model: layer ");
        out_text(mcuprof_model_failed_layer);
        out_text(" failed with status ");
        out_int(status);
        out_text("\n");
        return 1;
    }
    const int8_t *logits = mcuprof_model_logits();
    out_text("logits:");
    for (int32_t i = 0; i < mcuprof_model_classes; ++i) {
        out_text(" ");
        out_int(logits[i]);
    }
    out_text("\nclass: ");
    out_int(mcuprof_model_top_class);
    out_text("\n");
    return 0;
}
