#!/usr/bin/env python3
"""Turns the output of experiments/cifar10-results.sh into the Markdown tables of docs/results.md.

    python3 experiments/results-table.py [OUT_DIR]     (default experiments/out)

Reads OUT_DIR/results.jsonl (one evaluated fine-tune a line) and OUT_DIR/runs.jsonl (every command with its time and
exit code), and prints: the accuracy table (method x labels per class, seed 1, top-1 / top-5 in %), the seed spread
at 100 labels per class, the split-brain/DAE ratios, what an early-stopping patience of 0 would have given, and the
time of every run.
"""
import json
import sys
from pathlib import Path

METHODS = [
    ("lab", "split-brain, Lab"),
    ("lab-rescaled", "split-brain, LabRescaled"),
    ("rgb", "split-brain, Rgb"),
    ("dae", "denoising autoencoder (baseline)"),
    ("scratch", "from scratch (baseline)"),
    ("linear", "ML.NET linear model on pixels (baseline)"),
]


def load(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "experiments/out")
    results = load(out / "results.jsonl")
    runs = load(out / "runs.jsonl")
    by_key = {(r["method"], r["labels_per_class"], r["seed"]): r for r in results}
    budgets = sorted({r["labels_per_class"] for r in results})

    print("| method | " + " | ".join(f"{n} labels/class: top-1 / top-5" for n in budgets) + " |")
    print("| --- |" + " ---: |" * len(budgets))
    for method, name in METHODS:
        cells = []
        for n in budgets:
            r = by_key.get((method, n, 1))
            cells.append(f"{100 * r['metrics']['top1']:.1f} / {100 * r['metrics']['top5']:.1f}" if r else "not run")
        print(f"| {name} | " + " | ".join(cells) + " |")

    print("\nSeeds at 100 labels per class (top-1 %):\n")
    print("| method | seed 1 | seed 2 | spread |")
    print("| --- | ---: | ---: | ---: |")
    for method, name in METHODS:
        values = [by_key.get((method, 100, s)) for s in (1, 2)]
        if all(values):
            a, b = (100 * v["metrics"]["top1"] for v in values)
            print(f"| {name} | {a:.1f} | {b:.1f} | {abs(a - b):.1f} |")

    print("\nSplit-brain (Lab) top-1 over the DAE baseline's, seed 1:\n")
    for n in budgets:
        lab, dae = by_key.get(("lab", n, 1)), by_key.get(("dae", n, 1))
        if lab and dae and dae["metrics"]["top1"] > 0:
            print(f"- {n} labels per class: {lab['metrics']['top1'] / dae['metrics']['top1']:.2f}x")

    print("\nEarly stopping: validation top-1 of the epoch each rule keeps (patience 5, used; patience 0, the"
          " reference's rule, replayed from the same runs' histories):\n")
    print("| run | epochs run | patience 5 keeps | patience 0 would keep |")
    print("| --- | ---: | ---: | ---: |")
    for history_file in sorted(out.glob("ft-*-history.json")):
        history = json.loads(history_file.read_text()).get("history", [])
        top1 = [h.get("top1") for h in history if "top1" in h]
        if not top1:
            continue
        best = max(top1)
        stop0 = top1[0]
        for previous, current in zip(top1, top1[1:]):
            if current < previous:
                break
            stop0 = current
        name = history_file.name[: -len("-history.json")]
        print(f"| {name} | {len(top1)} | {100 * best:.1f} | {100 * stop0:.1f} |")

    print("\nRuns (seconds):\n")
    print("| run | seconds | exit |")
    print("| --- | ---: | ---: |")
    for run in runs:
        print(f"| {run['name']} | {run['seconds']} | {run.get('exit', 0)} |")
    print("\nPretraining, as each run's pretrain.json records it (the time of the last invocation only, when a run was"
          " resumed):\n")
    print("| folder | images | epochs | seconds | last epoch's losses |")
    print("| --- | ---: | ---: | ---: | --- |")
    for record_file in sorted(out.glob("pre-*/pretrain.json")):
        record = json.loads(record_file.read_text())
        last = record["history"][-1] if record.get("history") else {}
        losses = ", ".join(f"{k} {v:.3f}" for k, v in last.items())
        print(f"| {record_file.parent.name} | {record['images']} | {record['epochs']} | {record['elapsed_seconds']:.0f} | {losses} |")
    evaluations = sum(r.get("evaluate_seconds", 0) for r in results)
    print(f"\nEvaluation on the held-out 10,000 images took {evaluations} s in all ({len(results)} evaluations).")


if __name__ == "__main__":
    main()
