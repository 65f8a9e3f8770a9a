"""Entry point for `python -m kehoach`."""

from kehoach.cli import main

if __name__ == "__main__":
    main()
