"""Sign in and out: sessions with CSRF, and a rate limit against password guessing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from tandem.workspace import services


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not services.sign_in_attempt_allowed(email=email, client_ip=_client_ip(request)):
            form.add_error(None, "Too many sign-in attempts. Wait five minutes and try again.")
            status = 429
        else:
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, "That e-mail and password do not match an account.")
                status = 400
            else:
                login(request, user)
                services.sign_in_attempts_reset(email=email)
                safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()})
                return redirect(next_url if next_url and safe else "web:home")
    return render(request, "web/sign_in.html", {"form": form, "next": next_url}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:sign-in")
