from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from couples import access, news
from couples.forms.news import (
    ForgetDeviceForm,
    NotificationChoicesForm,
    PushSubscriptionForm,
)
from couples.models import User


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = NotificationChoicesForm(
        request.POST or None,
        user=request.user,
        current=news.settings_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        news.save_choices(user=request.user, choices=form.choices())
        messages.success(request, _("Your choices are saved."))
        return redirect("couples:notifications")
    context = {
        "form": form,
        "devices": request.user.push_subscriptions.all(),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
    return render(request, "couples/notifications.html", context)


@csrf_exempt  # mail clients send the one-click POST without a CSRF token (RFC 8058)
@require_http_methods(["GET", "POST"])
def notifications_stop(request, token):
    """The one link in every notification email: stop them all."""
    user_id = news.user_id_from_stop_token(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404("Unknown link.")
    if request.method == "POST":
        news.stop_emails(user=user)
        return render(request, "couples/notifications_stopped.html")
    return render(request, "couples/notifications_stop.html", {"token": token})


@login_required
@require_POST
def push_subscribe(request):
    """The installed app asked for notifications on this device (sent by mend.js)."""
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    news.subscribe_device(user=request.user, **form.cleaned_data)
    return HttpResponse(status=204)


@login_required
@require_POST
def push_unsubscribe(request):
    """This device stopped its notifications (sent by mend.js)."""
    form = ForgetDeviceForm(request.POST)
    if form.is_valid():
        news.forget_device(user=request.user, endpoint=form.cleaned_data["endpoint"])
    return HttpResponse(status=204)


@login_required
@require_POST
def push_device_remove(request, pk):
    device = access.get_push_subscription_for(request.user, pk)
    news.forget_device(user=request.user, pk=device.pk)
    messages.success(request, _("That device will not be sent notifications any more."))
    return redirect("couples:notifications")
