#!/usr/bin/env bash
# The scaled shape: PostgreSQL (DATABASE_URL, default the local test server), two
# gunicorn app servers and one Celery worker on Redis, each its own process; a webhook
# delivery must cross them, signed. See .ci/scaled.py.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
exec "$VENV/bin/python" .ci/scaled.py
