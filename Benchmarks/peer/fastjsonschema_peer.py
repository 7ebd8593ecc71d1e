"""The JSON benchmark's peer: Python fastjsonschema on the same messages.

usage: fastjsonschema_peer.py <schema.json> <file list>
The schema is compiled once (not timed); then every file is read, parsed with json.loads and
validated. Prints: invalid count, seconds for the loop (read + parse + validate), seconds spent
in validation alone.
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
with open(sys.argv[2], encoding="utf-8") as handle:
    paths = [line.rstrip("\n") for line in handle if line.strip()]

invalid = 0
validating = 0.0
start = time.perf_counter()
for path in paths:
    with open(path, "rb") as handle:
        document = json.loads(handle.read())
    before = time.perf_counter()
    try:
        validate(document)
    except fastjsonschema.JsonSchemaException:
        invalid += 1
    validating += time.perf_counter() - before
print(invalid, time.perf_counter() - start, validating)
