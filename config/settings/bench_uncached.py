"""The benchmark server without the page cache: what a page costs when it is rendered."""

from .bench import *  # noqa: F403

PAAMAJA_PAGE_CACHE_SECONDS = 0
