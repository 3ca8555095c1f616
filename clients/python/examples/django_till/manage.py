#!/usr/bin/env python3
"""The Django till example: `python3 manage.py runserver` or `python3 manage.py test till`."""
import os
import sys
from pathlib import Path

# The example imports the client from this checkout (clients/python). In your project, copy
# pos_customer_display.py next to your apps (one file, standard library only).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_till.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
