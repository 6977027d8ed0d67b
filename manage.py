#!/usr/bin/env python
"""Django's manage.py, kept for habit; `tandem` is the same command."""

from tandem.cli import main

if __name__ == "__main__":
    main()
