#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    # manage.py is the developer's entry point (a checkout); servers use `zona serve`,
    # which keeps debug off and insists on ZONA_SECRET_KEY.
    os.environ.setdefault("ZONA_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
