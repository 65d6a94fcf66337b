#pragma once
// "Training": where the run comes from (live here, followed, saved) and who writes it; start, pause, resume, stop
// and single steps; progress with epoch, step, speed and ETA; the learning rate and beta editable while training
// runs; the model timeline slider.
namespace latentlab {

class Explorer;
class Trainer;
struct Snapshot;

class TrainingPanel {
 public:
  void draw(Explorer& explorer);

 private:
  void drawSource(Explorer& ex, const Snapshot& snap);
  void drawControls(Trainer* trainer, const Snapshot* snap);
  void drawProgress(const Snapshot* snap);
  void drawHyperparameters(Trainer* trainer, const Snapshot* snap);
  void drawTimeline(Explorer& ex, const Snapshot& snap);

  double lr_ = 0, beta_ = 0;
  long long seenVersion_ = -1;
};

}  // namespace latentlab
