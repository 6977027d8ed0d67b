from django.urls import include, path

from . import account_views, auth_views, onboarding, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", auth_views.sign_in, name="sign-in"),
    path("signout/", auth_views.sign_out, name="sign-out"),
    path("account/password/", account_views.password_change, name="password-change"),
    path(
        "account/password/done/",
        account_views.password_change_done,
        name="password-change-done",
    ),
    path("password-reset/", account_views.password_reset, name="password-reset"),
    path("password-reset/sent/", account_views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        account_views.password_reset_complete,
        name="password-reset-complete",
    ),
    path("p/<str:product_key>/", views.product_home, name="product-home"),
    path("p/<str:product_key>/members/", views.members, name="members"),
    path("p/<str:product_key>/members/invite/", onboarding.invite, name="member-invite"),
    path("setup/", onboarding.setup, name="setup"),
    path("products/new/", onboarding.product_new, name="product-new"),
    path("invitations/<str:token>/", onboarding.invitation, name="invitation"),
    path("settings/", onboarding.organization_settings, name="settings"),
    path("settings/admins/<int:user_id>/", onboarding.organization_admin, name="settings-admin"),
    path(
        "p/<str:product_key>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("p/<str:product_key>/teams/add/", views.team_create, name="team-create"),
    path("p/<str:product_key>/teams/<int:team_id>/", views.team_update, name="team-update"),
    path(
        "p/<str:product_key>/teams/<int:team_id>/archive/", views.team_archive, name="team-archive"
    ),
    path("", include("tandem.web.reports.urls")),
]
