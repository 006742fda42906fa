"""Serve the trained iris model over HTTP (standard library only).

GET  /health   → {"status": "ok"}
POST /predict  ← {"features": {"sepal_length": 5.1, ...}} or {"features": [5.1, 3.5, 1.4, 0.2]}
               → {"species": "setosa", "probabilities": {...}}
Raw measurements are standardised with the statistics `prepare` saved.
"""
import argparse
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from model import predict_proba


def load(model_path, stats_path):
    with open(model_path) as f:
        model = json.load(f)
    with open(stats_path) as f:
        stats = json.load(f)
    return model, stats


def make_handler(model, stats):
    features = model["features"]

    class Handler(BaseHTTPRequestHandler):
        def _send(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                self._send(200, {"status": "ok"})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self):
            if self.path != "/predict":
                self._send(404, {"error": "not found"})
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
                raw = json.loads(self.rfile.read(length) or b"{}")["features"]
                values = [float(raw[n]) for n in features] if isinstance(raw, dict) else [float(v) for v in raw]
                if len(values) != len(features):
                    raise ValueError(f"expected {len(features)} features")
            except (KeyError, ValueError, TypeError, json.JSONDecodeError) as error:
                self._send(400, {"error": f"bad request: {error}"})
                return
            x = [(v - stats[n]["mean"]) / stats[n]["std"] for v, n in zip(values, features)]
            probs = predict_proba(model, x)
            best = max(range(len(probs)), key=probs.__getitem__)
            self._send(200, {"species": model["classes"][best], "probabilities": dict(zip(model["classes"], probs))})

        def log_message(self, format, *args):  # quiet: one line per request is noise in a container log
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="models/model.json")
    parser.add_argument("--stats", default="data/prepared/stats.json")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    args = parser.parse_args()
    model, stats = load(args.model, args.stats)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(model, stats))
    print(f"serving {args.model} on http://{args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
