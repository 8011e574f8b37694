// The parts of FreeType that Plot uses: faces, sizes, glyph loading, rendering and kerning.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_GLYPH_H
#include FT_SIZES_H
