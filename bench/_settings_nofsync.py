"""The portal's settings with fsync switched off in the private storage: only for bench/deadline_burst.py
to state what fsync costs. Never a deployment's settings."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "default": {**STORAGES["default"], "OPTIONS": {**STORAGES["default"]["OPTIONS"], "fsync": False}},
    "private": {**STORAGES["private"], "OPTIONS": {**STORAGES["private"]["OPTIONS"], "fsync": False}},
}
