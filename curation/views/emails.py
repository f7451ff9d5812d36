"""/curate/emails/: e-mails the outbox gave up on after a day of retries; send them again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from odop_bazaar.errors import DomainError
from odop_bazaar.pagination import paginate
from outbox.models import Email

from ..access import curator_required
from ..bulk import apply_to_each, ticked
from ..queues import Queue, register
from ..services.emails import retry_email


def failed_emails():
    return Email.objects.filter(status=Email.Status.FAILED).order_by("created_at", "pk")


register(
    Queue(
        key="emails",
        title=gettext_lazy("E-mails that could not be sent"),
        url_name="curation:email-queue",
        pending=failed_emails,
    )
)


@curator_required
def queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, failed_emails(), per_page=50)
    return render(request, "curation/email_queue.html", {"page": page, "emails": page.object_list})


@curator_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(Email, pk=pk)
    try:
        retry_email(email=email, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sending again."))
    return redirect("curation:email-queue")


@curator_required
@require_POST
def bulk_retry(request: HttpRequest) -> HttpResponse:
    chosen = ticked(request, failed_emails())
    if not chosen:
        messages.error(request, _("Please tick at least one item."))
        return redirect("curation:email-queue")
    apply_to_each(request, chosen, lambda email: retry_email(email=email, by=request.user))
    return redirect("curation:email-queue")
