"""Entry point for `python -m kehoach`."""

from kehoach.entry import main

if __name__ == "__main__":
    main()
