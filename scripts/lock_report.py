"""Print name==version lines from a `pip install --report` JSON file."""

import json
import sys

with open(sys.argv[1]) as handle:
    report = json.load(handle)
for item in sorted(report["install"], key=lambda i: i["metadata"]["name"].lower()):
    meta = item["metadata"]
    print(f"{meta['name']}=={meta['version']}")
