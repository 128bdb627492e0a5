"""The awards app in the admin: Django's autodiscovery imports this module, which registers the review
workplace (council, shortlist, publication, feedback, dashboard) and the issuing one (decisions, the
Tờ trình, the print layout for blanks)."""

from .issuing import admin as issuing_admin
from .province import admin as province_admin
from .review import admin as review_admin
from .verify import admin as verify_admin

__all__ = ["issuing_admin", "province_admin", "review_admin", "verify_admin"]
