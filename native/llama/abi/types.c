// Prints ggml block size and bytes per block of every tensor type (see print.sh).
#include <stdio.h>
#include "ggml.h"
int main(void) {
  for (int t = 0; t < GGML_TYPE_COUNT; t++) {
    if (ggml_blck_size(t) == 0) continue;
    printf("[%d] = (%lld, %zu), // %s\n", t, (long long) ggml_blck_size(t), ggml_type_size(t), ggml_type_name(t));
  }
  return 0;
}
