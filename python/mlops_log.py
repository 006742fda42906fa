"""Log params and metrics to MLOps Workbench from a training script (standard library only).

    from mlops_log import log_param, log_metric, log_metrics

    log_param("lr", 0.1)
    for epoch in range(epochs):
        ...
        log_metrics({"loss": loss, "accuracy": acc}, step=epoch)

Each call appends JSON lines to the file named by the MLOPS_METRICS_FILE environment variable,
which the runner sets for every stage and follows while the stage runs (the line format is in
docs/store.md). Lines are written whole and flushed at once, so a live chart sees every point
as it is logged and a crash never leaves half a line behind but the last.

Outside a run (MLOPS_METRICS_FILE unset) every call does nothing, after one warning.
"""
import json
import math
import os
import threading
import time
import warnings

__all__ = ["log_param", "log_params", "log_metric", "log_metrics"]

_lock = threading.Lock()
_file = None
_path = None
_warned = False


def _out():
    """The metrics file, opened for appending and line-buffered; None outside a run."""
    global _file, _path, _warned
    path = os.environ.get("MLOPS_METRICS_FILE")
    if not path:
        if not _warned:
            _warned = True
            warnings.warn("MLOPS_METRICS_FILE is not set: metrics and params are not recorded (run the script through MLOps Workbench).", stacklevel=4)
        return None
    if _file is None or _path != path:
        if _file is not None:
            _file.close()
        d = os.path.dirname(path)
        if d:
            os.makedirs(d, exist_ok=True)
        # Append mode: several processes (and the runner's own lines) may share the file.
        _file = open(path, "a", buffering=1, encoding="utf-8")
        _path = path
    return _file


def _number(value):
    """A metric value as a float; NaN and infinities are written as JSON's NaN/Infinity tokens."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"metric values must be numbers, not {type(value).__name__}") from None


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    try:
        return value.item()  # numpy scalars, without importing numpy
    except AttributeError:
        return str(value)


def _write(lines):
    with _lock:
        out = _out()
        if out is None:
            return
        # One write call for all lines of a call: an append of whole lines.
        out.write("".join(lines))
        out.flush()


def log_param(name, value):
    """Records a param of the run (dotted names like "train.lr" are fine)."""
    _write([json.dumps({"param": str(name), "value": _jsonable(value)}) + "\n"])


def _flatten(params, prefix=""):
    for key, value in params.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            yield from _flatten(value, name)
        else:
            yield name, value


def log_params(params):
    """Records several params; nested dicts become dotted names."""
    _write([json.dumps({"param": k, "value": _jsonable(v)}) + "\n" for k, v in _flatten(params)])


def _point(name, value, step, now):
    line = {"metric": str(name), "value": _number(value), "timestamp": now}
    if step is not None:
        line["step"] = int(step) if float(step).is_integer() else float(step)
    return json.dumps(line, allow_nan=True) + "\n"


def log_metric(name, value, step=None):
    """Records one value of a metric. Without a step, the metric's previous step + 1 is used."""
    _write([_point(name, value, step, time.time())])


def log_metrics(metrics, step=None):
    """Records several metrics at the same step."""
    now = time.time()
    _write([_point(k, v, step, now) for k, v in metrics.items()])
