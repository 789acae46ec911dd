"""Where the shipped data lives (the project's data/ folder, beside the package), and where results go."""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SCENARIO_DIR = DATA_DIR / "scenarios"
DEFAULTS_FILE = DATA_DIR / "defaults.yaml"
# Result folders are written below this folder of the working directory unless --out says otherwise.
REPORTS_DIR = Path("reports")
