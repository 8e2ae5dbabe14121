#!/usr/bin/env python3
"""The measurements behind scripts/bench-mcp (run that, not this).

Every server is driven by the same minimal raw JSON-RPC client over stdio, so client overhead
is equal on both sides: spawn, initialize, notifications/initialized, tools/list (and for the
call benchmark, tools/call in a loop).
"""

import argparse
import http.client
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TESTDATA = "../shared/testdata/openapi"

FASTMCP_SERVER = r'''
import json, sys, httpx2
from fastmcp import FastMCP
spec = json.load(open(sys.argv[1]))
client = httpx2.AsyncClient(base_url=sys.argv[2], timeout=30)
FastMCP.from_openapi(openapi_spec=spec, client=client, name="bench").run(show_banner=False)
'''


class Stdio:
    """A raw JSON-RPC session over a child's stdin/stdout."""

    def __init__(self, argv):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method, params=None, notify=False):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if not notify:
            self.next_id += 1
            msg["id"] = self.next_id
        self.proc.stdin.write((json.dumps(msg) + "\n").encode())
        self.proc.stdin.flush()
        if notify:
            return None, 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"server closed stdout while waiting for {method}")
            reply = json.loads(line)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"], len(line)

    def initialize(self):
        self.send("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                 "clientInfo": {"name": "bench", "version": "1"}})
        self.send("notifications/initialized", notify=True)

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def first_tools_list(argv):
    """(milliseconds from spawn to the tools/list answer, answer bytes, tool count)."""
    s = Stdio(argv)
    try:
        s.initialize()
        result, size = s.send("tools/list")
        elapsed = (time.perf_counter() - s.started) * 1000
        return elapsed, size, len(result["tools"])
    finally:
        s.close()


def veysi_argv(args, spec, extra=()):
    return [args.veysi, "mcp", "openapi", "--spec", spec, "--all", "--server-url", "http://127.0.0.1:9", *extra]


def fastmcp_argv(spec_json, base_url="http://127.0.0.1:9"):
    return [sys.executable, "-c", FASTMCP_SERVER, spec_json, base_url]


def as_json(path, tmp):
    """FastMCP takes a dict: YAML documents are converted once, outside the timing."""
    if path.endswith(".json"):
        return path
    import yaml
    out = os.path.join(tmp, os.path.basename(path) + ".json")
    with open(path) as f, open(out, "w") as o:
        json.dump(yaml.safe_load(f), o)
    return out


def startup(args, tmp):
    rows = []
    docs = ["github-3.0.json"] + ([] if args.skip_stripe else ["stripe-3.0.yaml"])
    for doc in docs:
        path = f"{TESTDATA}/{doc}"
        spec_json = as_json(path, tmp)
        runs = args.runs if doc.startswith("github") else 1
        for name, argv in [("veysi", veysi_argv(args, path)), ("fastmcp", fastmcp_argv(spec_json))]:
            times, size, count = [], 0, 0
            for _ in range(runs):
                ms, size, count = first_tools_list(argv)
                times.append(ms)
            rows.append({"document": doc, "server": name, "first_tools_list_ms": statistics.median(times),
                         "runs": runs, "tools": count, "tools_list_bytes": size})
            print(f"  {doc:18} {name:8} first tools/list {statistics.median(times):9.1f} ms (median of {runs}), "
                  f"{count} tools, {size / 1e6:7.2f} MB", file=sys.stderr)
    return rows


class Upstream(http.server.BaseHTTPRequestHandler):
    """A keep-alive JSON endpoint that answers in one write with Nagle off (two writes plus
    delayed ACKs would add 40 ms to every request and drown what is measured)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    body = json.dumps({"latitude": 52.52, "longitude": 13.41, "current": {"temperature_2m": 3.5}}).encode()
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)) + body

    def do_GET(self):  # noqa: N802 - http.server's name
        self.wfile.write(self.response)

    def log_message(self, *args):
        pass


def call_overhead(args, tmp):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    query = "/v1/forecast?latitude=52.52&longitude=13.41"

    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    direct = []
    for i in range(args.calls + 100):
        t = time.perf_counter()
        conn.request("GET", query)
        conn.getresponse().read()
        if i >= 100:
            direct.append((time.perf_counter() - t) * 1e6)
    conn.close()

    weather = "examples/weather.yaml"
    results = {"direct_median_us": statistics.median(direct)}
    servers = [("veysi", [args.veysi, "mcp", "openapi", "--spec", weather, "--server-url", base]),
               ("fastmcp", fastmcp_argv(as_json(weather, tmp), base))]
    for name, argv in servers:
        s = Stdio(argv)
        s.initialize()
        samples = []
        for i in range(args.calls + 100):
            t = time.perf_counter()
            result, _ = s.send("tools/call", {"name": "getForecast", "arguments": {"latitude": 52.52, "longitude": 13.41}})
            if i >= 100:
                samples.append((time.perf_counter() - t) * 1e6)
            if result.get("isError"):
                raise RuntimeError(f"{name}: {result}")
        s.close()
        results[f"{name}_median_us"] = statistics.median(samples)
        results[f"{name}_overhead_us"] = statistics.median(samples) - results["direct_median_us"]
    server.shutdown()
    print(f"  tool call: direct {results['direct_median_us']:.0f} us, veysi {results['veysi_median_us']:.0f} us "
          f"(+{results['veysi_overhead_us']:.0f} us), fastmcp {results['fastmcp_median_us']:.0f} us "
          f"(+{results['fastmcp_overhead_us']:.0f} us), medians of {args.calls}", file=sys.stderr)
    return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--veysi", required=True)
    p.add_argument("--runs", type=int, default=5, help="runs per server for the GitHub startup time")
    p.add_argument("--calls", type=int, default=2000, help="tool calls per server for the overhead")
    p.add_argument("--skip-stripe", action="store_true", help="skip Stripe (FastMCP needs over a minute for it)")
    p.add_argument("--skip-startup", action="store_true", help="measure only the tool-call overhead")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        if not args.skip_startup:
            print("startup: process start to the first tools/list answer (--all)", file=sys.stderr)
            rows = startup(args, tmp)
        print("tool-call overhead over a direct request to the same local upstream", file=sys.stderr)
        calls = call_overhead(args, tmp)
    gh = {r["server"]: r for r in rows if r["document"].startswith("github")}
    ratio = None
    if gh:
        ratio = gh["fastmcp"]["first_tools_list_ms"] / gh["veysi"]["first_tools_list_ms"]
        print(f"GitHub first tools/list: veysi {gh['veysi']['first_tools_list_ms']:.0f} ms, "
              f"FastMCP {gh['fastmcp']['first_tools_list_ms']:.0f} ms: veysi is {ratio:.1f}x faster", file=sys.stderr)
    print(json.dumps({"startup": rows, "github_speedup": ratio, "tool_call": calls}, indent=2))


if __name__ == "__main__":
    main()
