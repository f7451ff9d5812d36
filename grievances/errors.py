"""Why a grievance action was refused; views show the message."""

from rest_framework import status

from odop_bazaar.errors import DomainError


class GrievanceStepNotAllowed(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "grievance_step_not_allowed"
