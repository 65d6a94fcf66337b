#pragma once
// The one exception type core throws for anything a user can fix: a bad file, a wrong path, a mismatched
// checkpoint. The GUI shows what() in the window, the CLI prints it and exits non-zero.
#include <stdexcept>
#include <string>

namespace latentlab {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An intact model file whose tensors do not have the shapes its own record describes.
class ModelMismatch : public Error {
 public:
  using Error::Error;
};

}  // namespace latentlab
