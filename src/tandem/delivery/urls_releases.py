from django.urls import path

from .views import launches, releases, reviews, testing

_product = "p/<str:product_key>/"
_release = f"{_product}releases/<int:release_id>/"
_launch = f"{_product}launches/<int:launch_id>/"
_task = f"{_product}launch-tasks/<int:task_id>/"
_review = f"{_product}sprints/<int:sprint_id>/review/"
_item = "items/<str:item_key>/tests/"
_case = f"{_item}cases/<int:case_id>/"

# (address, view, name): the release side's pages and form posts, one a line.
_ROUTES = (
    (f"{_product}releases/", releases.releases, "releases"),
    (f"{_product}releases/new", releases.release_create, "release-create"),
    (_release, releases.release, "release"),
    (f"{_release}edit", releases.release_update, "release-update"),
    (f"{_release}ship", releases.release_ship, "release-ship"),
    (f"{_release}slice", releases.release_slice, "release-slice"),
    (f"{_release}slice-stories", releases.release_slice_stories, "release-slice-stories"),
    (f"{_release}archive", releases.release_archive, "release-archive"),
    (f"{_release}restore", releases.release_restore, "release-restore"),
    (f"{_product}forecast", releases.forecast_points, "forecast-points"),
    (f"{_release}how-much", releases.forecast_how_much, "forecast-how-much"),
    (f"{_release}launch", launches.launch_create, "launch-create"),
    (f"{_launch}decide", launches.launch_decide, "launch-decide"),
    (f"{_launch}archive", launches.launch_archive, "launch-archive"),
    (f"{_launch}restore", launches.launch_restore, "launch-restore"),
    (f"{_launch}tasks", launches.task_add, "launch-task-add"),
    (f"{_task}edit", launches.task_update, "launch-task-update"),
    (f"{_task}check", launches.task_check, "launch-task-check"),
    (f"{_task}archive", launches.task_archive, "launch-task-archive"),
    (f"{_task}restore", launches.task_restore, "launch-task-restore"),
    (f"{_product}launch-template/", launches.launch_template, "launch-template"),
    (f"{_product}reviews/", reviews.reviews, "reviews"),
    (_review, reviews.review, "review"),
    (f"{_review}save", reviews.review_save, "review-save"),
    (f"{_review}items/<str:item_key>/accept", reviews.accept, "review-accept"),
    (f"{_review}items/<str:item_key>/reject", reviews.reject, "review-reject"),
    (_item, testing.test_plan, "test-plan"),
    (f"{_item}generate", testing.cases_generate, "test-cases-generate"),
    (f"{_item}cases", testing.case_create, "test-case-create"),
    (f"{_case}edit", testing.case_update, "test-case-update"),
    (f"{_case}archive", testing.case_archive, "test-case-archive"),
    (f"{_case}restore", testing.case_restore, "test-case-restore"),
    (f"{_item}runs", testing.run_record, "test-run-record"),
)

urlpatterns = [path(route, view, name=name) for route, view, name in _ROUTES]
