#!/usr/bin/env python3
"""Frame time and memory of the window while it follows a run of N steps that another process is still writing.

A short run is trained by latentlab-cli, then this script becomes its writer: it appends N synthetic rows to
metrics.csv, writes an owner record with a heartbeat, and keeps appending 2,000 rows a second while the window
(under Xvfb, or the current display) follows the run for a fixed number of frames. The window's own report gives
the frame times (median, 95th percentile, maximum over its last 600 frames); /proc gives its peak memory.

  bench/follow_run.py BUILD_DIR [--rows 1000000 1000] [--frames 400]
Prints one line per size and writes bench/results/follow.json.
"""
import argparse, json, math, os, random, shutil, socket, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))


def append_rows(path, first, count, rng):
    lines = []
    for step in range(first, first + count):
        loss = 120 + 2000 * math.exp(-step / 300.0) + 30 / math.sqrt(1 + step / 1000.0) + rng.gauss(0, 2)
        lines.append("%d,%.7g,%.7g,%.7g\n" % (step, loss, loss - 18, 18 + rng.gauss(0, 0.1)))
    with open(path, "a") as f:
        f.write("".join(lines))


def owner(run, step, state="running"):
    record = {"host": socket.gethostname(), "pid": os.getpid(), "program": "bench/follow_run.py",
              "started_at": time.time() - 10, "heartbeat_at": time.time(), "state": state, "step": step,
              "total_steps": 10 ** 9, "token": "bench"}
    tmp = os.path.join(run, ".owner.json.tmp.bench")
    with open(tmp, "w") as f:
        json.dump(record, f)
    os.replace(tmp, os.path.join(run, "owner.json"))


def measure(build, rows, frames, work):
    cli = os.path.join(build, "cli", "latentlab-cli")
    app = os.path.join(build, "app", "latentlab")
    run = os.path.join(work, "run-%d" % rows)
    subprocess.run([cli, "train", "--data", "shapes", "--model", "vae-mlp", "--latent", "8", "--hidden", "64",
                    "--steps", "50", "--out", run], check=True, capture_output=True)
    rng = random.Random(1)
    step = 50
    for start in range(0, rows, 100000):
        n = min(100000, rows - start)
        append_rows(os.path.join(run, "metrics.csv"), step, n, rng)
        step += n
    owner(run, step)
    stop = threading.Event()

    def writer():
        nonlocal step
        while not stop.is_set():
            append_rows(os.path.join(run, "metrics.csv"), step, 500, rng)
            step += 500
            owner(run, step)
            time.sleep(0.25)

    thread = threading.Thread(target=writer)
    thread.start()
    report = os.path.join(work, "report-%d.json" % rows)
    display = os.path.join(HERE, "..", "tests", "gui", "with_display.sh")
    start = time.time()
    proc = subprocess.Popen([display, app, "--no-layout", "--run", run, "--frames", str(frames), "--test-report",
                             report], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak_kb = rss_kb = 0
    while proc.poll() is None:
        try:
            pids = subprocess.run(["pgrep", "-f", "latentlab --no-layout --run " + run], capture_output=True,
                                  text=True).stdout.split()
            for pid in pids:
                with open("/proc/%s/status" % pid) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            peak_kb = max(peak_kb, int(line.split()[1]))
                        if line.startswith("VmRSS:"):
                            rss_kb = int(line.split()[1])
        except OSError:
            pass
        time.sleep(0.5)
    wall = time.time() - start
    stop.set()
    thread.join()
    output = proc.stdout.read().decode()
    if proc.returncode != 0:
        sys.exit("the window failed:\n" + output)
    r = json.load(open(report))
    return {"rows": rows, "loss_rows_shown": r["loss_rows"], "source": r["source"], "frames": r["frames"],
            "frame_ms_p50": round(r["frame_ms_p50"], 2), "frame_ms_p95": round(r["frame_ms_p95"], 2),
            "frame_ms_max": round(r["frame_ms_max"], 2), "peak_rss_mb": round(peak_kb / 1024, 1),
            "rss_mb": round(rss_kb / 1024, 1),
            "wall_s": round(wall, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build")
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 1000000])
    parser.add_argument("--frames", type=int, default=400)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="latentlab-follow-")
    try:
        results = [measure(args.build, rows, args.frames, work) for rows in args.rows]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for r in results:
        print("%(rows)9d steps: frame p50 %(frame_ms_p50)6.2f ms, p95 %(frame_ms_p95)6.2f ms, max %(frame_ms_max)7.2f ms,"
              " RSS %(rss_mb)6.1f MB (peak %(peak_rss_mb)6.1f), %(loss_rows_shown)d rows shown (%(source)s)" % r)
    if len(results) == 2 and results[0]["rows"] != results[1]["rows"]:
        a, b = results
        extra = (b["rss_mb"] - a["rss_mb"]) * 1024 * 1024 / max(1, b["rows"] - a["rows"])
        print("memory per step followed: %.1f bytes; p95 frame ratio %.2f" % (extra, b["frame_ms_p95"] / max(a["frame_ms_p95"], 1e-9)))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "follow.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
