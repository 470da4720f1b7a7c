import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
django.setup(set_prefix=False)

from zona.core.handlers import dispatching_application  # noqa: E402 - needs the settings
from zona.core.warmup import prepare_process  # noqa: E402

application = dispatching_application()
prepare_process()
