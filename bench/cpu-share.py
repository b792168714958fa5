#!/usr/bin/env python3
"""Where a server's CPU went, from a Java Flight Recording: the share of execution samples by library.

    BENCH_SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile" bench/run ...
    bench/cpu-share.py /tmp/server.jfr

    BENCH_STACK_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/stack.jfr,settings=profile" bench/run ...
    bench/cpu-share.py --stack /tmp/stack.jfr
    bench/cpu-share.py --threads /tmp/server.jfr    # by thread (numbers folded: a pool counts as one)

With --stack, the recording is the local stack's, and each sample is counted under the stand-in whose thread ran
it (S3Proxy, DynamoDB Local, ElasticMQ, mongo-java-server, the --latency proxy). With --threads, each sample is
counted under its thread's name with its numbers folded to N, so that a route's consumers (Camel names them after
their endpoint) or a pool count as one row.

Each sample of a thread running Java code is counted once: under the AWS SDK (its Apache HTTP client included)
when any of its frames is the SDK's, else under the MongoDB driver, else under the library of its topmost frame that
is not the JDK's. Start-up threads (main, background-preinit, brigade-provisioner) are left out. Needs `jfr` (the
JDK's) on the PATH, or JFR=/path/to/jfr.
"""
import collections
import json
import os
import re
import subprocess
import sys

GROUPS = [
    ("AWS SDK v2 (marshalling, endpoint rules, signing, Apache HTTP client)", ("software.amazon.awssdk", "org.apache.http")),
    ("MongoDB driver and BSON", ("com.mongodb", "org.bson")),
    ("Micrometer and its Camel event notifier", ("io.micrometer", "org.apache.camel.component.micrometer")),
    ("Camel routing (EIPs, bean binding, simple language)", ("org.apache.camel",)),
    ("Jackson", ("com.fasterxml",)),
    ("logging", ("ch.qos.logback", "org.slf4j")),
    ("Spring", ("org.springframework",)),
    ("Tomcat (HTTP API, actuator)", ("org.apache.catalina", "org.apache.tomcat", "org.apache.coyote")),
    ("Bucket Brigade", ("io.bucketbrigade",)),
]
START_UP = {"main", "background-preinit", "brigade-provisioner"}
# the stand-ins run in one JVM; their threads tell them apart better than their frames (Jetty serves both S3Proxy and
# DynamoDB Local, H2 both ElasticMQ and mongo-java-server)
STACK_THREADS = [
    ("S3Proxy (jclouds' filesystem store, its Jetty)", ("S3Proxy-Jetty",)),
    ("ElasticMQ (Pekko actors, H2)", ("elasticmq", "MVStore background writer /sqs")),
    ("DynamoDB Local (its Jetty, SQLite)", ("qtp", "SQLiteQueue")),
    ("mongo-java-server (Netty, H2)", ("mongo-server", "MVStore background writer /mongodb")),
    ("H2's own threads (ElasticMQ's or mongo-java-server's store)", ("H2-",)),
    ("the --latency proxy", ("delay-",)),
]


def stack_group(thread):
    for label, prefixes in STACK_THREADS:
        if any(p in thread for p in prefixes):
            return label
    return "other threads (thread pools, start-up class loading)"


def group(frames):
    for label, prefixes in GROUPS[:2]:
        if any(f.startswith(prefixes) for f in frames):
            return label
    for f in frames:
        for label, prefixes in GROUPS[2:]:
            if f.startswith(prefixes):
                return label
    return "JDK only (no library frame in the sampled stack)"


def main(path, stack=False, threads=False):
    jfr = os.environ.get("JFR", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", path], check=True,
                         capture_output=True, text=True).stdout
    by_thread = collections.defaultdict(collections.Counter)
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        if not values.get("stackTrace"):
            continue
        name = (values.get("sampledThread") or {}).get("javaName") or "?"
        thread = re.sub(r"\d+", "N", name)
        if thread in START_UP:
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in values["stackTrace"]["frames"]]
        by_thread[thread][stack_group(re.sub(r" /\S*/data/", " /", name)) if stack else group(frames)] += 1
    if threads:
        totals = collections.Counter({t: sum(c.values()) for t, c in by_thread.items()})
        total = sum(totals.values())
        print(f"\nall threads but start-up: {total} samples\n\n| thread | samples | share |\n|---|---:|---:|")
        for thread, n in totals.most_common():
            print(f"| {thread} | {n} | {n * 100 / total:.1f} % |")
        return
    rows = [("all threads but start-up", sum(by_thread.values(), collections.Counter()))]
    if not stack:
        rows += [(t, c) for t, c in by_thread.items() if "ingest" in t]
    for title, counts in rows:
        total = sum(counts.values())
        column = "stand-in" if stack else "library"
        print(f"\n{title}: {total} samples\n\n| {column} | samples | share |\n|---|---:|---:|")
        for label, n in counts.most_common():
            print(f"| {label} | {n} | {n * 100 / total:.0f} % |")


if __name__ == "__main__":
    args = sys.argv[1:]
    stack = "--stack" in args
    threads = "--threads" in args
    args = [a for a in args if a not in ("--stack", "--threads")]
    if len(args) != 1 or stack and threads:
        sys.exit(__doc__)
    main(args[0], stack, threads)
