"""kgraph's defaults, each written once; this module imports nothing.

The command line, the Python API and the exporters read them from here.
"""

BASE_IRI = "https://w3id.org/kgraph/id/"  # the namespace of the graph's own IRIs
MAX_FILE_SIZE = 20_000_000  # bytes: larger input files are skipped and reported
BATCH_SIZE = 32  # files per batch given to a worker process (and per cache transaction)
FORMATS = ("ttl", "nt", "jsonld", "graphml", "html")  # every output format, in writing order
DEFAULT_FORMATS = ("ttl", "html")  # what `kgraph build` writes unless told
MAX_NODES = 10_000  # node budget of graph.html (0: no limit)
OUTPUT_DIR = "output"  # where `kgraph build` writes unless told
CACHE_FILE = ".kgraph-cache.sqlite"  # the incremental cache, one SQLite file in the output folder
