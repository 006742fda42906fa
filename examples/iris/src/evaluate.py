"""Evaluate the trained model on the held-out test set and write the final metrics (test/…)."""
import argparse
import json
import os
import time

from model import load_split, predict


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/prepared")
    parser.add_argument("--model", default="models/model.json")
    parser.add_argument("--out", default="metrics/eval.json")
    args = parser.parse_args()

    with open(args.model) as f:
        model = json.load(f)
    _, x, y = load_split(os.path.join(args.data, "test.csv"))

    started = time.perf_counter()
    predictions = [predict(model, xi) for xi in x]
    latency_ms = (time.perf_counter() - started) * 1000 / len(x)

    accuracy = sum(p == t for p, t in zip(predictions, y)) / len(y)
    f1s = []
    for c in model["classes"]:
        tp = sum(p == c and t == c for p, t in zip(predictions, y))
        fp = sum(p == c and t != c for p, t in zip(predictions, y))
        fn = sum(p != c and t == c for p, t in zip(predictions, y))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    # Prefixed "test/" so they never read as train.py's per-epoch "train/…" metrics of the same name.
    metrics = {
        "test/accuracy": round(accuracy, 6),
        "test/f1_macro": round(sum(f1s) / len(f1s), 6),
        "test/latency_ms": round(latency_ms, 4),
    }

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
