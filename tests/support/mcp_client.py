#!/usr/bin/env python3
"""A real MCP client (the PyPI `mcp` package) for the integration tests.

Connects to one server, optionally lists its tools, calls tools in order, and prints one
JSON object on stdout:

    {"protocol_version": "...", "server": {...}, "tools": [...],
     "calls": [{"name": "...", "arguments": {...}, "result": {...}}
               | {"name": "...", "arguments": {...}, "error": {"code": N, "message": "..."}}]}

`tools` is present only with --list; `result` is the CallToolResult as JSON (camelCase, as on
the wire). A connection failure prints {"error": "..."} and exits 1.

Usage:
    mcp_client.py [--list] [--call NAME JSON]... [--mode legacy|auto] [--header 'K: V']...
                  (--http URL | --sse URL | --stdio COMMAND [ARGS...])

--stdio must come last: everything after it is the server's command line.
"""

import argparse
import asyncio
import json
import sys

import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--list", action="store_true", help="list the tools")
    p.add_argument("--call", nargs=2, action="append", default=[], metavar=("NAME", "JSON"), help="call a tool")
    p.add_argument("--mode", default="legacy", help="protocol mode: legacy (initialize handshake) or auto")
    p.add_argument("--header", action="append", default=[], help="HTTP header 'Name: value' (HTTP and SSE)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each answer")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--http", metavar="URL", help="Streamable HTTP endpoint, e.g. http://127.0.0.1:8080/mcp")
    where.add_argument("--sse", metavar="URL", help="legacy SSE endpoint, e.g. http://127.0.0.1:8080/sse")
    where.add_argument("--stdio", nargs=argparse.REMAINDER, metavar="COMMAND", help="server command line")
    return p.parse_args()


def headers_of(args):
    headers = {}
    for h in args.header:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    return headers


def target_of(args):
    headers = headers_of(args)
    if args.stdio:
        return StdioServerParameters(command=args.stdio[0], args=args.stdio[1:])
    if args.http:
        http = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(args.timeout))
        # tools/list of a big API is several MB: lift the SDK's 1 MB event cap.
        return streamable_http_client(args.http, http_client=http, max_sse_event_size=None)
    return sse_client(args.sse, headers=headers, timeout=args.timeout, sse_read_timeout=args.timeout)


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def run(args):
    out = {"calls": []}
    async with Client(target_of(args), mode=args.mode, read_timeout_seconds=args.timeout) as client:
        out["protocol_version"] = str(client.protocol_version)
        info = getattr(client, "server_info", None)
        if info is not None:
            out["server"] = dump(info)
        if args.list:
            tools = []
            cursor = None
            while True:
                page = await client.list_tools(cursor=cursor)
                tools.extend(dump(t) for t in page.tools)
                cursor = getattr(page, "next_cursor", None)
                if not cursor:
                    break
            out["tools"] = tools
        for name, arguments in args.call:
            arguments = json.loads(arguments)
            entry = {"name": name, "arguments": arguments}
            try:
                entry["result"] = dump(await client.call_tool(name, arguments))
            except MCPError as e:
                entry["error"] = {"code": e.code, "message": str(e)}
            out["calls"].append(entry)
    return out


def main():
    args = parse_args()
    try:
        out = asyncio.run(run(args))
    except BaseException as e:  # noqa: BLE001 - report any failure as JSON for the test
        if isinstance(e, KeyboardInterrupt):
            raise
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        sys.exit(1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
