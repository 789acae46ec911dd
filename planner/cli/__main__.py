import sys

from planner.cli import app

sys.exit(app())
