"""verification: property-based checks of equivariance and invariance claims.

``verification`` may import the public ``symalg`` API; ``symalg`` never imports it.

Examples
--------
>>> import verification
>>> verification.__name__
'verification'
"""

from __future__ import annotations

__all__: list[str] = []
