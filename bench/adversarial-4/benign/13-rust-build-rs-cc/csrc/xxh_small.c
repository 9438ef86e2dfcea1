#include "xxh_small.h"

#define P1 2654435761U
#define P2 2246822519U

uint32_t xxh_small(const void *data, size_t len, uint32_t seed) {
    const uint8_t *p = (const uint8_t *)data;
    uint32_t h = seed + P1 + (uint32_t)len;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i] * P2;
        h = (h << 13) | (h >> 19);
        h *= P1;
    }
    return h;
}
