"""An older commit's engine search on today's workload: where the engine's time went.

    git archive 01c1b9a | tar -x -C /tmp/c && ln -s "$PWD/.venv" "$PWD/.cache" /tmp/c/
    (cd /tmp/c && OPENSEARCH_URL=http://127.0.0.1:9201 flock -x /tmp/cpu.lock \\
        .venv/bin/python "$OLDPWD/bench/engine_commits.py")

Run from the exported tree, it imports that tree's ``zoeken.query.engine_search`` and
``bench/search.py`` (its Django setup, workload and timing) and times it at 10,000 pages
on the index ``bench/search.py --prepare`` made, with this checkout's relevance questions
as the workload, so every commit answers the same questions. Two runs are printed: the
first warms the engine's caches for the second.
"""

import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # the checkout whose questions are asked
TREE = Path.cwd()  # the exported commit whose code answers them


def main():
    sys.path[:0] = [str(TREE), str(TREE / "bench")]
    os.environ.setdefault("OPENSEARCH_URL", "http://127.0.0.1:9201")
    import search as bench

    bench.setup_django(10000)
    spec = importlib.util.spec_from_file_location(
        "questions", HERE / "tests" / "zoeken" / "relevance.py")
    questions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(questions)
    import tests.zoeken.relevance as relevance

    relevance.QUERIES = questions.QUERIES  # the workload reads them from there
    from zoeken import fallback, query

    engine = fallback.engine_backend()
    runs = bench.workload(300)
    for _ in range(2):
        bench.measure(f"engine, code of {TREE}", lambda q, sel, sort, start: (
            query.engine_search(engine, q, sel, sort, start, 10)), runs)


if __name__ == "__main__":
    main()
