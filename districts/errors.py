"""Why a change to a district (or another named place or product) was refused."""

from odop_bazaar.errors import DomainError


class HindiNameNotReviewable(DomainError):
    """No Hindi name to confirm, or it was reviewed already."""

    code = "hindi_name_not_reviewable"
