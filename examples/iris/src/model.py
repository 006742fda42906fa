"""A softmax-regression classifier in plain Python, shared by train, evaluate and serve."""
import csv
import math


def load_split(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r]
    features = header[:-1]
    x = [[float(v) for v in r[:-1]] for r in rows]
    y = [r[-1] for r in rows]
    return features, x, y


def softmax(scores):
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def predict_proba(model, x):
    scores = [b + sum(w * v for w, v in zip(ws, x)) for ws, b in zip(model["weights"], model["bias"])]
    return softmax(scores)


def predict(model, x):
    probs = predict_proba(model, x)
    return model["classes"][probs.index(max(probs))]
