#include "gl/shader.h"

#include <glad/gl.h>

#include <cstdlib>
#include <filesystem>

#include "io/atomic_file.h"
#include "util/error.h"

namespace latentlab {

std::string shaderDirectory() {
  const char* custom = std::getenv("LATENTLAB_SHADER_DIR");
  return custom && *custom ? custom : LATENTLAB_SHADER_DIR;
}

namespace {

unsigned compile(GLenum type, const std::string& file) {
  const std::string path = (std::filesystem::path(shaderDirectory()) / file).string();
  std::string source;
  try {
    source = readFile(path);
  } catch (const Error& e) {
    throw Error(std::string("shader missing: ") + e.what() + " (set LATENTLAB_SHADER_DIR to the shaders/ folder)");
  }
  const unsigned shader = glCreateShader(type);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  int ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw Error("shader '" + path + "' does not compile: " + log);
  }
  return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(const std::string& vertexFile, const std::string& fragmentFile) {
  const unsigned vs = compile(GL_VERTEX_SHADER, vertexFile), fs = compile(GL_FRAGMENT_SHADER, fragmentFile);
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  int ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program_, sizeof log, nullptr, log);
    glDeleteProgram(program_);
    throw Error("shaders '" + vertexFile + "' + '" + fragmentFile + "' do not link: " + log);
  }
}

ShaderProgram::~ShaderProgram() {
  if (program_) glDeleteProgram(program_);
}

int ShaderProgram::uniform(const char* name) const { return glGetUniformLocation(program_, name); }

}  // namespace latentlab
