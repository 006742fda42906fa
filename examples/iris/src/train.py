"""Train a softmax-regression iris classifier with full-batch gradient descent.

Logs the training-set loss and accuracy for every epoch as JSON lines to --log (the stage's
`logs` file) as `train/loss` and `train/accuracy`, so MLOps Workbench can chart the run while it
trains. The held-out score is evaluate.py's `test/accuracy`: a different number, hence the prefix.
"""
import argparse
import json
import math
import os
import time

from model import load_split, predict, predict_proba


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/prepared")
    parser.add_argument("--out", default="models/model.json")
    parser.add_argument("--log", default="metrics/train.jsonl")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--l2", type=float, default=0.001)
    args = parser.parse_args()

    features, x, y = load_split(os.path.join(args.data, "train.csv"))
    classes = sorted(set(y))
    model = {
        "classes": classes,
        "features": features,
        "weights": [[0.0] * len(features) for _ in classes],
        "bias": [0.0] * len(classes),
    }
    targets = [[1.0 if c == label else 0.0 for c in classes] for label in y]

    os.makedirs(os.path.dirname(args.log) or ".", exist_ok=True)
    with open(args.log, "w") as log:
        for epoch in range(1, args.epochs + 1):
            grad_w = [[0.0] * len(features) for _ in classes]
            grad_b = [0.0] * len(classes)
            loss = 0.0
            for xi, ti in zip(x, targets):
                probs = predict_proba(model, xi)
                loss -= sum(t * math.log(max(p, 1e-12)) for t, p in zip(ti, probs))
                for k, (p, t) in enumerate(zip(probs, ti)):
                    grad_b[k] += p - t
                    for j, v in enumerate(xi):
                        grad_w[k][j] += (p - t) * v
            n = len(x)
            for k in range(len(classes)):
                model["bias"][k] -= args.lr * grad_b[k] / n
                for j in range(len(features)):
                    model["weights"][k][j] -= args.lr * (grad_w[k][j] / n + args.l2 * model["weights"][k][j])
            accuracy = sum(predict(model, xi) == yi for xi, yi in zip(x, y)) / n
            log.write(json.dumps({"step": epoch, "train/loss": round(loss / n, 6), "train/accuracy": round(accuracy, 6), "time": time.time()}) + "\n")
            log.flush()  # a line per epoch, visible to a live chart at once

    # The standardisation statistics travel with the model, so a served image needs only model.json.
    with open(os.path.join(args.data, "stats.json")) as f:
        model["stats"] = json.load(f)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(model, f, indent=2)
    print(f"trained for {args.epochs} epochs: loss {loss / n:.4f}, training accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
