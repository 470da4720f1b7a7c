"""The WSGI application that gunicorn serves (`zona serve`, `zona demo`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

application = get_wsgi_application()
