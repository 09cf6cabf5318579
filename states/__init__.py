"""Workflow definitions as data: one YAML file per document kind."""

from pathlib import Path

DEFINITIONS_DIR = Path(__file__).resolve().parent
