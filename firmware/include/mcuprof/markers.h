/*
 * mcuprof layer markers: the one definition of the firmware <-> emulator
 * protocol, included by the firmware (C) and by the emulator (C++).
 *
 * Markers are writes to ITM stimulus ports, Arm's standard instrumentation
 * channel: on a real board they leave over SWO, so the same firmware can be
 * profiled on silicon with any SWO viewer; inside mcuprof they delimit layers.
 *
 *   port MCUPROF_ITM_PORT_NAME  (8-bit writes):  the characters of a name, no
 *                                                terminator; collected by the
 *                                                receiver until the next event.
 *   port MCUPROF_ITM_PORT_EVENT (32-bit writes): an event code below; it consumes
 *                                                the name collected so far.
 *
 * A layer begins with MCUPROF_EVENT_LAYER_BEGIN (name = the layer's name, such as
 * "block3.mlp.fc1") and ends with MCUPROF_EVENT_LAYER_END (empty name). Layers do
 * not nest: a begin while a layer is open ends that layer first.
 *
 * As on silicon, a write is only made when the ITM and the port are enabled
 * (TCR.ITMENA, TER bit) and the port's FIFO is ready (read returns bit 0 set).
 */
#ifndef MCUPROF_MARKERS_H
#define MCUPROF_MARKERS_H

#include <stdint.h>

#define MCUPROF_ITM_BASE 0xE0000000u
#define MCUPROF_ITM_TER (MCUPROF_ITM_BASE + 0xE00u)
#define MCUPROF_ITM_TCR (MCUPROF_ITM_BASE + 0xE80u)
#define MCUPROF_ITM_TCR_ITMENA 1u

#define MCUPROF_ITM_PORT_NAME 24u
#define MCUPROF_ITM_PORT_EVENT 25u

#define MCUPROF_EVENT_LAYER_BEGIN 1u
#define MCUPROF_EVENT_LAYER_END 2u

#define MCUPROF_ITM_PORT_ADDRESS(port) (MCUPROF_ITM_BASE + 4u * (port))

#ifndef __cplusplus

static inline int mcuprof_itm_port_enabled(uint32_t port) {
    volatile uint32_t *tcr = (volatile uint32_t *)MCUPROF_ITM_TCR;
    volatile uint32_t *ter = (volatile uint32_t *)MCUPROF_ITM_TER;
    return (*tcr & MCUPROF_ITM_TCR_ITMENA) && (*ter & (1u << port));
}

static inline void mcuprof_itm_write8(uint32_t port, uint8_t value) {
    volatile uint32_t *stim = (volatile uint32_t *)MCUPROF_ITM_PORT_ADDRESS(port);
    while ((*stim & 1u) == 0u) {
    }
    *(volatile uint8_t *)stim = value;
}

static inline void mcuprof_itm_write32(uint32_t port, uint32_t value) {
    volatile uint32_t *stim = (volatile uint32_t *)MCUPROF_ITM_PORT_ADDRESS(port);
    while ((*stim & 1u) == 0u) {
    }
    *stim = value;
}

static inline void mcuprof_event(uint32_t code, const char *name) {
    if (!mcuprof_itm_port_enabled(MCUPROF_ITM_PORT_EVENT)) {
        return;
    }
    if (name != 0 && mcuprof_itm_port_enabled(MCUPROF_ITM_PORT_NAME)) {
        for (; *name != '\0'; ++name) {
            mcuprof_itm_write8(MCUPROF_ITM_PORT_NAME, (uint8_t)*name);
        }
    }
    mcuprof_itm_write32(MCUPROF_ITM_PORT_EVENT, code);
}

/* Marks the start of a layer; name is a NUL-terminated string. */
static inline void mcuprof_layer_begin(const char *name) { mcuprof_event(MCUPROF_EVENT_LAYER_BEGIN, name); }
/* Marks the end of the open layer. */
static inline void mcuprof_layer_end(void) { mcuprof_event(MCUPROF_EVENT_LAYER_END, 0); }

#endif /* !__cplusplus */
#endif /* MCUPROF_MARKERS_H */
