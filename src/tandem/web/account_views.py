"""Changing one's password and resetting a forgotten one: Django's views in our layout.

The reset e-mail goes through the configured backend (``TANDEM_EMAIL_URL``; the
console by default). Django's views already keep what matters: the reset page never
says whether an address has an account, a link works once and expires
(``PASSWORD_RESET_TIMEOUT``), and changing the password keeps this session signed in
while signing out the others.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class _Bootstrap(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class PasswordChangeForm(_Bootstrap, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(_Bootstrap, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(_Bootstrap, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    pass


FORM = "web/account/form.html"
DONE = "web/account/done.html"

password_change = auth_views.PasswordChangeView.as_view(
    form_class=PasswordChangeForm,
    template_name=FORM,
    success_url=reverse_lazy("web:password-change-done"),
    extra_context={
        "heading": "Change your password",
        "button": "Change password",
        "intro": "Type your current password, then the new one twice.",
    },
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name=DONE,
    extra_context={
        "heading": "Password changed",
        "message": "Your new password works from now on; other browsers where you were "
        "signed in must sign in again.",
    },
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name=FORM,
    email_template_name="web/account/password_reset_email.txt",
    subject_template_name="web/account/password_reset_subject.txt",
    success_url=reverse_lazy("web:password-reset-sent"),
    extra_context={
        "heading": "Reset your password",
        "button": "Send the reset link",
        "intro": "Type the e-mail address you sign in with; we send it a link to choose "
        "a new password.",
    },
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name=DONE,
    extra_context={
        "heading": "Check your e-mail",
        "message": "If an account uses that address, a link to choose a new password is on "
        "its way. It works once, for three days. Nothing arrived? Check the spam folder, "
        "or ask your administrator.",
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    template_name=FORM,
    success_url=reverse_lazy("web:password-reset-complete"),
    extra_context={"heading": "Choose a new password", "button": "Set the new password"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name=DONE,
    extra_context={
        "heading": "Password set",
        "message": "Your new password is ready.",
        "sign_in_link": True,
    },
)
