#!/usr/bin/env python3
"""Where a server's CPU went, from a Java Flight Recording: the share of execution samples by library.

    BENCH_SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile" bench/run ...
    bench/cpu-share.py /tmp/server.jfr

    BENCH_STACK_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/stack.jfr,settings=profile" bench/run ...
    bench/cpu-share.py --stack /tmp/stack.jfr

With --stack, the recording is the local stack's, and each sample is counted under the stand-in whose frames it
holds (S3Proxy, DynamoDB Local, ElasticMQ, mongo-java-server, the --latency proxy), else under its HTTP server or
the JDK.

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
STACK_GROUPS = [
    ("S3Proxy (jclouds' filesystem store)", ("org.gaul", "org.jclouds")),
    ("DynamoDB Local (SQLite)", ("com.amazonaws.services.dynamodbv2", "com.almworks.sqlite4java")),
    ("ElasticMQ (Pekko, H2)", ("org.elasticmq",)),
    ("mongo-java-server (H2)", ("de.bwaldvogel",)),
    ("the --latency proxy", ("io.bucketbrigade.localstack.DelayedService",)),
    ("HTTP and network servers outside a stand-in's frames (Jetty, Netty, Pekko)", ("org.eclipse.jetty", "io.netty",
                                                                                   "org.apache.pekko")),
    ("H2 outside a stand-in's frames", ("org.h2",)),
]


def stack_group(frames):
    for label, prefixes in STACK_GROUPS:
        if any(f.startswith(prefixes) for f in frames):
            return label
    return "JDK only (no library frame in the sampled stack)"


def group(frames):
    for label, prefixes in GROUPS[:2]:
        if any(f.startswith(prefixes) for f in frames):
            return label
    for f in frames:
        for label, prefixes in GROUPS[2:]:
            if f.startswith(prefixes):
                return label
    return "JDK only (no library frame in the sampled stack)"


def main(path, stack=False):
    jfr = os.environ.get("JFR", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", path], check=True,
                         capture_output=True, text=True).stdout
    by_thread = collections.defaultdict(collections.Counter)
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        if not values.get("stackTrace"):
            continue
        thread = re.sub(r"\d+", "N", (values.get("sampledThread") or {}).get("javaName") or "?")
        if thread in START_UP:
            continue
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in values["stackTrace"]["frames"]]
        by_thread[thread][stack_group(frames) if stack else group(frames)] += 1
    rows = [("all threads but start-up", sum(by_thread.values(), collections.Counter()))]
    if not stack:
        rows += [(t, c) for t, c in by_thread.items() if "ingest" in t]
    for title, counts in rows:
        total = sum(counts.values())
        print(f"\n{title}: {total} samples\n\n| library | samples | share |\n|---|---:|---:|")
        for label, n in counts.most_common():
            print(f"| {label} | {n} | {n * 100 / total:.0f} % |")


if __name__ == "__main__":
    args = sys.argv[1:]
    stack = args[:1] == ["--stack"]
    if stack:
        args = args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    main(args[0], stack)
