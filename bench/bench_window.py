"""bench/run's window section: the real program under Xvfb (tests/gui/with_display.sh) at 1600x1000 on
Fashion-MNIST, driven with xdotool like a person, measured through its frame log (LATENTLAB_FRAME_LOG, one line a
frame: app/explorer/bench_hooks.h) and its test report (where the controls are). Phases: idle, training, dragging a
slider while training, panning the scatter while training; then, paused, the frames from a slider change to its
image on the screen; the scatter's re-render at replicated point counts (LATENTLAB_BENCH_POINTS); start-up; peak
RSS; and training speed with the window open against latentlab-cli alone for the same steps, over the three
training phases and in each (watched, a core leaves training while the user drags: app/explorer/training_threads.h).
Run alone (it re-runs itself under a display when there is none): bench/bench_window.py [--quick]
WINDOW_THREADS=N gives the window --threads N (its default: one fewer than the cores)."""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

import bench_report

def build_dir(root):
    return os.path.join(root, os.environ.get("LATENTLAB_BUILD_DIR", "build"))


SCATTER_POINTS = [10000, 70000, 300000, 1000000]


def quantiles(values):
    if not values:
        return {"frames": 0}
    s = sorted(values)
    q = lambda p: s[min(len(s) - 1, int(round(p * (len(s) - 1))))]
    return {"frames": len(s), "p50": q(0.5), "p95": q(0.95), "p99": q(0.99), "max": s[-1]}


def xdo(*args):
    subprocess.run(["xdotool"] + [str(a) for a in args], check=True, capture_output=True, timeout=30)


class App:
    """The window as a child process, with its report and frame log in a temporary folder."""

    def __init__(self, root, work, extra=(), env_extra=None, report=True):
        self.work = work
        self.report = os.path.join(work, "report.json")
        self.log = os.path.join(work, "frames.log")
        for f in (self.report, self.log):
            if os.path.exists(f):
                os.remove(f)
        env = dict(os.environ, LATENTLAB_FRAME_LOG=self.log, **(env_extra or {}))
        exe = os.path.join(build_dir(root), "app", "latentlab")
        self.launched = time.time()
        extra = list(extra) + (["--threads", os.environ["WINDOW_THREADS"]] if os.environ.get("WINDOW_THREADS") else [])
        self.proc = subprocess.Popen([exe, "--no-layout", "--data", "fashion-mnist"]
                                     + (["--test-report", self.report] if report else []) + extra, cwd=work, env=env,
                                     stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(work, "app.log"), "w"))

    def facts(self):
        try:
            with open(self.report) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def wait_for(self, condition, seconds, what):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the window exited ({self.proc.returncode}) waiting for {what}: "
                                   + open(os.path.join(self.work, "app.log")).read()[-400:])
            r = self.facts()
            if r and condition(r):
                return r
            time.sleep(0.1)
        raise RuntimeError(f"timed out after {seconds} s waiting for {what}")

    def frames(self):
        rows = []
        with open(self.log) as f:
            for line in f:
                p = line.split()
                if len(p) >= 7 and all("=" in part for part in p[7:]):  # a line written whole; then its parts
                    parts = {k: float(v) for k, v in (part.split("=", 1) for part in p[7:])}
                    # The frame as a user has it: less the test report this benchmark reads the controls'
                    # positions from (1-2 ms of JSON a frame, written only with --test-report).
                    rows.append({"t": float(p[0]), "ms": float(p[1]) - parts.get("test_report", 0),
                                 "scatter_ms": float(p[2]), "step": int(p[3]), "has_run": p[4] == "1",
                                 "slider0": float(p[5]), "hash": p[6], "parts": parts})
        return rows

    def rss_mb(self):
        status = open(f"/proc/{self.proc.pid}/status").read()
        get = lambda key: int(status.split(key + ":")[1].split()[0]) / 1024
        return get("VmHWM"), get("VmRSS")

    def centre(self, item):
        i = self.facts()["items"][item]
        return int((i["x0"] + i["x1"]) / 2), int((i["y0"] + i["y1"]) / 2), int(i["x1"] - i["x0"])

    def after_frames(self, count, seconds=30):
        """Waits until the window drew `count` more frames (Dear ImGui 1.86 sees a press and a release that fall
        in one frame as nothing: on a loaded machine a frame can take half a second)."""
        start, deadline = len(self.frames()), time.time() + seconds
        while len(self.frames()) < start + count and time.time() < deadline:
            time.sleep(0.05)

    def click(self, item, condition, what, seconds=60):
        """Clicks the item where the report says it is now, holding the button for two frames; again until
        `condition` holds on the report (a click lost on a slow frame is tried again)."""
        deadline = time.time() + seconds
        while True:
            x, y, _ = self.centre(item)
            xdo("mousemove", x, y)
            self.after_frames(2)
            xdo("mousedown", 1)
            self.after_frames(2)
            xdo("mouseup", 1)
            try:
                return self.wait_for(condition, min(15, max(1, deadline - time.time())), what)
            except RuntimeError:
                if time.time() >= deadline:
                    raise

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def phase(app, seconds, action=None):
    """Runs action(until) (or waits) and returns the frames drawn meanwhile."""
    start = time.time()
    if action:
        action(start + seconds)
    while time.time() < start + seconds:
        time.sleep(0.05)
    return [f for f in app.frames() if start <= f["t"] <= time.time()]


def images_per_second(frames):
    """Training speed over a phase, from its first and last frames' steps and clocks (batch 128)."""
    if len(frames) < 2 or frames[-1]["t"] <= frames[0]["t"]:
        return 0.0
    return (frames[-1]["step"] - frames[0]["step"]) * 128 / (frames[-1]["t"] - frames[0]["t"])


def wiggle(x, y, radius):
    def act(until):
        k = 0
        while time.time() < until:
            xdo("mousemove", x + (k % 8 - 4) * radius // 4, y + ((k // 8) % 2) * radius // 4)
            k += 1
            time.sleep(0.03)
    return act


def drag(x, y, width):
    def act(until):
        xdo("mousemove", x, y)
        time.sleep(0.2)
        xdo("mousedown", 1)
        k = 0
        while time.time() < until:
            dx = int((k % 40 - 20) / 20 * width * 0.4) if (k // 40) % 2 == 0 else int((20 - k % 40) / 20 * width * 0.4)
            xdo("mousemove", x + dx, y + (k % 7 - 3) * 3)
            k += 1
            time.sleep(0.03)
        xdo("mouseup", 1)
    return act


def main_session(root, work, quick, out):
    # A target far off: at 35,000 images/s the default 10 epochs end within the phases, and a finished run's
    # frames would count as slow training.
    app = App(root, work, ["--epochs", "1000"])
    try:
        app.wait_for(lambda r: "items" in r and "start_pause" in r["items"], 120, "the window")
        frames = app.frames()
        out["startup"] = {"first_frame_s": frames[0]["t"] - app.launched}
        ready = app.wait_for(lambda r: r.get("frames", 0) > 0 and any(f["has_run"] for f in app.frames()), 120,
                             "the data")
        del ready
        first_ready = next(f for f in app.frames() if f["has_run"])
        out["startup"]["data_ready_s"] = first_ready["t"] - app.launched
        seconds = 3 if quick else 8
        out["frames"] = {}
        out["frames"]["idle (mouse moving)"] = quantiles([f["ms"] for f in phase(app, seconds, wiggle(800, 500, 120))])
        idle_peak, _ = app.rss_mb()
        app.click("start_pause", lambda r: r.get("state") == "running", "training to start")
        app.wait_for(lambda r: r.get("state") == "running" and r.get("latent_points", 0) > 0 and "scatter" in r.get(
            "items", {}) and "slider0" in r.get("items", {}), 180, "training with latent codes")
        step0, t0 = app.facts()["step"], time.time()
        by_phase = {}
        watched = phase(app, seconds)
        out["frames"]["training"], by_phase["watching"] = quantiles([f["ms"] for f in watched]), images_per_second(watched)
        sx, sy, sw = app.centre("slider0")
        dragged = phase(app, seconds, drag(sx, sy, sw))
        out["frames"]["training, dragging a slider"] = quantiles([f["ms"] for f in dragged])
        by_phase["dragging a slider"] = images_per_second(dragged)
        cx, cy, cw = app.centre("scatter")
        panned = phase(app, seconds, drag(cx, cy, cw))
        out["frames"]["training, panning the scatter"] = quantiles([f["ms"] for f in panned])
        by_phase["panning the scatter"] = images_per_second(panned)
        # The window's training speed over the three phases, from the frames' steps and clocks.
        frames = [f for f in app.frames() if f["t"] >= t0]
        steps = frames[-1]["step"] - frames[0]["step"]
        window_ips = images_per_second(frames)
        training_peak, _ = app.rss_mb()
        # Paused: each slider move changes only the slider image, so its frames can be counted.
        app.click("start_pause", lambda r: r.get("state") == "paused", "the pause", 120)
        time.sleep(1)
        start = time.time()
        xdo("mousemove", sx, sy)
        time.sleep(0.3)
        xdo("mousedown", 1)
        for k in range(6 if quick else 16):
            xdo("mousemove", sx + int((k % 8 - 4) * sw * 0.1) + 3, sy)
            time.sleep(0.4)
        xdo("mouseup", 1)
        time.sleep(0.5)
        out["slider_latency_frames"] = slider_latency([f for f in app.frames() if f["t"] >= start])
        out["rss_mb"] = {"window idle (data loaded)": idle_peak, "window training": training_peak}
        return steps, window_ips, by_phase
    finally:
        app.close()


def watch_session(root, work, seconds):
    """Training speed with the window open and only watched, as a person leaves it: no --test-report (writing it
    costs the window 1-2 ms of JSON a frame, about 5% of a core, which the other sessions' training pays), the steps
    and clocks of the frame log over `seconds`, once training has run for a few seconds."""
    app = App(root, work, ["--autostart", "--epochs", "1000"], report=False)
    try:
        deadline = time.time() + 180
        while not os.path.exists(app.log) or not any(f["step"] > 300 for f in app.frames()[-5:]):
            if time.time() > deadline or app.proc.poll() is not None:
                raise RuntimeError("the window did not start training")
            time.sleep(0.2)
        time.sleep(2)
        frames = phase(app, seconds)
        return frames[-1]["step"] - frames[0]["step"], images_per_second(frames), app.rss_mb()[0]
    finally:
        app.close()


def slider_latency(frames):
    """For each frame whose slider 0 differs from the frame before: how many frames later the image changed."""
    latencies = []
    for i in range(1, len(frames)):
        if frames[i]["slider0"] != frames[i - 1]["slider0"]:
            before = frames[i - 1]["hash"]
            j = next((j for j in range(i, len(frames)) if frames[j]["hash"] != before), None)
            if j is not None:
                latencies.append(j - i)
    if not latencies:
        raise RuntimeError("no slider change was seen in the frame log")
    return {"median": statistics.median(latencies), "max": max(latencies), "changes": len(latencies)}


def scatter_session(root, work, points, quick):
    app = App(root, work, ["--autostart"], {"LATENTLAB_BENCH_POINTS": str(points)})
    try:
        app.wait_for(lambda r: r.get("latent_points", 0) >= points and "scatter" in r.get("items", {}), 240,
                     f"{points} scatter points")
        app.click("start_pause", lambda r: r.get("state") == "paused", "the pause", 120)
        cx, cy, cw = app.centre("scatter")
        frames = phase(app, 2 if quick else 4, drag(cx, cy, cw))
        frame_ms = quantiles([f["ms"] for f in frames])
        return {"scatter_ms": quantiles([f["scatter_ms"] for f in frames]), "frame_ms": frame_ms,
                "fps": 1000 / frame_ms["p50"] if frame_ms.get("frames") else 0}
    finally:
        app.close()


def umap_session(root, work):
    """Issue 12's case: UMAP of all 70,000 Fashion-MNIST codes computed in the background while training goes on;
    the frames drawn meanwhile (the mouse moving over the scatter, as a person watching it would)."""
    app = App(root, work, ["--autostart", "--umap"])
    try:
        app.wait_for(lambda r: r.get("latent_points", 0) >= 70000 and "scatter" in r.get("items", {}) and
                     r.get("umap", {}).get("state") in ("neighbours", "layout"), 240, "UMAP of 70,000 codes to start")
        start = time.time()
        cx, cy, cw = app.centre("scatter")
        wiggle(cx, cy, cw // 3)(start + 2)
        r = app.wait_for(lambda r: r.get("umap", {}).get("finished", 0) >= 1, 900, "UMAP to finish")
        frames = [f for f in app.frames() if start <= f["t"]]
        return {"codes": r["latent_points"], "seconds": r["umap"]["seconds"],
                "layouts_shown": r["umap"]["layouts_shown"], "frame_ms": quantiles([f["ms"] for f in frames])}
    finally:
        app.close()


def cli_seconds(root, work, steps, name):
    """Wall time and peak RSS (MB) of latentlab-cli training `steps` steps of vae-mlp on Fashion-MNIST."""
    cmd = [os.path.join(build_dir(root), "cli", "latentlab-cli"), "train", "--data", "fashion-mnist", "--model",
           "vae-mlp", "--steps", str(steps), "--autosave", "0", "--out", os.path.join(work, name)]
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"latentlab-cli train exited with status {status}")
    return time.time() - start, usage.ru_maxrss / 1024


def run(root, quick, out):
    work = tempfile.mkdtemp(prefix="latentlab-bench-")
    try:
        steps, window_ips, by_phase = main_session(root, work, quick, out)
        # Headless: the same steps through latentlab-cli, less its set-up (the same command for 2 steps).
        all_s, cli_peak = cli_seconds(root, work, steps + 2, "cli-all")
        setup_s, _ = cli_seconds(root, work, 2, "cli-setup")
        headless = steps * 128 / max(all_s - setup_s, 1e-3)
        out["training"] = {"steps": steps, "window_images_per_second": window_ips,
                           "headless_images_per_second": headless, "ratio": window_ips / headless,
                           "by_phase": {name: {"images_per_second": ips, "ratio": ips / headless}
                                        for name, ips in by_phase.items()}}
        out["rss_mb"]["latentlab-cli training"] = cli_peak
        watched_steps, watched_ips, watched_peak = watch_session(root, work, 6 if quick else 15)
        out["rss_mb"]["window training, watched"] = watched_peak
        all_s, _ = cli_seconds(root, work, watched_steps + 2, "cli-watched")
        headless = watched_steps * 128 / max(all_s - setup_s, 1e-3)
        out["training"]["watched, no test report"] = {"steps": watched_steps, "window_images_per_second": watched_ips,
                                                      "headless_images_per_second": headless,
                                                      "ratio": watched_ips / headless}
        try:
            out["umap"] = umap_session(root, work)
        except Exception as e:
            out["umap"] = {"error": f"{type(e).__name__}: {e}"}
        out["scatter"] = {}
        for n in (SCATTER_POINTS[:2] if quick else SCATTER_POINTS):
            try:
                out["scatter"][str(n)] = scatter_session(root, work, n, quick)
            except Exception as e:
                out["scatter"][str(n)] = {"error": f"{type(e).__name__}: {e}"}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def section(root, args, out):
    """bench/run's entry: runs this file under tests/gui/with_display.sh and takes its JSON."""
    result = os.path.join(tempfile.mkdtemp(prefix="latentlab-bench-w-"), "window.json")
    cmd = [os.path.join(root, "tests", "gui", "with_display.sh"), sys.executable, os.path.abspath(__file__),
           "--json", result] + (["--quick"] if args.quick else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, cwd=root)
    if not os.path.exists(result):
        raise RuntimeError(f"the window section exited {proc.returncode}: {(proc.stderr or proc.stdout)[-600:]}")
    out.update(json.load(open(result)))
    shutil.rmtree(os.path.dirname(result), ignore_errors=True)
    bench_report.print_window(out)
    if "error" in out:
        raise RuntimeError(out["error"])


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", help="write the results here (else print them)")
    a = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not os.environ.get("DISPLAY"):
        os.execv(os.path.join(root, "tests", "gui", "with_display.sh"),
                 [os.path.join(root, "tests", "gui", "with_display.sh"), sys.executable] + sys.argv)
    results = {}
    try:
        run(root, a.quick, results)
    except Exception as e:  # what was measured before stays
        results["error"] = f"{type(e).__name__}: {e}"
    text = json.dumps(results, indent=1)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text)
    else:
        print(text)
