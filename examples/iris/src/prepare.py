"""Split the iris data into train and test sets and standardise the features.

Standard library only, so the example runs on any Python 3.8+ with nothing to install.
"""
import argparse
import csv
import json
import os
import random

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/iris.csv")
    parser.add_argument("--out", default="data/prepared")
    parser.add_argument("--test-ratio", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    with open(args.data, newline="") as f:
        rows = list(csv.DictReader(f))
    random.Random(args.seed).shuffle(rows)
    n_test = max(1, round(len(rows) * args.test_ratio))
    test, train = rows[:n_test], rows[n_test:]

    # Standardise with the training set's statistics only, so nothing leaks from the test set.
    stats = {}
    for name in FEATURES:
        values = [float(r[name]) for r in train]
        mean = sum(values) / len(values)
        std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0
        stats[name] = {"mean": mean, "std": std}

    os.makedirs(args.out, exist_ok=True)
    for split, split_rows in (("train", train), ("test", test)):
        with open(os.path.join(args.out, f"{split}.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(FEATURES + ["species"])
            for r in split_rows:
                writer.writerow([round((float(r[n]) - stats[n]["mean"]) / stats[n]["std"], 6) for n in FEATURES] + [r["species"]])
    with open(os.path.join(args.out, "stats.json"), "w") as f:
        json.dump(stats, f, indent=2)
    print(f"prepared {len(train)} training and {len(test)} test rows in {args.out}")


if __name__ == "__main__":
    main()
