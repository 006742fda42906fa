"""Serve a model over HTTP with MLflow's scoring protocol (Python standard library only).

    MLOPS_MODEL_MODULE=src/iris_flavor.py MLOPS_MODEL_PATH=models/model.json python3 mlops_serve.py

POST /invocations  JSON (dataframe_split, dataframe_records, instances, inputs; optional params)
                   or CSV with a header row  ->  {"predictions": [...]}
GET  /ping /health /version /metrics (Prometheus text)

The model is loaded through the `python-function` flavor: MLOPS_MODEL_MODULE is a .py file with
`load(path)` and `predict(model, rows)` (rows: a list of dicts, column -> value). Every request's
inputs and outputs go to a JSON-lines request log, size-capped and rotated. docs/serving.md has
the whole protocol, the flavor contract, the settings and the metric names.
"""
import argparse
import bisect
import collections
import csv
import importlib.util
import inspect
import io
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KNOWN_PATHS = ("/invocations", "/ping", "/health", "/version", "/metrics")
INPUT_FIELDS = ("dataframe_split", "dataframe_records", "instances", "inputs")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SHUTDOWN_GRACE_SECONDS = 30.0


def log(message):
    sys.stderr.write("mlops_serve: %s\n" % message)
    sys.stderr.flush()


class RequestError(Exception):
    """A request the server refuses: its status, MLflow error code and one-sentence message."""

    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message


def error_body(error):
    """MLflow's error shape."""
    return json.dumps({"error_code": error.code, "message": error.message}).encode()


def bad_shape(message):
    return RequestError(422, "INVALID_PARAMETER_VALUE", message)


# ---------------------------------------------------------------- parsing request bodies

def _positional(row, where, names):
    """A list row -> a dict, named by the model's FEATURES when declared, else "0", "1", ..."""
    if names is not None:
        if len(row) != len(names):
            raise bad_shape("%s has %d values but the model expects %d (%s)" % (where, len(row), len(names), ", ".join(names)))
        return dict(zip(names, row))
    return {str(i): v for i, v in enumerate(row)}


def _object_row(row, where, names):
    if not isinstance(row, dict):
        raise bad_shape("%s must be an object of column -> value" % where)
    if names is not None:
        for name in names:
            if name not in row:
                raise bad_shape("%s has no value for %s" % (where, name))
    return row


def _list_of_rows(items, field, names):
    """`instances` / `inputs` as a list: rows as lists, objects, or single values."""
    rows = []
    for i, item in enumerate(items):
        where = "%s[%d]" % (field, i)
        if isinstance(item, dict):
            rows.append(_object_row(item, where, names))
        elif isinstance(item, list):
            rows.append(_positional(item, where, names))
        else:
            rows.append(_positional([item], where, names))
    return rows


def rows_from_split(value, names):
    if not isinstance(value, dict):
        raise bad_shape("dataframe_split must be an object with columns and data")
    data = value.get("data")
    if not isinstance(data, list):
        raise bad_shape("dataframe_split.data must be a list of rows")
    columns = value.get("columns")
    if columns is not None and (not isinstance(columns, list) or not all(isinstance(c, str) for c in columns)):
        raise bad_shape("dataframe_split.columns must be a list of column names")
    index = value.get("index")
    if index is not None and (not isinstance(index, list) or len(index) != len(data)):
        raise bad_shape("dataframe_split.index must be a list with one entry per row")
    rows = []
    for i, row in enumerate(data):
        where = "dataframe_split.data[%d]" % i
        if not isinstance(row, list):
            raise bad_shape("%s must be a list of values" % where)
        if columns is None:
            rows.append(_positional(row, where, names))
            continue
        if len(row) != len(columns):
            raise bad_shape("%s has %d values but there are %d columns" % (where, len(row), len(columns)))
        rows.append(_object_row(dict(zip(columns, row)), where, names))
    return rows


def rows_from_records(value, names):
    if not isinstance(value, list):
        raise bad_shape("dataframe_records must be a list of objects")
    return [_object_row(row, "dataframe_records[%d]" % i, names) for i, row in enumerate(value)]


def rows_from_instances(value, names):
    if not isinstance(value, list):
        raise bad_shape("instances must be a list of rows")
    return _list_of_rows(value, "instances", names)


def rows_from_inputs(value, names):
    if isinstance(value, list):
        return _list_of_rows(value, "inputs", names)
    if not isinstance(value, dict):
        raise bad_shape("inputs must be a list of rows or an object of column -> list of values")
    lengths = set()
    for column, values in value.items():
        if not isinstance(values, list):
            raise bad_shape("inputs.%s must be a list of values" % column)
        lengths.add(len(values))
    if len(lengths) > 1:
        raise bad_shape("inputs must have the same number of values in every column")
    count = lengths.pop() if lengths else 0
    columns = list(value.keys())
    rows = [{c: value[c][i] for c in columns} for i in range(count)]
    for i, row in enumerate(rows):
        _object_row(row, "inputs (row %d)" % i, names)
    return rows


PARSERS = {
    "dataframe_split": rows_from_split,
    "dataframe_records": rows_from_records,
    "instances": rows_from_instances,
    "inputs": rows_from_inputs,
}


def parse_json(body, names):
    """-> (rows, params). Bad JSON is a 400, a wrong shape a 422 naming the field."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestError(400, "BAD_REQUEST", "The body is not valid JSON (%s)." % str(error).splitlines()[0])
    expected = "one of the fields " + ", ".join(INPUT_FIELDS)
    if not isinstance(doc, dict):
        raise bad_shape("The JSON body must be an object with %s" % expected)
    present = [f for f in INPUT_FIELDS if f in doc]
    if len(present) != 1:
        found = " (found %s)" % ", ".join(present) if present else ""
        raise bad_shape("The JSON body must have exactly %s%s" % (expected, found))
    unknown = [k for k in doc if k not in INPUT_FIELDS and k != "params"]
    if unknown:
        raise bad_shape("Unknown field %s; the body takes %s, and params" % (unknown[0], expected))
    params = doc.get("params")
    if params is not None and not isinstance(params, dict):
        raise bad_shape("params must be an object of name -> value")
    return PARSERS[present[0]](doc[present[0]], names), params


def _csv_value(text):
    """CSV cells become numbers when they read as numbers, as pandas.read_csv does; empty -> None."""
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_csv(body):
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RequestError(400, "BAD_REQUEST", "The CSV body is not UTF-8 text.")
    try:
        records = [r for r in csv.reader(io.StringIO(text)) if r]
    except csv.Error as error:
        raise RequestError(400, "BAD_REQUEST", "The body is not valid CSV (%s)." % error)
    if not records:
        raise RequestError(400, "BAD_REQUEST", "The CSV body has no header row.")
    header = records[0]
    rows = []
    for i, record in enumerate(records[1:], start=1):
        if len(record) != len(header):
            raise bad_shape("CSV row %d has %d values but the header has %d columns" % (i, len(record), len(header)))
        rows.append({h: _csv_value(v) for h, v in zip(header, record)})
    return rows


# ---------------------------------------------------------------- metrics

class Metrics:
    """Counters and a latency histogram, rendered in Prometheus' text exposition format."""

    def __init__(self):
        self._lock = threading.Lock()
        self._requests = {}  # (path, code) -> count
        self._errors = {}  # path -> count
        self._in_progress = 0
        self._buckets = [0] * (len(LATENCY_BUCKETS) + 1)  # non-cumulative; the last is +Inf
        self._sum = 0.0
        self._count = 0
        self._rows = 0
        self.log_dropped = 0

    def started(self):
        with self._lock:
            self._in_progress += 1

    def finished(self, path, status, seconds, rows):
        key = (path, status)
        with self._lock:
            self._in_progress -= 1
            self._requests[key] = self._requests.get(key, 0) + 1
            if status >= 400:
                self._errors[path] = self._errors.get(path, 0) + 1
            if path == "/invocations":
                self._buckets[bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
                self._sum += seconds
                self._count += 1
                self._rows += rows

    def in_progress(self):
        with self._lock:
            return self._in_progress

    def render(self, info):
        with self._lock:
            requests = sorted(self._requests.items())
            errors = sorted(self._errors.items())
            buckets, total, count, rows = list(self._buckets), self._sum, self._count, self._rows
            in_progress, dropped = self._in_progress, self.log_dropped
        out = [
            "# HELP mlops_model_info The model this server serves.",
            "# TYPE mlops_model_info gauge",
            "mlops_model_info{%s} 1" % ",".join('%s="%s"' % (k, _label(v)) for k, v in info),
            "# HELP mlops_requests_total HTTP requests answered, by path and status code.",
            "# TYPE mlops_requests_total counter",
        ]
        out += ['mlops_requests_total{path="%s",code="%d"} %d' % (p, c, n) for (p, c), n in requests]
        out += ["# HELP mlops_request_errors_total HTTP requests answered with a status of 400 or more, by path.",
                "# TYPE mlops_request_errors_total counter"]
        out += ['mlops_request_errors_total{path="%s"} %d' % (p, n) for p, n in errors]
        out += ["# HELP mlops_requests_in_progress HTTP requests being handled now.",
                "# TYPE mlops_requests_in_progress gauge",
                "mlops_requests_in_progress %d" % in_progress,
                "# HELP mlops_predicted_rows_total Rows sent to the model's predict().",
                "# TYPE mlops_predicted_rows_total counter",
                "mlops_predicted_rows_total %d" % rows,
                "# HELP mlops_request_log_dropped_total Request log lines lost to write errors.",
                "# TYPE mlops_request_log_dropped_total counter",
                "mlops_request_log_dropped_total %d" % dropped,
                "# HELP mlops_request_duration_seconds Time to answer POST /invocations.",
                "# TYPE mlops_request_duration_seconds histogram"]
        cumulative = 0
        for bound, n in zip(LATENCY_BUCKETS + (None,), buckets):
            cumulative += n
            le = "+Inf" if bound is None else repr(bound)
            out.append('mlops_request_duration_seconds_bucket{le="%s"} %d' % (le, cumulative))
        out.append("mlops_request_duration_seconds_sum %r" % total)
        out.append("mlops_request_duration_seconds_count %d" % count)
        return ("\n".join(out) + "\n").encode()


def _label(value):
    return str(value or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# ---------------------------------------------------------------- request log

def format_log_line(entry):
    wall, request_id, inputs_json, outputs_json, status, latency_ms, error = entry
    ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(wall)) + ".%03dZ" % (int(wall * 1000) % 1000)
    return '{"ts": "%s", "request_id": %s, "inputs": %s, "outputs": %s, "status": %d, "latency_ms": %s%s}\n' % (
        ts, json.dumps(request_id), inputs_json, outputs_json, status, latency_ms,
        ', "error": %s' % json.dumps(error) if error else "")


class RequestLog:
    """JSON lines written by one writer thread, so a slow disk holds no request; rotated by size.

    requests.jsonl -> requests.jsonl.1 -> ... -> requests.jsonl.<keep>; older ones are removed.
    A request only appends a tuple to a deque (atomic, no lock to wait for); the writer wakes
    every POLL_SECONDS, formats the waiting entries, writes them in one go and flushes.
    """

    POLL_SECONDS = 0.05
    MAX_WAITING = 10000  # past this, requests wait for the disk rather than memory grow

    def __init__(self, path, max_bytes, keep, metrics):
        self.path = path
        self.max_bytes = max_bytes
        self.keep = keep
        self._metrics = metrics
        self._waiting = collections.deque()
        self._closing = threading.Event()
        self._lock = threading.Lock()  # the file, its size and rotation: only one writer at a time
        self._file = None
        self._size = 0
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="request-log", daemon=True)
        self._thread.start()

    def append(self, entry):
        """entry: (unix time, request id, inputs JSON, outputs JSON, status, latency ms, error message or None)."""
        while len(self._waiting) >= self.MAX_WAITING and self._thread.is_alive():
            time.sleep(self.POLL_SECONDS)
        self._waiting.append(entry)

    def close(self):
        self._closing.set()
        self._thread.join(10)

    def _run(self):
        while True:
            closing = self._closing.wait(self.POLL_SECONDS)
            lines = []
            while self._waiting:
                lines.append(format_log_line(self._waiting.popleft()))
            if lines:
                with self._lock:
                    self._write(lines)
            if closing:
                with self._lock:
                    if self._file:
                        self._file.close()
                        self._file = None
                return

    def _write(self, lines):
        try:
            for line in lines:
                data = line.encode()
                if self._file is None:
                    self._open()
                if self._size > 0 and self._size + len(data) > self.max_bytes:
                    self._rotate()
                self._file.write(data)
                self._size += len(data)
            if self._file:
                self._file.flush()
            self._failed = False
        except OSError as error:
            self._metrics.log_dropped += len(lines)
            if not self._failed:
                log("cannot write the request log %s (%s); lines are dropped until it works again" % (self.path, error))
            self._failed = True
            if self._file:
                try:
                    self._file.close()
                except OSError:
                    pass
            self._file = None

    def _open(self):
        folder = os.path.dirname(self.path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        self._file = open(self.path, "ab")
        self._size = self._file.tell()

    def _rotate(self):
        self._file.close()
        self._file = None
        if self.keep > 0:
            for i in range(self.keep - 1, 0, -1):
                older = "%s.%d" % (self.path, i)
                if os.path.exists(older):
                    os.replace(older, "%s.%d" % (self.path, i + 1))
            os.replace(self.path, self.path + ".1")
        else:
            os.remove(self.path)
        self._open()


# ---------------------------------------------------------------- the model

class Model:
    """The python-function flavor: a module file with load(path) and predict(model, rows[, params])."""

    def __init__(self, module_path, model_path):
        self.module_path = module_path
        self.model_path = model_path
        self.ready = False
        self.features = None
        self._predict = None
        self._takes_params = False
        self._model = None

    def load(self):
        folder = os.path.dirname(os.path.abspath(self.module_path))
        if folder not in sys.path:
            sys.path.insert(0, folder)  # so the module can import its siblings (e.g. model.py)
        spec = importlib.util.spec_from_file_location("mlops_model", self.module_path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name in ("load", "predict"):
            if not callable(getattr(module, name, None)):
                raise RuntimeError("%s has no %s() function; the python-function flavor needs load(path) and predict(model, rows)" % (self.module_path, name))
        self._model = module.load(self.model_path)
        # Read after load() so load may set FEATURES from the model file.
        features = getattr(module, "FEATURES", None)
        self.features = [str(f) for f in features] if features else None
        self._predict = module.predict
        try:
            self._takes_params = "params" in inspect.signature(module.predict).parameters
        except (TypeError, ValueError):
            self._takes_params = False
        self.ready = True

    def predict(self, rows, params):
        if self._takes_params:
            return self._predict(self._model, rows, params=params)
        return self._predict(self._model, rows)


def to_json_value(predictions):
    """Lists pass through; numpy-like arrays via tolist(); tuples become lists."""
    if hasattr(predictions, "tolist"):
        predictions = predictions.tolist()
    if isinstance(predictions, tuple):
        predictions = list(predictions)
    return predictions


# ---------------------------------------------------------------- HTTP

class Server(ThreadingHTTPServer):
    daemon_threads = True  # idle keep-alive connections must not hold the process at exit
    allow_reuse_address = True

    def __init__(self, address, handler, config, model, metrics, request_log):
        self.config = config
        self.model = model
        self.metrics = metrics
        self.request_log = request_log
        self.stopping = False
        info = [("model", config.model_name), ("version", config.model_version), ("run", config.run_id), ("commit", config.git_commit)]
        self.info = info
        self.version_body = json.dumps({k: (v or None) for k, v in info}).encode()
        ThreadingHTTPServer.__init__(self, address, handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a load test measures the server, not connects
    disable_nagle_algorithm = True  # headers and body go out in one write; no delayed-ACK stalls
    timeout = 120  # an idle or stalled connection frees its thread
    server_version = "mlops-serve"

    # --- plumbing

    def log_message(self, format, *args):  # one line per request is noise in a container log
        pass

    def _send(self, status, body, content_type="application/json", close=False):
        if close or self.server.stopping:
            self.close_connection = True
        phrase = self.responses.get(status, ("",))[0]
        head = "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n" % (status, phrase, content_type, len(body))
        if self._request_id:
            head += "X-Request-Id: %s\r\n" % self._request_id
        if self.close_connection:
            head += "Connection: close\r\n"
        self._status = status
        self._record(status)
        self.wfile.write(head.encode("latin-1") + b"\r\n" + body)

    def _send_error(self, error, close=False):
        self._send(error.status, error_body(error), close=close)
        if close:
            self._drain()

    def _drain(self):
        """Read and drop what the client is still sending before closing, for at most a second:
        closing with unread bytes sends a TCP reset, which can destroy our answer in flight."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline and self.connection.recv(65536):
                pass
        except OSError:
            pass

    def _route(self):
        path = self.path.split("?", 1)[0]
        return path if path in KNOWN_PATHS else "other"

    def _begin(self):
        self._status = 0
        self._request_id = None
        self._body_unread = False
        self._path = self._route()
        self._rows = 0
        self._recorded = False
        self._start = time.perf_counter()
        self.server.metrics.started()

    def _record(self, status):
        """Counts the request once, BEFORE its answer goes out: a client that scrapes /metrics
        right after an answer must see it counted (another thread could not be that fast)."""
        if not self._recorded:
            self._recorded = True
            self.server.metrics.finished(self._path, status, time.perf_counter() - self._start, self._rows)

    def _end(self, path, rows=0):
        # Only when no answer was sent (a failure before _send): count it as it stands.
        self._path, self._rows = path, rows
        self._record(self._status)

    def _limit_error(self):
        limit = self.server.config.max_body_bytes
        return RequestError(413, "REQUEST_LIMIT_EXCEEDED", "The request body is larger than the limit of %d bytes (MLOPS_MAX_BODY_BYTES)." % limit)

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it.
        length = self.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > self.server.config.max_body_bytes:
            self._begin()
            self._send_error(self._limit_error(), close=True)
            self._end(self._route())
            return False
        return BaseHTTPRequestHandler.handle_expect_100(self)

    # --- GET

    def do_GET(self):
        self._begin()
        path = self._route()
        try:
            ready = self.server.model.ready
            if path == "/ping":
                self._send(200 if ready else 503, b"", "text/plain")
            elif path == "/health":
                self._send(200 if ready else 503, b'{"status": "ok"}' if ready else b'{"status": "loading"}')
            elif path == "/version":
                self._send(200, self.server.version_body)
            elif path == "/metrics":
                self._send(200, self.server.metrics.render(self.server.info), "text/plain; version=0.0.4; charset=utf-8")
            elif path == "/invocations":
                self._send_error(RequestError(405, "BAD_REQUEST", "Use POST for /invocations."))
            else:
                self._send_error(RequestError(404, "ENDPOINT_NOT_FOUND", "There is no %s here; the endpoints are %s." % (self.path.split("?", 1)[0][:100], ", ".join(KNOWN_PATHS))))
        finally:
            self._end(path)

    # --- POST /invocations

    def do_POST(self):
        self._begin()
        path = self._route()
        if path != "/invocations":
            try:
                self._send_error(RequestError(404 if path == "other" else 405, "ENDPOINT_NOT_FOUND", "POST goes to /invocations."), close=True)
            finally:
                self._end(path)
            return
        header_id = self.headers.get("X-Request-Id")
        # Echoed in a response header and written to the log: only short printable ASCII is kept.
        usable = header_id and len(header_id) <= 200 and header_id.isascii() and header_id.isprintable()
        self._request_id = header_id if usable else uuid.uuid4().hex
        rows, outputs, error, logged_inputs = None, "null", None, "null"
        keep_log = self.server.request_log is not None
        try:
            body = self._read_body()
            rows, params = self._parse(body)
            if keep_log:
                logged_inputs = json.dumps(rows)  # before predict() may change them
            if not self.server.model.ready:
                raise RequestError(503, "TEMPORARILY_UNAVAILABLE", "The model is still loading; try again shortly.")
            outputs = self._predict(rows, params)
        except RequestError as refused:
            error = refused
        except Exception:  # a bug here must still answer in one sentence
            log("request %s failed\n%s" % (self._request_id, traceback.format_exc().rstrip()))
            error = RequestError(500, "INTERNAL_ERROR", "The server failed to answer this request; its log has the details.")
        if error:
            outputs = "null"
            self._status, answer = error.status, error_body(error)
        else:
            self._status, answer = 200, b'{"predictions": ' + outputs.encode() + b"}"
        try:
            # Logged before the answer goes out: a client's next request cannot overtake this
            # line, and a graceful stop (which waits for requests in flight) writes it.
            if keep_log:
                self._log(logged_inputs, outputs, error)
            self._rows = len(rows) if rows else 0
            self._send(self._status, answer, close=self._body_unread)
            if self._body_unread:
                self._drain()
        finally:
            self._end(path, len(rows) if rows else 0)

    def _read_body(self):
        self._body_unread = True
        limit = self.server.config.max_body_bytes
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked(limit)
        length = self.headers.get("Content-Length")
        if length is None:
            length = "0"
        if not length.strip().isdigit():
            raise RequestError(400, "BAD_REQUEST", "The Content-Length header is not a number.")
        length = int(length)
        if length > limit:  # checked before reading a byte
            raise self._limit_error()
        body = self.rfile.read(length)
        if len(body) < length:
            raise RequestError(400, "BAD_REQUEST", "The body ended before Content-Length bytes arrived.")
        self._body_unread = False
        return body

    def _read_chunked(self, limit):
        parts, total = [], 0
        while True:
            line = self.rfile.readline(1026)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise RequestError(400, "BAD_REQUEST", "The chunked body is malformed.")
            if size == 0:
                break
            total += size
            if total > limit:
                raise self._limit_error()
            chunk = self.rfile.read(size)
            self.rfile.readline(3)  # the CRLF after each chunk
            if len(chunk) < size:
                raise RequestError(400, "BAD_REQUEST", "The chunked body ended early.")
            parts.append(chunk)
        while self.rfile.readline(8194) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        self._body_unread = False
        return b"".join(parts)

    def _parse(self, body):
        content_type = self.headers.get("Content-Type", "")
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "application/json":
            if not body:
                raise RequestError(400, "BAD_REQUEST", "The request has no body; send JSON with one of %s." % ", ".join(INPUT_FIELDS))
            return parse_json(body, self.server.model.features)
        if kind == "text/csv":
            return parse_csv(body), None
        raise RequestError(415, "BAD_REQUEST", "Content-Type %s is not supported; use application/json or text/csv." % (kind or "(none)"))

    def _predict(self, rows, params):
        """-> the predictions as JSON text (encoded once, for the answer and the log)."""
        if not rows:
            return "[]"
        try:
            return json.dumps(to_json_value(self.server.model.predict(rows, params)))
        except Exception as failure:  # the model's own errors: any type
            log("request %s: predict() failed\n%s" % (self._request_id, traceback.format_exc().rstrip()))
            detail = (str(failure).splitlines() or [""])[0][:200]
            raise RequestError(500, "INTERNAL_ERROR", "The model failed to predict (%s%s)." % (type(failure).__name__, ": " + detail if detail else ""))

    def _log(self, inputs_json, outputs_json, error):
        latency_ms = round((time.perf_counter() - self._start) * 1000, 3)
        self.server.request_log.append((time.time(), self._request_id, inputs_json, outputs_json, self._status, latency_ms, error.message if error else None))


# ---------------------------------------------------------------- configuration and main

SETTINGS = [
    # (env var, flag, type, default, help)
    ("MLOPS_MODEL_PATH", "--model-path", str, "", "the model artifact passed to load()"),
    ("MLOPS_MODEL_MODULE", "--model-module", str, "", "the .py file with load(path) and predict(model, rows)"),
    ("MLOPS_HOST", "--host", str, "0.0.0.0", "address to listen on"),
    ("MLOPS_PORT", "--port", int, 8080, "port to listen on (0: any free port, printed at start)"),
    ("MLOPS_MAX_BODY_BYTES", "--max-body-bytes", int, 52428800, "largest accepted request body"),
    ("MLOPS_REQUEST_LOG", "--request-log", str, "/tmp/mlops/requests.jsonl", "JSON-lines request log; empty: off"),
    ("MLOPS_REQUEST_LOG_MAX_BYTES", "--request-log-max-bytes", int, 10485760, "rotate the request log at this size"),
    ("MLOPS_REQUEST_LOG_KEEP", "--request-log-keep", int, 3, "rotated request logs to keep"),
    ("MLOPS_MODEL_NAME", "--model-name", str, "", "model name for /version and /metrics"),
    ("MLOPS_MODEL_VERSION", "--model-version", str, "", "model version for /version and /metrics"),
    ("MLOPS_RUN_ID", "--run-id", str, "", "run id for /version and /metrics"),
    ("MLOPS_GIT_COMMIT", "--git-commit", str, "", "git commit for /version and /metrics"),
]


def fail(message):
    """A configuration error: one line, exit code 2 (as argparse does for a bad flag)."""
    log(message)
    sys.exit(2)


def read_config(argv):
    parser = argparse.ArgumentParser(prog="mlops_serve.py", description="Serve a model with MLflow's scoring protocol. Flags override the MLOPS_* environment variables.")
    for env, flag, kind, default, help_text in SETTINGS:
        raw = os.environ.get(env)
        value = default
        if raw is not None and (raw != "" or kind is str):
            try:
                value = kind(raw)
            except ValueError:
                fail("%s=%r is not a number" % (env, raw))
        parser.add_argument(flag, type=kind, default=value, help="%s (env %s, default %r)" % (help_text, env, default))
    config = parser.parse_args(argv)
    if not config.model_module:
        fail("no model module: set MLOPS_MODEL_MODULE (or --model-module) to the .py file with load() and predict()")
    if not os.path.isfile(config.model_module):
        fail("the model module %s does not exist" % config.model_module)
    return config


def main(argv=None):
    config = read_config(sys.argv[1:] if argv is None else argv)
    metrics = Metrics()
    request_log = RequestLog(config.request_log, config.request_log_max_bytes, config.request_log_keep, metrics) if config.request_log else None
    model = Model(config.model_module, config.model_path)
    server = Server((config.host, config.port), Handler, config, model, metrics, request_log)
    stop = threading.Event()
    # The signal handler only sets a flag: serve_forever() runs in another thread, and
    # shutdown() called from the thread that runs serve_forever() would deadlock.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serving = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    serving.start()
    host, port = server.server_address[:2]
    log("listening on http://%s:%d (loading %s)" % (host, port, config.model_module))

    try:
        model.load()
    except BaseException as error:  # the user's module: any error
        traceback.print_exc()
        log("could not load the model: %s: %s" % (type(error).__name__, (str(error).splitlines() or [""])[0]))
        server.shutdown()
        return 1
    log("model loaded; serving %s" % (config.model_name or config.model_path or config.model_module))

    while not stop.wait(3600):
        pass
    # Graceful stop (docker stop): refuse new connections, finish the requests in flight.
    log("stopping: no new connections")
    server.stopping = True
    server.shutdown()
    server.socket.close()
    deadline = time.monotonic() + SHUTDOWN_GRACE_SECONDS
    waiting = 0
    while metrics.in_progress() > 0 and time.monotonic() < deadline:
        if metrics.in_progress() != waiting:
            waiting = metrics.in_progress()
            log("stopping: waiting for %d request(s) in flight" % waiting)
        time.sleep(0.01)
    if request_log:
        request_log.close()
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
