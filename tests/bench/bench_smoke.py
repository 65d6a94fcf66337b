#!/usr/bin/python3
"""bench_smoke: bench/run --quick --only flops writes latest.json with the machine's facts and positive figures
(sgemm peak and vae-mlp GFLOP/s at 1 thread and at all cores). Checks the JSON's shape, never a speed.
Usage: tests/bench/bench_smoke.py BUILD_DIR OUT_DIR"""
import json, os, shutil, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
run = subprocess.run([os.path.join(root, "bench", "run"), "--quick", "--no-build", "--only", "flops", "--build-dir",
                      build, "--out", out], capture_output=True, text=True, timeout=600)
print(run.stdout, run.stderr)
result = json.load(open(os.path.join(out, "latest.json")))
system, flops = result["system"], result["sections"]["flops"]
assert "error" not in flops, flops["error"]
assert system["cores"] >= 1 and system["cpu"] and system["libtorch"].startswith("1.") and system["blas"], system
cores = str(system["cores"])
for threads in ("1", cores):
    assert flops["sgemm"]["gflops"][threads] > 0, flops["sgemm"]
    assert flops["achieved"][threads]["images_per_second"] > 0, flops["achieved"]
    assert flops["achieved"][threads]["gflops"] > 0 and flops["achieved"][threads]["of_peak"] > 0, flops["achieved"]
assert flops["flops_per_image"] == 3 * 2 * (784 * 400 + 400 * 40 + 20 * 400 + 400 * 784)
assert run.returncode == 0, f"bench/run exited {run.returncode}"
assert any(f.startswith("run-") for f in os.listdir(out)), "no timestamped copy"
assert "sgemm peak" in run.stdout and "vae-mlp" in run.stdout, "no table printed"
print("PASS: bench_smoke")
