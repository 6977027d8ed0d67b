"""Sign in and out: sessions with CSRF; failed sign-ins are counted (see throttle.py)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import throttle


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is None and throttle.was_refused(request):
            form.add_error(None, throttle.refused_message())
            status = 429
        elif user is None:
            form.add_error(None, "That e-mail and password do not match an account.")
            status = 400
        else:
            login(request, user)
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()})
            return redirect(next_url if next_url and safe else "web:home")
    response = render(request, "web/sign_in.html", {"form": form, "next": next_url}, status=status)
    if status == 429:
        response["Retry-After"] = str(settings.SIGN_IN_WINDOW_SECONDS)
    return response


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin's login page, answering 429 like ours when the counters refuse."""
    response = admin.site.login(request)
    if throttle.was_refused(request):
        response.status_code = 429
        response["Retry-After"] = str(settings.SIGN_IN_WINDOW_SECONDS)
    return response


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Says "too many failed sign-ins" rather than "wrong password" when refused."""

    def get_invalid_login_error(self) -> ValidationError:
        if throttle.was_refused(self.request):
            return ValidationError(throttle.refused_message(), code="throttled")
        return super().get_invalid_login_error()


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:sign-in")
