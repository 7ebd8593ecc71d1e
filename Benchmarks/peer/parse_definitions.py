"""The peer for the definitions benchmark: parse every YAML and CSV file of a DataModel folder.

Prints the median wall time in milliseconds of `runs` passes, then the parser used.
"""
import csv, glob, os, statistics, sys, time
import yaml

directory, runs = sys.argv[1], int(sys.argv[2])
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
files = sorted(glob.glob(os.path.join(directory, "**", "*.*"), recursive=True))
times = []
for _ in range(runs):
    start = time.perf_counter()
    for path in files:
        with open(path, encoding="utf-8-sig") as handle:
            if path.endswith((".yaml", ".yml")):
                yaml.load(handle, Loader=Loader)
            elif path.endswith(".csv"):
                list(csv.reader(handle))
    times.append((time.perf_counter() - start) * 1e3)
print(f"{statistics.median(times):.3f} PyYAML({Loader.__name__})+csv")
