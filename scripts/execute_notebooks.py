#!/usr/bin/python3
"""Execute Jupyter notebooks headless with a real Jupyter client (nbclient), one after another.

usage: /usr/bin/python3 scripts/execute_notebooks.py --out-dir DIR [--timeout SECONDS] NOTEBOOK...

Each notebook runs with the kernel named in its metadata (the convspec kernel is found through
JUPYTER_PATH, which the caller sets to <repo>/.jupyter-prefix/share/jupyter), with the notebook's
own folder as working directory, and is written executed to DIR/<name>.ipynb.
Prints one JSON line per notebook to stdout:
  {"notebook": ..., "ok": true, "seconds": ...}
  {"notebook": ..., "ok": false, "cell": <1-based index among all cells>, "execution_count": ...,
   "ename": ..., "evalue": ..., "traceback": [...]}
Stops at the first failing notebook (its partly executed copy is still written) and exits 1;
exits 0 when all succeeded, 2 on bad usage or a notebook that cannot be read or started.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def first_error(nb):
    """The first cell with an error output: (1-based cell index, cell, error output)."""
    for index, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return index, cell, out
    return None


def run(path, out_dir, timeout):
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "convspec")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=False,
        record_timing=False,  # no wall-clock metadata: two runs give the same saved notebook
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    name = os.path.basename(path)
    started = time.monotonic()
    result = {"notebook": name, "ok": True}
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        found = first_error(nb)
        result = {"notebook": name, "ok": False}
        if found is not None:
            index, cell, out = found
            result.update(cell=index, execution_count=cell.get("execution_count"), ename=out.get("ename", ""),
                          evalue=out.get("evalue", ""), traceback=out.get("traceback", []))
        else:
            # A timeout or a dead kernel leaves no error output; report the cell that was running.
            running = next((i for i, c in enumerate(nb.cells, start=1)
                            if c.cell_type == "code" and c.get("execution_count") is None and c.source.strip()), None)
            result.update(cell=running, execution_count=None, ename=type(exc).__name__, evalue=str(exc).strip().splitlines()[0] if str(exc).strip() else "",
                          traceback=str(exc).splitlines())
    result["seconds"] = round(time.monotonic() - started, 3)
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(out_dir, name))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (default 600)")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    for path in args.notebooks:
        try:
            result = run(path, args.out_dir, args.timeout)
        except Exception as exc:  # unreadable notebook, kernel that does not start, ...
            print(json.dumps({"notebook": os.path.basename(path), "ok": False, "cell": None, "execution_count": None,
                              "ename": type(exc).__name__, "evalue": str(exc), "traceback": []}), flush=True)
            return 2
        print(json.dumps(result), flush=True)
        if not result["ok"]:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
