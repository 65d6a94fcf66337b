#pragma once
// Data set specs ("fashion-mnist", "mnist:DIR", "folder:DIR", "shapes"), parsed in this one place for the GUI and
// the CLI alike.
#include <string>
#include <vector>

namespace latentlab {

struct DataSpec {
  enum class Kind { FashionMnist, Mnist, Folder, Shapes };
  Kind kind = Kind::Shapes;
  std::string path;  // mnist and folder: the folder, with a leading "~/" expanded
};

// The kinds of data, in the order the window's list shows them.
struct DataSpecKind {
  DataSpec::Kind kind;
  const char* name;  // "mnist": what a spec starts with
  const char* form;  // "mnist:DIR": how it is written
  bool takesPath;    // mnist:DIR and folder:DIR name a folder
  const char* summary;
};
const std::vector<DataSpecKind>& dataSpecKinds();
const DataSpecKind& dataSpecKind(DataSpec::Kind kind);
// The valid forms, for help texts and error messages: "fashion-mnist, mnist:DIR, folder:DIR or shapes".
std::string dataSpecFormsText();

// Throws latentlab::Error listing the valid forms when `spec` is none of them.
DataSpec parseDataSpec(const std::string& spec);
// The spec that parses back to `spec`: "shapes", "folder:/data/faces".
std::string formatDataSpec(const DataSpec& spec);

}  // namespace latentlab
