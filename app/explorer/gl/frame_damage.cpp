#include "gl/frame_damage.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace latentlab {

namespace {

std::vector<unsigned> uploadedTextures;  // since the last compare(); the frame loop's thread only

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v * 0x9E3779B97F4A7C15ull;
  h = (h << 27 | h >> 37) * 0xBF58476D1CE4E5B9ull;
  return h;
}

uint64_t bitsOf(float a, float b) {
  uint32_t x, y;
  std::memcpy(&x, &a, 4);
  std::memcpy(&y, &b, 4);
  return uint64_t(x) << 32 | y;
}

uint64_t vertexKey(uint64_t h, const ImDrawVert& v) {
  h = mix(h, bitsOf(v.pos.x, v.pos.y));
  h = mix(h, bitsOf(v.uv.x, v.uv.y));
  return mix(h, v.col);
}

}  // namespace

void noteTextureUpload(unsigned textureId) { uploadedTextures.push_back(textureId); }

int64_t Damage::area() const {
  int64_t sum = 0;
  for (const PixelRect& r : rects) sum += r.area();
  return sum;
}

// A list's triangles in drawing order: each one's key and its footprint in ImGui's coordinates (clipped).
struct FrameDamage::Triangles {
  std::vector<uint64_t> keys;
  std::vector<ImVec4> boxes;

  explicit Triangles(const List& list) {
    for (const Command& cmd : list.cmds) {
      const uint64_t base = mix(mix(mix(bitsOf(cmd.clip.x, cmd.clip.y), bitsOf(cmd.clip.z, cmd.clip.w)),
                                    uint64_t(reinterpret_cast<uintptr_t>(cmd.texture))),
                                cmd.callback);
      for (unsigned t = 0; t + 3 <= cmd.elemCount; t += 3) {
        uint64_t key = base;
        forEachVertex(list, cmd.vtxOffset, size_t(cmd.idxOffset) + t, 3,
                      [&key](const ImDrawVert& vert) { key = vertexKey(key, vert); });
        keys.push_back(key);
        boxes.push_back(clipped(boundsOf(list, cmd.vtxOffset, size_t(cmd.idxOffset) + t, 3), cmd.clip));
      }
    }
  }
};

void FrameDamage::markBox(float x0, float y0, float x1, float y1) {
  if (!(x1 >= x0 && y1 >= y0)) return;  // empty, clipped away, or NaN
  // To pixels, one pixel wider on each side for antialiased edges and rounding.
  const float px0 = (x0 - origin_.x) * scale_.x - 1, px1 = (x1 - origin_.x) * scale_.x + 1;
  const float py0 = (y0 - origin_.y) * scale_.y - 1, py1 = (y1 - origin_.y) * scale_.y + 1;
  if (px1 < 0 || py1 < 0 || px0 >= float(width_) || py0 >= float(height_)) return;
  const int tx0 = std::max(0, int(px0) / kTile), tx1 = std::min(tilesX_ - 1, int(px1) / kTile);
  const int ty0 = std::max(0, int(py0) / kTile), ty1 = std::min(tilesY_ - 1, int(py1) / kTile);
  for (int ty = ty0; ty <= ty1; ++ty) std::memset(&tiles_[size_t(ty) * tilesX_ + tx0], 1, size_t(tx1 - tx0 + 1));
}

void FrameDamage::markTriangles(const Triangles& tris, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) markBox(tris.boxes[i].x, tris.boxes[i].y, tris.boxes[i].z, tris.boxes[i].w);
}

template <class Visit>
void FrameDamage::forEachVertex(const List& list, unsigned vtxOffset, size_t from, size_t count, Visit visit) {
  for (size_t at = from; at < from + count && at < list.idx.size(); ++at) {
    const size_t v = size_t(vtxOffset) + list.idx[at];
    if (v < list.vtx.size()) visit(list.vtx[v]);
  }
}

ImVec4 FrameDamage::boundsOf(const List& list, unsigned vtxOffset, size_t from, size_t count) {
  ImVec4 b(1e30f, 1e30f, -1e30f, -1e30f);  // empty (x1 < x0) when no vertex is there
  forEachVertex(list, vtxOffset, from, count, [&b](const ImDrawVert& v) {
    b = ImVec4(std::min(b.x, v.pos.x), std::min(b.y, v.pos.y), std::max(b.z, v.pos.x), std::max(b.w, v.pos.y));
  });
  return b;
}

ImVec4 FrameDamage::clipped(const ImVec4& box, const ImVec4& clip) {
  return ImVec4(std::max(box.x, clip.x), std::max(box.y, clip.y), std::min(box.z, clip.z), std::min(box.w, clip.w));
}

ImVec4 FrameDamage::extentOf(const List& list, const Command& cmd) {
  return clipped(boundsOf(list, cmd.vtxOffset, cmd.idxOffset, cmd.elemCount), cmd.clip);
}

void FrameDamage::markCommand(const List& list, const Command& cmd) {
  const ImVec4 e = extentOf(list, cmd);
  markBox(e.x, e.y, e.z, e.w);
}

void FrameDamage::markList(const List& list) {
  // A window that appeared or went (a tooltip, a popup): each command's clipped extent.
  for (const Command& cmd : list.cmds) markCommand(list, cmd);
}

// False when the two cannot be compared (a user callback draws what the draw data does not show).
bool FrameDamage::diffList(const List& before, const List& after) {
  const bool sameCommands =
      before.cmds.size() == after.cmds.size() &&
      std::equal(before.cmds.begin(), before.cmds.end(), after.cmds.begin(), [](const Command& a, const Command& b) {
        return std::memcmp(&a.clip, &b.clip, sizeof a.clip) == 0 && a.texture == b.texture &&
               a.vtxOffset == b.vtxOffset && a.idxOffset == b.idxOffset && a.elemCount == b.elemCount && !a.callback &&
               !b.callback;
      });
  if (sameCommands && before.idx == after.idx && before.vtx.size() == after.vtx.size() &&
      std::memcmp(before.vtx.data(), after.vtx.data(), before.vtx.size() * sizeof(ImDrawVert)) == 0)
    return true;  // the common case: nothing in this window changed
  for (const Command& cmd : after.cmds)
    if (cmd.callback) return false;
  const Triangles a(before), b(after);
  const size_t n = a.keys.size(), m = b.keys.size();
  size_t prefix = 0;
  while (prefix < n && prefix < m && a.keys[prefix] == b.keys[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && a.keys[n - 1 - suffix] == b.keys[m - 1 - suffix]) ++suffix;
  if (n == m) {
    // The same number of triangles: mostly text whose digits changed, a bar that grew. Pair them one to one.
    for (size_t i = prefix; i < n - suffix; ++i)
      if (a.keys[i] != b.keys[i]) {
        markTriangles(a, i, i + 1);
        markTriangles(b, i, i + 1);
      }
  } else {
    markTriangles(a, prefix, n - suffix);
    markTriangles(b, prefix, m - suffix);
  }
  return true;
}

Damage FrameDamage::rectsFromTiles() const {
  // Runs of damaged tiles on each row, grown downwards while the row below has the same run.
  struct Open {
    int x0, x1, y0;
    bool continued;
  };
  std::vector<PixelRect> rects;
  std::vector<Open> open;
  auto close = [&](const Open& o, int y1) {
    rects.push_back({o.x0 * kTile, o.y0 * kTile, std::min(width_, o.x1 * kTile), std::min(height_, y1 * kTile)});
  };
  for (int ty = 0; ty <= tilesY_; ++ty) {
    for (Open& o : open) o.continued = false;
    std::vector<Open> started;
    for (int tx = 0; ty < tilesY_ && tx < tilesX_;) {
      if (!tiles_[size_t(ty) * tilesX_ + tx]) {
        ++tx;
        continue;
      }
      int end = tx;
      while (end < tilesX_ && tiles_[size_t(ty) * tilesX_ + end]) ++end;
      auto same = std::find_if(open.begin(), open.end(), [&](const Open& o) { return o.x0 == tx && o.x1 == end; });
      if (same != open.end()) same->continued = true;
      else started.push_back({tx, end, ty, true});
      tx = end;
    }
    for (const Open& o : open)
      if (!o.continued) close(o, ty);
    open.erase(std::remove_if(open.begin(), open.end(), [](const Open& o) { return !o.continued; }), open.end());
    open.insert(open.end(), started.begin(), started.end());
  }
  // Too many passes: merge the two whose bounding rectangle adds the least area, until few enough are left.
  auto unite = [](const PixelRect& a, const PixelRect& b) {
    return PixelRect{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
  };
  while (rects.size() > size_t(kMaxRects)) {
    size_t bestI = 0, bestJ = 1;
    int64_t bestCost = INT64_MAX;
    for (size_t i = 0; i < rects.size(); ++i)
      for (size_t j = i + 1; j < rects.size(); ++j) {
        const int64_t cost = unite(rects[i], rects[j]).area() - rects[i].area() - rects[j].area();
        if (cost < bestCost) bestCost = cost, bestI = i, bestJ = j;
      }
    const PixelRect merged = unite(rects[bestI], rects[bestJ]);
    std::vector<PixelRect> rest{merged};
    for (size_t i = 0; i < rects.size(); ++i) {
      const PixelRect& r = rects[i];
      const bool inside = r.x0 >= merged.x0 && r.y0 >= merged.y0 && r.x1 <= merged.x1 && r.y1 <= merged.y1;
      if (i != bestI && i != bestJ && !inside) rest.push_back(r);
    }
    rects.swap(rest);
  }
  Damage damage;
  damage.rects = std::move(rects);
  if (double(damage.area()) > kFullShare * double(width_) * double(height_)) damage = Damage{true, {}};
  return damage;
}

Damage FrameDamage::compare(const ImDrawData& data, int width, int height) {
  current_.resize(size_t(std::max(0, data.CmdListsCount)));
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& from = *data.CmdLists[n];
    List& list = current_[size_t(n)];
    list.owner = from._OwnerName ? from._OwnerName : "";
    list.vtx.assign(from.VtxBuffer.Data, from.VtxBuffer.Data + from.VtxBuffer.Size);
    list.idx.assign(from.IdxBuffer.Data, from.IdxBuffer.Data + from.IdxBuffer.Size);
    list.cmds.clear();
    for (const ImDrawCmd& cmd : from.CmdBuffer)
      list.cmds.push_back(
          {cmd.ClipRect, cmd.TextureId, cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount, cmd.UserCallback != nullptr});
  }

  std::vector<unsigned> uploaded;
  uploaded.swap(uploadedTextures);

  width_ = width, height_ = height;
  origin_ = data.DisplayPos, scale_ = data.FramebufferScale;
  bool full = force_ || width != lastWidth_ || height != lastHeight_ || origin_.x != lastOrigin_.x ||
              origin_.y != lastOrigin_.y || scale_.x != lastScale_.x || scale_.y != lastScale_.y;
  force_ = false;
  Damage damage;
  if (!full && width > 0 && height > 0) {
    tilesX_ = (width + kTile - 1) / kTile, tilesY_ = (height + kTile - 1) / kTile;
    tiles_.assign(size_t(tilesX_) * size_t(tilesY_), 0);
    // Each window's list this frame against the same window's last frame; the windows in front must stay so.
    std::unordered_map<std::string, std::vector<size_t>> before;  // a name's lists, in drawing order
    for (size_t i = 0; i < last_.size(); ++i) before[last_[i].owner].push_back(i);
    std::unordered_map<std::string, size_t> taken;
    std::vector<bool> matched(last_.size(), false);
    long lastMatched = -1;
    for (const List& list : current_) {
      auto it = before.find(list.owner);
      size_t& next = taken[list.owner];
      if (it == before.end() || next >= it->second.size()) {
        markList(list);  // a window that was not there
        continue;
      }
      const size_t i = it->second[next++];
      matched[i] = true;
      if (long(i) < lastMatched || !diffList(last_[i], list)) full = true;  // restacked, or not comparable
      lastMatched = long(i);
    }
    for (size_t i = 0; i < last_.size(); ++i)
      if (!matched[i]) markList(last_[i]);  // a window that went
    // New pixels behind quads that did not move.
    if (!uploaded.empty())
      for (const List& list : current_)
        for (const Command& cmd : list.cmds) {
          const auto id = unsigned(reinterpret_cast<uintptr_t>(cmd.texture));
          if (std::find(uploaded.begin(), uploaded.end(), id) == uploaded.end()) continue;
          markCommand(list, cmd);
        }
    if (!full) damage = rectsFromTiles();
  }
  if (full) damage = Damage{true, {}};
  boxes_.clear();  // of this frame, when renderClippedTo() first needs them
  lastWidth_ = width, lastHeight_ = height, lastOrigin_ = origin_, lastScale_ = scale_;
  last_.swap(current_);
  return damage;
}

void FrameDamage::renderClippedTo(ImDrawData& data, const PixelRect& rect, void (*render)(ImDrawData*)) {
  const ImVec4 cut(origin_.x + float(rect.x0) / scale_.x, origin_.y + float(rect.y0) / scale_.y,
                   origin_.x + float(rect.x1) / scale_.x, origin_.y + float(rect.y1) / scale_.y);
  const auto meets = [&cut](const ImVec4& b) { return b.z >= cut.x && b.x <= cut.z && b.w >= cut.y && b.y <= cut.w; };
  // Each triangle's footprint in this frame, once: software OpenGL sets up and bins every triangle it is given,
  // even those the scissor then discards (a pass over the loss plot's row handed it 13,000 for a few hundred).
  if (boxes_.size() != last_.size()) {
    boxes_.assign(last_.size(), {});
    for (size_t n = 0; n < last_.size(); ++n) {
      const List& list = last_[n];
      boxes_[n].assign(list.idx.size() / 3, ImVec4(0, 0, -1, -1));
      for (const Command& cmd : list.cmds)
        for (unsigned t = 0; t + 3 <= cmd.elemCount && cmd.idxOffset + t + 3 <= list.idx.size(); t += 3)
          boxes_[n][(cmd.idxOffset + t) / 3] = boundsOf(list, cmd.vtxOffset, size_t(cmd.idxOffset) + t, 3);
    }
  }
  // For this pass each list gets an index buffer of just the triangles that reach into the rectangle, each
  // command its share of it and a clip rectangle cut to it; a list with none is left out (not even uploaded).
  struct Kept {
    ImVec4 clip;
    unsigned idxOffset, elemCount;
  };
  std::vector<Kept> kept;
  std::vector<ImDrawList*> lists;
  scratch_.resize(size_t(data.CmdListsCount));
  const bool matches = size_t(data.CmdListsCount) == last_.size();
  for (int n = 0; n < data.CmdListsCount; ++n) {
    ImDrawList& list = *data.CmdLists[n];
    ImVector<ImDrawIdx>& indices = scratch_[size_t(n)];
    indices.resize(0);
    const bool known = matches && size_t(list.IdxBuffer.Size) == last_[size_t(n)].idx.size();
    bool drawsInside = false;
    for (ImDrawCmd& cmd : list.CmdBuffer) {
      kept.push_back({cmd.ClipRect, cmd.IdxOffset, cmd.ElemCount});
      const unsigned from = unsigned(indices.Size);
      for (unsigned t = 0; !cmd.UserCallback && t + 3 <= cmd.ElemCount; t += 3) {
        const size_t at = cmd.IdxOffset + t;
        if (at + 3 > size_t(list.IdxBuffer.Size)) break;
        if (known && !meets(boxes_[size_t(n)][at / 3])) continue;
        indices.push_back(list.IdxBuffer[int(at)]);
        indices.push_back(list.IdxBuffer[int(at) + 1]);
        indices.push_back(list.IdxBuffer[int(at) + 2]);
      }
      cmd.IdxOffset = from;
      cmd.ElemCount = unsigned(indices.Size) - from;
      cmd.ClipRect = clipped(cmd.ClipRect, cut);
      if (cmd.ElemCount == 0 && !cmd.UserCallback) cmd.ClipRect = ImVec4(0, 0, 0, 0);  // empty: skipped
      drawsInside = drawsInside || cmd.ElemCount > 0 || cmd.UserCallback;
    }
    list.IdxBuffer.swap(indices);
    if (drawsInside) lists.push_back(&list);
  }
  ImDrawData part = data;
  part.CmdLists = lists.data();
  part.CmdListsCount = int(lists.size());
  if (!lists.empty()) render(&part);
  size_t k = 0;
  for (int n = 0; n < data.CmdListsCount; ++n) {
    data.CmdLists[n]->IdxBuffer.swap(scratch_[size_t(n)]);
    for (ImDrawCmd& cmd : data.CmdLists[n]->CmdBuffer) {
      cmd.ClipRect = kept[k].clip, cmd.IdxOffset = kept[k].idxOffset, cmd.ElemCount = kept[k].elemCount;
      ++k;
    }
  }
}

}  // namespace latentlab
