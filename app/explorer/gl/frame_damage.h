#pragma once
// Where a frame differs from the last one drawn. Software OpenGL (llvmpipe) spends its time rasterising a whole
// frame of ImGui's panels, taken from training on the same cores, and more for every blended layer over the window
// (docs/performance.md, "Figures behind the code"). Most frames change little: a progress line, the loss curve, a slider's image. So the frame is compared with the
// last one drawn, triangle by triangle, and only the tiles that changed are drawn again (gl/region_present.h
// shows just those).
//
// A triangle's key is its three vertices (position, texture coordinates, colour), its texture and its clip
// rectangle. Draw lists are matched by their window's name; within a list, the common prefix and suffix of the
// triangle sequence are unchanged, and what lies between (paired one to one where the counts agree) is damage:
// the old triangles' footprints (what must be erased) and the new ones' (what must be drawn). A texture uploaded
// since the last frame damages every triangle drawn with it. A window gone, new, or moved in front of another
// damages its footprint or, for a change of order, everything.
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

namespace latentlab {

// Textures whose pixels changed behind unchanged quads (gl/texture.cpp, gl/scatter_renderer.cpp). The frame loop's
// thread only, like the OpenGL calls that upload them.
void noteTextureUpload(unsigned textureId);

// A rectangle in framebuffer pixels, with y downwards from the top (as ImGui's clip rectangles): x0 <= x < x1.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
  int64_t area() const { return int64_t(width()) * height(); }
};

struct Damage {
  bool full = false;             // draw everything
  std::vector<PixelRect> rects;  // else these (overlaps are drawn twice); none: the frame repeats the last one
  bool any() const { return full || !rects.empty(); }
  int64_t area() const;
};

class FrameDamage {
 public:
  static constexpr int kTile = 32;  // damage is kept per tile of this many framebuffer pixels
  // Each rectangle is one pass over the draw lists that reach into it; more, smaller rectangles drew a dragged
  // slider's frame fastest, up to 12.
  static constexpr int kMaxRects = 12;
  static constexpr double kFullShare = 0.6;  // damage over this share of the window: one full pass is cheaper

  // Compares the frame ImGui just rendered with the last one compared, and remembers it. The framebuffer's size
  // in pixels; the draw data's own scale maps ImGui's coordinates to it.
  Damage compare(const ImDrawData& data, int width, int height);
  void forceNext() { force_ = true; }  // an expose, a screenshot: everything next time

  // The frame last compared drawn only inside `rect`, in one call of `render`: each command keeps only its
  // triangles that reach into the rectangle and its clip rectangle is cut to it (the OpenGL3 backend then
  // scissors to it, and skips commands left empty); lists with nothing inside are left out. All is put back after.
  void renderClippedTo(ImDrawData& data, const PixelRect& rect, void (*render)(ImDrawData*));

 private:
  struct Command {
    ImVec4 clip;
    ImTextureID texture;
    unsigned vtxOffset, idxOffset, elemCount;
    bool callback;
  };
  struct List {
    std::string owner;
    std::vector<ImDrawVert> vtx;
    std::vector<ImDrawIdx> idx;
    std::vector<Command> cmds;
  };
  struct Triangles;
  void markTriangles(const Triangles& tris, size_t from, size_t to);
  // The vertices that indices [from, from + count) of a list name, with the command's vertex offset.
  template <class Visit>
  static void forEachVertex(const List& list, unsigned vtxOffset, size_t from, size_t count, Visit visit);
  static ImVec4 boundsOf(const List& list, unsigned vtxOffset, size_t from, size_t count);
  static ImVec4 clipped(const ImVec4& box, const ImVec4& clip);
  static ImVec4 extentOf(const List& list, const Command& cmd);  // its triangles' bounds, clipped
  void markCommand(const List& list, const Command& cmd);
  void markList(const List& list);
  void markBox(float x0, float y0, float x1, float y1);
  bool diffList(const List& before, const List& after);
  Damage rectsFromTiles() const;

  std::vector<List> last_, current_;
  // renderClippedTo(): each triangle's footprint in the frame last compared (last_), per list in index order;
  // and each list's index buffer for one pass.
  std::vector<std::vector<ImVec4>> boxes_;
  std::vector<ImVector<ImDrawIdx>> scratch_;
  bool force_ = true;
  // This frame's tiles to draw again, and the mapping from ImGui's coordinates to pixels.
  std::vector<uint8_t> tiles_;
  int tilesX_ = 0, tilesY_ = 0, width_ = 0, height_ = 0;
  ImVec2 origin_{0, 0}, scale_{1, 1};
  ImVec2 lastOrigin_{0, 0}, lastScale_{1, 1};
  int lastWidth_ = 0, lastHeight_ = 0;
};

}  // namespace latentlab
