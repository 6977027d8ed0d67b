"""The SkyLens Drones demo product that ``tandem demo`` loads."""

from .content import ORGANIZATION, PASSWORD, PRODUCT_KEY, PRODUCT_NAME
from .loader import Loaded, is_loaded, load, logins

__all__ = [
    "ORGANIZATION",
    "PASSWORD",
    "PRODUCT_KEY",
    "PRODUCT_NAME",
    "Loaded",
    "is_loaded",
    "load",
    "logins",
]
