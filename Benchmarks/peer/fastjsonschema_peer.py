"""The JSON benchmark's peer: Python fastjsonschema on the same messages.

usage: fastjsonschema_peer.py <schema.json> <file list | messages.ndjson>
The schema is compiled once (not timed); then every file (or every line of an NDJSON file) is
read, parsed with json.loads and validated. Prints: invalid count, seconds for the loop (read +
parse + validate), seconds spent in validation alone.
"""
import json
import sys
import time

import fastjsonschema

with open(sys.argv[1], encoding="utf-8") as handle:
    schema = json.load(handle)
# fastjsonschema implements drafts 4, 6 and 7; the exported schema uses only keywords that mean
# the same in draft 7 ($ref into $defs resolves as a JSON Pointer).
schema["$schema"] = "http://json-schema.org/draft-07/schema#"
validate = fastjsonschema.compile(schema)


def documents():
    """Each message's bytes: the NDJSON file's lines, or the listed files' contents."""
    if sys.argv[2].endswith(".ndjson"):
        with open(sys.argv[2], "rb") as handle:
            yield from (line for line in handle if line.strip())
        return
    with open(sys.argv[2], encoding="utf-8") as handle:
        paths = [line.rstrip("\n") for line in handle if line.strip()]
    for path in paths:
        with open(path, "rb") as handle:
            yield handle.read()


invalid = 0
validating = 0.0
start = time.perf_counter()
for text in documents():
    document = json.loads(text)
    before = time.perf_counter()
    try:
        validate(document)
    except fastjsonschema.JsonSchemaException:
        invalid += 1
    validating += time.perf_counter() - before
print(invalid, time.perf_counter() - start, validating)
