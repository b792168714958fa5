#!/usr/bin/env python3
"""The deposits of bench/latency: small 10x datasets synced one at a time, each timed from the end of its
`aws s3 sync` until the server says it is PUBLISHED; then where the time went, from the lineage. Prints markdown."""
import argparse
import datetime
import json
import os
import re
import secrets
import statistics
import subprocess
import time
import urllib.request

from stats import percentile

FILES = {
    "barcodes.tsv": "AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n",
    "genes.tsv": "ENSG1\tGENE1\nENSG2\tGENE2\nENSG3\tGENE3\n",
    "matrix.mtx": "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n",
}
# (label, from step, to step): the lineage steps of one file, in order
SPANS = [
    ("watcher and ingest queue: end of sync → `received`", None, "received"),
    ("ingest: `received` → `copied`", "received", "copied"),
    ("enrich queue and copy: `copied` → `processed`", "copied", "processed"),
    ("facts: `processed` → `extracted`", "processed", "extracted"),
    # since 10a6aaa a file's `promoted` is written with its version's records, once the manifest is written
    ("dataset check, promote queue, copy, verify, manifest: `extracted` → `promoted`", "extracted", "promoted"),
    ("status seen: last `promoted` → PUBLISHED seen", "promoted", None),
]


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def published(api, dataset):
    try:
        view = get_json(f"{api}/api/datasets/{dataset}")
    except OSError:
        return False
    return view.get("status", {}).get("production") == "PUBLISHED"


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    parser = argparse.ArgumentParser()
    for name in ("aws", "s3", "api", "bucket", "folder"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--datasets", type=int, required=True)
    parser.add_argument("--only-latency", action="store_true", help="print each dataset's latency, nothing else")
    parser.add_argument("--starts", help="seconds to health UP of each start, the first one first")
    parser.add_argument("--stack-log")
    parser.add_argument("--first-deposit", help="the latency of the first run's dataset")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()

    samples = []
    for _ in range(args.datasets):
        dataset = secrets.token_hex(16)
        folder = os.path.join(args.folder, dataset, "s1")
        os.makedirs(folder)
        for name, text in FILES.items():
            with open(os.path.join(folder, name), "w") as f:
                f.write(text)
        subprocess.run([args.aws, "--endpoint-url", args.s3, "s3", "sync", "--quiet",
                        os.path.dirname(folder), f"s3://{args.bucket}/{dataset}"], check=True)
        synced = time.time()
        while not published(args.api, dataset):
            if time.time() - synced > args.timeout:
                raise SystemExit(f"bench/latency: {dataset} not PUBLISHED {args.timeout:.0f} s after its sync")
            time.sleep(0.02)
        samples.append((dataset, synced, time.time()))

    if args.only_latency:
        print(" ".join(f"{seen - synced:.2f}" for _, synced, seen in samples))
        return

    spans = {label: [] for label, _, _ in SPANS}
    for dataset, synced, seen in samples:
        steps = {}
        for name in FILES:
            chain = get_json(f"{args.api}/api/lineage?bucket={args.bucket}&key={dataset}/s1/{name}")["chain"]
            for event in chain:
                steps.setdefault(event["step"], []).append(parse_time(event["time"]))
        for label, start, end in SPANS:
            began = synced if start is None else max(steps[start])
            ended = seen if end is None else max(steps[end])
            spans[label].append(ended - began)

    latencies = [seen - synced for _, synced, seen in samples]
    first, *warm = [float(s) for s in args.starts.split()]
    print(f"Latency of a small dataset on an idle server ({len(samples)} datasets of 3 files, "
          f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ}, {os.cpu_count()} cores)")
    print()
    print("| | p50 s | p99 s | max s |")
    print("|---|---:|---:|---:|")
    print(f"| **end of `aws s3 sync` → PUBLISHED** | {percentile(latencies, 50):.2f} | "
          f"{percentile(latencies, 99):.2f} | {max(latencies):.2f} |")
    for label, _, _ in SPANS:
        values = spans[label]
        print(f"| {label} | {percentile(values, 50):.2f} | {percentile(values, 99):.2f} | {max(values):.2f} |")
    print()
    print("Spans run from the last file to reach a step to the last file to reach the next one.")
    print()
    with open(args.stack_log) as f:
        stack = [int(m.group(1)) / 1000 for m in re.finditer(r"\[LocalStack\] started in (\d+) ms", f.read())]
    print(f"`./run-local` to health UP: first (`--reset`, an empty stack) {first:.1f} s"
          + (f"; warm {', '.join(f'{s:.1f}' for s in warm)} s (median {statistics.median(warm):.1f} s)" if warm else "")
          + f"; of which the local stack took (its own log) {', '.join(f'{s:.1f}' for s in stack)} s")
    print()
    print("Each dataset, in the order deposited (s): " + ", ".join(f"{v:.2f}" for v in latencies))
    print()
    print(f"The first run's one dataset, on a server just built and started (classes loaded and compiled for the"
          f" first time): {args.first_deposit} s")


if __name__ == "__main__":
    main()
