"""kehoach: track a province's annual socio-economic plan from the command line."""

__version__ = "0.1.0"
