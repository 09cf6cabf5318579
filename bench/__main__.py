"""Run every benchmark: `python -m bench` (or `make bench`)."""

from bench import actions, pages

if __name__ == "__main__":
    actions.main()
    pages.main()
