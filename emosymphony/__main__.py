"""`python -m emosymphony`."""

import sys

from .cli import main

if __name__ == "__main__":  # a worker process started with "spawn" imports this module again: it must not run
    sys.exit(main())
