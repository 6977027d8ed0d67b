"""The delivery API: one router per area, mounted together."""

from ninja import Router

from .releases import router as releases_router
from .sprints import router as sprints_router

router = Router()
router.add_router("/", sprints_router)
router.add_router("/", releases_router)
