"""The reference for bench/deploy.mjs: the same flavor module and model behind a bare
http.server handler (keep-alive, Nagle off), with no validation, logging or metrics."""
import importlib.util
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

spec = importlib.util.spec_from_file_location("flavor", os.environ["MLOPS_MODEL_MODULE"])
flavor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(flavor)
model = flavor.load(os.environ["MLOPS_MODEL_PATH"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        split = body["dataframe_split"]
        rows = [dict(zip(split["columns"], row)) for row in split["data"]]
        out = json.dumps({"predictions": flavor.predict(model, rows)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ["MLOPS_PORT"])), Handler).serve_forever()
