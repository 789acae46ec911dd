"""Install the two programs the output tests drive from outside Python: a headless Chromium (the
report in a real browser) and LibreOffice Calc (the workbook printed to PDF).

Run by `make install` (and so by `make run` and `make test`) after the Python packages. Where a
program is already on PATH nothing happens; otherwise it is installed from the system's package
registry (apt, as root or with password-less sudo). Where neither works the script says why and
exits 0: the tests that need the program skip with that reason, visibly, instead of failing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

# program -> (the names it goes by on PATH, the Debian/Ubuntu packages that bring it)
# (The names are the ones the tests look for: tests/export/test_browser.py, tests/export/printing.py.)
TOOLS = {
    "chromium": (("chromium",), ("chromium", "fonts-dejavu-core")),
    "libreoffice": (("soffice", "libreoffice"), ("libreoffice-calc-nogui", "fonts-dejavu-core")),
}
APT_TIMEOUT_S = 1800


def found(names: tuple[str, ...]) -> str | None:
    return next((path for path in map(shutil.which, names) if path), None)


def apt_prefix() -> list[str] | None:
    """How to call apt-get here: directly as root, through password-less sudo, or not at all."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def apt_install(prefix: list[str], packages: list[str]) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    try:
        if subprocess.run(command, env=env, capture_output=True, timeout=APT_TIMEOUT_S).returncode == 0:
            return True
        # A fresh machine may not have the package lists yet.
        subprocess.run([*prefix, "apt-get", "update", "-q"], env=env, capture_output=True, timeout=APT_TIMEOUT_S)
        return subprocess.run(command, env=env, capture_output=True, timeout=APT_TIMEOUT_S).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def main() -> int:
    missing = {tool: packages for tool, (names, packages) in TOOLS.items() if not found(names)}
    if not missing:
        return 0
    prefix = apt_prefix()
    if prefix is None:
        for tool in missing:
            print(f"install_tools: {tool} not found and no apt-get as root or password-less sudo here; "
                  f"the tests that need it will skip (install {tool} to run them)", file=sys.stderr)
        return 0
    # One apt-get per program: where one is not packaged (Ubuntu's chromium is a snap stub), the other
    # still comes.
    for tool, packages in missing.items():
        print(f"install_tools: installing {tool} ({', '.join(packages)}) with apt-get (once; a few minutes)",
              file=sys.stderr)
        if not apt_install(prefix, list(packages)):
            print(f"install_tools: apt-get could not install {tool}; the tests that need it will skip",
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
