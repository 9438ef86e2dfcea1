import json
import sys

from . import _index


def main():
    # Minimal stdio MCP loop: answers initialize and a single search tool.
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("method") == "initialize":
            out = {"protocolVersion": "2024-11-05", "capabilities": {"tools": {}}}
        else:
            out = {"content": [{"type": "text", "text": _index.search(req.get("params", {}).get("q", ""))}]}
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": req.get("id"), "result": out}) + "\n")
        sys.stdout.flush()
