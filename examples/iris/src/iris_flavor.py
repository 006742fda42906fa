"""The iris classifier as a python-function flavor module, for MLOps Workbench's model server.

load(path) reads models/model.json; predict(model, rows) takes rows of raw measurements
(column -> value) and answers one species per row. Raw values are standardised with the
training statistics that train.py stores in the model file ("stats"), so the served image
needs nothing but model.json and src/.
"""
import json

from model import predict_proba

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def load(path):
    with open(path) as f:
        model = json.load(f)
    if "stats" not in model:
        raise ValueError("%s has no standardisation stats; re-run the train stage" % path)
    return model


def predict(model, rows):
    stats = model["stats"]
    species = []
    for row in rows:
        x = [(float(row[n]) - stats[n]["mean"]) / stats[n]["std"] for n in model["features"]]
        probs = predict_proba(model, x)
        species.append(model["classes"][probs.index(max(probs))])
    return species
