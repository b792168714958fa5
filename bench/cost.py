"""What the server asked of each service, per object, and what that would cost on AWS (used by stats.py).

The server counts every AWS request it sends (brigade_aws_requests_total{service, operation}, retries included) and
the items of each (brigade_aws_request_items_total: a DynamoDB batch or transaction holds many), and Spring Boot
times every MongoDB command (mongodb_driver_commands_seconds_count{command}). bench/run scrapes /actuator/prometheus
before and after each phase; the difference, divided by the phase's objects, is the requests per object.

Prices: AWS list prices for us-east-1 in USD, as published in 2025 and not re-checked on the day of the run (this
machine reaches no pricing page): S3 Standard requests (PUT, COPY, POST, LIST $0.005 per 1,000; GET and all others
$0.0004 per 1,000; DELETE free), DynamoDB on demand (after the price cut of 2024-11-01: $0.625 per million write
request units, $0.125 per million read request units; a transaction costs two units per item), SQS standard queues
($0.40 per million requests; a batch of ten is one request), DocumentDB standard storage ($0.20 per million I/Os,
each data command counted as one I/O: a floor, since a command may read or write several pages).
"""
import re

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\} ([-0-9.eE+]+|NaN)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')

S3_TIER1 = {"PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
            "CompleteMultipartUpload", "ListObjectsV2", "ListObjects", "ListBuckets", "PutObjectTagging",
            "ListMultipartUploads", "ListParts"}
S3_FREE = {"DeleteObject", "DeleteObjects", "AbortMultipartUpload"}
DYNAMODB_WRITES = {"PutItem": 1, "UpdateItem": 1, "DeleteItem": 1, "BatchWriteItem": 1, "TransactWriteItems": 2}
DYNAMODB_READS = {"GetItem": 1, "Query": 1, "Scan": 1, "BatchGetItem": 1, "TransactGetItems": 2}
MONGO_NOT_IO = {"hello", "ismaster", "isMaster", "ping", "buildInfo", "endSessions", "listIndexes",
                "listCollections", "saslStart", "saslContinue"}


def scrape(path):
    """(metric, frozenset of labels) → value, for the meters cost() reads."""
    values = {}
    try:
        with open(path) as f:
            for line in f:
                m = SAMPLE.match(line.strip())
                if m and m.group(1) in ("brigade_aws_requests_total", "brigade_aws_request_items_total",
                                        "mongodb_driver_commands_seconds_count"):
                    labels = frozenset(LABEL.findall(m.group(2)))
                    values[(m.group(1), labels)] = values.get((m.group(1), labels), 0.0) + float(m.group(3))
    except OSError:
        pass
    return values


def requests(before, after):
    """(service, request) → (requests, items) between two scrapes."""
    out = {}
    for (metric, labels), value in after.items():
        delta = value - before.get((metric, labels), 0.0)
        if delta <= 0:
            continue
        tags = dict(labels)
        if metric == "mongodb_driver_commands_seconds_count":
            if tags.get("command") in MONGO_NOT_IO:
                continue
            key = ("MongoDB", tags.get("command", "?"))
            n, items = out.get(key, (0.0, 0.0))
            out[key] = (n + delta, items + delta)
        else:
            key = (tags.get("service", "?"), tags.get("operation", "?"))
            n, items = out.get(key, (0.0, 0.0))
            out[key] = (n + delta, items) if metric == "brigade_aws_requests_total" else (n, items + delta)
    return out


def price_per_million(service, operation, n, items):
    """USD for a million of these requests, as counted (n requests holding items items)."""
    if service == "S3":
        return 0.0 if operation in S3_FREE else 5.0 if operation in S3_TIER1 else 0.4
    if service == "DynamoDb":
        per_item = items / n if n else 1
        if operation in DYNAMODB_WRITES:
            return 0.625 * DYNAMODB_WRITES[operation] * per_item
        if operation in DYNAMODB_READS:
            return 0.125 * DYNAMODB_READS[operation] * per_item
        return 0.0  # control plane
    if service == "Sqs":
        return 0.4
    if service == "MongoDB":
        return 0.2
    return float("nan")


def table(phases):
    """Markdown lines: requests per object of each phase ((label, objects, counts) in order) and the cost per
    million objects at the prices above."""
    keys = sorted({k for _, _, counts in phases for k in counts})
    if not keys:
        return []
    head = "| service | request | " + " | ".join(f"per object: {label}" for label, _, _ in phases) + \
        " | USD per million requests | " + " | ".join(f"USD per million objects: {label}" for label, _, _ in phases) + " |"
    lines = [head, "|---|---|" + "---:|" * (2 * len(phases) + 1)]
    totals = [0.0] * len(phases)
    by_service = [{} for _ in phases]
    for service, operation in keys:
        per_object, cost = [], []
        price = None
        for i, (_, objects, counts) in enumerate(phases):
            n, items = counts.get((service, operation), (0.0, 0.0))
            if price is None and n:
                price = price_per_million(service, operation, n, items)
            per_object.append(n / objects if objects else float("nan"))
        for i, (_, objects, counts) in enumerate(phases):
            n, items = counts.get((service, operation), (0.0, 0.0))
            usd = price_per_million(service, operation, n, items) * n / objects if objects and n else 0.0
            cost.append(usd)
            totals[i] += usd
            by_service[i][service] = by_service[i].get(service, 0.0) + n / objects if objects else 0.0
        lines.append(f"| {service} | {operation} | " + " | ".join(f"{v:.2f}" for v in per_object) +
                     f" | {price if price is not None else 0:.3f} | " + " | ".join(f"{v:.2f}" for v in cost) + " |")
    lines.append("| **all** | | " + " | ".join(
        f"{sum(v for v in by_service[i].values()):.1f}" for i in range(len(phases))) + " | | " +
        " | ".join(f"**{t:.2f}**" for t in totals) + " |")
    return lines
