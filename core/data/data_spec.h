#pragma once
// Data set specs ("fashion-mnist", "mnist:DIR", "folder:DIR", "shapes"), parsed in this one place for the GUI and
// the CLI alike.
#include <string>

namespace latentlab {

// The valid forms, for help texts and error messages.
inline constexpr const char* kDataSpecForms = "fashion-mnist, mnist:DIR, folder:DIR or shapes";

struct DataSpec {
  enum class Kind { FashionMnist, Mnist, Folder, Shapes };
  Kind kind = Kind::Shapes;
  std::string path;  // mnist and folder: the folder, with a leading "~/" expanded
};

// Throws latentlab::Error listing the valid forms when `spec` is none of them.
DataSpec parseDataSpec(const std::string& spec);

}  // namespace latentlab
