"""WSGI entry point: Tandem is served over WSGI (measured faster than ASGI here)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")

application = get_wsgi_application()
