"""Shared set-up for the import tests: the real taxonomies and the input folder."""

import shutil
from pathlib import Path

from django.conf import settings

from tests.conftest import skip_or_fail
from voorbeelden.content import FIXTURES_DIR, ensure_site_tree, load_taxonomies

INPUTS = Path(__file__).parent / "import_inputs"


def seeds_dir():
    path = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    if not path.is_dir() or not list(path.glob("*.txt")):
        skip_or_fail(f"seed texts not found in {path}")
    return path


def setup_portal():
    ensure_site_tree()
    load_taxonomies(FIXTURES_DIR)


def copy_inputs(tmp_path, *names):
    folder = tmp_path / "invoer"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(INPUTS / name, folder / name)
    return folder
