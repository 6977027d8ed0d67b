from django.urls import include, path

from . import auth_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", auth_views.sign_in, name="sign-in"),
    path("signout/", auth_views.sign_out, name="sign-out"),
    path("p/<str:product_key>/", views.product_home, name="product-home"),
    path("p/<str:product_key>/members/", views.members, name="members"),
    path("p/<str:product_key>/members/add/", views.member_add, name="member-add"),
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
