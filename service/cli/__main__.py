"""``python -m service.cli`` runs the ``ldhkg`` command line."""

from service.cli import main

main()
