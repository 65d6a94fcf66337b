#pragma once
// "Training": start, pause, resume, stop and single steps; progress with epoch, step, speed and ETA; the learning
// rate and beta editable while training runs.
namespace latentlab {

class Explorer;

class TrainingPanel {
 public:
  void draw(Explorer& explorer);

 private:
  double lr_ = 0, beta_ = 0;
  long long seenVersion_ = -1;
};

}  // namespace latentlab
