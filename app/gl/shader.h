#pragma once
// GLSL programs loaded from shaders/ at start (never strings in C++). The folder is baked in by CMake and can be
// overridden with the LATENTLAB_SHADER_DIR environment variable. Failures throw latentlab::Error with the log.
#include <string>

namespace latentlab {

std::string shaderDirectory();

class ShaderProgram {
 public:
  ShaderProgram(const std::string& vertexFile, const std::string& fragmentFile);
  ~ShaderProgram();
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;
  unsigned id() const { return program_; }
  int uniform(const char* name) const;

 private:
  unsigned program_ = 0;
};

}  // namespace latentlab
