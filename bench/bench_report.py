"""bench/run's readable table: one block per section, printed as the section finishes (Markdown tables, so the
README's performance section is a copy of what bench/run prints)."""


def _n(x, digits=0):
    return f"{x:,.{digits}f}"


def _row(*cells):
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


def _head(*cells):
    _row(*cells)
    _row(*["---"] * len(cells))


def print_system(s):
    print(f"\n{s['cpu']}, {s['cores']} cores{' (AVX-512)' if s.get('avx512') else ''}; LibTorch {s['libtorch']}; "
          f"BLAS {s['blas']}; load average {' '.join(s['load_average_start'])} at the start "
          f"({s['date']}, commit {s.get('commit', '?')})", flush=True)


def print_error(name, error):
    print(f"\n{name}: FAILED: {error}", flush=True)


def print_note(name, note):
    print(f"\n{name}: {note}", flush=True)


def print_train_model(model, r):
    print(f"\ntraining {model} (batch {r['batch']}, {r['steps']} steps, {r['pairs']} interleaved pairs; "
          "images/s, median of the pairs):", flush=True)
    _head("threads", "ours", "Python peer", "ratio", "mean loss ours / peer")
    cell = lambda d: _n(d["median"]) + (f" ({d['timed_out']} timed out)" if d.get("timed_out") else "")
    for t, e in r["threads"].items():
        _row(t, cell(e["ours"]), cell(e["peer"]), f"{e['ratio']:.2f}x" if e["ratio"] else "-",
             f"{e['ours']['mean_loss']:.2f} / {e['peer']['mean_loss']:.2f}")
    b = r["best"]
    _row(f"best ({b['ours']['threads']} / {b['peer']['threads']})", _n(b["ours"]["images_per_second"]),
         _n(b["peer"]["images_per_second"]), f"**{b['ratio']:.2f}x**", f"{100 * b['loss_difference']:+.1f}%")


def print_flops(r):
    print(f"\nvae-mlp arithmetic: {r['flops_per_image'] / 1e6:.2f} MFLOP an image (matmuls, forward x 3); sgemm peak "
          f"({r['sgemm']['how']}, n={r['sgemm']['size']}):", flush=True)
    _head("threads", "sgemm peak GFLOP/s", "vae-mlp images/s", "vae-mlp GFLOP/s", "of peak")
    for t, a in r["achieved"].items():
        if t == "best":
            continue
        _row(t, _n(r["sgemm"]["gflops"][t], 1), _n(a["images_per_second"]), _n(a["gflops"], 1),
             f"{100 * a['of_peak']:.0f}%")
    if "best" in r["achieved"]:
        b = r["achieved"]["best"]
        nominal = (f", {100 * b['of_nominal_all_cores']:.0f}% of {b['nominal_all_cores_gflops']:.0f} "
                   "(cores x the 1-thread peak)") if "of_nominal_all_cores" in b else ""
        print(f"best setting ({b['threads']} threads): {b['gflops']:.1f} GFLOP/s, "
              f"{100 * b['of_all_cores_peak']:.0f}% of the all-thread peak{nominal}", flush=True)


def print_history(r):
    print("\nloss history at a million steps (bench/bench_history.cpp):", flush=True)
    _head("benchmark", "time", "counters")
    for name, e in r.items():
        if not isinstance(e, dict):
            continue
        counters = ", ".join(f"{k} {v:,.0f}" for k, v in e.items()
                             if k not in ("real_time", "unit") and isinstance(v, (int, float)))
        _row(name, f"{e['real_time']:,.2f} {e['unit']}", counters)


def print_dist(r):
    print("\ndistributed (bench/dist_speed.sh, vae-mlp, 1 thread per rank):", flush=True)
    _head("1 rank", "2 ranks", "ratio")
    _row(f"{_n(r['one_rank_images_per_second'])} img/s", f"{_n(r['two_ranks_images_per_second'])} img/s",
         f"{r['ratio']:.2f}x")


def _q(d):
    return f"{d['p50']:.1f} / {d['p95']:.1f} / {d['p99']:.1f} ({d['frames']} frames)" if d.get("frames") else "-"


def print_window(r):
    print("\nthe window (Xvfb, 1600x1000, Mesa llvmpipe, Fashion-MNIST, vae-mlp):", flush=True)
    if "startup" in r:
        s = r["startup"]
        print(f"start-up: first frame {s['first_frame_s']:.2f} s, data ready {s['data_ready_s']:.2f} s", flush=True)
    if "frames" in r:
        _head("frame time ms (less the test report)", "p50 / p95 / p99")
        for phase, d in r["frames"].items():
            _row(phase, _q(d))
    if "slider_latency_frames" in r:
        s = r["slider_latency_frames"]
        print(f"slider change to new image: {s['median']} frames median, {s['max']} at most "
              f"({s['changes']} changes; 0 = the same frame)", flush=True)
    if "umap" in r:
        u = r["umap"]
        if "error" in u:
            print(f"UMAP while training: {u['error']}", flush=True)
        else:
            q = u["frame_ms"]
            print(f"UMAP of {_n(u['codes'])} codes while training: {u['seconds']:.0f} s, {u['layouts_shown']} layouts "
                  f"shown; frame ms meanwhile p50 {q['p50']:.1f} / p95 {q['p95']:.1f} / p99 {q['p99']:.1f} "
                  f"({q['frames']} frames)", flush=True)
    if "scatter" in r:
        _head("scatter points", "scatter panel ms p50 / p95 (CPU side)", "frame ms p50 / p95 while panning", "frames/s (1000 / p50)")
        for n, d in r["scatter"].items():
            if "error" in d:
                _row(n, d["error"], "", "")
            else:
                _row(_n(int(n)), f"{d['scatter_ms']['p50']:.1f} / {d['scatter_ms']['p95']:.1f}",
                     f"{d['frame_ms']['p50']:.1f} / {d['frame_ms']['p95']:.1f}", f"{d['fps']:.0f}")
    if "training" in r:
        t = r["training"]
        print(f"training with the window open: {_n(t['window_images_per_second'])} img/s against "
              f"{_n(t['headless_images_per_second'])} headless (latentlab-cli): {100 * t['ratio']:.0f}%", flush=True)
        for name, p in t.get("by_phase", {}).items():
            print(f"  {name}: {_n(p['images_per_second'])} img/s, {100 * p['ratio']:.0f}%", flush=True)
        w = t.get("watched, no test report")
        if w:
            print(f"the window only watched, without the test report, {_n(w['steps'])} steps: "
                  f"{_n(w['window_images_per_second'])} img/s against {_n(w['headless_images_per_second'])} "
                  f"headless: {100 * w['ratio']:.0f}%", flush=True)
    if "rss_mb" in r:
        m = r["rss_mb"]
        print("peak RSS: " + ", ".join(f"{k} {v:.0f} MB" for k, v in m.items()), flush=True)


def print_all(result):
    """The whole table of a results file (bench/run --show)."""
    print_system(result["system"])
    for name, out in result["sections"].items():
        load = out.get("load_average", ["?"])  # dist_speed.sh writes its own, as one string
        when = f" (measured {out.get('date', '?')}, load average {load if isinstance(load, str) else ' '.join(load)})"
        print(f"\n## {name}{when}", flush=True)
        if name == "train":
            for model, r in out.items():
                if isinstance(r, dict) and "best" in r:
                    print_train_model(model, r)
        elif name == "flops" and "achieved" in out:
            print_flops(out)
        elif name == "window":
            print_window(out)
        elif name == "history":
            print_history({k: v for k, v in out.items() if isinstance(v, dict) and "real_time" in v})
        elif name == "dist" and "ratio" in out:
            print_dist(out)
        elif "note" in out:
            print_note(name, out["note"])
        if "error" in out:
            print_error(name, out["error"])
