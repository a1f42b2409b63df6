"""PyInstaller entry point: `openlist.cli:main` run inside its package (not as __main__)."""

from openlist import frozen
from openlist.cli import main

frozen.prepare()
main()
