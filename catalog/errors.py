"""Why a change to the ODOP registry was refused; views show the message to the curator."""

from rest_framework import status

from odop_bazaar.errors import DomainError


class OdopListUnreadable(DomainError):
    """The uploaded file is not a CSV we can read at all (too big, not UTF-8)."""

    code = "odop_list_unreadable"


class OdopImportStale(DomainError):
    """The registry changed since the preview, or the upload was applied already."""

    status_code = status.HTTP_409_CONFLICT
    code = "odop_import_stale"


class OdopProductNameTaken(DomainError):
    code = "odop_product_name_taken"


class NothingToImport(DomainError):
    code = "nothing_to_import"
