// The parts of libgd that Plot uses: images, PNG encode/decode, FreeType text.
#include <gd.h>
