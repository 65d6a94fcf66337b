#pragma once
// Atomic file replacement: write a temp file beside the target, fsync it, rename it over the target, fsync the
// directory. A crash or kill at any moment leaves either the old file or the new one, never a torn one.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace latentlab {

// Writes `bytes` to `path` atomically. Throws latentlab::Error naming the path on failure.
void writeFileAtomic(const std::filesystem::path& path, std::string_view bytes);

// Lets `writer` fill a temp file by path (for libraries that insist on writing files themselves, such as
// torch::save), then fsyncs and renames it over `path`. The temp file is removed if `writer` throws.
void writeFileAtomicWith(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path& tempPath)>& writer);

// "cannot write 'PATH': no space left on device": what failed, where, and errno's reason in the system's words.
std::string systemError(const std::string& what, const std::filesystem::path& path);

// Reads a whole file. Throws latentlab::Error naming the path when it cannot be read.
std::string readFile(const std::filesystem::path& path);

}  // namespace latentlab
