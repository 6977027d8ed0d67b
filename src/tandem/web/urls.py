from django.urls import include, path

from . import account_views, auth_views, onboarding, views

app_name = "web"

_password_change = [
    path("", account_views.password_change, name="password-change"),
    path("done/", account_views.password_change_done, name="password-change-done"),
]
_password_reset = [
    path("", account_views.password_reset, name="password-reset"),
    path("sent/", account_views.password_reset_sent, name="password-reset-sent"),
    path("<uidb64>/<token>/", account_views.password_reset_confirm, name="password-reset-confirm"),
    path("done/", account_views.password_reset_complete, name="password-reset-complete"),
]
_product = [
    path("", views.product_home, name="product-home"),
    path("members/", views.members, name="members"),
    path("members/invite/", onboarding.invite, name="member-invite"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path("teams/add/", views.team_create, name="team-create"),
    path("teams/<int:team_id>/", views.team_update, name="team-update"),
    path("teams/<int:team_id>/archive/", views.team_archive, name="team-archive"),
]
_settings = [
    path("", onboarding.organization_settings, name="settings"),
    path("admins/<int:user_id>/", onboarding.organization_admin, name="settings-admin"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", auth_views.sign_in, name="sign-in"),
    path("signout/", auth_views.sign_out, name="sign-out"),
    path("account/password/", include(_password_change)),
    path("password-reset/", include(_password_reset)),
    path("p/<str:product_key>/", include(_product)),
    path("setup/", onboarding.setup, name="setup"),
    path("products/new/", onboarding.product_new, name="product-new"),
    path("invitations/<str:token>/", onboarding.invitation, name="invitation"),
    path("settings/", include(_settings)),
    path("", include("tandem.web.reports.urls")),
]
