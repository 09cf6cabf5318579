"""Page render times with the demo data, against a minimal page (the login form) as baseline."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from web import create_app
from workflow import demo
from workflow.db import make_engine, make_sessionmaker
from workflow.migrate import upgrade

ROUNDS = 15
PAGES = {
    "chair": ["/inbox", "/plans/", "/plans/4", "/plans/4/board", "/proposals/",
              "/proposals/4", "/public/", "/reports/"],
    "rep1": ["/proposals/mine"],
}


def _app(folder: Path):  # type: ignore[no-untyped-def]
    """An app on a fresh demo database in `folder`."""
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        demo.load(session)
        session.commit()
    engine.dispose()
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})


def _median_ms(client, path: str) -> float | None:  # type: ignore[no-untyped-def]
    """Median milliseconds to render `path`, or None when it does not answer 200."""
    if client.get(path).status_code != 200:
        return None
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print each page's median time and its ratio to the login page."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        anon = app.test_client()
        base = _median_ms(anon, "/login") or 1.0
        print(f"baseline /login {base:6.2f} ms")
        for user, paths in PAGES.items():
            client = app.test_client()
            client.post("/login", data={"username": user, "password": "demo"})
            for path in paths:
                ms = _median_ms(client, path)
                if ms is None:
                    print(f"{user:6s} {path:22s}   (not available)")
                    continue
                print(f"{user:6s} {path:22s} {ms:6.2f} ms  {ms / base:5.1f}x login  "
                      f"target < 100 ms: {'met' if ms < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
