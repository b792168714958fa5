#!/usr/bin/env python3
"""Turns one bench/run's measurements into its table (markdown on stdout) and results.json.

Usage: stats.py RESULTS_DIR

RESULTS_DIR holds what bench/run wrote: objects.tsv (key, size, kind of every deposited object), runs.tsv (name,
start and end in epoch ms, objects, bytes of each timed command), lineage.tsv (every lineage event, from
bench/Lineage.java dump), heap.tsv (epoch ms, heap used, heap committed, heap max of the server, one line a
second), info.env (settings and facts of the run, KEY=VALUE).
"""
import csv
import json
import math
import os
import sys

import cost


def read_tsv(path, header=True):
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not header:
        return rows
    names = rows[0]
    return [dict(zip(names, r)) for r in rows[1:]]


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def iso_ms(text):
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def num(text):
    return int(text) if text not in ("", None) else None


def route_times(path):
    """routeId -> (exchanges, seconds in total, recent max), from the Prometheus text of the server (the max is
    Micrometer's decaying maximum of the last minutes, not of the run: not shown)."""
    import re
    if not os.path.exists(path):
        return {}
    routes = {}
    pattern = re.compile(r'^camel_route_policy_seconds_(count|sum|max)\{[^}]*eventType="route"[^}]*routeId="([^"]+)"[^}]*\} (\S+)')
    with open(path) as f:
        for line in f:
            m = pattern.match(line)
            if m:
                entry = routes.setdefault(m.group(2), [0, 0.0, 0.0])
                index = {"count": 0, "sum": 1, "max": 2}[m.group(1)]
                entry[index] = float(m.group(3)) if index else int(float(m.group(3)))
    return {k: tuple(v) for k, v in routes.items()}


def main():
    out = sys.argv[1]
    info = {}
    with open(os.path.join(out, "info.env")) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                info[k] = v
    objects = {r[0]: (int(r[1]), r[2]) for r in read_tsv(os.path.join(out, "objects.tsv"), header=False)}
    total_objects = len(objects)
    total_bytes = sum(s for s, _ in objects.values())
    large = {k for k, (_, kind) in objects.items() if kind == "large"}
    large_bytes = sum(objects[k][0] for k in large)

    runs = {}
    for r in read_tsv(os.path.join(out, "runs.tsv"), header=False):
        runs[r[0]] = {"start": int(r[1]), "end": int(r[2]), "objects": int(r[3]), "bytes": int(r[4]),
                      "stack_cpu": float(r[5]) if len(r) > 5 else None,
                      "tool_cpu": float(r[6]) if len(r) > 6 else None}
    hop = {}
    if os.path.exists(os.path.join(out, "hop.env")):
        with open(os.path.join(out, "hop.env")) as f:
            hop = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    deposit = runs["deposit"]
    t0 = deposit["start"]

    events = read_tsv(os.path.join(out, "lineage.tsv"))
    by_upload = {}
    published = []
    for e in events:
        if e["upload"]:
            by_upload.setdefault(e["upload"], []).append(e)
        elif e["step"] == "published":
            published.append(e)

    # per deposited object (original key): received (with its LastModified as eventTime), copied, first promoted
    per_key = {}
    rejected = []
    # the second deposit (hop-<dataset>/…), taken by the ingest hop alone: when each copy or rejection was recorded
    hop_done = {}
    for e in events:
        if e["step"] in ("copied", "rejected") and e["key"].startswith("hop-") and e["key"][4:] in objects:
            hop_done[e["key"]] = min(num(e["time"]), hop_done.get(e["key"], num(e["time"])))
    for upload, chain in by_upload.items():
        received = next((e for e in chain if e["step"] == "received"), None)
        if received is None or received["key"] not in objects:
            continue
        key = received["key"]
        copied = [num(e["time"]) for e in chain if e["step"] == "copied"]
        promoted = [num(e["time"]) for e in chain if e["step"] == "promoted"]
        if any(e["step"] == "rejected" for e in chain):
            rejected.append(key)
        def first(step):
            times = [num(e["time"]) for e in chain if e["step"] == step]
            return min(times) if times else None
        per_key[key] = {
            "processed": first("processed"),
            "extracted": first("extracted"),
            "deposited": num(received["eventTime"]),
            "received": num(received["time"]),
            "copied": min(copied) if copied else None,
            "promoted": min(promoted) if promoted else None,
            "promotions": len(promoted),
        }

    missing_source = [k for k in objects if per_key.get(k, {}).get("copied") is None]
    missing_production = [k for k in objects if per_key.get(k, {}).get("promoted") is None]
    hop_end = max((v["copied"] for v in per_key.values() if v["copied"]), default=t0)
    pipeline_end = max([num(e["time"]) for e in published] +
                       [v["promoted"] for v in per_key.values() if v["promoted"]], default=t0)

    def large_window(field):
        ks = [per_key[k] for k in large if k in per_key and per_key[k][field]]
        if not ks:
            return None
        return min(v["received"] for v in ks), max(v[field] for v in ks)

    rows = []

    def row(tool, objects_, bytes_, seconds, ref=None, note=""):
        rows.append({"tool": tool, "objects": objects_, "bytes": bytes_, "seconds": seconds, "ref": ref,
                     "note": note})

    row("deposit: `aws s3 cp --recursive` disk → original", deposit["objects"], deposit["bytes"],
        (deposit["end"] - deposit["start"]) / 1000.0, None, "upload, for scale")
    row("**server hop** original → source (deposit start → last `copied`)", total_objects, total_bytes,
        (hop_end - t0) / 1000.0, "self-hop")
    if hop.get("HOP_START_MS") and hop_done:
        row("**server hop alone** original → source, objects waiting on its queue (route start → last `copied`)",
            len(hop_done), sum(objects[k[4:]][0] for k in hop_done),
            (max(hop_done.values()) - int(hop["HOP_START_MS"])) / 1000.0, "self-hop-alone")
    row("**server pipeline** original → production (deposit start → last manifest)", total_objects, total_bytes,
        (pipeline_end - t0) / 1000.0, "self-pipeline")
    for name, label in (("rclone4", "`rclone copy --transfers 4` original → scratch (server-side copy)"),
                        ("rclone32", "`rclone copy --transfers 32` original → scratch (server-side copy)"),
                        ("awssync", "`aws s3 sync` original → scratch (server-side copy)"),
                        ("rclone32get", "`rclone copy --transfers 32` original → scratch through rclone (GET and PUT)")):
        if name in runs:
            r = runs[name]
            row(label, r["objects"], r["bytes"], (r["end"] - r["start"]) / 1000.0, "all")
    if large:
        w = large_window("copied")
        if w:
            row("server hop, large objects only (first `received` → last `copied`)", len(large), large_bytes,
                (w[1] - w[0]) / 1000.0, "self-large-hop")
        w = large_window("promoted")
        if w:
            row("server pipeline, large objects only (first `received` → last `promoted`)", len(large),
                large_bytes, (w[1] - w[0]) / 1000.0, "self-large-pipeline")
        if "cp" in runs:
            r = runs["cp"]
            row("`cp` of the large files, same disk", r["objects"], r["bytes"], (r["end"] - r["start"]) / 1000.0,
                "large")

    def rate(r):
        return r["bytes"] / r["seconds"] if r["seconds"] > 0 else float("nan")

    refs = {}
    for r in rows:
        if r["ref"] == "self-hop-alone":
            refs["hop"] = rate(r)
        elif r["ref"] == "self-hop":
            refs.setdefault("hop", rate(r))
        elif r["ref"] == "self-pipeline":
            refs["pipeline"] = rate(r)
        elif r["ref"] == "self-large-hop":
            refs["large-hop"] = rate(r)
        elif r["ref"] == "self-large-pipeline":
            refs["large-pipeline"] = rate(r)

    def ratio(r, which):
        if r["ref"] is None:
            return ""
        key = which if r["ref"] in ("all", "self-hop", "self-hop-alone", "self-pipeline") else "large-" + which
        ref = refs.get(key)
        if not ref or not r["seconds"]:
            return ""
        return "%.2f×" % (rate(r) / ref)

    mib = 1024 * 1024
    lines = ["| tool | objects | MiB | seconds | objects/s | MiB/s | speed ÷ server hop | speed ÷ server pipeline |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %s | %d | %.0f | %s | %.1f | %.1f | %s | %s |" % (
            r["tool"], r["objects"], r["bytes"] / mib,
            ("%.1f" if r["seconds"] >= 10 else "%.2f") % r["seconds"],
            r["objects"] / r["seconds"] if r["seconds"] else float("nan"), rate(r) / mib,
            ratio(r, "hop"), ratio(r, "pipeline")))

    lines.append("")
    lines.append("Speed ratios are MiB/s of the row ÷ MiB/s of the server (for the same objects the same as the ratio of "
                 "objects/s and the inverse ratio of seconds); the hop column compares with the hop alone when it was "
                 "measured; the large-object rows and `cp` are compared with the server's large-object rows.")
    cpu = []
    if hop.get("HOP_SERVER_CPU_S") and hop_done:
        n = len(hop_done)
        cpu.append("server hop alone: server %.1f ms + local stack %.1f ms%s" % (
            1000 * float(hop["HOP_SERVER_CPU_S"]) / n, 1000 * float(hop["HOP_STACK_CPU_S"]) / n,
            " (of which JIT compilation %.1f ms + %.1f ms)" % (
                1000 * float(hop["HOP_SERVER_JIT_S"]) / n, 1000 * float(hop["HOP_STACK_JIT_S"]) / n)
            if hop.get("HOP_SERVER_JIT_S") else ""))
    for name in ("rclone4", "rclone32", "awssync", "rclone32get"):
        r = runs.get(name)
        if r and r["stack_cpu"] is not None and r["objects"]:
            cpu.append("%s: tool %.1f ms + local stack %.1f ms" % (
                name, 1000 * r["tool_cpu"] / r["objects"], 1000 * r["stack_cpu"] / r["objects"]))
    if cpu:
        lines.append("")
        lines.append("- CPU per object (user + system, from /proc): " + "; ".join(cpu))
    latencies = [v["promoted"] - v["deposited"] for v in per_key.values() if v["promoted"] and v["deposited"]]
    small_lat = [per_key[k]["promoted"] - per_key[k]["deposited"] for k in per_key
                 if k not in large and per_key[k]["promoted"] and per_key[k]["deposited"]]
    large_lat = [per_key[k]["promoted"] - per_key[k]["deposited"] for k in per_key
                 if k in large and per_key[k]["promoted"] and per_key[k]["deposited"]]
    source_lat = [v["copied"] - v["deposited"] for v in per_key.values() if v["copied"] and v["deposited"]]
    heap = [r for r in read_tsv(os.path.join(out, "heap.tsv"), header=False) if len(r) >= 2 and r[1]]
    heap_used = [float(r[1]) for r in heap]
    heap_committed = [float(r[2]) for r in heap if len(r) > 2 and r[2]]
    heap_live = [float(r[4]) for r in heap if len(r) > 4 and r[4]]
    heap_max = next((float(r[3]) for r in heap if len(r) > 3 and r[3] and float(r[3]) > 0), float("nan"))
    versions = len(published)
    promotions = sum(v["promotions"] for v in per_key.values())

    def sec(ms):
        return "%.1f s" % (ms / 1000.0) if ms == ms else "n/a"

    lines.append("")
    lines.append("- deposit-to-production latency per object (first `promoted` − LastModified in original): "
                 "p50 %s, p99 %s, max %s (%d objects; small p50 %s / p99 %s; large max %s)" % (
                     sec(percentile(latencies, 50)), sec(percentile(latencies, 99)),
                     sec(max(latencies) if latencies else float("nan")), len(latencies),
                     sec(percentile(small_lat, 50)), sec(percentile(small_lat, 99)),
                     sec(max(large_lat) if large_lat else float("nan"))))
    lines.append("- deposit-to-source latency per object (`copied` − LastModified): p50 %s, p99 %s" % (
        sec(percentile(source_lat, 50)), sec(percentile(source_lat, 99))))
    lines.append("- server heap peak (used, actuator `jvm.memory.used{area=heap}` polled every second, %d samples): "
                 "%.0f MiB; committed peak %.0f MiB; live data after GC (`jvm.gc.live.data.size`) peak %.0f MiB; "
                 "max heap %.0f MiB" % (
                     len(heap_used), max(heap_used) / mib if heap_used else float("nan"),
                     max(heap_committed) / mib if heap_committed else float("nan"),
                     max(heap_live) / mib if heap_live else float("nan"), heap_max / mib))
    lines.append("- dataset versions published: %d for %s datasets (%d production copies of %d objects%s), quiet"
                 " period %s (`--settle`)" % (
        versions, info.get("DATASETS_TOTAL", "?"), promotions, total_objects,
        "; a dataset published before all its files had arrived is published again, whole, as v2 …"
        if promotions > total_objects else "", info.get("SETTLE", "0s")))
    if "SERVER_CPU_S" in info:
        lines.append("- CPU time during the pipeline: server %s s, local stack %s s, over %.0f s wall on %s cores%s" % (
            info["SERVER_CPU_S"], info.get("STACK_CPU_S", "?"), (pipeline_end - t0) / 1000.0,
            info.get("NPROC", "?"), "; of which the JVMs' JIT compiler threads: server %s s, local stack %s s" % (
                info["SERVER_JIT_S"], info.get("STACK_JIT_S", "?")) if "SERVER_JIT_S" in info else ""))
    announced = {}
    path = os.path.join(out, "announced.tsv")
    if os.path.exists(path):
        for r in read_tsv(path, header=False):
            if len(r) >= 3 and r[0] == info.get("ORIGINAL_BUCKET", r[0]) and r[1] in objects:
                announced[r[1]] = iso_ms(r[2])
    stages = [("watcher: LastModified → announced on the ingest queue", lambda k, v: announced.get(k), "deposited"),
              ("ingest queue: announced → `received`", "received", lambda k, v: announced.get(k)),
              ("ingest: `received` → `copied`", "copied", "received"),
              ("enrich queue and copy: `copied` → `processed`", "processed", "copied"),
              ("facts: `processed` → `extracted`", "extracted", "processed"),
              ("dataset check, promote queue, copy and verify: `extracted` → first `promoted`", "promoted",
               "extracted")]
    parts = []
    for label, late, early in stages:
        values = []
        for k, v in per_key.items():
            a = late(k, v) if callable(late) else v.get(late)
            b = early(k, v) if callable(early) else v.get(early)
            if a is not None and b is not None:
                values.append(a - b)
        if values:
            parts.append("%s p50 %s / p99 %s" % (label, sec(percentile(values, 50)), sec(percentile(values, 99))))
    if parts:
        lines.append("- where an object's time goes: " + "; ".join(parts))
    routes = route_times(os.path.join(out, "prometheus.txt"))
    if routes:
        lines.append("")
        lines.append("Server time per route (Camel's route timer from `/actuator/prometheus` at the end of the pipeline; "
                     "busy seconds ÷ wall seconds of the pipeline ≈ consumers kept busy):")
        lines.append("")
        lines.append("| route | exchanges | busy s | mean s | busy ÷ wall |")
        lines.append("|---|---:|---:|---:|---:|")
        wall = (pipeline_end - t0) / 1000.0
        for route, (count, total, _) in sorted(routes.items(), key=lambda r: -r[1][1]):
            if count:
                lines.append("| `%s` | %d | %.0f | %.2f | %.2f |" % (route, count, total, total / count,
                                                                  total / wall if wall else float("nan")))
    phases = []
    if hop_done and os.path.exists(os.path.join(out, "prometheus-hop-end.txt")):
        phases.append(("hop alone", total_objects, cost.requests(cost.scrape(os.path.join(out, "prometheus-hop-start.txt")),
                                                                 cost.scrape(os.path.join(out, "prometheus-hop-end.txt")))))
    if os.path.exists(os.path.join(out, "prometheus-start.txt")):
        phases.append(("pipeline", total_objects, cost.requests(cost.scrape(os.path.join(out, "prometheus-start.txt")),
                                                                cost.scrape(os.path.join(out, "prometheus.txt")))))
    requests_table = cost.table(phases)
    if requests_table:
        lines.append("")
        lines.append("Requests per object by service and kind (the server's `brigade_aws_requests_total` and "
                     "`mongodb_driver_commands_seconds_count`, scraped before and after each phase; background "
                     "requests such as queue depths and heartbeats included), and what they would cost per million "
                     "objects at AWS list prices (us-east-1, as published in 2025; see bench/cost.py):")
        lines.append("")
        lines.extend(requests_table)
    if rejected or missing_source or missing_production:
        lines.append("- **incomplete**: %d rejected, %d never reached source, %d never reached production" % (
            len(rejected), len(missing_source), len(missing_production)))
    print("\n".join(lines))

    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({
            "info": info,
            "rows": rows,
            "latency_ms": {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                           "max": max(latencies) if latencies else None, "count": len(latencies),
                           "source_p50": percentile(source_lat, 50), "source_p99": percentile(source_lat, 99)},
            "heap_bytes": {"used_peak": max(heap_used) if heap_used else None,
                           "committed_peak": max(heap_committed) if heap_committed else None, "max": heap_max,
                           "live_after_gc_peak": max(heap_live) if heap_live else None,
                           "samples": len(heap_used)},
            "versions_published": versions,
            "production_copies": promotions,
            "rejected": rejected[:100],
            "missing_source": missing_source[:100],
            "missing_production": missing_production[:100],
        }, f, indent=2)


if __name__ == "__main__":
    main()
