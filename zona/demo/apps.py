from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo ministry (`zona demo`, `zona manage load_demo`): above every other app, it
    calls each app's own demo loader in turn."""

    name = "zona.demo"
    verbose_name = _("Demo")
