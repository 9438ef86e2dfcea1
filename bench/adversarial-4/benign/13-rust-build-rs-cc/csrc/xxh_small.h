#include <stddef.h>
#include <stdint.h>
uint32_t xxh_small(const void *data, size_t len, uint32_t seed);
