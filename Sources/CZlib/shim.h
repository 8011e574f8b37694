// The parts of zlib that Plot uses: deflate for PNG image data, crc32 for PNG chunks.
#include <zlib.h>
