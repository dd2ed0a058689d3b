"""``python -m verification`` runs ``symalg verify``."""

from verification._cli import main

raise SystemExit(main())
