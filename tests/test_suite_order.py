"""The suite's own scheduling (tests/conftest.py): the longest modules run first, in that order."""

from pathlib import Path

from tests.conftest import LONGEST_FIRST, pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parent.parent


def test_every_module_named_longest_first_exists():
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []


def test_the_longest_modules_come_first_and_the_rest_keeps_its_order():
    class Item:
        def __init__(self, nodeid):
            self.nodeid = nodeid

    names = ["tests/a/test_x.py::t1", f"{LONGEST_FIRST[1]}::t", "tests/a/test_x.py::t2", f"{LONGEST_FIRST[0]}::t",
             "tests/b/test_y.py::t"]
    items = [Item(name) for name in names]

    pytest_collection_modifyitems(None, items)

    assert [item.nodeid for item in items] == [
        f"{LONGEST_FIRST[0]}::t", f"{LONGEST_FIRST[1]}::t", "tests/a/test_x.py::t1", "tests/a/test_x.py::t2",
        "tests/b/test_y.py::t",
    ]


def test_pytest_xdist_does_not_re_sort_the_modules_by_number_of_tests():
    from types import SimpleNamespace

    from tests.conftest import pytest_configure

    config = SimpleNamespace(option=SimpleNamespace(loadscopereorder=True))

    pytest_configure(config)

    assert config.option.loadscopereorder is False
