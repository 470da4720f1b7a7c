import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
django.setup(set_prefix=False)

from zona.core.handlers import dispatching_application  # noqa: E402 - needs the settings

application = dispatching_application()
