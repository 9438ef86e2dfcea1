#include <stdio.h>
#include "fetchq.h"

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: fetchq URL\n"); return 2; }
    return fetchq_get(argv[1]) ? 1 : 0;
}
