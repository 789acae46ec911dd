"""The planner's version (one place: the package face, the summary's stamp and --version read it)."""
__version__ = "0.1.0"
